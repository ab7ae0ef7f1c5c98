/**
 * What the viewer's readout says of one pane at the cursor: the true stored value of the pixel
 * (and, for a colour sensor, which colour of the mosaic it is) once its tile is loaded, else the
 * preview's value, which is the pixel's own only when the preview is unbinned and grey.
 */
import type { PixelBlock, PreviewImage } from '../../shared/contract';
import { cfaChannelAt } from '../../shared/night/cfa-pattern';
import { pixelAt, type Point } from './view-transform';

export type PaneReading =
  /** The pixel's stored value; `channel` its colour in the mosaic (null for mono). */
  | { readonly kind: 'true'; readonly value: number; readonly channel: 'R' | 'G' | 'B' | null }
  /** The preview's mean over `bin` × `bin` full pixels (a colour preview's luminance of its superpixels). */
  | { readonly kind: 'mean'; readonly value: number; readonly bin: number };

/** The pane's reading at a displayed point; null outside its image. `block`: the loaded tile holding the point, if any. */
export function paneReading(image: PreviewImage, block: PixelBlock | null, point: Point): PaneReading | null {
  const preview = pixelAt(image, point);
  if (!preview) return null;
  const { x, y } = preview;
  if (block && x >= block.x && x < block.x + block.width && y >= block.y && y < block.y + block.height) {
    const channel = block.bayer ? cfaChannelAt(block.bayer, x, y, block.sourceHeight).channel : null;
    return { kind: 'true', value: block.pixels[(y - block.y) * block.width + (x - block.x)], channel };
  }
  if (image.binFactor === 1 && !image.colour) return { kind: 'true', value: preview.value, channel: null };
  return { kind: 'mean', value: preview.value, bin: image.binFactor };
}
