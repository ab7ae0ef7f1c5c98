/**
 * Confirming faint candidates against the frame's own PSF. Every candidate (there can be
 * thousands) gets a fit of the frame's median star shape, a Gaussian of the median
 * Gaussian-equivalent covariance, with the kernel lowered to zero mean (as DAOFIND does): the
 * amplitude it returns is the star's peak above its *local* surroundings, so a bump of noise on
 * a bright star's wing or on a nebula does not count as a star, while a true star's amplitude
 * is its peak whatever the sky under it.
 */
import { readPatch, type Patch } from './star-shape';
import type { PixelRows } from './pixel-rows';

/** The frame's PSF as a Gaussian: covariance (px²) and the kernel's radius. */
export interface PsfTemplate {
  readonly cxx: number;
  readonly cyy: number;
  readonly cxy: number;
  readonly radius: number;
}

/** The template of covariance (cxx, cyy, cxy): a window of 2 σ along the major axis, at least 2 px. */
export function psfTemplate(cxx: number, cyy: number, cxy: number): PsfTemplate {
  const major = (cxx + cyy) / 2 + Math.sqrt(((cxx - cyy) / 2) ** 2 + cxy * cxy);
  return { cxx, cyy, cxy, radius: Math.max(2, Math.ceil(2 * Math.sqrt(major))) };
}

/** A candidate measured with the template. */
export interface TemplateMatch {
  readonly x: number;
  readonly y: number;
  /** Peak above the local surroundings, from the lowered kernel (ADU). */
  readonly amplitude: number;
  /**
   * Size under the template's weight relative to the template: 0.5 for a point source (the
   * weighted moments of a Gaussian under an equal Gaussian weight are half of it), towards 1 for
   * something much larger (a galaxy, a nebula's knot), towards 0 for something sharper.
   */
  readonly extent: number;
}

/** Fits `template` near (x, y): centre by two re-centred Gaussian-weighted means, then the lowered kernel there. */
export function matchTemplate(image: PixelRows, level: number, template: PsfTemplate, x: number, y: number, patch: Patch): TemplateMatch | null {
  const det = template.cxx * template.cyy - template.cxy * template.cxy;
  const ixx = template.cyy / det;
  const iyy = template.cxx / det;
  const ixy = -template.cxy / det;
  const radius = template.radius;
  const r2max = (radius + 0.5) ** 2;
  readPatch(image, x, y, radius + 2, level, patch);
  // where the pixels lie in a WebAssembly memory, its kernel runs each pass over the rows (the same sums, cutout-kernel.ts)
  const { values, side, x0, y0, kernel } = patch;
  let cx = x;
  let cy = y;
  // the Gaussian along each row by recurrence (two multiplications a pixel), inside the window's circle
  const kx = Math.exp(-ixx);
  for (let iteration = 0; iteration < 2; iteration++) {
    let s0 = 0, sx = 0, sy = 0;
    if (kernel !== null) {
      const t = kernel.pass('centroid', side, x0, y0, cx, cy, ixx, ixy, iyy, kx, r2max);
      s0 = t[0], sx = t[1], sy = t[2];
    } else {
      for (let r = 0; r < side; r++) {
        const dy = y0 + r - cy;
        if (dy * dy > r2max) continue;
        const half = Math.sqrt(r2max - dy * dy);
        const first = Math.max(0, Math.ceil(cx - x0 - half));
        const last = Math.min(side - 1, Math.floor(cx - x0 + half));
        let dx = x0 + first - cx;
        let g = Math.exp(-0.5 * (ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy));
        let ratio = Math.exp(-0.5 * (ixx * (2 * dx + 1) + 2 * ixy * dy));
        for (let i = r * side + first, end = r * side + last; i <= end; i++, dx++, g *= ratio, ratio *= kx) {
          const v = values[i];
          if (v !== v) continue;
          const w = g * v;
          s0 += w;
          sx += w * dx;
          sy += w * dy;
        }
      }
    }
    if (!(s0 > 0)) return null;
    // an equal Gaussian weight sees half of a Gaussian star's offset
    cx += Math.max(-1, Math.min(1, (2 * sx) / s0));
    cy += Math.max(-1, Math.min(1, (2 * sy) / s0));
    if (Math.abs(cx - x) > 2 || Math.abs(cy - y) > 2) return null;
  }
  let n = 0, sumG = 0, sumG2 = 0, sumV = 0, sumGV = 0;
  let s0 = 0, sxx = 0, syy = 0;
  if (kernel !== null) {
    const t = kernel.pass('template', side, x0, y0, cx, cy, ixx, ixy, iyy, kx, r2max);
    n = t[0], sumG = t[1], sumG2 = t[2], sumV = t[3], sumGV = t[4], s0 = t[5], sxx = t[6], syy = t[7];
  } else {
    for (let r = 0; r < side; r++) {
      const dy = y0 + r - cy;
      if (dy * dy > r2max) continue;
      const half = Math.sqrt(r2max - dy * dy);
      const first = Math.max(0, Math.ceil(cx - x0 - half));
      const last = Math.min(side - 1, Math.floor(cx - x0 + half));
      let dx = x0 + first - cx;
      let g = Math.exp(-0.5 * (ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy));
      let ratio = Math.exp(-0.5 * (ixx * (2 * dx + 1) + 2 * ixy * dy));
      for (let i = r * side + first, end = r * side + last; i <= end; i++, dx++, g *= ratio, ratio *= kx) {
        const v = values[i];
        if (v !== v) continue;
        n++;
        sumG += g;
        sumG2 += g * g;
        sumV += v;
        sumGV += g * v;
        s0 += g * v;
        sxx += g * v * dx * dx;
        syy += g * v * dy * dy;
      }
    }
  }
  if (n < 9) return null;
  // Σ (g − ḡ) v / Σ (g − ḡ)²: least squares amplitude with a free constant under the star
  const lowered = sumG2 - (sumG * sumG) / n;
  const amplitude = (sumGV - (sumG * sumV) / n) / lowered;
  const extent = s0 > 0 ? (sxx + syy) / s0 / (template.cxx + template.cyy) : NaN;
  return { x: cx, y: cy, amplitude, extent };
}

/**
 * Squared SNR that photometry with this PSF reaches on a star of peak `amplitude` over sky
 * noise `sigma` (sky-limited): flux² / (σ² · 4π√det C), the flux being A·2π√det C.
 */
export function psfSnr2(template: PsfTemplate, amplitude: number, sigma: number): number {
  const root = Math.sqrt(template.cxx * template.cyy - template.cxy * template.cxy);
  return (Math.PI * root * amplitude * amplitude) / (sigma * sigma);
}
