/**
 * The statistics kernel against the JavaScript passes of imageStatistics: the same min, max,
 * finite count and hot-pixel count exactly, the same sum up to float64 rounding, for lengths
 * that are not multiples of 4, with NaN, ±∞, −0 and thresholds that are not float32 values; and
 * histogram counts bin for bin.
 */
import { describe, expect, it } from 'vitest';
import { histogram, imageStatistics } from '../../../shared/pixels/statistics';
import { rankBin } from '../../../shared/pixels/rank-bins-simd';
import { createStatisticsKernel, float32AtOrBelow, HISTOGRAM_KERNEL_MAX_BINS, STATISTICS_SCRATCH_BYTES } from '../../../shared/pixels/statistics-simd';
import { createSharedMemory, wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { makeRandom } from './seeded-random';

const memory = createSharedMemory(8);
const kernel = memory ? createStatisticsKernel(memory, 0) : null;

/** `values` copied into the shared memory after the kernel's scratch, at an offset that is not 16-byte aligned. */
function inMemory(values: ArrayLike<number>): Float32Array {
  const data = new Float32Array(memory!.buffer, STATISTICS_SCRATCH_BYTES + 4, values.length);
  data.set(values);
  return data;
}

function javascriptCount(values: ArrayLike<number>, threshold: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > threshold && values[i] < Infinity) count++;
  return count;
}

describe.runIf(wasmSimdSupported())('statistics kernel (WebAssembly SIMD)', () => {
  it('sums, bounds and counts a hand-made image', () => {
    const data = inMemory([3, -1, NaN, 7, Infinity, 2.5, -Infinity, 0]);
    expect(kernel!.summary(data)).toEqual({ min: -1, max: 7, sum: 11.5, finite: 5 });
    expect(kernel!.countAbove(data, 2.5)).toBe(2); // 3 and 7; not 2.5, not +∞
    expect(kernel!.countAbove(data, -Infinity)).toBe(5);
    expect(kernel!.countAbove(data, NaN)).toBe(0);
  });

  it('equals the JavaScript passes on random images of every length from 0 to 41', () => {
    const random = makeRandom(17);
    const odd = [NaN, Infinity, -Infinity, -0, 0, 3.4e38, -3.4e38, 1e-45];
    for (let n = 0; n <= 41; n++) {
      const values = Float32Array.from({ length: n }, () => (random() < 0.1 ? odd[Math.floor(random() * odd.length)] : (random() - 0.3) * 1e4));
      const data = inMemory(values);
      const { min, max, sum, finite } = kernel!.summary(data);
      const reference = imageStatistics(values, {});
      const finiteValues = Array.from(values).filter((v) => Number.isFinite(v));
      expect(finite, `n = ${n}`).toBe(finiteValues.length);
      if (finite > 0) {
        expect(min).toBe(reference.min);
        expect(max).toBe(reference.max);
        // Summed in another order: equal up to rounding, which is relative to the magnitudes summed.
        const magnitude = finiteValues.reduce((total, v) => total + Math.abs(v), 0);
        expect(Math.abs(sum - reference.mean * finite)).toBeLessThanOrEqual(1e-12 * magnitude);
      }
      for (const threshold of [0, 1234.5678, -1e3, 0.1, 3.3e38, -0]) {
        expect(kernel!.countAbove(data, threshold), `n = ${n}, threshold ${threshold}`).toBe(javascriptCount(values, threshold));
      }
    }
  });

  it('counts a pixel just above a threshold that float32 cannot hold, and not one just below', () => {
    const threshold = 1000.00001; // between two float32 values
    const below = float32AtOrBelow(threshold);
    const above = Math.fround(1000.0001);
    expect(below).toBeLessThan(threshold);
    const data = inMemory([below, above, below, above, below]);
    expect(kernel!.countAbove(data, threshold)).toBe(2);
  });

  it('gives imageStatistics the same figures with and without it', () => {
    const random = makeRandom(3);
    const values = Float32Array.from({ length: 4099 }, () => (random() < 0.01 ? 5000 : 100 + random() * 10));
    const data = inMemory(values);
    const withKernel = imageStatistics(data, { kernel, hotPixelSigma: 5 });
    const without = imageStatistics(values, { hotPixelSigma: 5 });
    expect({ ...withKernel, mean: 0 }).toEqual({ ...without, mean: 0 });
    expect(withKernel.mean).toBeCloseTo(without.mean, 9);
    expect(withKernel.hotPixels).toBeGreaterThan(20);
  });

  it('refuses an image outside its memory and a scratch that does not fit', () => {
    expect(() => kernel!.summary(new Float32Array(8))).toThrow(/memory/);
    expect(() => createStatisticsKernel(memory!, 8)).toThrow(/scratch/);
    expect(() => createStatisticsKernel(memory!, memory!.buffer.byteLength - 16)).toThrow(/scratch/);
  });
});

describe('float32AtOrBelow', () => {
  it('gives the largest float32 at or below x', () => {
    expect(float32AtOrBelow(1.5)).toBe(1.5);
    expect(float32AtOrBelow(0.1)).toBeLessThanOrEqual(0.1);
    expect(float32AtOrBelow(0.1)).toBe(Math.fround(0.1) <= 0.1 ? Math.fround(0.1) : Math.fround(0.1) - 2 ** -27);
    expect(float32AtOrBelow(-1e-50)).toBe(-1.401298464324817e-45);
    expect(float32AtOrBelow(1e-50)).toBe(0);
    expect(float32AtOrBelow(1e39)).toBe(3.4028234663852886e38);
    expect(float32AtOrBelow(-1e39)).toBe(-Infinity);
    expect(float32AtOrBelow(-Infinity)).toBe(-Infinity);
  });
});

describe.runIf(wasmSimdSupported())('histogram counted by the kernel', () => {
  it('counts as histogram() does, bin for bin, edges and the top value included', () => {
    const random = makeRandom(23);
    const values = Float32Array.from({ length: 5001 }, (_, i) =>
      i % 97 === 0 ? NaN : i % 89 === 0 ? 10 + Math.floor(random() * 11) * 0.5 : i % 83 === 0 ? -Infinity : 10 + random() * 5,
    );
    const data = inMemory(values);
    for (const [bins, lo, hi] of [[256, 10, 15], [7, 10, 12.5], [1, 9, 16], [300, 9.75, 15.25], [HISTOGRAM_KERNEL_MAX_BINS, 10, 15]] as const) {
      const expected = histogram(values, bins, lo, hi);
      const counted = histogram(data, bins, lo, hi, kernel);
      expect(counted, `${bins} bins over [${lo}, ${hi}]`).toEqual(expected);
    }
    const all = histogram(data, 64, 10, 15, kernel);
    expect(all.counts.reduce((sum, count) => sum + count, 0)).toBe(Array.from(values).filter((v) => v >= 10 && v <= 15).length);
  });

  it('hands back more bins than its scratch holds, and the JavaScript loop counts them', () => {
    const data = inMemory([1, 2, 3]);
    expect(kernel!.histogramCounts(data, HISTOGRAM_KERNEL_MAX_BINS + 1, 0, 4)).toBeNull();
    expect(histogram(data, HISTOGRAM_KERNEL_MAX_BINS + 1, 0, 4, kernel).counts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe.runIf(wasmSimdSupported())('medianLowMemory with the kernel', () => {
  it('gives the exact median, odd and even counts, ties, a spike and a constant image', async () => {
    const { median, medianLowMemory } = await import('../../../shared/pixels/statistics');
    const random = makeRandom(41);
    const cases = [
      Float32Array.from({ length: 4001 }, () => 0.8 + random() * 0.4),
      Float32Array.from({ length: 4000 }, () => Math.floor(random() * 50)),
      Float32Array.from({ length: 1001 }, (_, i) => (i === 0 ? 1e30 : 1 + random() * 1e-6)),
      Float32Array.from({ length: 64 }, () => 7),
    ];
    for (const values of cases) expect(medianLowMemory(inMemory(values), undefined, kernel)).toBe(median(values));
    // A pixel that is not finite: the JavaScript path decides, with ±∞ counted as values.
    const withInfinity = Float32Array.from([1, 2, Infinity, 3, 4]);
    expect(medianLowMemory(inMemory(withInfinity), undefined, kernel)).toBe(3);
  });
});

describe.runIf(wasmSimdSupported())('rank bins counted and collected by the kernel', () => {
  const ROOM = 64 * 1024;
  const collecting = createSharedMemory(16)!;
  const collector = createStatisticsKernel(collecting, 0, ROOM)!;
  const kernelWithoutRoom = createStatisticsKernel(collecting, 0)!;

  /** `values` in the collecting kernel's memory past its room, `shift` words off 16-byte alignment. */
  function placed(values: ArrayLike<number>, shift: number): Float32Array {
    const data = new Float32Array(collecting.buffer, STATISTICS_SCRATCH_BYTES + ROOM + 4 * shift, values.length);
    data.set(values);
    return data;
  }

  const bounds = (values: Float32Array) => values.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);

  /** Bins by the JavaScript definition (rank-bins-simd.ts rankBin), pixel by pixel. */
  function binsOf(values: Float32Array, bins: number): number[] {
    const [min, max] = bounds(values);
    const scale = float32AtOrBelow(bins / (max - min));
    return Array.from(values, (v) => rankBin(v, Math.fround(min), scale, bins - 1));
  }

  const spreads: [string, (random: () => number) => number][] = [
    ['ordinary', (random) => 5 + random() * 20],
    ['tiny spread', (random) => 1 + Math.floor(random() * 4) * 2 ** -23],
    ['subnormal and ±0', (random) => [0, -0, 1e-45, -1e-45, 1e-40][Math.floor(random() * 5)]],
    ['the whole float32 range', (random) => (random() < 0.2 ? [3.4e38, -3.4e38][Math.floor(random() * 2)] : (random() - 0.5) * 1e30)],
  ];

  it('counts as the JavaScript bins do, for every length 2–41 at four alignments and several spreads', () => {
    const random = makeRandom(29);
    for (const [name, value] of spreads) {
      for (let n = 2; n <= 41; n++) {
        for (let shift = 0; shift < 4; shift++) {
          const values = Float32Array.from({ length: n }, () => value(random));
          const [min, max] = bounds(values);
          if (min === max) continue;
          for (const bins of [1, 7, 4096, HISTOGRAM_KERNEL_MAX_BINS]) {
            const counted = collector.rankCounts(placed(values, shift), bins, min, max)!;
            const expected = new Array<number>(bins).fill(0);
            for (const bin of binsOf(values, bins)) expected[bin]++;
            expect(Array.from(counted.counts), `${name} n=${n} shift=${shift} bins=${bins}`).toEqual(expected);
          }
        }
      }
    }
    expect(collector.rankCounts(placed([1, 2], 0), HISTOGRAM_KERNEL_MAX_BINS + 1, 1, 2)).toBeNull();
  });

  it('keeps the order of the values: a larger value never lands in a lower bin', () => {
    const random = makeRandom(37);
    for (const [name, value] of spreads) {
      const values = Float32Array.from({ length: 4001 }, () => value(random));
      const [min, max] = bounds(values);
      const counted = collector.rankCounts(placed(values, 1), HISTOGRAM_KERNEL_MAX_BINS, min, max)!;
      // each bin's values, collected by the kernel, lie above every value of the bins below it
      let highest = -Infinity;
      for (let bin = 0; bin <= counted.top; bin++) {
        if (counted.counts[bin] === 0) continue;
        const held = Array.from(collector.collectRankBins(placed(values, 1), counted, bin, bin)!);
        expect(held.length, `${name} bin ${bin}`).toBe(counted.counts[bin]);
        expect(Math.min(...held), `${name} bin ${bin}`).toBeGreaterThanOrEqual(highest);
        highest = Math.max(...held);
      }
    }
  });

  it('collects the values of a run of bins in pixel order, and gives null once they outnumber its room', () => {
    const random = makeRandom(31);
    for (let n = 2; n <= 41; n++) {
      for (let shift = 0; shift < 4; shift++) {
        const values = Float32Array.from({ length: n }, () => Math.floor(random() * 8));
        const [min, max] = bounds(values);
        if (min === max) continue;
        const counted = collector.rankCounts(placed(values, shift), 16, min, max)!;
        const bins = binsOf(values, 16);
        for (const [first, last] of [[0, 15], [3, 9], [5, 5], [15, 15], [9, 3]]) {
          const expected = Array.from(values).filter((_, i) => bins[i] >= first && bins[i] <= last);
          expect(Array.from(collector.collectRankBins(placed(values, shift), counted, first, last)!), `n=${n} shift=${shift} [${first}, ${last}]`).toEqual(expected);
        }
      }
    }
    // distinct values right after the room: a value written past it would show
    const distinct = Float32Array.from({ length: ROOM / 4 + 3 }, (_, i) => 1 + i * 2 ** -20);
    const data = placed(distinct, 0);
    const counted = collector.rankCounts(data, 4, 1, distinct[distinct.length - 1])!;
    expect(collector.collectCapacity).toBe(ROOM / 4);
    expect(collector.collectRankBins(data, counted, 0, 3)).toBeNull();
    expect(Array.from(data)).toEqual(Array.from(distinct));
    const exactlyFull = data.subarray(0, ROOM / 4);
    const full = collector.rankCounts(exactlyFull, 4, 1, distinct[ROOM / 4 - 1])!;
    expect(Array.from(collector.collectRankBins(exactlyFull, full, 0, 3)!)).toEqual(Array.from(distinct.subarray(0, ROOM / 4)));
    expect(kernelWithoutRoom.collectRankBins(exactlyFull, full, 0, 3)).toBeNull();
  });

  it('gives the exact median itself (no JavaScript fallback): odd and even counts, ties, a spike, crowded middle bins, values on bin edges', async () => {
    const { median, medianByKernel, medianLowMemory } = await import('../../../shared/pixels/statistics');
    const random = makeRandom(43);
    const cases = [
      Float32Array.from({ length: 40_001 }, () => 0.8 + random() * 0.4),
      Float32Array.from({ length: 40_000 }, () => 0.8 + random() * 0.4),
      Float32Array.from({ length: 4000 }, () => Math.floor(random() * 50)),
      Float32Array.from({ length: 1001 }, (_, i) => (i === 0 ? 1e30 : 1 + random() * 1e-6)), // the middle bins hold all but one
      Float32Array.from({ length: 30_001 }, (_, i) => (i === 0 ? 3e38 : i === 1 ? -3e38 : random())), // the same, more than the room holds
      Float32Array.from({ length: 2 }, (_, i) => i),
      Float32Array.from({ length: 3 }, (_, i) => -i - 0.5),
      Float32Array.from({ length: 64 }, () => 7),
      // min 0, max 16384: bins of width 1, so the middle values lie on the edges of their bins
      Float32Array.from({ length: 20_001 }, (_, i) => (i === 0 ? 0 : i === 1 ? HISTOGRAM_KERNEL_MAX_BINS : 8000 + Math.floor(random() * 7))),
      Float32Array.from({ length: 20_000 }, (_, i) => (i === 0 ? 0 : i === 1 ? HISTOGRAM_KERNEL_MAX_BINS : 8000 + Math.floor(random() * 7))),
    ];
    for (const [i, values] of cases.entries()) {
      for (const shift of [0, 3]) {
        const data = placed(values, shift);
        // with the kernel's room, and with none (the values collected in JavaScript)
        expect(medianByKernel(data, collector), `case ${i} shift ${shift}`).toBe(median(values));
        expect(medianByKernel(data, kernelWithoutRoom), `case ${i} shift ${shift}, no room`).toBe(median(values));
        expect(medianLowMemory(data, undefined, collector)).toBe(median(values));
      }
    }
    // A pixel that is not finite: the JavaScript path decides.
    expect(medianByKernel(placed([1, 2, Infinity], 0), collector)).toBeNull();
  });
});
