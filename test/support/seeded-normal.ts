/**
 * A small seeded Gaussian source for Monte Carlo noise bounds in tests (independent of the
 * demo's own generator, so a bound is not derived from the code under test).
 */
export function seededNormal(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Median of a small array (sorts a copy). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** RMS of the median of `n` samples of `draw()`, estimated from `trials` medians. */
export function medianRms(n: number, draw: () => number, trials = 20_000): number {
  let sum = 0;
  for (let t = 0; t < trials; t += 1) {
    const values = Array.from({ length: n }, draw);
    const m = medianOf(values);
    sum += m * m;
  }
  return Math.sqrt(sum / trials);
}
