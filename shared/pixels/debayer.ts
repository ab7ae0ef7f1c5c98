/**
 * A colour preview of a one-shot-colour frame, the simplest honest way: each 2×2 cell of the
 * mosaic becomes one pixel of red, green (the mean of the cell's two greens) and blue. Half the
 * resolution, no interpolation artefacts; calibration never debayers, only the preview does.
 */
import { cfaChannelAt } from '../night/cfa-pattern';
import type { BayerLayout } from '../night/frames';

export interface ColourPlanes {
  readonly red: Float32Array;
  readonly green: Float32Array;
  readonly blue: Float32Array;
  /** ⌊width / 2⌋ × ⌊height / 2⌋: a last odd row or column has no whole cell and is left out. */
  readonly width: number;
  readonly height: number;
}

/** The superpixels of a mosaic (NaN where a cell's value is NaN). */
export function superpixels(data: Float32Array, width: number, height: number, bayer: BayerLayout): ColourPlanes {
  if (width < 2 || height < 2) throw new RangeError(`a colour preview needs at least 2×2 pixels, not ${width}×${height}`);
  const outWidth = Math.floor(width / 2);
  const outHeight = Math.floor(height / 2);
  const red = new Float32Array(outWidth * outHeight);
  const green = new Float32Array(outWidth * outHeight);
  const blue = new Float32Array(outWidth * outHeight);
  // The colour of each of the cell's four pixels, as stored (offset, row order and odd heights included).
  const cell = [0, 1].map((dy) => [0, 1].map((dx) => cfaChannelAt(bayer, dx, dy, height).channel));
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < 2; dy++) {
        const row = (2 * y + dy) * width + 2 * x;
        for (let dx = 0; dx < 2; dx++) {
          const v = data[row + dx];
          const c = cell[dy][dx];
          if (c === 'R') r = v;
          else if (c === 'B') b = v;
          else g += v / 2;
        }
      }
      const o = y * outWidth + x;
      red[o] = r;
      green[o] = g;
      blue[o] = b;
    }
  }
  return { red, green, blue, width: outWidth, height: outHeight };
}
