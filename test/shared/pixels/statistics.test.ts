import { describe, expect, it } from 'vitest';
import {
  gridSamples,
  histogram,
  imageStatistics,
  median,
  medianAbsoluteDeviation,
  sampledMedian,
} from '../../../shared/pixels/statistics';
import { makeGaussian, makeRandom } from './seeded-random';

describe('median and MAD', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('leaves NaN out; counts infinities as values; NaN when nothing is left', () => {
    expect(median([NaN, 5, 1])).toBe(3);
    expect(median([1, Infinity, 2])).toBe(2);
    expect(median([NaN, NaN])).toBeNaN();
    expect(median([])).toBeNaN();
  });

  it('does not modify its input', () => {
    const values = Float32Array.of(5, 3, NaN, 1, 4);
    median(values);
    medianAbsoluteDeviation(values);
    expect(Array.from(values)).toEqual([5, 3, NaN, 1, 4]);
  });

  it('MAD: the median of the distances to the median', () => {
    // median 3; distances 2, 1, 0, 1, 97 → 1
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    // around a given centre: distances to 10 are 9, 8, 7, 6, 90 → 8
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100], 10)).toBe(8);
  });
});

describe('imageStatistics', () => {
  it('computes every field of a small image by hand', () => {
    // finite values 1..5: mean 3, median 3, MAD 1 → σ 1.4826; NaN and Infinity are the 2 non-finite
    const stats = imageStatistics(Float32Array.of(4, 1, NaN, 5, 2, Infinity, 3));
    expect(stats).toEqual({ mean: 3, median: 3, sigma: 1.4826, min: 1, max: 5, nanCount: 2, hotPixels: null });
  });

  it('counts hot pixels on a synthetic dark: those above median + 5σ', () => {
    // 100×100 dark of levels 8, 9, 10, 11, 12 in equal numbers; 42 of the 10s replaced by
    // 37 hot pixels (18 … 60000) and 5 warm ones at 17. Counts: 8, 9: 2000; 10: 1958; 11, 12:
    // 2000 → median 10. Distances: 0 × 1958, 1 × 4000 → MAD 1, σ 1.4826, threshold 17.41.
    const dark = Float32Array.from({ length: 10_000 }, (_, i) => 8 + (i % 5));
    const tens = Array.from({ length: 2000 }, (_, k) => 5 * k + 2);
    const hot = [18, 19, 25, 100, 1000, 60000];
    tens.slice(0, 37).forEach((i, k) => (dark[i] = hot[k % hot.length]));
    tens.slice(37, 42).forEach((i) => (dark[i] = 17));
    const stats = imageStatistics(dark, { hotPixelSigma: 5 });
    expect(stats.median).toBe(10);
    expect(stats.sigma).toBe(1.4826);
    expect(stats.hotPixels).toBe(37);
    expect(imageStatistics(dark, { hotPixelSigma: 3 }).hotPixels).toBe(42); // threshold 14.45 takes the 17s too
  });

  it('gives NaN statistics for an image with no finite pixel', () => {
    const stats = imageStatistics(Float32Array.of(NaN, Infinity), { hotPixelSigma: 5 });
    expect(stats.nanCount).toBe(2);
    expect(stats.hotPixels).toBe(0);
    for (const key of ['mean', 'median', 'sigma', 'min', 'max'] as const) expect(stats[key]).toBeNaN();
  });

  it('does not modify its input', () => {
    const data = Float32Array.of(3, 1, 2, NaN);
    imageStatistics(data, { hotPixelSigma: 5 });
    expect(Array.from(data)).toEqual([3, 1, 2, NaN]);
  });
});

describe('sampledMedian', () => {
  it('equals the exact median when the data fit in maxSamples', () => {
    const random = makeRandom(1);
    const data = Float32Array.from({ length: 999 }, () => (random() < 0.1 ? NaN : random()));
    expect(sampledMedian(data, 1000)).toBe(median(data));
  });

  it('is within 6 standard errors of the exact median of a Gaussian field', () => {
    // 4·10⁶ values, N(1000, 10²); 10⁵ samples give a standard error of 1.2533·10/√10⁵ = 0.04
    const gaussian = makeGaussian(makeRandom(2));
    const data = Float32Array.from({ length: 2000 * 2000 }, () => gaussian(1000, 10));
    const exact = median(data);
    expect(Math.abs(exact - 1000)).toBeLessThan(0.05);
    expect(Math.abs(sampledMedian(data, 100_000) - exact)).toBeLessThan(6 * 0.04);
  });

  it('samples every column even when the naive stride would divide the width', () => {
    // 1000 columns, every 4th at 0 and the rest at 100 ± 1: the median is in the 100s. A stride
    // of ⌈10⁶ / 250000⌉ = 4 would see only the zero columns; the prime stride 5 sees them all.
    const random = makeRandom(3);
    const data = Float32Array.from({ length: 1000 * 1000 }, (_, i) => (i % 4 === 0 ? 0 : 100 + random() * 2 - 1));
    expect(gridSamples(data, 250_000).length).toBe(200_000);
    expect(Math.abs(sampledMedian(data, 250_000) - 100)).toBeLessThan(1);
  });

  it('ignores NaN and infinite samples', () => {
    expect(sampledMedian(Float32Array.of(NaN, 1, Infinity, 3, -Infinity, 2))).toBe(2);
    expect(sampledMedian(Float32Array.of(NaN))).toBeNaN();
  });
});

describe('histogram', () => {
  it('counts values in [edge, next edge), the last bin also holding hi', () => {
    // edges 0, 1, 2, 3, 4: [0, 0.5] [1, 1.5] [2, 2.5] [3, 3.99, 4]; −1, 5 and NaN are outside
    const data = Float32Array.of(0, 0.5, 1, 1.5, 2, 2.5, 3, 3.99, 4, -1, 5, NaN);
    expect(histogram(data, 4, 0, 4)).toEqual({ lo: 0, hi: 4, counts: [2, 2, 2, 3] });
  });

  it('bins by the edges themselves, not by a rounded product', () => {
    // 2.2 − 1 is 1.2000000000000002 in binary, so for 1.5, which sits on the edge 1 + 5·step,
    // (1.5 − 1)·12/1.2000000000000002 = 4.999999999999999: the product alone says bin 4; the
    // edge says bin 5 (as numpy.histogram). The same for 2 on edge 10.
    const { counts } = histogram(Float32Array.of(1.5, 2), 12, 1, 2.2);
    expect(counts[5]).toBe(1);
    expect(counts[10]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('keeps a value just below an edge in the lower bin when the product rounds up to the edge', () => {
    // lo 0.2, hi 0.2 + 3.1, 48 bins: step 3.1/48, edge 24 = 0.2 + 24·step = 1.7500000000000002.
    // 1.75 lies below it (bin 23), yet (1.75 − 0.2)·48/3.1 rounds to exactly 24.
    const { counts } = histogram(Float32Array.of(1.75), 48, 0.2, 0.2 + 3.1);
    expect(counts[23]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('bins float32 values by their exact value against edges that are not exact in binary', () => {
    // edges k·0.1 in double. float32(0.1) = 0.10000000149 ≥ 0.1 → bin 1; float32(0.3) =
    // 0.30000001192 ≥ 3·0.1 = 0.30000000000000004 → bin 3; float32(0.7) = 0.69999998808 <
    // 7·0.1 = 0.7000000000000001 → bin 6; float32(0.9) = 0.89999997616 < 9·0.1 = 0.9 → bin 8
    const { counts } = histogram(Float32Array.of(0.1, 0.3, 0.7, 0.9), 10, 0, 1);
    expect(counts).toEqual([0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
  });

  it('widens an empty range by ±0.5, as numpy does', () => {
    expect(histogram(Float32Array.of(7, 7, 7), 4, 7, 7)).toEqual({ lo: 6.5, hi: 7.5, counts: [0, 0, 3, 0] });
  });

  it('counts every finite value once when drawn from min to max', () => {
    const random = makeRandom(4);
    const data = Float32Array.from({ length: 10_000 }, () => (random() < 0.01 ? NaN : random() * 1e3 - 200));
    const stats = imageStatistics(data);
    const { counts } = histogram(data, 256, stats.min, stats.max);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(data.length - stats.nanCount);
  });

  it('refuses bad bins and ranges', () => {
    const data = Float32Array.of(1);
    expect(() => histogram(data, 0, 0, 1)).toThrow(/bins/);
    expect(() => histogram(data, 2.5, 0, 1)).toThrow(/bins/);
    expect(() => histogram(data, 4, 1, 0)).toThrow(/range/);
    expect(() => histogram(data, 4, 0, NaN)).toThrow(/range/);
  });
});

describe('medianLowMemory', () => {
  it('equals the exact median on odd, even, NaN-holding, tied and wide-range data', async () => {
    const { median, medianLowMemory } = await import('../../../shared/pixels/statistics');
    let state = 12345;
    const random = (): number => ((state = (state * 1103515245 + 12345) >>> 0) / 4294967296);
    const cases: Float32Array[] = [
      Float32Array.from([3, 1, 2]),
      Float32Array.from([4, 1, 3, 2]),
      Float32Array.from([NaN, 5, NaN, 1, 9]),
      Float32Array.from({ length: 10_001 }, () => Math.round(random() * 20)),
      Float32Array.from({ length: 20_000 }, () => random() * 1e6 - 5e5),
      Float32Array.from({ length: 5000 }, (_, i) => (i === 0 ? 65535 : 1 + random() * 1e-3)),
      Float32Array.from([7, 7, 7, 7]),
    ];
    for (const data of cases) expect(medianLowMemory(data, 64)).toBe(median(data));
    expect(medianLowMemory(Float32Array.from([NaN, NaN]))).toBeNaN();
  });
});

describe('imageStatistics of a calibrated frame', () => {
  it('records exact min, max, mean and NaN count, and the median', () => {
    const data = Float32Array.of(1, 2, 3, 4, 5, NaN, NaN);
    const stats = imageStatistics(data, { maxSamples: 65_536 });
    expect(stats).toMatchObject({ mean: 3, median: 3, min: 1, max: 5, nanCount: 2, hotPixels: null });
    expect(stats.sigma).toBeCloseTo(1.4826, 10); // MAD of |−2, −1, 0, 1, 2| is 1
  });
});
