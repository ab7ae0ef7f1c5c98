/**
 * The viewer's full-resolution layer: the image cut into fixed tiles of stored pixels (the
 * largest block getPixels gives), which tiles a view shows, and when the view wants them.
 */
import { REQUEST_LIMITS } from '../../shared/request-limits';
import { screenToSource, type StoredPixel, type ViewTransform, type Viewport } from './view-transform';

/** A tile's side in stored pixels: tile (c, r) holds columns c·TILE_SIZE… and stored rows r·TILE_SIZE…. */
export const TILE_SIZE = REQUEST_LIMITS.pixelBlockSide.max;

export interface TileIndex {
  readonly column: number;
  readonly row: number;
}

/** A block of stored pixels (as getPixels takes it). */
export interface StoredRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The tile holding a stored pixel. */
export function tileOf(pixel: StoredPixel): TileIndex {
  return { column: Math.floor(pixel.x / TILE_SIZE), row: Math.floor(pixel.y / TILE_SIZE) };
}

/** The stored pixels of a tile, cut at the image's edges. */
export function tileRect(tile: TileIndex, sourceWidth: number, sourceHeight: number): StoredRect {
  const x = tile.column * TILE_SIZE;
  const y = tile.row * TILE_SIZE;
  return { x, y, width: Math.min(TILE_SIZE, sourceWidth - x), height: Math.min(TILE_SIZE, sourceHeight - y) };
}

/** The tiles the pane shows of the image, column by column within each row; none when it shows none of it. */
export function visibleTiles(view: ViewTransform, viewport: Viewport, sourceWidth: number, sourceHeight: number): TileIndex[] {
  const topLeft = screenToSource(view, viewport, { x: 0, y: 0 });
  const bottomRight = screenToSource(view, viewport, { x: viewport.width, y: viewport.height });
  const x0 = Math.max(0, Math.floor(topLeft.x));
  const x1 = Math.min(sourceWidth - 1, Math.ceil(bottomRight.x) - 1);
  // Display y runs down from the top edge (the last stored row).
  const y0 = Math.max(0, sourceHeight - Math.ceil(bottomRight.y));
  const y1 = Math.min(sourceHeight - 1, sourceHeight - 1 - Math.floor(topLeft.y));
  if (x1 < x0 || y1 < y0) return [];
  const tiles: TileIndex[] = [];
  for (let row = Math.floor(y0 / TILE_SIZE); row <= Math.floor(y1 / TILE_SIZE); row++) {
    for (let column = Math.floor(x0 / TILE_SIZE); column <= Math.floor(x1 / TILE_SIZE); column++) tiles.push({ column, row });
  }
  return tiles;
}

/**
 * True when the pane should draw true pixels over its preview: zoomed to at least one screen
 * pixel per sensor pixel, and the preview coarser than its finest (a colour preview is at best
 * one superpixel per 2×2 cell).
 */
export function wantsTruePixels(zoom: number, binFactor: number, colour: boolean): boolean {
  return zoom >= 1 && binFactor > (colour ? 2 : 1);
}
