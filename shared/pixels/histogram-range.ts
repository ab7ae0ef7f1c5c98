/**
 * The range a histogram is drawn over: the core of the distribution, not its extremes. A dark
 * with one saturated hot pixel would otherwise squeeze every other pixel into a single bin;
 * the hot pixels are counted in the statistics instead.
 */
import type { ImageStats } from '../contract';

export function histogramRange(stats: Pick<ImageStats, 'median' | 'sigma' | 'min' | 'max'>): { lo: number; hi: number } {
  const { median, sigma, min, max } = stats;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { lo: 0, hi: 1 };
  if (!(sigma > 0) || max - min <= 20 * sigma) return min < max ? { lo: min, hi: max } : { lo: min - 0.5, hi: max + 0.5 };
  return { lo: Math.max(min, median - 6 * sigma), hi: Math.min(max, median + 12 * sigma) };
}
