/**
 * Image statistics: median, robust sigma, hot pixels, histogram bins. Exact where it is cheap
 * (min, max, mean, counts: one pass), sampled on a regular grid where exactness would cost a copy
 * of the whole frame (the median of a 4096² frame needs 128 MB of scratch; a grid of 2¹⁸ values
 * gives it to about 0.0025 σ, and selects in a quarter of the time 2²⁰ took).
 */
import type { Histogram, ImageStats } from '../contract';
import { medianInPlace } from './select';
import { countAboveRange, summarizeRange } from './image-summary';
import { rankBin } from './rank-bins-simd';
import { HISTOGRAM_KERNEL_MAX_BINS, type RankBins, type StatisticsKernel } from './statistics-simd';

/** σ = MAD_TO_SIGMA · MAD estimates the standard deviation of a normal distribution robustly. */
export const MAD_TO_SIGMA = 1.4826;

/** Values a sampled median or statistics use by default. */
export const DEFAULT_MAX_SAMPLES = 1 << 18;

/**
 * Median of the values that are not NaN (the mean of the two middle ones for an even count);
 * NaN when there are none. Does not modify `values`; works in `scratch` when it is long enough.
 */
export function median(values: ArrayLike<number>, scratch?: Float64Array): number {
  const buf = scratch !== undefined && scratch.length >= values.length ? scratch : new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) buf[n++] = v;
  }
  return n === 0 ? NaN : medianInPlace(buf, 0, n);
}

/**
 * median() of a short list (a frame's few dozen stars), by the engine's built-in sort: the same
 * value, but the optimiser does not inline a selection algorithm into every caller, each of
 * which a worker compiles again (the measurement's callers cost tens of ms of compilation each).
 */
export function medianOfList(values: readonly number[]): number {
  const sorted = new Float64Array(values).sort(); // NaN sorts last
  let n = sorted.length;
  while (n > 0 && sorted[n - 1] !== sorted[n - 1]) n--;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return (n & 1) === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of |values[i] − center| over the values that are not NaN; `center` defaults to their median. Does not modify `values`. */
export function medianAbsoluteDeviation(values: ArrayLike<number>, center = median(values)): number {
  const buf = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) buf[n++] = Math.abs(v - center);
  }
  return n === 0 ? NaN : medianInPlace(buf, 0, n);
}

/**
 * The finite values of data[0], data[s], data[2s]… with s = 1 when data fits in `maxSamples`,
 * else the smallest prime ≥ length/maxSamples. A prime stride is unlikely to divide the image
 * width, so the samples walk across all columns instead of repeating a few (column patterns in
 * bias and dark frames would bias the estimate). Written into `scratch` when it is long enough.
 */
export function gridSamples(data: ArrayLike<number>, maxSamples = DEFAULT_MAX_SAMPLES, scratch?: Float64Array): Float64Array {
  if (!(maxSamples >= 1)) throw new RangeError(`gridSamples: maxSamples must be at least 1, got ${maxSamples}`);
  const stride = gridStride(data.length, maxSamples);
  const count = Math.ceil(data.length / stride);
  const buf = scratch !== undefined && scratch.length >= count ? scratch : new Float64Array(count);
  let n = 0;
  for (let i = 0; i < data.length; i += stride) {
    const v = data[i];
    if (v - v === 0) buf[n++] = v; // finite
  }
  return buf.subarray(0, n);
}

/** Median of at most `maxSamples` finite values taken on a regular grid (fast, for normalising flats and previews). */
export function sampledMedian(data: Float32Array, maxSamples = DEFAULT_MAX_SAMPLES): number {
  const samples = gridSamples(data, maxSamples);
  return samples.length === 0 ? NaN : medianInPlace(samples, 0, samples.length);
}

/**
 * Statistics of an image: exact mean, min, max and count of non-finite pixels; median and
 * σ = 1.4826·MAD from at most `maxSamples` grid samples (exact when the image is smaller).
 * With `hotPixelSigma` k (set for darks), `hotPixels` counts every pixel above median + k·σ.
 * An image without a finite pixel has NaN statistics.
 */
export function imageStatistics(
  data: Float32Array,
  options: {
    readonly hotPixelSigma?: number;
    readonly maxSamples?: number;
    /** Runs the full passes in WebAssembly SIMD (data must lie in its memory); same figures, the sum up to rounding. */
    readonly kernel?: StatisticsKernel | null;
    /** Room for the grid samples (a worker's reused buffer), instead of a new array. */
    readonly sampleScratch?: Float64Array;
  } = {},
): ImageStats {
  const { min, max, sum, finite } = options.kernel?.summary(data) ?? summarizeRange(data);
  if (finite === 0) {
    return { mean: NaN, median: NaN, sigma: NaN, min: NaN, max: NaN, nanCount: data.length, hotPixels: options.hotPixelSigma === undefined ? null : 0 };
  }
  const samples = gridSamples(data, options.maxSamples ?? DEFAULT_MAX_SAMPLES, options.sampleScratch);
  const center = medianInPlace(samples, 0, samples.length);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.abs(samples[i] - center);
  const sigma = MAD_TO_SIGMA * medianInPlace(samples, 0, samples.length);

  let hotPixels: number | null = null;
  if (options.hotPixelSigma !== undefined) {
    const threshold = center + options.hotPixelSigma * sigma;
    hotPixels = options.kernel ? options.kernel.countAbove(data, threshold) : countAboveRange(data, threshold);
  }
  return { mean: sum / finite, median: center, sigma, min, max, nanCount: data.length - finite, hotPixels };
}

/**
 * Counts of the finite values in `bins` equal bins from lo to hi: bin i holds [lo + i·step,
 * lo + (i+1)·step), and the last bin also holds hi itself (as numpy.histogram), so a histogram
 * from min to max counts every pixel. Values outside [lo, hi] are not counted. When lo = hi the
 * range becomes [lo − 0.5, hi + 0.5], as numpy does, and the returned lo, hi say so. A `kernel`
 * (statistics-simd.ts; data in its memory) counts the same in WebAssembly.
 */
export function histogram(data: Float32Array, bins: number, lo: number, hi: number, kernel: StatisticsKernel | null = null): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer, got ${bins}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
    throw new RangeError(`histogram: the range [${lo}, ${hi}] is not a finite interval`);
  }
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const counted = kernel?.histogramCounts(data, bins, lo, hi) ?? null;
  if (counted !== null) return { lo, hi, counts: counted };
  const counts = new Array<number>(bins).fill(0);
  const step = (hi - lo) / bins;
  const perUnit = bins / (hi - lo);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v >= lo && v <= hi)) continue;
    let k = Math.floor((v - lo) * perUnit);
    // the product can round across an edge: settle against the edges themselves
    if (k >= bins) k = bins - 1;
    else if (k > 0 && v < lo + k * step) k--;
    else if (k < bins - 1 && v >= lo + (k + 1) * step) k++;
    counts[k]++;
  }
  return { lo, hi, counts };
}

function gridStride(length: number, maxSamples: number): number {
  if (length <= maxSamples) return 1;
  let stride = Math.ceil(length / maxSamples);
  while (!isPrime(stride)) stride++;
  return stride;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/**
 * Exact median (NaN ignored, mean of the two middle values for an even count) in little
 * memory: a histogram finds the bin holding the middle rank, then only that bin's values are
 * selected. A whole master (64 MB at 4096²) is never copied, so finishing it stays inside the
 * memory budget; `median` would copy it as float64 (128 MB). A `kernel` (data in its memory)
 * takes the passes in WebAssembly when every pixel is finite (medianByKernel), to the same value.
 */
export function medianLowMemory(data: Float32Array, bins = 65_536, kernel: StatisticsKernel | null = null): number {
  const counted = kernel === null ? null : medianByKernel(data, kernel);
  if (counted !== null) return counted;
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === v) {
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (n === 0) return NaN;
  if (min === max) return min;
  // A range too wide for the bin arithmetic (±3e38): fall back to the copying median.
  if (!Number.isFinite(max - min)) return median(data);
  const lowRank = (n - 1) >> 1;
  const highRank = n >> 1;
  const [low, high] = valuesAtRanks(data, lowRank, highRank, min, max, bins);
  return (low + high) / 2;
}

/**
 * The values of ranks `lowRank` ≤ `highRank` (0-based, NaN ignored) among values in
 * [min, max]: one pass to histogram, one to collect the bins that hold the two ranks.
 */
function valuesAtRanks(data: Float32Array, lowRank: number, highRank: number, min: number, max: number, bins: number): [number, number] {
  const counts = new Uint32Array(bins);
  const scale = bins / (max - min);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === v) counts[Math.min(bins - 1, Math.floor((v - min) * scale))]++;
  }
  const { firstBin, lastBin, below, through } = binsHoldingRanks(counts, lowRank, highRank);
  const held = new Float64Array(through - below);
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) continue;
    const bin = Math.min(bins - 1, Math.floor((v - min) * scale));
    if (bin >= firstBin && bin <= lastBin) held[k++] = v;
  }
  held.sort();
  return [held[lowRank - below], held[highRank - below]];
}

/**
 * The run of histogram bins [firstBin, lastBin] holding ranks lowRank ≤ highRank (0-based), with
 * the values below it and through it: the ranks' values are among ranks below … through − 1.
 */
function binsHoldingRanks(counts: ArrayLike<number>, lowRank: number, highRank: number): { firstBin: number; lastBin: number; below: number; through: number } {
  let firstBin = 0;
  let below = 0;
  while (below + counts[firstBin] <= lowRank) below += counts[firstBin++];
  let lastBin = firstBin;
  let through = below + counts[firstBin];
  while (through <= highRank) through += counts[++lastBin];
  return { firstBin, lastBin, below, through };
}

/**
 * medianLowMemory through the statistics kernel: one SIMD pass counts the pixels per rank bin
 * (bins that keep the order of the values, rank-bins-simd.ts), which finds the bins holding the
 * middle ranks; a second collects those bins' values (the kernel, or this loop when they
 * outnumber its room). Null when some pixel is not finite, or when the collected count
 * disagrees (the JavaScript path then decides). Exported for its tests.
 */
export function medianByKernel(data: Float32Array, kernel: StatisticsKernel): number | null {
  const { min, max, finite } = kernel.summary(data);
  const n = data.length;
  if (finite !== n || n === 0) return null;
  if (min === max) return min;
  const binned = kernel.rankCounts(data, HISTOGRAM_KERNEL_MAX_BINS, min, max);
  if (binned === null) return null;
  const lowRank = (n - 1) >> 1;
  const highRank = n >> 1;
  const { firstBin, lastBin, below, through } = binsHoldingRanks(binned.counts, lowRank, highRank);
  const wanted = through - below;
  const collected = wanted <= kernel.collectCapacity ? kernel.collectRankBins(data, binned, firstBin, lastBin) : null;
  const held = collected === null ? collectInJavaScript(data, binned, firstBin, lastBin, wanted) : Float64Array.from(collected);
  if (held === null || held.length !== wanted) return null;
  held.sort();
  return (held[lowRank - below] + held[highRank - below]) / 2;
}

/** The values in rank bins [first, last], when there are exactly `wanted` of them; else null. */
function collectInJavaScript(data: Float32Array, binned: RankBins, first: number, last: number, wanted: number): Float64Array | null {
  const { min, scale, top } = binned;
  const held = new Float64Array(wanted);
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    const bin = rankBin(data[i], min, scale, top);
    if (bin >= first && bin <= last) {
      if (k === wanted) return null;
      held[k++] = data[i];
    }
  }
  return k === wanted ? held : null;
}
