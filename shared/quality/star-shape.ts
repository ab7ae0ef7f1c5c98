/**
 * One star, measured on a small cut-out of the full-resolution image.
 *
 * Shape: adaptive moments (Bernstein & Jarvis 2002): second moments under an elliptical
 * Gaussian weight that is iterated until it matches the star. A plain windowed moment is
 * dominated by the window and by Moffat wings; the adaptive weight is not, and for any
 * elliptical profile it converges to the profile's own axis ratio and orientation.
 *
 * Width: moments still measure a Moffat star's "Gaussian-equivalent" size, 5–15 % off its FWHM
 * depending on β. So the FWHM comes from a fit of a profile that runs from Moffat (β ≥ 1) to
 * Gaussian (β → ∞) continuously, I(r) = B + A·(1 + (2^u − 1)(2r/F)²)^(−1/u), u = 1/β (u → 0 is
 * exp(−ln 2·(2r/F)²)), to the star's mean values in thin rings of elliptical radius. F is the
 * FWHM directly whatever β is. A pixel integrates the PSF over its area, which adds 1/12 px² to
 * each axis' variance (exact for a Gaussian, close for a Moffat): taken out of each axis, so a
 * 2-px star reads 2 px, not 2.11.
 */
import { cutoutKernelOf, type CutoutKernel } from './cutout-kernel';
import type { PixelRows, WasmPixels } from './pixel-rows';
import { fitMoffatGauss } from './profile-fit';

/** 8 ln 2 / 12: what a pixel's area adds to FWHM² (px²) of a Gaussian. */
const PIXEL_FWHM2 = (8 * Math.LN2) / 12;
const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
/** The adaptive weight counts where q = dᵀC⁻¹d ≤ 16: 4 σ of it (the JavaScript loop and the kernel's pass alike). */
const WEIGHT_WINDOW_Q = 16;

/** Gaussian-equivalent covariance (px²) of a star as sampled, and its centre. */
export interface StarMoments {
  readonly x: number;
  readonly y: number;
  readonly cxx: number;
  readonly cyy: number;
  readonly cxy: number;
  /** Peak of the matched Gaussian above the sky. */
  readonly amplitude: number;
}

/** A cut-out: values minus the sky level, NaN outside the image. */
export interface Patch {
  values: Float32Array;
  x0: number;
  y0: number;
  side: number;
  /**
   * The kernel whose scratch `values` lies in (pixels in a WebAssembly memory), which then also runs
   * the loops over them; else null. All patches of an image share that scratch: a patch's values
   * hold until the next readPatch of any of them (every use reads its cut-out first).
   */
  kernel: CutoutKernel | null;
  /** The patch's own array, for pixels anywhere else (grow-only). */
  own: Float32Array;
}

/** An empty reusable patch. */
export function createPatch(): Patch {
  return { values: new Float32Array(0), x0: 0, y0: 0, side: 0, kernel: null, own: new Float32Array(0) };
}

/** Pixels within `radius` of (round(x), round(y)) minus `level` into `patch`. */
export function readPatch(image: PixelRows, x: number, y: number, radius: number, level: number, patch: Patch): Patch {
  const side = 2 * radius + 1;
  const found = image.wasm === undefined ? null : cutoutKernelOf(image as PixelRows & { wasm: WasmPixels });
  const kernel = found !== null && side * side <= found.values.length ? found : null;
  patch.kernel = kernel;
  if (kernel !== null) {
    patch.values = kernel.values;
  } else {
    if (patch.own.length < side * side) patch.own = new Float32Array(side * side);
    patch.values = patch.own;
  }
  const values = patch.values;
  patch.x0 = Math.round(x) - radius;
  patch.y0 = Math.round(y) - radius;
  patch.side = side;
  const xa = Math.max(0, patch.x0);
  const xb = Math.min(image.width, patch.x0 + side);
  const ya = Math.max(0, patch.y0);
  const yb = Math.min(image.height, patch.y0 + side);
  // NaN where the cut-out leaves the image; one wholly inside is written whole (filling shared memory first cost as much as half the read)
  if (kernel === null || xb - xa < side || yb - ya < side) values.fill(NaN, 0, side * side);
  if (kernel !== null) {
    // every row inside the image in one call, straight from where the pixels lie
    if (xb > xa && yb > ya) kernel.cutout(xa, ya, yb - ya, xb - xa, side, (ya - patch.y0) * side + (xa - patch.x0), level);
    return patch;
  }
  for (let r = 0; r < side; r++) {
    const yy = patch.y0 + r;
    if (yy < 0 || yy >= image.height || xb <= xa) continue;
    image.readRow(yy, xa, xb - xa, values, r * side + (xa - patch.x0));
    for (let i = r * side + (xa - patch.x0), end = i + (xb - xa); i < end; i++) values[i] -= level;
  }
  return patch;
}

/** A 2×2 covariance (px²). */
export interface Covariance {
  readonly cxx: number;
  readonly cyy: number;
  readonly cxy: number;
}

/**
 * Adaptive moments of the star near (x, y): the weight starts as `start` (round of that σ, or a
 * covariance: the frame's PSF so far, which the next stars converge from in a few steps) and
 * becomes the star's own shape; null when it does not converge to a compact positive source
 * (noise, a hot pixel, something larger than `maxSigma`).
 */
export function adaptiveMoments(image: PixelRows, level: number, x: number, y: number, start: number | Covariance, maxSigma: number, patch: Patch): StarMoments | null {
  let cx = x;
  let cy = y;
  let wxx = typeof start === 'number' ? start * start : start.cxx;
  let wyy = typeof start === 'number' ? wxx : start.cyy;
  let wxy = typeof start === 'number' ? 0 : start.cxy;
  let amplitude = 0;
  for (let iteration = 0; iteration < 60; iteration++) {
    const det = wxx * wyy - wxy * wxy;
    const ixx = wyy / det;
    const iyy = wxx / det;
    const ixy = -wxy / det;
    // the cut-out is read again only when the weight outgrows it or the centre leaves its middle pixel
    const radius = Math.min(Math.ceil(4 * Math.sqrt(largestEigenvalue(wxx, wyy, wxy))) + 1, Math.ceil(4 * maxSigma) + 1);
    if (iteration === 0 || 2 * radius + 1 > patch.side || Math.round(cx) !== patch.x0 + (patch.side >> 1) || Math.round(cy) !== patch.y0 + (patch.side >> 1)) {
      readPatch(image, cx, cy, radius + (iteration === 0 ? 1 : 0), level, patch);
    }
    const { values, side, x0, y0, kernel } = patch;
    let s0 = 0, sw2 = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    // exp(−q/2) along each row by recurrence, over the columns where q ≤ WEIGHT_WINDOW_Q (4 σ of the weight):
    // two multiplications a pixel instead of an exponential (the weights agree to 1e-14)
    const kx = Math.exp(-ixx);
    if (kernel !== null) {
      const t = kernel.pass('moments', side, x0, y0, cx, cy, ixx, ixy, iyy, kx, WEIGHT_WINDOW_Q);
      s0 = t[0], sw2 = t[1], sx = t[2], sy = t[3], sxx = t[4], syy = t[5], sxy = t[6];
    } else {
      for (let r = 0; r < side; r++) {
        const dy = y0 + r - cy;
        const span = ellipseSpan(ixx, ixy, iyy, dy, WEIGHT_WINDOW_Q);
        if (span === null) continue;
        const first = Math.max(0, Math.ceil(cx - x0 + span.from));
        const last = Math.min(side - 1, Math.floor(cx - x0 + span.to));
        if (last < first) continue;
        let dx = x0 + first - cx;
        let w = Math.exp(-0.5 * (ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy));
        let ratio = Math.exp(-0.5 * (ixx * (2 * dx + 1) + 2 * ixy * dy));
        for (let i = r * side + first, end = r * side + last; i <= end; i++, dx++, w *= ratio, ratio *= kx) {
          const v = values[i];
          if (v !== v) continue;
          const wv = w * v;
          s0 += wv;
          sw2 += w * w;
          sx += wv * dx;
          sy += wv * dy;
          sxx += wv * dx * dx;
          syy += wv * dy * dy;
          sxy += wv * dx * dy;
        }
      }
    }
    if (!(s0 > 0)) return null;
    const mx = sx / s0;
    const my = sy / s0;
    // the weighted moments of a Gaussian star under a Gaussian weight equal to it are half its covariance
    const nxx = 2 * (sxx / s0 - mx * mx);
    const nyy = 2 * (syy / s0 - my * my);
    const nxy = 2 * (sxy / s0 - mx * my);
    if (!(nxx > 0.01 && nyy > 0.01 && nxx * nyy - nxy * nxy > 1e-4)) return null;
    if (largestEigenvalue(nxx, nyy, nxy) > maxSigma * maxSigma) return null;
    // under a weight equal to the star the weighted mean moves half way to its centre: step twice as far
    cx += Math.max(-1, Math.min(1, 2 * mx));
    cy += Math.max(-1, Math.min(1, 2 * my));
    amplitude = s0 / sw2;
    const change = Math.abs(nxx - wxx) + Math.abs(nyy - wyy) + Math.abs(nxy - wxy);
    // each plain step halves the weight's distance to the star's covariance (exactly, for a
    // Gaussian): stepping twice as far lands on it, where that stays a valid covariance
    const axx = 2 * nxx - wxx;
    const ayy = 2 * nyy - wyy;
    const axy = 2 * nxy - wxy;
    const valid = axx > 0.01 && ayy > 0.01 && axx * ayy - axy * axy > 1e-4;
    wxx = valid ? axx : nxx;
    wyy = valid ? ayy : nyy;
    wxy = valid ? axy : nxy;
    if (Math.abs(cx - x) > 3 * maxSigma || Math.abs(cy - y) > 3 * maxSigma) return null;
    if (change < 1e-3 * (wxx + wyy) && Math.abs(mx) + Math.abs(my) < 1e-3) {
      return { x: cx, y: cy, cxx: wxx, cyy: wyy, cxy: wxy, amplitude };
    }
  }
  return null;
}

/** The star's PSF with the pixel's area taken out: FWHM (geometric mean of the axes, px) and shape. */
export interface StarPsf {
  readonly fwhm: number;
  /** Peak of the fitted profile above the sky (ADU): a pixel's value with the star centred on it. */
  readonly peak: number;
  /** Moffat β of the fit; Infinity for a Gaussian. */
  readonly beta: number;
}

/**
 * Distortion (Cxx − Cyy)/(Cxx + Cyy) and 2Cxy/(Cxx + Cyy) of the star's covariance with the
 * pixel's area (1/12 px² on each axis) taken out: 0 for a round star, |e| = (a² − b²)/(a² + b²).
 */
export function distortion(star: StarMoments): [number, number] {
  const pxx = star.cxx - 1 / 12;
  const pyy = star.cyy - 1 / 12;
  const trace = pxx + pyy;
  return [(pxx - pyy) / trace, (2 * star.cxy) / trace];
}

/**
 * FWHM of the star from a fit of the Moffat–Gaussian profile in rings of the elliptical radius
 * its moments define (radius in px of the geometric-mean axis), out to 3 FWHM; null when the
 * fit fails. `patch` is scratch.
 */
export function fitProfile(image: PixelRows, level: number, star: StarMoments, patch: Patch): StarPsf | null {
  const det = star.cxx * star.cyy - star.cxy * star.cxy;
  const root = Math.sqrt(det);
  // unit-determinant shape: r² = dᵀ N⁻¹ d with N = C/√det C
  const ixx = star.cyy / root;
  const iyy = star.cxx / root;
  const ixy = -star.cxy / root;
  const guess = FWHM_PER_SIGMA * Math.sqrt(root);
  const reach = Math.max(4, 3 * guess);
  const stretch = Math.sqrt(largestEigenvalue(star.cxx, star.cyy, star.cxy) / root);
  readPatch(image, star.x, star.y, Math.ceil(reach * stretch) + 1, level, patch);
  const step = Math.max(0.1, guess / 10);
  const bins = Math.ceil(reach / step);
  const { values, side, x0, y0, kernel } = patch;
  const inKernel = kernel !== null && bins <= kernel.maxBins;
  const sumV = inKernel ? kernel.bins.subarray(0, bins).fill(0) : new Float64Array(bins);
  const sumR = inKernel ? kernel.bins.subarray(bins, 2 * bins).fill(0) : new Float64Array(bins);
  const count = inKernel ? kernel.bins.subarray(2 * bins, 3 * bins).fill(0) : new Float64Array(bins);
  if (inKernel) kernel.rings(side, x0, y0, star.x, star.y, ixx, ixy, iyy, step, bins);
  for (let r = 0; !inKernel && r < side; r++) {
    const dy = y0 + r - star.y;
    for (let c = 0; c < side; c++) {
      const v = values[r * side + c];
      if (v !== v) continue;
      const dx = x0 + c - star.x;
      const radius = Math.sqrt(ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy);
      const k = Math.floor(radius / step);
      if (k >= bins) continue;
      sumV[k] += v;
      sumR[k] += radius;
      count[k]++;
    }
  }
  const rs: number[] = [];
  const vs: number[] = [];
  const ns: number[] = [];
  for (let k = 0; k < bins; k++) {
    if (count[k] === 0) continue;
    rs.push(sumR[k] / count[k]);
    vs.push(sumV[k] / count[k]);
    ns.push(count[k]);
  }
  if (rs.length < 5) return null;
  const start = [star.amplitude, guess, 0.25, 0];
  const fit = inKernel && rs.length <= kernel.maxBins ? kernel.fitProfile(rs, vs, ns, start) : fitMoffatGauss(rs, vs, ns, start);
  if (fit === null) return null;
  const [peak, fwhm, u] = fit;
  // the pixel's area out of each axis: major and minor FWHM from the moments' axis ratio
  const major = largestEigenvalue(star.cxx, star.cyy, star.cxy);
  const minor = det / major;
  const ratio = Math.sqrt(Math.sqrt(major / minor));
  const along = fwhm * ratio;
  const across = fwhm / ratio;
  if (across * across <= PIXEL_FWHM2) return null;
  const corrected = Math.sqrt(Math.sqrt(along * along - PIXEL_FWHM2) * Math.sqrt(across * across - PIXEL_FWHM2));
  return { fwhm: corrected, peak, beta: u === 0 ? Infinity : 1 / u };
}

const span = { from: 0, to: 0 };

/**
 * The offsets dx (from the centre) of row dy inside the ellipse ixx·dx² + 2ixy·dx·dy + iyy·dy² ≤
 * qmax, or null when the row misses it (the result is reused: read it before the next call).
 */
export function ellipseSpan(ixx: number, ixy: number, iyy: number, dy: number, qmax: number): { readonly from: number; readonly to: number } | null {
  const b = ixy * dy;
  const disc = b * b - ixx * (iyy * dy * dy - qmax);
  if (!(disc >= 0)) return null;
  const root = Math.sqrt(disc);
  span.from = (-b - root) / ixx;
  span.to = (-b + root) / ixx;
  return span;
}

/** Largest eigenvalue of the symmetric 2×2 matrix [[xx, xy], [xy, yy]]. */
export function largestEigenvalue(xx: number, yy: number, xy: number): number {
  return (xx + yy) / 2 + Math.sqrt(((xx - yy) / 2) ** 2 + xy * xy);
}
