/**
 * Per-frame quality from the pixels in hand: sky level and noise, saturation, star count,
 * median FWHM and eccentricity, and a PSF signal weight, at a small fraction of a light's
 * calibration time. The steps, each in its own module:
 *
 *   1. sky-mesh        robust sky level and σ per 64-px cell from a sparse sample grid
 *   2. detect-stars    2×2-binned local maxima above 0.75·k σ on tiles spread over the field
 *                      (a tenth of it, more until 100 stars were seen)
 *   3. star-shape      the brightest clean stars: adaptive moments, then a Moffat–Gaussian fit
 *                      → the frame's FWHM, shape and PSF template
 *   4. psf-template    every candidate fitted with that template: a star when its peak over
 *                      the local surroundings is ≥ k σ; hot pixels, streaks, extended blobs,
 *                      edge and duplicate detections are left out
 *
 * Weight: Σ over unsaturated stars of (flux/σ)² / (4π σx σy), the squared SNR that PSF
 * photometry reaches on each star with a sky-limited noise σ, per frame. Like PixInsight's PSF
 * Signal Weight it grows with the stars' flux squared and falls with the noise squared and with
 * the PSF's area (a defocused or hazy frame weighs less), but the figures are not the same scale.
 * The brightest stars dominate the sum, so it is taken over the same tiles in every frame of a
 * size (the base of the search, not the tiles a sparse frame adds): frames of one field then sum
 * the same stars. A meridian flip turns the field under those tiles; the weight then changes
 * with the stars it sums, and compares frames of the same side of the flip best.
 */
import { adaptiveMoments, createPatch, distortion, fitProfile, largestEigenvalue, readPatch, type Covariance, type StarMoments, type StarPsf } from './star-shape';
import { findCandidates, type Candidate } from './detect-stars';
import { hostPixelRows, superpixelRows, type PixelRows } from './pixel-rows';
import { matchTemplate, psfSnr2, psfTemplate, type PsfTemplate } from './psf-template';
import { measureSky, skyAt, type ChannelSky, type SkyMesh as Mesh } from './sky-mesh';
import { medianInPlace } from '../pixels/select';

/** Bayer patterns: the colours of cells (0,0), (1,0), (0,1), (1,1). */
export type BayerPattern = 'RGGB' | 'BGGR' | 'GRBG' | 'GBRG';

/** Quality figures of one calibrated frame. */
export interface FrameQuality {
  /** Median sky, ADU of the calibrated frame (of a mosaic: the mean of its colours' medians). */
  readonly background: number;
  /** Robust σ of the sky, ADU: the median of the mesh cells' 1.4826·MAD (a mosaic: the colours' RMS). */
  readonly noise: number;
  /** Per colour of a Bayer mosaic (R, G1, G2, B: the pattern's cells in reading order); null for a mono frame. */
  readonly channels: readonly { readonly name: string; readonly background: number; readonly noise: number }[] | null;
  /** Fraction of pixels at or above the saturation level (0..1), from a sample of rows; null when no level is known. */
  readonly saturated: number | null;
  /** Stars in the frame (those found on the searched part, scaled by 1/coverage), saturated ones included. */
  readonly stars: number;
  /** Stars found on the searched part, and how many of them were saturated. */
  readonly starsFound: number;
  readonly saturatedStars: number;
  /** Candidates on the searched part left out, by reason (satellite trails, hot pixels…). */
  readonly rejected: Readonly<Record<Rejection, number>>;
  /** Fraction of the frame searched for stars (0..1). */
  readonly coverage: number;
  /** Median FWHM in pixels of the frame (geometric mean of each star's axes, the pixel's own area taken out). */
  readonly fwhm: number | null;
  /** FWHM in arcsec when a pixel scale was given. */
  readonly fwhmArcsec: number | null;
  /** Eccentricity √(1 − b²/a²) of the median star shape: 0 round … 1 a line. */
  readonly eccentricity: number | null;
  /** Median Moffat β of the PSF stars (Infinity: Gaussian). */
  readonly beta: number | null;
  /** Stars whose PSF was fitted for fwhm, eccentricity and beta. */
  readonly psfStars: number;
  /** PSF signal weight (see above); null when no star was found. */
  readonly weight: number | null;
  /** Why fwhm and eccentricity are null, else null. */
  readonly unmeasured: string | null;
}

/** Why a candidate is not a star. */
export type Rejection = 'streak' | 'edge' | 'faint' | 'hot' | 'extended' | 'duplicate';

/** Options of measureFrame. */
export interface MeasureOptions {
  /** Detection threshold: a star's peak over the local sky in σ (default 5). */
  readonly detectionSigma?: number;
  /** Arcseconds per pixel, for fwhmArcsec. */
  readonly pixelScale?: number | null;
  /** The frame is a Bayer mosaic: measured on 2×2 superpixels, sky also per colour. */
  readonly bayerPattern?: BayerPattern | null;
  /** Saturation: pixels of `raw` (default the frame itself) at or above `level` (see saturation.ts). */
  readonly saturation?: { readonly level: number; readonly raw?: Float32Array | PixelRows | null } | null;
  /** Fraction of the frame to search for stars at least (default 0.1; 1 searches it all). */
  readonly coverage?: number;
  /** Search beyond `coverage` until this many stars were seen (default 100). */
  readonly minStars?: number;
  /** Most stars fitted for the PSF's profile (FWHM, β), brightest first (default 15: the median FWHM of 15 bright stars is good to ~1 %). */
  readonly maxPsfStars?: number;
  /** Most stars whose moments give the mean shape (eccentricity; default 80). */
  readonly maxShapeStars?: number;
  /** Sky mesh cell in pixels (default 64). */
  readonly meshSize?: number;
}

/** Smallest side, in pixels of the measured image, for a star search. */
const MIN_SIDE = 32;
/** PSF stars need a peak of at least this many σ: fainter fits are too noisy to use. */
const PSF_MIN_SNR = 10;
/** Fewest PSF stars for a FWHM. */
const PSF_MIN_STARS = 3;
/** Above this extent (0.5 for a point source) a bright detection is something extended. */
const MAX_EXTENT = 0.75;
/** A peak whose 4 neighbours average less than this fraction of it is a hot pixel or a cosmic ray. */
const HOT_NEIGHBOUR_RATIO = 0.1;
/**
 * Shapes are averaged with weights SNR² / (1 + SNR/50): inverse variance while the sky's noise
 * dominates, growing only as SNR where the star's own photon noise takes over (about there for a
 * typical sky), so the few brightest stars do not decide alone.
 */
const SHAPE_PHOTON_SNR = 50;

/** A star found, in pixels of the frame, with its peak over the local sky in σ. */
export interface FoundStar {
  readonly x: number;
  readonly y: number;
  readonly peakSigma: number;
  readonly saturated: boolean;
}

/** Quality of one calibrated frame (host-order float32, row-major, or any PixelRows). */
export function measureFrame(pixels: Float32Array | PixelRows, width: number, height: number, options: MeasureOptions = {}): FrameQuality {
  return measureFrameStars(pixels, width, height, options).quality;
}

/** measureFrame, and the stars it found on the searched part (for overlays and for tests against truth). */
export function measureFrameStars(pixels: Float32Array | PixelRows, width: number, height: number, options: MeasureOptions = {}): { quality: FrameQuality; stars: FoundStar[] } {
  const found: FoundStar[] = [];
  return { quality: measure(pixels, width, height, options, found), stars: found };
}

function measure(pixels: Float32Array | PixelRows, width: number, height: number, options: MeasureOptions, found: FoundStar[]): FrameQuality {
  const source = pixels instanceof Float32Array ? hostPixelRows(pixels, width, height) : pixels;
  if (source.width !== width || source.height !== height) throw new RangeError(`measureFrame: the pixels are ${source.width}×${source.height}, not ${width}×${height}`);
  const k = options.detectionSigma ?? 5;
  if (!(k > 0)) throw new RangeError(`measureFrame: detectionSigma must be positive, got ${k}`);
  const pattern = options.bayerPattern ?? null;
  const scale = pattern ? 2 : 1;
  const image = pattern ? superpixelRows(source) : source;
  const { mesh, channels } = measureSky(image, { cellSize: (options.meshSize ?? 64) / scale, mosaic: pattern ? source : null });
  const saturation = options.saturation ?? null;
  const raw = saturation?.raw ? (saturation.raw instanceof Float32Array ? hostPixelRows(saturation.raw, width, height) : saturation.raw) : source;
  const sky = skyFigures(mesh.median, mesh.noise, pattern, channels);
  const base = { ...sky, saturated: saturation ? saturatedFraction(raw, saturation.level) : null };
  const none = { stars: 0, starsFound: 0, saturatedStars: 0, fwhm: null, fwhmArcsec: null, eccentricity: null, beta: null, psfStars: 0 };
  if (image.width < MIN_SIDE || image.height < MIN_SIDE) {
    return { ...base, ...none, rejected: noRejections(), coverage: 0, weight: null, unmeasured: `frame too small (${width}×${height}; stars need ${MIN_SIDE * scale} px a side)` };
  }
  if (!(mesh.noise > 0)) return { ...base, ...none, rejected: noRejections(), coverage: 0, weight: null, unmeasured: 'no sky noise to measure against (blank or constant frame)' };

  const detection = findCandidates(image, mesh, {
    bin: pattern ? 1 : 2,
    threshold: (pattern ? 0.6 : 0.75) * k,
    coverage: Math.min(1, Math.max(0, options.coverage ?? 0.1)),
    minStars: options.minStars ?? 100,
    confirmSignificance: k,
  });
  const rejected: Record<Rejection, number> = { streak: 0, edge: 0, faint: 0, hot: 0, extended: 0, duplicate: 0 };
  rejected.streak = detection.candidates.filter((c) => c.onStreak).length;
  const candidates = detection.candidates.filter((c) => !c.onStreak).sort((a, b) => b.significance - a.significance);
  const isSaturated = saturation ? (x: number, y: number, radius: number) => touchesLevel(raw, x * scale + (scale - 1) / 2, y * scale + (scale - 1) / 2, radius * scale, saturation.level) : () => false;

  const { shapes, psf } = measurePsfStars(image, mesh, candidates, isSaturated, options.maxPsfStars ?? 15, options.maxShapeStars ?? 80);
  const template = psf.length > 0 ? psfTemplate(median(psf.map((s) => s.moments.cxx)), median(psf.map((s) => s.moments.cyy)), median(psf.map((s) => s.moments.cxy))) : psfTemplate(1.5, 1.5, 0);
  const gain = peakPerTemplateAmplitude(image, mesh, psf, template);
  const counted = countStars(image, mesh, candidates, template, k / gain, isSaturated, rejected);
  for (const star of counted.stars) found.push({ ...star, x: star.x * scale + (scale - 1) / 2, y: star.y * scale + (scale - 1) / 2, peakSigma: star.peakSigma * gain });
  const coverage = detection.coverage;

  let fwhm: number | null = null;
  let eccentricity: number | null = null;
  let beta: number | null = null;
  let unmeasured: string | null = null;
  if (counted.found === 0) unmeasured = `no stars above ${k}σ`;
  else if (psf.length < PSF_MIN_STARS) unmeasured = `too few clean stars for the PSF (${psf.length} unsaturated, isolated stars above ${PSF_MIN_SNR}σ; ${PSF_MIN_STARS} needed)`;
  else {
    fwhm = median(psf.map((s) => s.fit.fwhm)) * scale;
    const e = Math.hypot(...meanShape(shapes));
    eccentricity = Math.sqrt((2 * e) / (1 + e));
    beta = median(psf.map((s) => s.fit.beta));
  }
  return {
    ...base,
    stars: Math.round(counted.found / Math.max(coverage, 1e-9)),
    starsFound: counted.found,
    saturatedStars: counted.saturated,
    rejected,
    coverage,
    fwhm,
    fwhmArcsec: fwhm !== null && options.pixelScale ? fwhm * options.pixelScale : null,
    eccentricity,
    beta,
    psfStars: fwhm === null ? 0 : psf.length,
    weight: counted.found === 0 ? null : counted.snr2 / Math.max(detection.baseCoverage, 1e-9),
    unmeasured,
  };
}

interface PsfStar {
  readonly moments: StarMoments;
  readonly fit: StarPsf;
}

/** A clean star's shape and the weight it has in the mean shape. */
interface Shape {
  readonly e: [number, number];
  readonly snr: number;
}

/**
 * The brightest candidates that are unsaturated, away from the edge and from any neighbour a
 * fifth as bright: their moments (up to `shapeLimit`) for the mean shape, and the profile fits
 * of the brightest `fitLimit` for the FWHM. Moments cost a few passes over a small cut-out; a fit
 * costs more, and a hundred of them fix the median FWHM well enough.
 */
function measurePsfStars(image: PixelRows, mesh: Mesh, candidates: Candidate[], isSaturated: (x: number, y: number, r: number) => boolean, fitLimit: number, shapeLimit: number): { shapes: Shape[]; psf: PsfStar[] } {
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
      if (first.length === 5) start = { cxx: median(first.map((m) => m.cxx)), cyy: median(first.map((m) => m.cyy)), cxy: median(first.map((m) => m.cxy)) };
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
function peakPerTemplateAmplitude(image: PixelRows, mesh: Mesh, psf: PsfStar[], template: PsfTemplate): number {
  const patch = createPatch();
  const ratios: number[] = [];
  for (const star of psf) {
    const match = matchTemplate(image, skyAt(mesh, star.moments.x, star.moments.y).level, template, star.moments.x, star.moments.y, patch);
    if (match !== null && match.amplitude > 0) ratios.push(star.fit.peak / match.amplitude);
  }
  return ratios.length === 0 ? 1 : median(ratios);
}

/**
 * The mean shape (e1, e2) of the clean stars, weighted (see SHAPE_PHOTON_SNR) after leaving out
 * those 4 σ from the median. Why not the median of each star's eccentricity: e = √(2|e|/(1 + |e|))
 * grows as the square root of the noise in the shape, so perfectly round stars at SNR 50 each read
 * e ≈ 0.3; the noise in e1 and e2 averages out.
 */
function meanShape(shapes: Shape[]): [number, number] {
  const m1 = median(shapes.map((s) => s.e[0]));
  const m2 = median(shapes.map((s) => s.e[1]));
  const spread = 1.4826 * median(shapes.map((s) => Math.hypot(s.e[0] - m1, s.e[1] - m2)));
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

/** Stars among the candidates by the template fit, with the weight's sum. */
function countStars(image: PixelRows, mesh: Mesh, candidates: Candidate[], template: PsfTemplate, minAmplitudeSigma: number, isSaturated: (x: number, y: number, r: number) => boolean, rejected: Record<Rejection, number>): { found: number; saturated: number; snr2: number; stars: FoundStar[] } {
  const patch = createPatch();
  const margin = template.radius + 1;
  const accepted: FoundStar[] = [];
  const grid = new Map<number, FoundStar[]>();
  const duplicateRadius = Math.max(1, 0.5 * 2.3548 * Math.sqrt(Math.sqrt(template.cxx * template.cyy - template.cxy * template.cxy)));
  const cell = Math.max(8, Math.ceil(duplicateRadius));
  const key = (x: number, y: number) => Math.floor(y / cell) * 65536 + Math.floor(x / cell);
  let saturated = 0;
  let snr2 = 0;
  for (const c of candidates) {
    if (c.x < margin || c.y < margin || c.x > image.width - 1 - margin || c.y > image.height - 1 - margin) {
      rejected.edge++;
      continue;
    }
    const { level, sigma } = skyAt(mesh, c.x, c.y);
    const match = matchTemplate(image, level, template, c.x, c.y, patch);
    if (match === null || !(match.amplitude >= minAmplitudeSigma * sigma)) {
      rejected.faint++;
      continue;
    }
    if (isHotPixel(image, match.x, match.y, level, patch)) {
      rejected.hot++;
      continue;
    }
    const starSaturated = isSaturated(match.x, match.y, template.radius);
    if (!starSaturated && match.amplitude >= 2 * minAmplitudeSigma * sigma && match.extent > MAX_EXTENT) {
      rejected.extended++;
      continue;
    }
    let duplicate = false;
    for (let dy = -1; dy <= 1 && !duplicate; dy++) {
      for (let dx = -1; dx <= 1 && !duplicate; dx++) {
        for (const other of grid.get(key(match.x + dx * cell, match.y + dy * cell)) ?? []) {
          if (Math.hypot(other.x - match.x, other.y - match.y) < duplicateRadius) duplicate = true;
        }
      }
    }
    if (duplicate) {
      rejected.duplicate++;
      continue;
    }
    const star: FoundStar = { x: match.x, y: match.y, peakSigma: match.amplitude / sigma, saturated: starSaturated };
    accepted.push(star);
    const slot = grid.get(key(star.x, star.y));
    if (slot) slot.push(star);
    else grid.set(key(star.x, star.y), [star]);
    if (starSaturated) saturated++;
    else if (c.inBase) snr2 += psfSnr2(template, match.amplitude, sigma);
  }
  return { found: accepted.length, saturated, snr2, stars: accepted };
}

/** True when the brightest pixel within 1 px of (x, y) stands alone: its 4 neighbours under HOT_NEIGHBOUR_RATIO of it. */
function isHotPixel(image: PixelRows, x: number, y: number, level: number, patch: ReturnType<typeof createPatch>): boolean {
  readPatch(image, x, y, 2, level, patch);
  const { values, side } = patch;
  let best = 2 * side + 2;
  for (let r = 1; r <= 3; r++) for (let c = 1; c <= 3; c++) if (values[r * side + c] > values[best]) best = r * side + c;
  const peak = values[best];
  const around = (values[best - 1] + values[best + 1] + values[best - side] + values[best + side]) / 4;
  return peak > 0 && !(around >= HOT_NEIGHBOUR_RATIO * peak);
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

/** Fraction of pixels ≥ level over every k-th row (about 2²⁰ pixels in all), read whole. */
function saturatedFraction(raw: PixelRows, level: number): number {
  const { width, height } = raw;
  const step = Math.max(1, Math.ceil((width * height) / (1 << 20)));
  const row = new Float32Array(width);
  let hits = 0;
  let seen = 0;
  for (let y = Math.floor((step - 1) / 2); y < height; y += step) {
    raw.readRow(y, 0, width, row, 0);
    for (let i = 0; i < width; i++) if (row[i] >= level) hits++;
    seen += width;
  }
  return seen === 0 ? 0 : hits / seen;
}

/** True when a pixel of `raw` within `radius` of (x, y) is at or above `level`. */
function touchesLevel(raw: PixelRows, x: number, y: number, radius: number, level: number): boolean {
  const r = Math.ceil(radius);
  const x0 = Math.max(0, Math.round(x) - r);
  const x1 = Math.min(raw.width - 1, Math.round(x) + r);
  if (x1 < x0) return false;
  const row = new Float32Array(x1 - x0 + 1);
  for (let yy = Math.max(0, Math.round(y) - r); yy <= Math.min(raw.height - 1, Math.round(y) + r); yy++) {
    raw.readRow(yy, x0, row.length, row, 0);
    for (let i = 0; i < row.length; i++) if (row[i] >= level) return true;
  }
  return false;
}

function skyFigures(level: number, noise: number, pattern: BayerPattern | null, channels: ChannelSky[] | null): Pick<FrameQuality, 'background' | 'noise' | 'channels'> {
  if (pattern === null || channels === null) return { background: level, noise, channels: null };
  const names = pattern.split('');
  const order = [names.indexOf('R'), names.indexOf('G'), names.lastIndexOf('G'), names.indexOf('B')];
  const named = order.map((cell, i) => ({ name: ['R', 'G1', 'G2', 'B'][i], background: channels[cell].median, noise: channels[cell].noise }));
  return {
    background: named.reduce((s, c) => s + c.background, 0) / 4,
    noise: Math.sqrt(named.reduce((s, c) => s + c.noise * c.noise, 0) / 4),
    channels: named,
  };
}

function noRejections(): Record<Rejection, number> {
  return { streak: 0, edge: 0, faint: 0, hot: 0, extended: 0, duplicate: 0 };
}

function median(values: number[]): number {
  const buf = Float64Array.from(values);
  return medianInPlace(buf, 0, buf.length);
}
