/**
 * The Moffat–Gaussian profile of star-shape.ts and its fit: I(r) = B + A·(1 + (2^u − 1)(2r/F)²)^(−1/u),
 * u = 1/β, running continuously into the Gaussian exp(−ln 2·(2r/F)²) as u → 0, so one fit serves
 * both and F is the FWHM whatever β is. Four parameters on a few dozen rings: analytic derivatives
 * (in u a numerical one near the Gaussian end only), and no allocation per step (it runs for
 * every PSF star).
 */

/** The profile I(r) = B + A·P(r; F, u) of fitProfile. */
export function moffatGauss(r: number, amplitude: number, fwhm: number, u: number, background: number): number {
  const x = ((2 * r) / fwhm) ** 2;
  const shape = u < 1e-6 ? Math.exp(-Math.LN2 * x) : Math.exp(-Math.log1p(Math.expm1(u * Math.LN2) * x) / u);
  return background + amplitude * shape;
}

const U_MAX = 1; // β ≥ 1

/**
 * Levenberg–Marquardt on (A, F, u, B) from `start` for the rings at radii `rs` with mean values
 * `vs`, weighted by their pixel counts `ns`; F and u kept in bounds; null when it fails.
 */
export function fitMoffatGauss(rs: number[], vs: number[], ns: number[], start: number[]): number[] | null {
  const p = start.slice();
  const n = rs.length;
  const trial = [0, 0, 0, 0];
  const cost = (q: number[]) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = vs[i] - moffatGauss(rs[i], q[0], q[1], q[2], q[3]);
      s += ns[i] * d * d;
    }
    return s;
  };
  let current = cost(p);
  let lambda = 1e-3;
  const JtJ = new Float64Array(16);
  const Jtr = new Float64Array(4);
  const A = new Float64Array(16);
  const J = [0, 0, 0, 0];
  for (let iteration = 0; iteration < 30; iteration++) {
    JtJ.fill(0);
    Jtr.fill(0);
    const [amplitude, fwhm, u, background] = p;
    const c = Math.expm1(u * Math.LN2);
    const cOverU = u < 1e-6 ? Math.LN2 : c / u;
    const du = u < 0.5 ? 1e-4 : -1e-4;
    // ∂shape/∂u analytically where u is not near 0: shape·(ln(1 + cx)/u² − x·ln2·(1 + c)/(u(1 + cx)));
    // near the Gaussian end by a difference, where that form cancels badly
    const analytic = u >= 1e-3;
    for (let i = 0; i < n; i++) {
      const x = ((2 * rs[i]) / fwhm) ** 2;
      const log = analytic ? Math.log1p(c * x) : 0;
      const shape = u < 1e-6 ? Math.exp(-Math.LN2 * x) : Math.exp(-(analytic ? log : Math.log1p(c * x)) / u);
      J[0] = shape;
      J[1] = (amplitude * shape * cOverU * 2 * x) / ((1 + c * x) * fwhm);
      J[2] = analytic
        ? amplitude * shape * (log / (u * u) - (x * Math.LN2 * (1 + c)) / (u * (1 + c * x)))
        : (moffatGauss(rs[i], amplitude, fwhm, u + du, background) - background - amplitude * shape) / du;
      J[3] = 1;
      const weight = ns[i];
      const residual = vs[i] - background - amplitude * shape;
      for (let a = 0; a < 4; a++) {
        Jtr[a] += weight * J[a] * residual;
        for (let b = a; b < 4; b++) JtJ[a * 4 + b] += weight * J[a] * J[b];
      }
    }
    for (let a = 0; a < 4; a++) for (let b = 0; b < a; b++) JtJ[a * 4 + b] = JtJ[b * 4 + a];
    let improved = false;
    for (let attempt = 0; attempt < 10; attempt++) {
      A.set(JtJ);
      for (let a = 0; a < 4; a++) A[a * 5] *= 1 + lambda;
      const delta = solve4(A, Jtr);
      if (delta === null) return null;
      for (let k = 0; k < 4; k++) trial[k] = p[k] + delta[k];
      trial[1] = Math.min(Math.max(trial[1], 0.3), 200);
      trial[2] = Math.min(Math.max(trial[2], 0), U_MAX);
      const next = cost(trial);
      if (next < current) {
        const relative = (current - next) / Math.max(current, 1e-300);
        for (let k = 0; k < 4; k++) p[k] = trial[k];
        current = next;
        lambda = Math.max(lambda / 3, 1e-9);
        improved = relative > 1e-6;
        break;
      }
      lambda *= 4;
    }
    if (!improved) break;
  }
  return p[0] > 0 && Number.isFinite(p[1]) ? p : null;
}

const augmented = new Float64Array(20);
const solution = [0, 0, 0, 0];

/** Gaussian elimination with partial pivoting on a 4×4 system (in module scratch: this runs thousands of times a frame). */
function solve4(matrix: Float64Array, rhs: Float64Array): number[] | null {
  const a = augmented;
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) a[r * 5 + c] = matrix[r * 4 + c];
    a[r * 5 + 4] = rhs[r];
  }
  for (let c = 0; c < 4; c++) {
    let pivot = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(a[r * 5 + c]) > Math.abs(a[pivot * 5 + c])) pivot = r;
    if (!(Math.abs(a[pivot * 5 + c]) > 1e-300)) return null;
    if (pivot !== c) {
      for (let k = 0; k < 5; k++) {
        const t = a[c * 5 + k];
        a[c * 5 + k] = a[pivot * 5 + k];
        a[pivot * 5 + k] = t;
      }
    }
    for (let r = c + 1; r < 4; r++) {
      const f = a[r * 5 + c] / a[c * 5 + c];
      for (let k = c; k < 5; k++) a[r * 5 + k] -= f * a[c * 5 + k];
    }
  }
  for (let r = 3; r >= 0; r--) {
    let s = a[r * 5 + 4];
    for (let k = r + 1; k < 4; k++) s -= a[r * 5 + k] * solution[k];
    solution[r] = s / a[r * 5 + r];
  }
  return solution;
}

