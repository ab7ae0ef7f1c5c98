/**
 * Synthetic preview images for the renderer's fake client: a bias with a column pattern, a
 * dark with hot pixels, a vignetted flat with dust rings, and M 101 among stars (raw:
 * vignetted on the bias level; calibrated: flat). Statistics, histogram and display limits
 * are computed the way main describes them (robust sigma; zscale and STF from shared/pixels).
 */
import type { Histogram, ImageSource, ImageStats, PreviewImage } from '../../shared/contract';
import { displayLimits } from '../../shared/pixels/stretch';

/** What kind of picture to draw. */
export type ImageModel = 'bias' | 'dark' | 'flat' | 'master-flat' | 'raw-light' | 'calibrated-light';

/** A seeded generator (mulberry32): the same frame always looks the same. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number from a string, for seeds. */
export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function percentile(sorted: Float32Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(fraction * (sorted.length - 1))))];
}

/** Mean, median, robust sigma (1.4826 MAD), extremes, NaN count; hot pixels for darks. */
export function imageStatistics(pixels: Float32Array, countHotPixels: boolean): ImageStats {
  const finite = pixels.filter((v) => Number.isFinite(v));
  const sorted = Float32Array.from(finite).sort();
  let sum = 0;
  for (const v of finite) sum += v;
  const median = percentile(sorted, 0.5);
  const deviations = Float32Array.from(finite, (v) => Math.abs(v - median)).sort();
  const sigma = 1.4826 * percentile(deviations, 0.5);
  let hot = 0;
  if (countHotPixels) for (const v of finite) if (v > median + 5 * sigma) hot += 1;
  return {
    mean: finite.length ? sum / finite.length : NaN,
    median,
    sigma,
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    nanCount: pixels.length - finite.length,
    hotPixels: countHotPixels ? hot : null,
  };
}

/** A histogram of `bins` equal bins over [lo, hi). */
export function histogramOf(pixels: Float32Array, lo: number, hi: number, bins: number): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const step = (hi - lo) / bins;
  for (const v of pixels) {
    if (!(v >= lo && v < hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / step))] += 1;
  }
  return { lo, hi, counts };
}

interface Star {
  readonly x: number;
  readonly y: number;
  readonly flux: number;
}

/** The star field around M 101, fixed for the night (full-frame coordinates). */
function starField(width: number, height: number): Star[] {
  const random = seededRandom(101);
  return Array.from({ length: 900 }, () => ({ x: random() * width, y: random() * height, flux: 400 * Math.pow(random(), -1.35) }));
}

/** Draws one model into a preview of `width × height` (each pixel averages `bin × bin` full pixels). */
export function drawImage(model: ImageModel, width: number, height: number, bin: number, seed: number, sourceWidth: number, sourceHeight: number, combined = 1): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(width * height);
  const noiseScale = 1 / (bin * Math.sqrt(combined));
  const bias = 502;
  const vignette = (x: number, y: number): number => {
    const dx = (x / width - 0.5) * 2;
    const dy = (y / height - 0.5) * 2 * (sourceHeight / sourceWidth);
    return 1 - 0.32 * (dx * dx + dy * dy);
  };
  const rings = Array.from({ length: 6 }, () => ({ x: random() * width, y: random() * height, r: (18 + random() * 30) / bin }));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const column = Math.sin(x * bin * 0.37) * 0.6;
      const v = vignette(x, y);
      let value: number;
      switch (model) {
        case 'bias':
          value = bias + column + 7.5 * noiseScale * gaussian(random);
          break;
        case 'dark':
          value = bias + column + 6 + 9 * noiseScale * gaussian(random) + (x < width * 0.08 && y > height * 0.85 ? 40 * (1 - x / (width * 0.08)) : 0);
          break;
        case 'flat':
        case 'master-flat': {
          let dust = 1;
          for (const ring of rings) {
            const d = Math.hypot(x - ring.x, y - ring.y);
            if (Math.abs(d - ring.r) < ring.r * 0.35) dust -= 0.025;
          }
          const level = v * dust;
          value = model === 'flat' ? bias + 24000 * level + 150 * noiseScale * gaussian(random) : level / 0.9 + 0.004 * noiseScale * gaussian(random);
          break;
        }
        case 'raw-light':
        case 'calibrated-light': {
          const sky = 850 + 60 * (y / height);
          const signal = model === 'raw-light' ? bias + 6 + sky * v : sky;
          value = signal + Math.sqrt(sky) * noiseScale * gaussian(random);
          break;
        }
      }
      out[y * width + x] = value;
    }
  }
  if (model === 'dark') {
    for (let i = 0; i < 1800; i += 1) {
      const x = Math.floor(random() * width);
      const y = Math.floor(random() * height);
      out[y * width + x] += (2000 + random() * 30000) / (bin * bin);
    }
  }
  if (model === 'raw-light' || model === 'calibrated-light') addSky(out, width, height, bin, seed, sourceWidth, sourceHeight, model === 'raw-light' ? vignette : () => 1);
  return out;
}

/** M 101 (an exponential disc with two arms) and the stars, dithered a little per frame. */
function addSky(out: Float32Array, width: number, height: number, bin: number, seed: number, sourceWidth: number, sourceHeight: number, vignette: (x: number, y: number) => number): void {
  const random = seededRandom(seed ^ 0x5eed);
  const ditherX = (random() - 0.5) * 40;
  const ditherY = (random() - 0.5) * 40;
  const cx = (sourceWidth * 0.52 + ditherX) / bin;
  const cy = (sourceHeight * 0.47 + ditherY) / bin;
  const scale = 210 / bin;
  const reach = scale * 7;
  for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(height, cy + reach); y += 1) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(width, cx + reach); x += 1) {
      const dx = x - cx;
      const dy = (y - cy) * 1.08;
      const r = Math.hypot(dx, dy) / scale;
      const arms = 1 + 0.8 * Math.pow(Math.max(0, Math.cos(2 * Math.atan2(dy, dx) - 2.6 * Math.log(r + 0.15))), 3);
      out[y * width + x] += (1400 * Math.exp(-r * 1.6) * arms + 5200 * Math.exp(-r * 18)) * vignette(x, y);
    }
  }
  const sigma = Math.max(0.55, 1.7 / bin);
  for (const star of starField(sourceWidth, sourceHeight)) {
    const sx = (star.x + ditherX) / bin;
    const sy = (star.y + ditherY) / bin;
    const peak = star.flux / (2 * Math.PI * sigma * sigma);
    const radius = Math.ceil(sigma * 3 + Math.log10(star.flux));
    for (let y = Math.max(0, Math.floor(sy - radius)); y <= Math.min(height - 1, sy + radius); y += 1) {
      for (let x = Math.max(0, Math.floor(sx - radius)); x <= Math.min(width - 1, sx + radius); x += 1) {
        const d2 = (x - sx) ** 2 + (y - sy) ** 2;
        out[y * width + x] += Math.min(60000, peak * Math.exp(-d2 / (2 * sigma * sigma))) * vignette(x, y);
      }
    }
  }
}

/** A preview as main would send it: downsampled, with statistics, histogram and limits. */
export function fakePreview(source: ImageSource, model: ImageModel, maxSize: number, sourceWidth: number, sourceHeight: number, combined = 1): PreviewImage {
  const binFactor = Math.max(1, Math.ceil(Math.max(sourceWidth, sourceHeight) / maxSize));
  const width = Math.floor(sourceWidth / binFactor);
  const height = Math.floor(sourceHeight / binFactor);
  const key = source.kind === 'master' ? source.masterId : source.frameId;
  const pixels = drawImage(model, width, height, binFactor, hashString(key), sourceWidth, sourceHeight, combined);
  const stats = imageStatistics(pixels, model === 'dark');
  const lo = Math.max(stats.min, stats.median - 8 * stats.sigma);
  const hi = Math.min(stats.max, stats.median + (model === 'raw-light' || model === 'calibrated-light' ? 60 : 12) * stats.sigma);
  return { source, width, height, sourceWidth, sourceHeight, binFactor, pixels, stats, histogram: histogramOf(pixels, lo, hi > lo ? hi : lo + 1, 128), limits: displayLimits(pixels), colour: null };
}
