/**
 * Synthetic calibrated frames with known stars, for the quality tests: a sky with a gradient,
 * stars of a Gaussian or Moffat PSF (elliptical if asked) integrated over each pixel's area,
 * Poisson noise (normal approximation, the counts here are large) and read noise. Seeded: the
 * same frame on every run. The truth of each star includes its peak SNR: the pixel-integrated
 * peak of the star centred on a pixel over the noise where it stands (the sky's and the other
 * stars' light there: a Moffat star's wings reach far).
 */
import { makeGaussian, makeRandom } from '../pixels/seeded-random';

/** The PSF of every star of a frame. */
export interface SyntheticPsf {
  /** FWHM in pixels (geometric mean of the axes when elongated). */
  readonly fwhm: number;
  /** Moffat β; undefined or Infinity for a Gaussian. */
  readonly beta?: number;
  /** Eccentricity √(1 − b²/a²) and position angle of the major axis (radians from +x). */
  readonly eccentricity?: number;
  readonly angle?: number;
}

/** What to draw. */
export interface SyntheticOptions {
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly stars: number;
  readonly psf: SyntheticPsf;
  /** Sky level (ADU) at (x, y); default a gradient from 800 to 1400 across the frame plus a little in y. */
  readonly sky?: (x: number, y: number) => number;
  /** e⁻/ADU (default 1) and read noise in ADU (default 5). */
  readonly gain?: number;
  readonly readNoise?: number;
  /** Peak SNRs drawn from N(> s) ∝ s^−0.7 between these (default 2 and 3000). */
  readonly snrRange?: readonly [number, number];
  /** The peak SNR of each star, instead of `stars` drawn from `snrRange`. */
  readonly snrs?: readonly number[];
  /** The PSF the SNRs are drawn for (default `psf`): a defocused frame of the same stars draws them for the sharp one. */
  readonly referencePsf?: SyntheticPsf;
  /** Multiplies every star's flux after its SNR was set (clouds: 0.2). */
  readonly transmission?: number;
  /** Multiplies the sky (a bright or hazy sky: 4). */
  readonly skyFactor?: number;
  /** Keep stars this many pixels from the edges (default 10). */
  readonly margin?: number;
}

/** One star as drawn. */
export interface TruthStar {
  readonly x: number;
  readonly y: number;
  readonly flux: number;
  /** Centred pixel-integrated peak over the noise where it stands (sky and other stars' light), after `transmission`. */
  readonly peakSnr: number;
}

/** A drawn frame and its truth. */
export interface SyntheticFrame {
  readonly pixels: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly stars: TruthStar[];
  /** σ of the sky noise at the frame's centre. */
  readonly noiseAtCentre: number;
}

/** The PSF normalised to unit flux, as a function of the offset from the centre. */
export function psfFunction(psf: SyntheticPsf): (dx: number, dy: number) => number {
  const e = psf.eccentricity ?? 0;
  const q = Math.sqrt(1 - e * e);
  const angle = psf.angle ?? 0;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const F = psf.fwhm;
  // axes a = F/√q, b = F·√q keep the geometric mean F and the area of a round PSF of FWHM F
  const radius2 = (dx: number, dy: number) => {
    const u = dx * cos + dy * sin;
    const v = -dx * sin + dy * cos;
    return (u * u) * q + (v * v) / q;
  };
  const beta = psf.beta ?? Infinity;
  if (!Number.isFinite(beta)) {
    const k = (4 * Math.LN2) / (F * F);
    const norm = k / Math.PI;
    return (dx, dy) => norm * Math.exp(-k * radius2(dx, dy));
  }
  const alpha2 = (F * F) / (4 * (2 ** (1 / beta) - 1));
  const norm = (beta - 1) / (Math.PI * alpha2);
  return (dx, dy) => norm * (1 + radius2(dx, dy) / alpha2) ** -beta;
}

/** Mean of `f` over the pixel centred at offset (dx, dy), by n×n sub-samples. */
function pixelMean(f: (dx: number, dy: number) => number, dx: number, dy: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += f(dx + (i + 0.5) / n - 0.5, dy + (j + 0.5) / n - 0.5);
  return s / (n * n);
}

/** Draws a frame. */
export function syntheticFrame(options: SyntheticOptions): SyntheticFrame {
  const { width, height } = options;
  const random = makeRandom(options.seed);
  const gaussian = makeGaussian(makeRandom(options.seed * 7919 + 17));
  const gain = options.gain ?? 1;
  const read = options.readNoise ?? 5;
  const skyFactor = options.skyFactor ?? 1;
  const skyOf = options.sky ?? ((x: number, y: number) => 800 + (600 * x) / width + (150 * y) / height);
  const sky = (x: number, y: number) => skyFactor * skyOf(x, y);
  const noiseAt = (x: number, y: number) => Math.sqrt(sky(x, y) / gain + read * read);
  const f = psfFunction(options.psf);
  const peakFraction = pixelMean(f, 0, 0, 15);
  const referenceFraction = options.referencePsf ? pixelMean(psfFunction(options.referencePsf), 0, 0, 15) : peakFraction;
  const [snrMin, snrMax] = options.snrRange ?? [2, 3000];
  const margin = options.margin ?? 10;
  const transmission = options.transmission ?? 1;
  const beta = options.psf.beta ?? Infinity;
  const model = new Float64Array(width * height);
  const stars: { x: number; y: number; flux: number; peakSnr: number }[] = [];
  const count = options.snrs?.length ?? options.stars;
  for (let s = 0; s < count; s++) {
    const x = margin + random() * (width - 1 - 2 * margin);
    const y = margin + random() * (height - 1 - 2 * margin);
    const u = random();
    const snr = options.snrs?.[s] ?? Math.min(snrMax, snrMin * (1 - u * (1 - (snrMin / snrMax) ** 0.7)) ** (-1 / 0.7));
    // the SNR is drawn for a clear sky of skyFactor 1: clouds and a bright sky then lower it
    const flux = (snr * Math.sqrt(skyOf(x, y) / gain + read * read)) / referenceFraction;
    const drawn = flux * transmission;
    stars.push({ x, y, flux: drawn, peakSnr: drawn * peakFraction });
    const F = options.psf.fwhm / Math.sqrt(Math.sqrt(1 - (options.psf.eccentricity ?? 0) ** 2));
    // out to where the star falls below 1/50 of the noise (Moffat wings reach far, faint stars' do not)
    const alpha = F / (2 * Math.sqrt(2 ** (1 / beta) - 1));
    const reach = Number.isFinite(beta) ? Math.min(64, 8 * F, 2 + alpha * Math.sqrt(Math.max(0, (50 * snr) ** (1 / beta) - 1))) : 3 * F + 2;
    // sub-sampled where the profile curves within a pixel; beyond, its value at the centre is as good
    const core = F < 4 ? 2 * F + 1 : F + 1;
    for (let yy = Math.max(0, Math.floor(y - reach)); yy <= Math.min(height - 1, Math.ceil(y + reach)); yy++) {
      for (let xx = Math.max(0, Math.floor(x - reach)); xx <= Math.min(width - 1, Math.ceil(x + reach)); xx++) {
        const dx = xx - x;
        const dy = yy - y;
        const d = Math.hypot(dx, dy);
        if (d > reach) continue;
        model[yy * width + xx] += drawn * (d < core ? pixelMean(f, dx, dy, F < 4 ? 7 : 3) : f(dx, dy));
      }
    }
  }
  // the noise under each star: the sky and the other stars' light where it stands
  for (let s = 0; s < stars.length; s++) {
    const star = stars[s];
    const px = Math.round(star.x);
    const py = Math.round(star.y);
    const own = star.flux * pixelMean(f, px - star.x, py - star.y, 7);
    const others = Math.max(0, model[py * width + px] - own);
    stars[s] = { ...star, peakSnr: star.peakSnr / Math.sqrt((sky(px, py) + others) / gain + read * read) };
  }
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const mean = sky(x, y) + model[i];
      pixels[i] = mean + gaussian(0, Math.sqrt(Math.max(mean, 0) / gain + read * read));
    }
  }
  return { pixels, width, height, stars, noiseAtCentre: noiseAt(width / 2, height / 2) };
}

/** Stars of the truth at or above `snr` (peak SNR). */
export function starsAbove(frame: SyntheticFrame, snr: number): number {
  return frame.stars.filter((s) => s.peakSnr >= snr).length;
}
