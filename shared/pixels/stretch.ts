/**
 * Display stretches: zscale (IRAF/DS9, as astropy computes it), PixInsight's screen transfer
 * function (auto-stretch), and the mapping of pixels to grey levels. Used in the main process
 * for a preview's DisplayLimits and in the renderer to re-stretch live, so it stays small,
 * exact and allocation-light.
 */
import type { DisplayLimits } from '../contract';
import { DEFAULT_MAX_SAMPLES, MAD_TO_SIGMA, gridSamples } from './statistics';
import { medianInPlace } from './select';

/** The parameters of astropy.visualization.ZScaleInterval, under the same names in camelCase. */
export interface ZScaleOptions {
  /** Values sampled (default 1000). */
  readonly nSamples?: number;
  /** Slope divisor: larger values give a narrower window (default 0.25). */
  readonly contrast?: number;
  /** When more than this fraction of samples is rejected, the limits are min and max (default 0.5). */
  readonly maxReject?: number;
  /** Fewer good samples than this gives min and max (default 5). */
  readonly minNpixels?: number;
  /** Rejection threshold in standard deviations of the residuals (default 2.5). */
  readonly krej?: number;
  /** Fit-and-reject passes at most (default 5). */
  readonly maxIterations?: number;
}

/**
 * IRAF/DS9 zscale exactly as astropy.visualization.ZScaleInterval (n_samples 1000, contrast 0.25,
 * max_reject 0.5, min_npixels 5, krej 2.5, max_iterations 5): a line fitted to the sorted samples
 * with iterative rejection; its slope / contrast sets the window around the median, clipped to
 * the samples' range. Non-finite values are ignored; with none left, z1 = z2 = NaN.
 */
export function zscale(data: ArrayLike<number>, options: ZScaleOptions = {}): { z1: number; z2: number } {
  const nSamples = options.nSamples ?? 1000;
  const contrast = options.contrast ?? 0.25;
  const maxReject = options.maxReject ?? 0.5;
  const minNpixels = options.minNpixels ?? 5;
  const krej = options.krej ?? 2.5;
  const maxIterations = options.maxIterations ?? 5;

  const samples = strideSamples(data, nSamples);
  const npix = samples.length;
  if (npix === 0) return { z1: NaN, z2: NaN };
  samples.sort();
  let z1 = samples[0];
  let z2 = samples[npix - 1];

  const minpix = Math.max(minNpixels, Math.trunc(npix * maxReject));
  const ngrow = Math.max(1, Math.trunc(npix * 0.01));
  // numpy.convolve(mask, ones(ngrow), 'same') spreads a rejected sample over [j − left, j + right]
  const left = (ngrow - 1) >> 1;
  const right = ngrow - 1 - left;
  let bad = new Uint8Array(npix);
  let grown = new Uint8Array(npix);
  let ngood = npix;
  let lastNgood = npix + 1;
  let slope = NaN;

  for (let pass = 0; pass < maxIterations; pass++) {
    if (ngood >= lastNgood || ngood < minpix) break;
    // least-squares line over the good samples (numpy.polyfit with 0/1 weights)
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < npix; i++) {
      if (bad[i] === 0) {
        sx += i;
        sy += samples[i];
      }
    }
    const mx = sx / ngood;
    const my = sy / ngood;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < npix; i++) {
      if (bad[i] === 0) {
        sxx += (i - mx) * (i - mx);
        sxy += (i - mx) * (samples[i] - my);
      }
    }
    slope = sxy / sxx;
    const intercept = my - slope * mx;
    // population standard deviation of the good residuals
    let sr = 0;
    for (let i = 0; i < npix; i++) if (bad[i] === 0) sr += samples[i] - (slope * i + intercept);
    const meanResidual = sr / ngood;
    let srr = 0;
    for (let i = 0; i < npix; i++) {
      if (bad[i] === 0) {
        const d = samples[i] - (slope * i + intercept) - meanResidual;
        srr += d * d;
      }
    }
    const threshold = krej * Math.sqrt(srr / ngood);
    for (let i = 0; i < npix; i++) {
      const residual = samples[i] - (slope * i + intercept);
      if (residual < -threshold || residual > threshold) bad[i] = 1;
    }
    grown.fill(0);
    for (let j = 0; j < npix; j++) {
      if (bad[j] === 0) continue;
      const from = Math.max(0, j - left);
      const to = Math.min(npix - 1, j + right);
      for (let i = from; i <= to; i++) grown[i] = 1;
    }
    [bad, grown] = [grown, bad];
    lastNgood = ngood;
    ngood = 0;
    for (let i = 0; i < npix; i++) if (bad[i] === 0) ngood++;
  }

  if (ngood >= minpix && !Number.isNaN(slope)) {
    const windowSlope = contrast > 0 ? slope / contrast : slope;
    const centerPixel = (npix - 1) >> 1;
    const half = npix >> 1;
    let center = npix % 2 === 1 ? samples[half] : (samples[half - 1] + samples[half]) / 2;
    // numpy takes the median of float32 samples in float32
    if (data instanceof Float32Array) center = Math.fround(center);
    z1 = Math.max(z1, center - (centerPixel - 1) * windowSlope);
    z2 = Math.min(z2, center + (npix - centerPixel) * windowSlope);
  }
  return { z1, z2 };
}

/** The auto-stretch parameters, and the window they give in data units. */
export type AutoStretch = DisplayLimits['autoStretch'] & { lo: number; hi: number };

/**
 * PixInsight STF auto-stretch (shadows clipping −2.8 normalised MAD, target background 0.25), as
 * its AutoSTF script computes it, on data normalised to [0, 1] by its finite min and max:
 * shadows = median + shadowsClip·1.4826·MAD, and the midtones balance that maps the median to
 * the target background. A bright-background image (median ≥ 0.5) is clipped at the highlights
 * instead. Median and MAD come from at most `maxSamples` grid samples.
 */
export function autoStretch(
  data: ArrayLike<number>,
  options: { shadowsClip?: number; targetBackground?: number; maxSamples?: number } = {},
): AutoStretch {
  const shadowsClip = options.shadowsClip ?? -2.8;
  const targetBackground = options.targetBackground ?? 0.25;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v === 0) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const range = max - min;
  if (!(range > 0)) {
    // constant or empty: nothing to stretch
    const level = min === Infinity ? NaN : min;
    return { shadows: 0, midtones: 0.5, highlights: 1, lo: level, hi: level };
  }

  const samples = gridSamples(data, options.maxSamples ?? DEFAULT_MAX_SAMPLES);
  const center = medianInPlace(samples, 0, samples.length);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.abs(samples[i] - center);
  const mad = medianInPlace(samples, 0, samples.length);
  const medianN = (center - min) / range;
  const sigmaN = (MAD_TO_SIGMA * mad) / range;
  const hasSpread = 1 + sigmaN !== 1; // as AutoSTF: a MAD below float resolution clips nothing

  let shadows = 0;
  let highlights = 1;
  let midtones: number;
  if (medianN < 0.5) {
    shadows = hasSpread ? clamp01(medianN + shadowsClip * sigmaN) : 0;
    midtones = midtonesTransfer(medianN - shadows, targetBackground);
  } else {
    highlights = hasSpread ? clamp01(medianN - shadowsClip * sigmaN) : 1;
    midtones = midtonesTransfer(targetBackground, highlights - medianN);
  }
  return { shadows, midtones, highlights, lo: min + shadows * range, hi: min + highlights * range };
}

/**
 * PixInsight's midtones transfer function MTF(x; m) = (m − 1)x / ((2m − 1)x − m) for x in [0, 1]:
 * 0 ↦ 0, m ↦ 0.5, 1 ↦ 1; m = 0.5 is the identity. x outside [0, 1] is clamped.
 */
export function midtonesTransfer(x: number, m: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x === m) return 0.5;
  return ((m - 1) * x) / ((2 * m - 1) * x - m);
}

/** How the lo..hi window is mapped to grey levels. */
export type StretchMode = 'linear' | 'asinh' | 'log';

/** Both display windows of an image: zscale and the auto-stretch. */
export function displayLimits(data: Float32Array, options: { readonly maxSamples?: number } = {}): DisplayLimits {
  const stretch = autoStretch(data, { maxSamples: options.maxSamples });
  return {
    zscale: zscale(data),
    autoStretch: { shadows: stretch.shadows, midtones: stretch.midtones, highlights: stretch.highlights },
  };
}

/** The colour of a NaN (or infinite) pixel: a violet no grey level can be mistaken for. */
export const NAN_RGBA: readonly [number, number, number, number] = [160, 32, 160, 255];

/** astropy's AsinhStretch a: asinh(t/a)/asinh(1/a) is linear below a and logarithmic above. */
const ASINH_A = 0.1;
/** astropy's (and DS9's) LogStretch a: log(a·t + 1)/log(a + 1). */
const LOG_A = 1000;

/** The display window and curve of renderRgba. */
export interface RenderParams {
  /** Data values shown black and white. */
  lo: number;
  hi: number;
  mode: StretchMode;
  /** Midtones balance applied after the curve (0.5, the default, leaves it unchanged). */
  midtones?: number;
}

/**
 * Maps pixels to 0..255 grey into RGBA bytes (for a canvas ImageData): lo..hi window, curve, NaN → a distinct colour.
 * t = (x − lo)/(hi − lo) clamped to [0, 1], then the curve, then the midtones transfer; grey =
 * round(255·t). A window with hi ≤ lo shows pixels ≥ lo white and the rest black.
 */
export function renderRgba(pixels: Float32Array, params: RenderParams, out: Uint8ClampedArray): void {
  if (out.length < pixels.length * 4) {
    throw new RangeError(`renderRgba: out holds ${out.length} bytes, ${pixels.length * 4} are needed`);
  }
  const { lo, hi } = params;
  const curve = toCurve(params);
  const scale = hi > lo ? 1 / (hi - lo) : Infinity;
  const lut = pixels.length >= LUT_MIN_PIXELS ? greyTable(curve) : null;
  const [nanR, nanG, nanB, nanA] = NAN_RGBA;
  for (let i = 0, o = 0; i < pixels.length; i++, o += 4) {
    const x = pixels[i];
    if (!(x - x === 0)) {
      out[o] = nanR;
      out[o + 1] = nanG;
      out[o + 2] = nanB;
      out[o + 3] = nanA;
      continue;
    }
    let t = scale === Infinity ? (x >= lo ? 1 : 0) : (x - lo) * scale;
    t = t <= 0 ? 0 : t >= 1 ? 1 : t;
    let grey = lut === null ? -1 : lut[Math.floor(t * LUT_STEPS + 0.5)];
    if (grey < 0) grey = greyOf(t, curve);
    out[o] = grey;
    out[o + 1] = grey;
    out[o + 2] = grey;
    out[o + 3] = 255;
  }
}

/**
 * A colour preview into RGBA bytes: red, green and blue planes each through its own stretch
 * (so a sky that is brighter in one channel is still drawn neutral); a pixel non-finite in any
 * channel is drawn in the NaN colour.
 */
export function renderColourRgba(planes: readonly [Float32Array, Float32Array, Float32Array], params: readonly [RenderParams, RenderParams, RenderParams], out: Uint8ClampedArray): void {
  const n = planes[0].length;
  if (planes.some((plane) => plane.length !== n)) throw new RangeError('renderColourRgba: the three planes differ in length');
  if (out.length < n * 4) throw new RangeError(`renderColourRgba: out holds ${out.length} bytes, ${n * 4} are needed`);
  const grey = new Uint8ClampedArray(n * 4);
  for (let c = 0; c < 3; c++) {
    renderRgba(planes[c], params[c], grey);
    for (let i = 0, o = 0; i < n; i++, o += 4) out[o + c] = grey[o];
  }
  const [nanR, nanG, nanB, nanA] = NAN_RGBA;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    if (planes[0][i] - planes[0][i] === 0 && planes[1][i] - planes[1][i] === 0 && planes[2][i] - planes[2][i] === 0) {
      out[o + 3] = 255;
      continue;
    }
    out[o] = nanR;
    out[o + 1] = nanG;
    out[o + 2] = nanB;
    out[o + 3] = nanA;
  }
}

interface Curve {
  readonly mode: StretchMode;
  readonly midtones: number;
  readonly asinhNorm: number;
  readonly logNorm: number;
}

function toCurve(params: RenderParams): Curve {
  return { mode: params.mode, midtones: params.midtones ?? 0.5, asinhNorm: 1 / Math.asinh(1 / ASINH_A), logNorm: 1 / Math.log(LOG_A + 1) };
}

/** The grey level of a window position t in [0, 1]. */
function greyOf(t: number, curve: Curve): number {
  if (curve.mode === 'asinh') t = Math.asinh(t / ASINH_A) * curve.asinhNorm;
  else if (curve.mode === 'log') t = Math.log(LOG_A * t + 1) * curve.logNorm;
  if (curve.midtones !== 0.5) t = midtonesTransfer(t, curve.midtones);
  return Math.round(t * 255);
}

/*
 * asinh and log cost ~40 ns a pixel, a 1024² preview 45 ms: too slow to follow a slider. Every
 * curve here is non-decreasing, so the grey level over an interval of t is known from its two
 * ends: the table holds it for each of LUT_STEPS + 1 intervals of t, or −1 where a grey step
 * falls inside (at most 255 intervals), and those pixels are computed directly. Same output;
 * a 1024² preview takes ~8 ms in any mode (bench), the table itself ~3 ms.
 */
const LUT_STEPS = 65535;
const LUT_MIN_PIXELS = 1 << 18;

/** lut[k] is the grey of every t in [(k − ½)/LUT_STEPS, (k + ½)/LUT_STEPS], or −1 when that interval spans two. */
function greyTable(curve: Curve): Int16Array {
  const lut = new Int16Array(LUT_STEPS + 1);
  let below = greyOf(0, curve);
  for (let k = 0; k <= LUT_STEPS; k++) {
    const above = greyOf(Math.min(1, (k + 0.5) / LUT_STEPS), curve);
    lut[k] = below === above ? below : -1;
    below = above;
  }
  return lut;
}

/** astropy's sampling: the finite values in order, every `stride`-th, stride = int(max(1, n / nSamples)), at most nSamples. */
function strideSamples(data: ArrayLike<number>, nSamples: number): Float64Array {
  let finite = 0;
  for (let i = 0; i < data.length; i++) if (data[i] - data[i] === 0) finite++;
  const stride = Math.trunc(Math.max(1, finite / nSamples));
  const samples = new Float64Array(Math.min(nSamples, Math.ceil(finite / stride)));
  let seen = 0;
  let taken = 0;
  for (let i = 0; i < data.length && taken < samples.length; i++) {
    const v = data[i];
    if (v - v !== 0) continue;
    if (seen % stride === 0) samples[taken++] = v;
    seen++;
  }
  return samples;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
