/**
 * Bias and dark current per pixel, from master darks that still hold the bias (a night, or a
 * library, without bias frames) at two or more exposures: dark_i = bias + rate · t_i. With two
 * exposures the line through both; with more, Theil–Sen: the median of the pairwise slopes, then
 * the median of dark_i − rate · t_i, so one master's bad pixel does not bend the fit. A pixel
 * with fewer than two finite values gives NaN for both.
 */

/** Fits pixels [start, end) of `darks` (one Float32Array per exposure) into `bias` and `rate` (per second). */
export function fitBiasAndRate(darks: readonly Float32Array[], exposures: readonly number[], bias: Float32Array, rate: Float32Array, start = 0, end = bias.length): void {
  const k = darks.length;
  if (k < 2 || exposures.length !== k) throw new RangeError(`fitBiasAndRate: needs two or more darks with their exposures, got ${k} and ${exposures.length}`);
  if (new Set(exposures).size !== k || exposures.some((t) => !Number.isFinite(t) || t < 0)) {
    throw new RangeError(`fitBiasAndRate: the exposures must be distinct and non-negative, got ${exposures.join(', ')}`);
  }
  const slopes = new Float64Array((k * (k - 1)) / 2);
  const residuals = new Float64Array(k);
  for (let p = start; p < end; p++) {
    if (k === 2) {
      const a = darks[0][p];
      const b = darks[1][p];
      const r = (b - a) / (exposures[1] - exposures[0]);
      rate[p] = r;
      bias[p] = a - r * exposures[0];
      continue;
    }
    let n = 0;
    for (let i = 0; i < k; i++) {
      const di = darks[i][p];
      if (di !== di) continue;
      for (let j = i + 1; j < k; j++) {
        const dj = darks[j][p];
        if (dj === dj) slopes[n++] = (dj - di) / (exposures[j] - exposures[i]);
      }
    }
    if (n === 0) {
      rate[p] = NaN;
      bias[p] = NaN;
      continue;
    }
    const r = medianOf(slopes, n);
    let m = 0;
    for (let i = 0; i < k; i++) {
      const di = darks[i][p];
      if (di === di) residuals[m++] = di - r * exposures[i];
    }
    rate[p] = r;
    bias[p] = medianOf(residuals, m);
  }
}

/** The median of values[0..n) (sorted in place; n is small). */
function medianOf(values: Float64Array, n: number): number {
  const part = values.subarray(0, n).sort();
  const middle = n >> 1;
  return n % 2 === 1 ? part[middle] : (part[middle - 1] + part[middle]) / 2;
}
