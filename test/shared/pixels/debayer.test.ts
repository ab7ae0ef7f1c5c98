import { describe, expect, it } from 'vitest';
import { superpixels } from '../../../shared/pixels/debayer';
import type { BayerLayout } from '../../../shared/night/frames';

describe('superpixel colour previews', () => {
  // A 4×2 mosaic: R=10, G=20 and 22, B=30 in the first cell; R=11, G=21 and 23, B=31 in the second.
  const rggb = Float32Array.from([10, 20, 11, 21, 22, 30, 23, 31]);

  it('RGGB: red, the mean of the greens, blue per 2×2 cell', () => {
    const planes = superpixels(rggb, 4, 2, { pattern: 'RGGB', xOffset: 0, yOffset: 0, rowOrder: 'top-down' });
    expect([planes.width, planes.height]).toEqual([2, 1]);
    expect(Array.from(planes.red)).toEqual([10, 11]);
    expect(Array.from(planes.green)).toEqual([21, 22]);
    expect(Array.from(planes.blue)).toEqual([30, 31]);
  });

  it('the pattern, an offset and a bottom-up row order move the colours', () => {
    const bggr: BayerLayout = { pattern: 'BGGR', xOffset: 0, yOffset: 0, rowOrder: 'top-down' };
    expect(Array.from(superpixels(rggb, 4, 2, bggr).red)).toEqual([30, 31]);
    // Bottom-up with an even height: the pattern's first row is the last row stored (RGGB reads as GBRG… flipped).
    const bottomUp: BayerLayout = { pattern: 'RGGB', xOffset: 0, yOffset: 0, rowOrder: 'bottom-up' };
    expect(Array.from(superpixels(rggb, 4, 2, bottomUp).red)).toEqual([22, 23]);
    const shifted: BayerLayout = { pattern: 'RGGB', xOffset: 1, yOffset: 0, rowOrder: 'top-down' };
    expect(Array.from(superpixels(rggb, 4, 2, shifted).red)).toEqual([20, 21]);
  });

  it('an odd last row or column is left out; too small an image is refused', () => {
    const planes = superpixels(new Float32Array(5 * 3), 5, 3, { pattern: 'RGGB', xOffset: 0, yOffset: 0, rowOrder: null });
    expect([planes.width, planes.height]).toEqual([2, 1]);
    expect(() => superpixels(new Float32Array(2), 2, 1, { pattern: 'RGGB', xOffset: 0, yOffset: 0, rowOrder: null })).toThrow(RangeError);
  });
});
