/** Deterministic random numbers for pixel tests: the same frames on every run. */

/** A 32-bit xorshift generator: uniform in [0, 1). */
export function makeRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Normal deviates (Box–Muller) from a uniform generator. */
export function makeGaussian(random: () => number): (mean: number, sigma: number) => number {
  return (mean, sigma) => {
    const u = 1 - random(); // (0, 1]
    const v = random();
    return mean + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** True when both are NaN or both are the same number. */
export function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Indices where two arrays differ (NaN equals NaN); empty when they agree. */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>, limit = 10): string[] {
  const found: string[] = [];
  if (actual.length !== expected.length) return [`lengths ${actual.length} and ${expected.length}`];
  for (let i = 0; i < actual.length && found.length < limit; i++) {
    if (!sameValue(actual[i], expected[i])) found.push(`[${i}] ${actual[i]} ≠ ${expected[i]}`);
  }
  return found;
}
