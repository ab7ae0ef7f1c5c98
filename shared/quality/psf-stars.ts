/**
 * The frame's PSF from its brightest clean stars: their shapes (adaptive moments), the profile
 * fit of the brightest few (FWHM, β), the Gaussian template every candidate is then fitted with,
 * and how the template's amplitude relates to a star's peak.
 */
import { medianOfList } from '../pixels/statistics';
import type { Candidate } from './detect-stars';
import type { PixelRows } from './pixel-rows';
import { matchTemplate, type PsfTemplate } from './psf-template';
import { skyAt } from './sky-between-cells';
import type { SkyMesh } from './sky-mesh';
import { adaptiveMoments, createPatch, distortion, fitProfile, largestEigenvalue, type Covariance, type StarMoments, type StarPsf } from './star-shape';

/** PSF stars need a peak of at least this many σ: fainter fits are too noisy to use. */
export const PSF_MIN_SNR = 10;
/**
 * Shapes are averaged with weights SNR² / (1 + SNR/50): inverse variance while the sky's noise
 * dominates, growing only as SNR where the star's own photon noise takes over (about there for a
 * typical sky), so the few brightest stars do not decide alone.
 */
const SHAPE_PHOTON_SNR = 50;

/** A PSF star: its moments and its profile fit. */
export interface PsfStar {
  readonly moments: StarMoments;
  readonly fit: StarPsf;
}

/** A clean star's shape and the weight it has in the mean shape. */
export interface Shape {
  readonly e: [number, number];
  readonly snr: number;
}

/**
 * The brightest candidates that are unsaturated, away from the edge and from any neighbour a
 * fifth as bright: their moments (up to `shapeLimit`) for the mean shape, and the profile fits
 * of the brightest `fitLimit` for the FWHM. Moments cost a few passes over a small cut-out; a fit
 * costs more, and a hundred of them fix the median FWHM well enough.
 */
export function measurePsfStars(image: PixelRows, mesh: SkyMesh, candidates: Candidate[], isSaturated: (x: number, y: number, r: number) => boolean, fitLimit: number, shapeLimit: number): { shapes: Shape[]; psf: PsfStar[] } {
  const patch = createPatch();
  const psf: PsfStar[] = [];
  const shapes: Shape[] = [];
  const neighbours = new CandidateGrid(candidates, 16);
  let start: number | Covariance = 1.2;
  const first: StarMoments[] = [];
  for (const candidate of candidates) {
    if (psf.length >= fitLimit && shapes.length >= shapeLimit) break;
    // sorted by significance, which a PSF star's peak exceeds (binning 2×2 adds more than it takes)
    if (candidate.significance < PSF_MIN_SNR) break;
    const { level, sigma } = skyAt(mesh, candidate.x, candidate.y);
    const moments = adaptiveMoments(image, level, candidate.x, candidate.y, start, 12, patch);
    if (moments === null || !(moments.amplitude >= PSF_MIN_SNR * sigma)) continue;
    const reach = 3 * 2.3548 * Math.sqrt(largestEigenvalue(moments.cxx, moments.cyy, moments.cxy));
    if (moments.x < reach || moments.y < reach || moments.x > image.width - 1 - reach || moments.y > image.height - 1 - reach) continue;
    if (isSaturated(moments.x, moments.y, reach / 2)) continue;
    if (neighbours.brighterNear(candidate, moments.x, moments.y, reach, 0.2 * candidate.significance)) continue;
    if (first.length < 5) {
      first.push(moments);
      // the next stars start from the PSF the first five share: a few iterations instead of a dozen
      if (first.length === 5) start = { cxx: medianOfList(first.map((m) => m.cxx)), cyy: medianOfList(first.map((m) => m.cyy)), cxy: medianOfList(first.map((m) => m.cxy)) };
    }
    if (shapes.length < shapeLimit) shapes.push({ e: distortion(moments), snr: moments.amplitude / sigma });
    if (psf.length >= fitLimit) continue;
    const fit = fitProfile(image, level, moments, patch);
    if (fit !== null) psf.push({ moments, fit });
  }
  return { shapes, psf };
}

/**
 * Peak of the fitted profile per amplitude of the template fit, median over the PSF stars: the
 * Gaussian template underestimates a Moffat star's sharper peak (by ~10 % at β = 2.5), and
 * the threshold is on the peak.
 */
export function peakPerTemplateAmplitude(image: PixelRows, mesh: SkyMesh, psf: PsfStar[], template: PsfTemplate): number {
  const patch = createPatch();
  const ratios: number[] = [];
  for (const star of psf) {
    const match = matchTemplate(image, skyAt(mesh, star.moments.x, star.moments.y).level, template, star.moments.x, star.moments.y, patch);
    if (match !== null && match.amplitude > 0) ratios.push(star.fit.peak / match.amplitude);
  }
  return ratios.length === 0 ? 1 : medianOfList(ratios);
}

/**
 * The mean shape (e1, e2) of the clean stars, weighted (see SHAPE_PHOTON_SNR) after leaving out
 * those 4 σ from the median. Why not the median of each star's eccentricity: e = √(2|e|/(1 + |e|))
 * grows as the square root of the noise in the shape, so perfectly round stars at SNR 50 each read
 * e ≈ 0.3; the noise in e1 and e2 averages out.
 */
export function meanShape(shapes: Shape[]): [number, number] {
  const m1 = medianOfList(shapes.map((s) => s.e[0]));
  const m2 = medianOfList(shapes.map((s) => s.e[1]));
  const spread = 1.4826 * medianOfList(shapes.map((s) => Math.hypot(s.e[0] - m1, s.e[1] - m2)));
  let w = 0, s1 = 0, s2 = 0;
  for (const s of shapes) {
    if (Math.hypot(s.e[0] - m1, s.e[1] - m2) > 4 * spread + 1e-9) continue;
    const weight = (s.snr * s.snr) / (1 + s.snr / SHAPE_PHOTON_SNR);
    w += weight;
    s1 += weight * s.e[0];
    s2 += weight * s.e[1];
  }
  return w > 0 ? [s1 / w, s2 / w] : [m1, m2];
}

/** Candidates looked up by position: is there one at least `significance` within `radius` of (x, y), other than `self`? */
class CandidateGrid {
  private readonly cells = new Map<number, Candidate[]>();
  constructor(candidates: Candidate[], private readonly cell: number) {
    for (const c of candidates) {
      const key = this.key(Math.floor(c.x / cell), Math.floor(c.y / cell));
      const slot = this.cells.get(key);
      if (slot) slot.push(c);
      else this.cells.set(key, [c]);
    }
  }
  private key(cx: number, cy: number): number {
    return cy * 65536 + cx;
  }
  brighterNear(self: Candidate, x: number, y: number, radius: number, significance: number): boolean {
    const reach = Math.ceil(radius / this.cell);
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        for (const other of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          if (other !== self && other.significance >= significance && Math.hypot(other.x - x, other.y - y) < radius && Math.hypot(other.x - self.x, other.y - self.y) > 1.5) return true;
        }
      }
    }
    return false;
  }
}

