/**
 * The shared view of the frame viewer: which full-frame pixel sits at the centre of the
 * pane and how many screen pixels one full-frame pixel covers. Both panes (raw and
 * calibrated) draw through the same transform, so zoom and pan stay linked. Coordinates are
 * full-frame pixels of the displayed image (x to the right, y down the screen), never preview
 * pixels. Images are shown as DS9 and Siril show them, FITS row 1 at the bottom, so a display
 * y becomes a stored row only in storedPixelAt.
 */

export interface ViewTransform {
  /** Full-frame coordinates of the pane's centre. */
  readonly centerX: number;
  readonly centerY: number;
  /** Screen (CSS) pixels per full-frame pixel. */
  readonly zoom: number;
}

/** A pane's size in CSS pixels. */
export interface Viewport {
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Zoom range: from a whole 8k frame in a small pane to 32 screen pixels per pixel. */
export const MIN_ZOOM = 0.005;
export const MAX_ZOOM = 32;

function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The short side of a frame far longer than the pane is wide (a 2048×100 spectrum) fills at least this share of the pane. */
export const MIN_SHORT_SIDE_SHARE = 0.25;

/**
 * The whole image, centred and as large as fits the pane; but a frame whose shape is far from the
 * pane's is not shrunk to a sliver: its short side fills at least MIN_SHORT_SIDE_SHARE of the pane,
 * and its long side runs past the pane's edges, to pan along.
 */
export function fitView(sourceWidth: number, sourceHeight: number, viewport: Viewport): ViewTransform {
  const across = viewport.width / sourceWidth;
  const down = viewport.height / sourceHeight;
  const zoom = Math.max(Math.min(across, down), MIN_SHORT_SIDE_SHARE * Math.max(across, down));
  return { centerX: sourceWidth / 2, centerY: sourceHeight / 2, zoom: clampZoom(zoom > 0 ? zoom : 1) };
}

/** The full-frame point under a screen point of the pane. */
export function screenToSource(view: ViewTransform, viewport: Viewport, screen: Point): Point {
  return {
    x: (screen.x - viewport.width / 2) / view.zoom + view.centerX,
    y: (screen.y - viewport.height / 2) / view.zoom + view.centerY,
  };
}

/** Where a full-frame point is drawn in the pane. */
export function sourceToScreen(view: ViewTransform, viewport: Viewport, source: Point): Point {
  return {
    x: (source.x - view.centerX) * view.zoom + viewport.width / 2,
    y: (source.y - view.centerY) * view.zoom + viewport.height / 2,
  };
}

/** Zoom by `factor` keeping the full-frame point under `screen` where it is (wheel zoom). */
export function zoomAt(view: ViewTransform, viewport: Viewport, screen: Point, factor: number): ViewTransform {
  const anchor = screenToSource(view, viewport, screen);
  const zoom = clampZoom(view.zoom * factor);
  return {
    centerX: anchor.x - (screen.x - viewport.width / 2) / zoom,
    centerY: anchor.y - (screen.y - viewport.height / 2) / zoom,
    zoom,
  };
}

/** Move the image with the pointer by a screen distance (drag pan). */
export function panBy(view: ViewTransform, dxScreen: number, dyScreen: number): ViewTransform {
  return { ...view, centerX: view.centerX - dxScreen / view.zoom, centerY: view.centerY - dyScreen / view.zoom };
}

/**
 * A stored pixel: column x from 0, row y from 0 = the first row in the file (FITS row 1).
 * FITS coordinates, as DS9 shows them, are these plus one (1-based, y up).
 */
export interface StoredPixel {
  readonly x: number;
  readonly y: number;
}

/**
 * The stored pixel drawn at a displayed full-frame point, null outside the image. Display y runs
 * down from the image's top edge, which is the last stored row: display row d is stored row
 * sourceHeight − 1 − d.
 */
export function storedPixelAt(source: Point, sourceWidth: number, sourceHeight: number): StoredPixel | null {
  const x = Math.floor(source.x);
  const y = sourceHeight - 1 - Math.floor(source.y);
  if (!(x >= 0 && x < sourceWidth && y >= 0 && y < sourceHeight)) return null;
  return { x, y };
}

/** The display y (from the image's top) where stored rows [y, y + rows) begin to be drawn. */
export function displayTop(y: number, rows: number, sourceHeight: number): number {
  return sourceHeight - y - rows;
}

/** What the viewer needs to know of a preview to read a pixel. */
export interface PixelGrid {
  readonly width: number;
  readonly height: number;
  readonly binFactor: number;
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  readonly pixels: Float32Array;
}

/** A pixel under the cursor: its stored coordinates (0-based, y up from the first row stored) and the preview's value there. */
export interface PixelReading {
  readonly x: number;
  readonly y: number;
  readonly value: number;
}

/**
 * The preview's value at a displayed full-frame point: the preview pixel covering it (preview
 * pixel (c, r) averages stored columns c·bin … and rows r·bin …, so its value is a mean, not the
 * pixel's own unless bin is 1); null outside the image or the preview.
 */
export function pixelAt(grid: PixelGrid, source: Point): PixelReading | null {
  const pixel = storedPixelAt(source, grid.sourceWidth, grid.sourceHeight);
  if (!pixel) return null;
  const column = Math.floor(pixel.x / grid.binFactor);
  const row = Math.floor(pixel.y / grid.binFactor);
  if (column >= grid.width || row >= grid.height) return null;
  return { ...pixel, value: grid.pixels[row * grid.width + column] };
}
