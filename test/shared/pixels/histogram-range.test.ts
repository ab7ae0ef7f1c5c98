import { describe, expect, test } from 'vitest';
import { histogramRange, imageHistogram, valueQuantum } from '../../../shared/pixels/histogram-range';

describe('histogramRange', () => {
  test('a narrow distribution is drawn whole, min to max', () => {
    expect(histogramRange({ median: 10, sigma: 1, min: 5, max: 15 })).toEqual({ lo: 5, hi: 15, bins: 256 });
  });

  test('a hot-pixel tail is cut: median − 6σ to median + 12σ', () => {
    expect(histogramRange({ median: 100, sigma: 2, min: 80, max: 65535 })).toEqual({ lo: 88, hi: 124, bins: 256 });
  });

  test('whole-ADU data gets bins centred on whole values, one or more ADU wide', () => {
    // 989..1010: 22 possible values → 22 bins of 1 ADU, from 988.5 to 1010.5.
    expect(histogramRange({ median: 1000, sigma: 3, min: 989, max: 1010 }, 256, 1)).toEqual({ lo: 988.5, hi: 1010.5, bins: 22 });
    // 0..1000: 1001 values do not fit 256 bins of 1 → bins of 4 ADU.
    const wide = histogramRange({ median: 500, sigma: 200, min: 0, max: 1000 }, 256, 1);
    expect((wide.hi - wide.lo) / wide.bins).toBe(4);
    expect(wide.lo).toBe(-0.5);
    expect(wide.hi).toBeGreaterThanOrEqual(1000.5);
  });

  test('a constant image still has a range', () => {
    expect(histogramRange({ median: 7, sigma: 0, min: 7, max: 7 })).toEqual({ lo: 6.5, hi: 7.5, bins: 256 });
  });
});

describe('valueQuantum and imageHistogram', () => {
  test('whole, half and continuous data', () => {
    expect(valueQuantum(Float32Array.from([1, 2, 3, NaN]))).toBe(1);
    expect(valueQuantum(Float32Array.from([1, 2.5, 3]))).toBe(0.5);
    expect(valueQuantum(Float32Array.from([1, 2.25, 3]))).toBe(0);
  });

  test('whole-valued data fills consecutive bins: no comb of empty bins', () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => 1000 + (i % 11) - 5);
    const hist = imageHistogram(data, { median: 1000, sigma: 3, min: 995, max: 1005 });
    expect(hist.counts).toHaveLength(11);
    expect(hist.counts.every((count) => count > 0)).toBe(true);
    expect(hist.counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });
});
