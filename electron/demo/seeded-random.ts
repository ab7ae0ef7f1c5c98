/**
 * A small, fast, seeded random source for the synthetic night: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, 32-bit, passes PractRand), filled in bulk, plus the normal
 * and Poisson deviates the camera model needs. Same seed and stream, same numbers, anywhere.
 */

const TWO_POW_32 = 4294967296;
/** Above this mean (in electrons) a Poisson deviate comes from its normal approximation. */
export const POISSON_NORMAL_ABOVE = 40;

/**
 * 65,536 quantiles of the standard normal distribution, rescaled to variance 1: indexed by
 * 16 random bits they give a normal deviate for a table lookup. Mean 0, variance 1, tails cut
 * at ±4.3σ: right for camera noise, and about ten times faster than the polar method here
 * (a 512² frame needs a quarter of a million of them).
 */
export const NORMAL_QUANTILES: Float32Array = buildNormalQuantiles(1 << 16);

/** One stream of random numbers. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private counter = 1;
  private readonly one = new Uint32Array(1);

  /** A stream from a seed and a stream number: different streams are independent for our use. */
  constructor(seed: number, stream = 0) {
    let state = mix32((seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9));
    this.a = state = mix32(state + 0x6a09e667);
    this.b = state = mix32(state + 0xbb67ae85);
    this.c = mix32(state + 0x3c6ef372);
    this.fillUint32(new Uint32Array(12));
  }

  /** Fill `target` with uniform 32-bit unsigned integers (the generator's state kept in locals: the hot loop). */
  fillUint32(target: Uint32Array): void {
    let { a, b, c, counter } = this;
    for (let i = 0; i < target.length; i++) {
      const t = (((a + b) | 0) + counter) | 0;
      counter = (counter + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      target[i] = t >>> 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.counter = counter;
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    this.fillUint32(this.one);
    return toUnitInterval(this.one[0]);
  }

  /** A standard normal deviate (from the quantile table). */
  normal(): number {
    return NORMAL_QUANTILES[Math.floor(this.uniform() * NORMAL_QUANTILES.length)];
  }
}

/** A uniform 32-bit integer as a number in the open interval (0, 1). */
export function toUnitInterval(bits: number): number {
  return (bits + 0.5) / TWO_POW_32;
}

/** Cumulative probabilities of the last small mean asked for: most pixels of a dark share one mean. */
let cachedMean = -1;
let cachedCumulative: Float64Array = new Float64Array(0);

/**
 * The Poisson deviate of a small mean (≤ POISSON_NORMAL_ABOVE) for the uniform `u`, exactly,
 * by inversion of the cumulative distribution.
 */
export function poissonByInversion(mean: number, u: number): number {
  if (mean !== cachedMean) {
    cachedMean = mean;
    cachedCumulative = poissonCumulative(mean);
  }
  const cumulative = cachedCumulative;
  let k = 0;
  while (k < cumulative.length - 1 && u > cumulative[k]) k++;
  return k;
}

/** P(X ≤ k) for k = 0, 1, … until it is 1 to double precision (the last entry is 1). */
function poissonCumulative(mean: number): Float64Array {
  const values: number[] = [];
  let p = Math.exp(-mean);
  let sum = p;
  for (let k = 0; sum < 1 - 1e-15 && k < 1000; ) {
    values.push(sum);
    k++;
    p *= mean / k;
    sum += p;
  }
  values.push(1);
  return Float64Array.from(values);
}

/** A 32-bit integer hash (MurmurHash3's finaliser): spreads nearby seeds apart. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function buildNormalQuantiles(count: number): Float32Array {
  const table = new Float64Array(count);
  let sumSquares = 0;
  for (let k = 0; k < count; k++) {
    table[k] = inverseNormal((k + 0.5) / count);
    sumSquares += table[k] * table[k];
  }
  // Symmetric, so the mean is 0; rescale so that the variance is exactly 1.
  const scale = 1 / Math.sqrt(sumSquares / count);
  return Float32Array.from(table, (z) => z * scale);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
