/**
 * The range and bins a histogram is drawn with: the core of the distribution, not its
 * extremes (a dark with one saturated hot pixel would otherwise squeeze every other pixel
 * into one bin; hot pixels are counted in the statistics instead), and, for data that comes in
 * whole or half ADU, bins that are whole multiples of that step (narrower bins would leave
 * every other bin empty: a comb).
 */
import type { Histogram, ImageStats } from '../contract';
import { histogram } from './statistics';
import type { StatisticsKernel } from './statistics-simd';

export interface HistogramBins {
  readonly lo: number;
  readonly hi: number;
  readonly bins: number;
}

export function histogramRange(stats: Pick<ImageStats, 'median' | 'sigma' | 'min' | 'max'>, maxBins = 256, quantum = 0): HistogramBins {
  const { median, sigma, min, max } = stats;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { lo: 0, hi: 1, bins: maxBins };
  let lo = min;
  let hi = max;
  if (sigma > 0 && max - min > 20 * sigma) {
    lo = Math.max(min, median - 6 * sigma);
    hi = Math.min(max, median + 12 * sigma);
  }
  if (quantum > 0) {
    // Bins centred on the values the data can take, each a whole number of steps wide.
    const width = quantum * Math.max(1, Math.ceil((hi - lo + quantum) / quantum / maxBins));
    lo = Math.floor(lo / quantum) * quantum - quantum / 2;
    const bins = Math.max(1, Math.ceil((hi + quantum / 2 - lo) / width));
    return { lo, hi: lo + bins * width, bins };
  }
  if (lo === hi) return { lo: lo - 0.5, hi: hi + 0.5, bins: maxBins };
  return { lo, hi, bins: maxBins };
}

/**
 * The step the values come in: 1 when every sampled value is whole, 0.5 when every one is a
 * multiple of a half (medians of an even number of whole values), else 0 (continuous).
 */
export function valueQuantum(data: ArrayLike<number>, maxSamples = 4096): number {
  const step = Math.max(1, Math.floor(data.length / maxSamples));
  let whole = true;
  let half = true;
  for (let i = 0; i < data.length && half; i += step) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (whole && !Number.isInteger(v)) whole = false;
    if (!Number.isInteger(v * 2)) half = false;
  }
  if (whole) return 1;
  return half ? 0.5 : 0;
}

/** Bins of the histograms shown to the user. */
export const HISTOGRAM_BINS = 256;

/** The histogram of an image as the user interface shows it (counted by `kernel` when given, data in its memory). */
export function imageHistogram(data: Float32Array, stats: Pick<ImageStats, 'median' | 'sigma' | 'min' | 'max'>, kernel: StatisticsKernel | null = null): Histogram {
  const { lo, hi, bins } = histogramRange(stats, HISTOGRAM_BINS, valueQuantum(data));
  return histogram(data, bins, lo, hi, kernel);
}
