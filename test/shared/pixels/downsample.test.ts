import { describe, expect, it } from 'vitest';
import { downsample } from '../../../shared/pixels/downsample';
import { makeRandom } from './seeded-random';

describe('downsample', () => {
  it('averages 2×2 blocks of a 4×4 image', () => {
    // 1  2 |  3  4
    // 5  6 |  7  8     → (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5
    // 9 10 | 11 12        (9+10+13+14)/4 = 11.5, (11+12+15+16)/4 = 13.5
    // 13 14 | 15 16
    const data = Float32Array.from({ length: 16 }, (_, i) => i + 1);
    const result = downsample(data, 4, 4, 2);
    expect(result).toMatchObject({ width: 2, height: 2, binFactor: 2 });
    expect(Array.from(result.pixels)).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it('leaves NaN and infinite pixels out of a block, and gives NaN for a block with none finite', () => {
    const data = Float32Array.of(
      NaN, NaN, 3, NaN,
      NaN, NaN, 7, 8,
      9, Infinity, 11, 12,
      13, 14, 15, 16,
    );
    // top left: nothing finite → NaN; top right: (3 + 7 + 8)/3 = 6; bottom left: (9 + 13 + 14)/3 = 12
    const { pixels } = downsample(data, 4, 4, 2);
    expect(pixels[0]).toBeNaN();
    expect(Array.from(pixels.subarray(1))).toEqual([6, 12, 13.5]);
  });

  it('averages the partial blocks of sizes the factor does not divide', () => {
    // 5×3, value x + 10y, maxSize 2 → factor ⌈5/2⌉ = 3 → 2×1: columns 0–2 (mean x 1, mean y 1) → 11;
    // columns 3–4 (mean x 3.5, mean y 1) → 13.5
    const data = Float32Array.from({ length: 15 }, (_, i) => (i % 5) + 10 * Math.floor(i / 5));
    const result = downsample(data, 5, 3, 2);
    expect(result).toMatchObject({ width: 2, height: 1, binFactor: 3 });
    expect(Array.from(result.pixels)).toEqual([11, 13.5]);
  });

  it('keeps the long side within maxSize with the smallest factor that does it', () => {
    const random = makeRandom(1);
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + Math.floor(random() * 300);
      const height = 1 + Math.floor(random() * 300);
      const maxSize = 1 + Math.floor(random() * 120);
      const result = downsample(new Float32Array(width * height), width, height, maxSize);
      expect(Math.max(result.width, result.height)).toBeLessThanOrEqual(maxSize);
      expect(result.width).toBe(Math.ceil(width / result.binFactor));
      expect(result.height).toBe(Math.ceil(height / result.binFactor));
      if (result.binFactor > 1) expect(Math.ceil(Math.max(width, height) / (result.binFactor - 1))).toBeGreaterThan(maxSize);
    }
  });

  it('keeps an image that already fits at factor 1, as a copy', () => {
    const data = Float32Array.of(1, 2, 3, 4, 5, 6);
    const result = downsample(data, 3, 2, 1024);
    expect(result).toMatchObject({ width: 3, height: 2, binFactor: 1 });
    expect(Array.from(result.pixels)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.pixels.buffer).not.toBe(data.buffer);
  });

  it('preserves the mean of an image whose size the factor divides', () => {
    const random = makeRandom(2);
    const data = Float32Array.from({ length: 64 * 48 }, () => Math.round(random() * 1000));
    const { pixels } = downsample(data, 64, 48, 16); // factor 4
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(pixels)).toBeCloseTo(mean(data), 3);
  });

  it('leaves its input unchanged and refuses wrong shapes', () => {
    const data = Float32Array.of(1, NaN, 3, 4);
    downsample(data, 2, 2, 1);
    expect(Array.from(data)).toEqual([1, NaN, 3, 4]);
    expect(() => downsample(data, 3, 2, 1)).toThrow(/4 pixels for a 3×2 image/);
    expect(() => downsample(data, 2, 2, 0)).toThrow(/maxSize/);
    expect(() => downsample(data, 0, 4, 2)).toThrow(/width and height/);
  });
});
