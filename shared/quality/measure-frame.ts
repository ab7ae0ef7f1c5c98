/**
 * Per-frame quality from the pixels in hand: sky level and noise, saturation, star count,
 * median FWHM and eccentricity, and a PSF signal weight. It never reads the whole frame: a sparse
 * sample grid for the sky, a tenth of the area for stars (at most a million pixels), cut-outs
 * around at most 300 of them (the cost is in test/bench/quality-phases.ts and npm run bench part
 * G). The steps, each in its own module:
 *
 *   1. sky-mesh        robust sky level and σ per 64-px cell from a sparse sample grid
 *   2. detect-stars    2×2-binned local maxima above 0.75·k σ on tiles spread over the field
 *                      (a tenth of it, at most 2²⁰ pixels; more until 100 stars were seen)
 *   3. psf-stars       the brightest clean stars: adaptive moments, then a Moffat–Gaussian fit
 *                      (star-shape, profile-fit) → the frame's FWHM, shape and PSF template
 *   4. count-stars     the candidates fitted with that template (psf-template; 300 at most, a
 *                      sample standing for the rest): a star when its peak over the local
 *                      surroundings is ≥ k σ; hot pixels, streaks, extended blobs, edge and
 *                      duplicate detections are left out
 *
 * A star's peak SNR, which the threshold k is on, is its peak above the sky (a pixel's value with
 * the star centred on it) over the sky's σ there. On a Bayer mosaic everything is measured on 2×2
 * superpixels (the threshold too, in their σ), FWHM given back in mosaic pixels.
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
import { medianOfList } from '../pixels/statistics';
import { countStars, noRejections, type FoundStar, type Rejection } from './count-stars';
import { findCandidates } from './detect-stars';
import { hostPixelRows, superpixelRows, type PixelRows } from './pixel-rows';
import { meanShape, measurePsfStars, peakPerTemplateAmplitude, PSF_MIN_SNR } from './psf-stars';
import { psfTemplate } from './psf-template';
import { saturatedFraction, touchesLevel } from './saturation';
import { measureSky, type ChannelSky } from './sky-mesh';

export type { FoundStar, Rejection } from './count-stars';

/** Bayer patterns: the colours of cells (0,0), (1,0), (0,1), (1,1). */
export type BayerPattern = 'RGGB' | 'BGGR' | 'GRBG' | 'GBRG';

/** Quality figures of one calibrated frame, as measured (the run records them as FrameQuality, quality-record.ts). */
export interface FrameMeasurement {
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
  /** Candidates the count fitted: all of them, or a sample standing for them all (then starsFound, saturatedStars and rejected are estimates). */
  readonly starsFitted: number;
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
  /**
   * Fraction of the frame to search for stars at least (default a tenth, at most MAX_BASE_PIXELS
   * of it: 4 % of a 26 Mpx frame; 1 searches it all).
   */
  readonly coverage?: number;
  /**
   * Most candidates the star count fits with the PSF template; beyond, a sample stands for the
   * rest (count-stars.ts). Default 300; every candidate when `coverage` is 1 (the stars
   * themselves are wanted).
   */
  readonly maxCountFits?: number;
  /** Search beyond `coverage` until this many stars were seen (default 100). */
  readonly minStars?: number;
  /** Most stars fitted for the PSF's profile (FWHM, β), brightest first (default 15: the median FWHM of 15 bright stars is good to ~1 %). */
  readonly maxPsfStars?: number;
  /** Most stars whose moments give the mean shape (eccentricity; default 80). */
  readonly maxShapeStars?: number;
  /** Sky mesh cell in pixels (default 64, more on frames above 4 Mpx: see sky-mesh.ts). */
  readonly meshSize?: number;
}

/** Smallest side, in pixels of the measured image, for a star search. */
const MIN_SIDE = 32;
/** Fewest PSF stars for a FWHM. */
const PSF_MIN_STARS = 3;
/**
 * The default search covers at most this many pixels of the measured image before it stops at
 * 100 stars: a tenth of a 2048² frame, 4 % of a 26 Mpx one. The PSF is as sure from a million
 * pixels of any frame, and the star density nearly (12 % under a tenth's on part G's field, whose
 * stars crowd its centre; bands of 8 binned rows spread it over many places); the tenth of a
 * 26 Mpx frame cost 12 ms to search and 35 ms to count (3,000 candidates).
 */
const MAX_BASE_PIXELS = 1 << 20;
/** Candidates the count fits by default (see maxCountFits). */
const COUNT_FITS = 300;

/** Quality of one calibrated frame (host-order float32, row-major, or any PixelRows). */
export function measureFrame(pixels: Float32Array | PixelRows, width: number, height: number, options: MeasureOptions = {}): FrameMeasurement {
  return measure(pixels, width, height, options, null);
}

/** measureFrame, and the stars it found on the searched part (for overlays and for tests against truth). */
export function measureFrameStars(pixels: Float32Array | PixelRows, width: number, height: number, options: MeasureOptions = {}): { quality: FrameMeasurement; stars: FoundStar[] } {
  const found: FoundStar[] = [];
  return { quality: measure(pixels, width, height, options, found), stars: found };
}

/** `found` (null: not wanted, as by a worker) gets the stars in pixels of the frame. */
function measure(pixels: Float32Array | PixelRows, width: number, height: number, options: MeasureOptions, found: FoundStar[] | null): FrameMeasurement {
  const source = pixels instanceof Float32Array ? hostPixelRows(pixels, width, height) : pixels;
  if (source.width !== width || source.height !== height) throw new RangeError(`measureFrame: the pixels are ${source.width}×${source.height}, not ${width}×${height}`);
  const k = options.detectionSigma ?? 5;
  if (!(k > 0)) throw new RangeError(`measureFrame: detectionSigma must be positive, got ${k}`);
  const pattern = options.bayerPattern ?? null;
  const scale = pattern ? 2 : 1;
  const image = pattern ? superpixelRows(source) : source;
  const { mesh, channels } = measureSky(image, { cellSize: options.meshSize === undefined ? undefined : options.meshSize / scale, mosaic: pattern ? source : null });
  const saturation = options.saturation ?? null;
  const raw = saturation?.raw ? (saturation.raw instanceof Float32Array ? hostPixelRows(saturation.raw, width, height) : saturation.raw) : source;
  const sky = skyFigures(mesh.median, mesh.noise, pattern, channels);
  const base = { ...sky, saturated: saturation ? saturatedFraction(raw, saturation.level) : null };
  const none = { stars: 0, starsFound: 0, starsFitted: 0, saturatedStars: 0, fwhm: null, fwhmArcsec: null, eccentricity: null, beta: null, psfStars: 0 };
  if (image.width < MIN_SIDE || image.height < MIN_SIDE) {
    return { ...base, ...none, rejected: noRejections(), coverage: 0, weight: null, unmeasured: `frame too small (${width}×${height}; stars need ${MIN_SIDE * scale} px a side)` };
  }
  if (!(mesh.noise > 0)) return { ...base, ...none, rejected: noRejections(), coverage: 0, weight: null, unmeasured: 'no sky noise to measure against (blank or constant frame)' };

  const coverage = Math.min(1, Math.max(0, options.coverage ?? Math.min(0.1, MAX_BASE_PIXELS / (image.width * image.height))));
  const detection = findCandidates(image, mesh, {
    bin: pattern ? 1 : 2,
    threshold: (pattern ? 0.6 : 0.75) * k,
    coverage,
    minStars: options.minStars ?? 100,
    confirmSignificance: k,
  });
  const rejected = noRejections();
  rejected.streak = detection.candidates.filter((c) => c.onStreak).length;
  const candidates = detection.candidates.filter((c) => !c.onStreak).sort((a, b) => b.significance - a.significance);
  const isSaturated = saturation ? (x: number, y: number, radius: number) => touchesLevel(raw, x * scale + (scale - 1) / 2, y * scale + (scale - 1) / 2, radius * scale, saturation.level) : () => false;

  const { shapes, psf } = measurePsfStars(image, mesh, candidates, isSaturated, options.maxPsfStars ?? 15, options.maxShapeStars ?? 80);
  const template = psf.length > 0 ? psfTemplate(medianOfList(psf.map((s) => s.moments.cxx)), medianOfList(psf.map((s) => s.moments.cyy)), medianOfList(psf.map((s) => s.moments.cxy))) : psfTemplate(1.5, 1.5, 0);
  const gain = peakPerTemplateAmplitude(image, mesh, psf, template);
  const counted = countStars(image, mesh, candidates, template, k / gain, isSaturated, rejected, options.maxCountFits ?? (coverage >= 1 ? Infinity : COUNT_FITS));
  if (found !== null) for (const star of counted.stars) found.push({ x: star.x * scale + (scale - 1) / 2, y: star.y * scale + (scale - 1) / 2, peakSigma: star.peakSigma * gain, saturated: star.saturated });
  const searched = detection.coverage;

  let fwhm: number | null = null;
  let eccentricity: number | null = null;
  let beta: number | null = null;
  let unmeasured: string | null = null;
  if (counted.found === 0) unmeasured = `no stars above ${k}σ`;
  else if (psf.length < PSF_MIN_STARS) unmeasured = `too few clean stars for the PSF (${psf.length} unsaturated, isolated stars above ${PSF_MIN_SNR}σ; ${PSF_MIN_STARS} needed)`;
  else {
    fwhm = medianOfList(psf.map((s) => s.fit.fwhm)) * scale;
    const e = Math.hypot(...meanShape(shapes));
    eccentricity = Math.sqrt((2 * e) / (1 + e));
    beta = medianOfList(psf.map((s) => s.fit.beta));
  }
  return {
    ...base,
    stars: Math.round(counted.found / Math.max(searched, 1e-9)),
    starsFound: counted.found,
    saturatedStars: counted.saturated,
    rejected,
    coverage: searched,
    starsFitted: counted.fitted,
    fwhm,
    fwhmArcsec: fwhm !== null && options.pixelScale ? fwhm * options.pixelScale : null,
    eccentricity,
    beta,
    psfStars: fwhm === null ? 0 : psf.length,
    weight: counted.found === 0 ? null : counted.snr2 / Math.max(detection.baseCoverage, 1e-9),
    unmeasured,
  };
}

function skyFigures(level: number, noise: number, pattern: BayerPattern | null, channels: ChannelSky[] | null): Pick<FrameMeasurement, 'background' | 'noise' | 'channels'> {
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


