/**
 * One raw exposure drawn from the truth: the electrons collected (light through the flat
 * field, plus dark current) are Poisson, then converted to ADU, then the bias and Gaussian
 * read noise are added. The camera's rounding and clipping to 0..65535 happen when encoding.
 */
import { DEMO_MODEL, type DemoTruth } from './demo-model';
import { NORMAL_QUANTILES, POISSON_NORMAL_ABOVE, poissonByInversion, toUnitInterval, type SeededRandom } from './seeded-random';

/** What reaches a pixel in one exposure. */
export interface Exposure {
  /** Exposure time (s): dark current accumulates for this long. */
  readonly seconds: number;
  /** Light before the flat field (ADU per pixel, for the whole exposure): uniform, or a scene. */
  readonly light: Float32Array | number;
  /** The flat field the light passes through, or null when there is no light. */
  readonly flat: Float32Array | null;
}

/** Draw a raw frame into `out` (ADU, not yet rounded). Reads the truth and the scene, never writes them. */
export function exposeFrame(out: Float32Array, truth: DemoTruth, exposure: Exposure, random: SeededRandom): void {
  const { size, darkRate } = truth;
  const { light, flat, seconds } = exposure;
  const gain = DEMO_MODEL.electronsPerAdu;
  const means = new Float32Array(size);
  // One random word a pixel, drawn a row at a time: 16 bits for the read noise, 16 for the
  // normal approximation of the shot noise; a second word only where an exact Poisson is due.
  const words = new Uint32Array(size);
  const exactWords = new Uint32Array(size);
  for (let row = 0; row < size; row++) {
    const start = row * size;
    let needsExact = false;
    for (let x = 0; x < size; x++) {
      const photons = flat === null ? 0 : (typeof light === 'number' ? light : light[start + x]) * flat[start + x];
      const mean = (photons + darkRate[start + x] * seconds) * gain;
      means[x] = mean;
      if (mean > 0 && mean <= POISSON_NORMAL_ABOVE) needsExact = true;
    }
    random.fillUint32(words);
    if (needsExact) random.fillUint32(exactWords);
    exposeRow(out, truth.bias, start, means, words, exactWords);
  }
}

/** out = bias + Poisson(electrons)/gain + read noise, for one row whose mean electrons are given. */
function exposeRow(out: Float32Array, bias: Float32Array, start: number, means: Float32Array, words: Uint32Array, exactWords: Uint32Array): void {
  const aduPerElectron = 1 / DEMO_MODEL.electronsPerAdu;
  const readNoise = DEMO_MODEL.readNoise;
  const normal = NORMAL_QUANTILES;
  for (let x = 0; x < means.length; x++) {
    const mean = means[x];
    const word = words[x];
    let electrons = 0;
    if (mean > POISSON_NORMAL_ABOVE) {
      // mean − 4.3 √mean > 0 above 40: the sum is positive, so truncating it + 0.5 rounds it.
      electrons = (mean + Math.sqrt(mean) * normal[word & 0xffff] + 0.5) | 0;
    } else if (mean > 0) {
      electrons = poissonByInversion(mean, toUnitInterval(exactWords[x]));
    }
    out[start + x] = bias[start + x] + electrons * aduPerElectron + readNoise * normal[word >>> 16];
  }
}
