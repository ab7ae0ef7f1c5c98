/**
 * The full passes of image statistics in JavaScript: min, max, sum and count of the finite
 * pixels, and the count of pixels above a threshold. imageStatistics runs them where no
 * statistics kernel is given; the kernel (statistics-simd.ts) runs them over whole vectors and
 * finishes the last pixels with them.
 */

/** Exact one-pass figures of the finite pixels. */
export interface ImageSummary {
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly finite: number;
}

const NOTHING: ImageSummary = { min: Infinity, max: -Infinity, sum: 0, finite: 0 };

/** `so far` carried on over data[start, end): min, max, sum and count of the finite values. */
export function summarizeRange(data: ArrayLike<number>, start = 0, end = data.length, soFar: ImageSummary = NOTHING): ImageSummary {
  let { min, max, sum, finite } = soFar;
  for (let i = start; i < end; i++) {
    const v = data[i];
    if (v - v === 0) {
      sum += v;
      finite++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max, sum, finite };
}

/** Values of data[start, end) with threshold < v < +∞. */
export function countAboveRange(data: ArrayLike<number>, threshold: number, start = 0, end = data.length): number {
  let count = 0;
  for (let i = start; i < end; i++) if (data[i] > threshold && data[i] < Infinity) count++;
  return count;
}
