/**
 * The physical model of the synthetic night, and the ground truth drawn from it: the bias
 * (level + fixed column pattern), the dark-current map (with hot pixels) and the flat field
 * of each filter (vignetting, dust donuts, pixel response), normalised to median 1.
 */
import { median } from '../../shared/pixels/statistics';
import { NORMAL_QUANTILES, SeededRandom } from './seeded-random';

/** The constants of the model; tests derive their noise bounds from these. */
export const DEMO_MODEL = {
  /** Mean bias level (ADU). */
  biasLevel: 1000,
  /** Standard deviation of the fixed offset of each column, added to the bias (ADU). */
  columnPatternSigma: 3,
  /** Read noise, Gaussian (ADU rms). */
  readNoise: 5,
  /** Electrons per ADU: shot noise is Poisson in electrons (header EGAIN). */
  electronsPerAdu: 1.5,
  /** Dark current of a normal pixel (ADU/s). */
  darkRate: 0.05,
  /** Fraction of hot pixels, and the range of their dark current (ADU/s, uniform). */
  hotPixelFraction: 0.001,
  hotPixelRateMin: 2,
  hotPixelRateMax: 10,
  /** Exposure times (s). */
  darkExposure: 60,
  flatExposure: 2,
  lightExposure: 60,
  /** Mean flat signal of the first filter (ADU); each further filter is 10 % fainter. */
  flatLevel: 20000,
  /** Vignetting 1 − vignetting·r², r = distance from the centre / half-diagonal. */
  vignetting: 0.2,
  /** Pixel response non-uniformity (fraction, Gaussian, the same in every filter). */
  prnuSigma: 0.01,
  /** Dust donuts: centre and radius as fractions of the frame size, depth of the ring (fraction). */
  dustDonuts: [
    { x: 0.3, y: 0.65, radius: 0.045, depth: 0.08 },
    { x: 0.72, y: 0.28, radius: 0.03, depth: 0.06 },
  ],
  /** Extra left-to-right slope of the flat per filter index (fraction across the frame). */
  flatTiltPerFilter: 0.04,
  /** Sky in a light frame of the first filter (ADU per exposure); each further filter 25 % less. */
  skyLevel: 300,
  /** Star density, Gaussian width and total-flux range (ADU per exposure, power law of index 1.2). */
  starsPer512Square: 300,
  starSigma: 1.3,
  starFluxMin: 1500,
  starFluxMax: 250000,
  starFluxIndex: 1.2,
  /** Drift of the field over the whole sequence (pixels) and jitter per frame (pixels rms). */
  driftX: 2,
  driftY: 1,
  driftJitter: 0.3,
  /** Camera settings written in the headers. */
  ccdTemp: -10,
  gainSetting: 100,
  offsetSetting: 50,
  pixelSizeMicrons: 3.76,
  /** Site (degrees, east positive) and the evening the night begins (UTC dates in the headers). */
  siteLatitude: 43.93,
  siteLongitude: 5.71,
  evening: '2026-03-14',
  object: 'M51',
  instrument: 'NightCal Synthetic CMOS',
  telescope: 'NightCal Demo 200/1000',
} as const;

/** What differs between filters. */
export interface FilterSetup {
  readonly name: string;
  readonly index: number;
  /** Mean flat signal (ADU) and sky per light (ADU), before the flat field. */
  readonly flatLevel: number;
  readonly skyLevel: number;
  /** Star fluxes are multiplied by this. */
  readonly starScale: number;
}

/** A star of the fixed field: position (pixels) and total flux (ADU per light, first filter). */
export interface Star {
  readonly x: number;
  readonly y: number;
  readonly flux: number;
}

/** The truth every frame is drawn from. */
export interface DemoTruth {
  readonly size: number;
  /** Per-column offsets (ADU), and the noiseless bias frame: level + column offset. */
  readonly columnPattern: Float32Array;
  readonly bias: Float32Array;
  /** Dark current of each pixel (ADU/s). */
  readonly darkRate: Float32Array;
  readonly filters: readonly FilterSetup[];
  /** Flat field of each filter, normalised to median 1, by filter name. */
  readonly flats: ReadonlyMap<string, Float32Array>;
  readonly stars: readonly Star[];
}

/** The per-filter settings, in the order given. */
export function filterSetups(names: readonly string[]): FilterSetup[] {
  return names.map((name, index) => ({
    name,
    index,
    flatLevel: DEMO_MODEL.flatLevel * Math.max(0.5, 1 - 0.1 * index),
    skyLevel: DEMO_MODEL.skyLevel * Math.max(0.3, 1 - 0.25 * index),
    starScale: 1 / (1 + 0.5 * index),
  }));
}

/** Draw the truth for a night of `size`² frames (stream 0 of the seed). */
export function drawTruth(size: number, filterNames: readonly string[], seed: number): DemoTruth {
  const random = new SeededRandom(seed, 0);
  const pixels = size * size;
  const columnPattern = new Float32Array(size);
  for (let x = 0; x < size; x++) columnPattern[x] = DEMO_MODEL.columnPatternSigma * random.normal();
  const bias = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) bias[i] = DEMO_MODEL.biasLevel + columnPattern[i % size];

  const bits = new Uint32Array(pixels);
  random.fillUint32(bits);
  const darkRate = new Float32Array(pixels).fill(DEMO_MODEL.darkRate);
  const hotSpan = DEMO_MODEL.hotPixelRateMax - DEMO_MODEL.hotPixelRateMin;
  const hotBelow = DEMO_MODEL.hotPixelFraction * 2 ** 32;
  for (let i = 0; i < pixels; i++) {
    if (bits[i] < hotBelow) darkRate[i] = DEMO_MODEL.hotPixelRateMin + hotSpan * random.uniform();
  }

  random.fillUint32(bits);
  const response = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) response[i] = 1 + DEMO_MODEL.prnuSigma * NORMAL_QUANTILES[bits[i] >>> 16];
  const filters = filterSetups(filterNames);
  const flats = new Map(filters.map((filter) => [filter.name, flatField(size, filter.index, response)] as const));
  return { size, columnPattern, bias, darkRate, filters, flats, stars: starField(size, random) };
}

/** Flat field of a filter: vignetting × tilt × dust donuts × pixel response, median 1. */
function flatField(size: number, filterIndex: number, response: Float32Array): Float32Array {
  const flat = new Float32Array(size * size);
  const centre = (size - 1) / 2;
  const halfDiagonalSquared = 2 * (size / 2) ** 2;
  const tilt = DEMO_MODEL.flatTiltPerFilter * filterIndex;
  // The same dust in every filter, its shadow a little deeper and wider in each further one.
  const donuts = DEMO_MODEL.dustDonuts.map((d) => ({
    x: d.x * size,
    y: d.y * size,
    radius: d.radius * size * (1 + 0.05 * filterIndex),
    depth: d.depth * (1 + 0.25 * filterIndex),
  }));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r2 = ((x - centre) ** 2 + (y - centre) ** 2) / halfDiagonalSquared;
      flat[y * size + x] = (1 - DEMO_MODEL.vignetting * r2) * (1 + tilt * (x / size - 0.5)) * response[y * size + x];
    }
  }
  for (const donut of donuts) {
    // A ring of shadow: Gaussian in radius around 0.7 R, width 0.15 R; nothing beyond 1.6 R.
    const reach = Math.ceil(1.6 * donut.radius);
    for (let y = Math.max(0, Math.floor(donut.y - reach)); y < Math.min(size, donut.y + reach); y++) {
      for (let x = Math.max(0, Math.floor(donut.x - reach)); x < Math.min(size, donut.x + reach); x++) {
        const ring = (Math.hypot(x - donut.x, y - donut.y) - 0.7 * donut.radius) / (0.15 * donut.radius);
        flat[y * size + x] *= 1 - donut.depth * Math.exp(-0.5 * ring * ring);
      }
    }
  }
  const middle = median(flat);
  for (let i = 0; i < flat.length; i++) flat[i] /= middle;
  return flat;
}

/** A fixed field of stars, a little wider than the frame so that drift does not empty an edge. */
function starField(size: number, random: SeededRandom): Star[] {
  const count = Math.round((DEMO_MODEL.starsPer512Square * size * size) / (512 * 512));
  const stars: Star[] = [];
  for (let s = 0; s < count; s++) {
    const x = -10 + (size + 20) * random.uniform();
    const y = -10 + (size + 20) * random.uniform();
    const flux = Math.min(DEMO_MODEL.starFluxMax, DEMO_MODEL.starFluxMin * random.uniform() ** (-1 / DEMO_MODEL.starFluxIndex));
    stars.push({ x, y, flux });
  }
  return stars;
}

/** Add the stars, shifted by (dx, dy) and scaled, as Gaussians of `sigma` (default the model's) into `scene` (ADU). */
export function addStars(scene: Float32Array, size: number, stars: readonly Star[], dx: number, dy: number, scale: number, sigma: number = DEMO_MODEL.starSigma): void {
  const reach = Math.ceil(4 * sigma);
  const profileX = new Float64Array(2 * reach + 1);
  const profileY = new Float64Array(2 * reach + 1);
  for (const star of stars) {
    const cx = star.x + dx;
    const cy = star.y + dy;
    const x0 = Math.round(cx) - reach;
    const y0 = Math.round(cy) - reach;
    for (let k = 0; k <= 2 * reach; k++) {
      profileX[k] = Math.exp(-((x0 + k - cx) ** 2) / (2 * sigma * sigma));
      profileY[k] = Math.exp(-((y0 + k - cy) ** 2) / (2 * sigma * sigma));
    }
    const peak = (star.flux * scale) / (2 * Math.PI * sigma * sigma);
    for (let j = 0; j <= 2 * reach; j++) {
      const y = y0 + j;
      if (y < 0 || y >= size) continue;
      for (let k = 0; k <= 2 * reach; k++) {
        const x = x0 + k;
        if (x >= 0 && x < size) scene[y * size + x] += peak * profileX[k] * profileY[j];
      }
    }
  }
}
