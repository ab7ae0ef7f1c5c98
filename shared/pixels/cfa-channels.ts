/**
 * A one-shot-colour master flat normalised per colour channel: the red, green and blue pixels
 * each divided by their own exact median, so that the flat corrects each pixel's sensitivity
 * (vignetting, dust, the G1/G2 difference within green) without imprinting the colour of the
 * flat panel or the twilight sky on every light. This is PixInsight's separate CFA flat scaling
 * and Siril's `-equalize_cfa`, by R, G and B (the two greens share one median).
 */
import { cfaChannelAt } from '../night/cfa-pattern';
import type { BayerLayout } from '../night/frames';
import { medianLowMemory } from './statistics';

export type ColourChannel = 'R' | 'G' | 'B';

/** The channel of every pixel of the 2×2 cell at the image's origin, as stored (see cfaChannelAt). */
function cellChannels(bayer: BayerLayout, height: number): ColourChannel[][] {
  return [0, 1].map((y) => [0, 1].map((x) => cfaChannelAt(bayer, x, y, height).channel));
}

/** The exact median of each colour channel (NaN ignored). */
export function channelMedians(data: Float32Array, width: number, height: number, bayer: BayerLayout): Record<ColourChannel, number> {
  const cells = cellChannels(bayer, height);
  const medians = {} as Record<ColourChannel, number>;
  for (const channel of ['R', 'G', 'B'] as const) {
    let count = 0;
    for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) if (cells[y][x] === channel) count += Math.ceil((width - x) / 2) * Math.ceil((height - y) / 2);
    const values = new Float32Array(count);
    let k = 0;
    for (let y = 0; y < height; y++) {
      const row = cells[y % 2];
      const offset = y * width;
      for (let x = 0; x < width; x++) if (row[x % 2] === channel) values[k++] = data[offset + x];
    }
    medians[channel] = medianLowMemory(values);
  }
  return medians;
}

/** Divides each pixel by its channel's median, in place; returns the medians divided by. Throws when one is not positive. */
export function normalisePerChannel(data: Float32Array, width: number, height: number, bayer: BayerLayout): Record<ColourChannel, number> {
  const medians = channelMedians(data, width, height, bayer);
  for (const channel of ['R', 'G', 'B'] as const) {
    if (!(medians[channel] > 0) || !Number.isFinite(medians[channel])) throw new RangeError(`the ${channel} pixels' median is ${medians[channel]}: a flat must be exposed in every colour`);
  }
  const cells = cellChannels(bayer, height);
  const factor = (channel: ColourChannel): number => 1 / medians[channel];
  for (let y = 0; y < height; y++) {
    const [even, odd] = cells[y % 2].map(factor);
    const offset = y * width;
    for (let x = 0; x < width; x += 2) {
      data[offset + x] = Math.fround(data[offset + x] * even);
      if (x + 1 < width) data[offset + x + 1] = Math.fround(data[offset + x + 1] * odd);
    }
  }
  return medians;
}
