import { describe, expect, it } from 'vitest';
import { channelMedians, normalisePerChannel } from '../../../shared/pixels/cfa-channels';
import type { BayerLayout } from '../../../shared/night/frames';
import { makeRandom } from './seeded-random';

const RGGB: BayerLayout = { pattern: 'RGGB', xOffset: 0, yOffset: 0, rowOrder: 'top-down' };

/** A flat of a colour sensor: vignetting × pixel response × the panel's colour (R 0.5, G 1, B 0.25 of 20,000 ADU). */
function colourFlat(width: number, height: number, bayer: BayerLayout) {
  const random = makeRandom(3);
  const colour = { R: 0.5, G: 1, B: 0.25 };
  const response = new Float32Array(width * height);
  const data = new Float32Array(width * height);
  const channel = (x: number, y: number): 'R' | 'G' | 'B' => {
    const row = bayer.rowOrder === 'bottom-up' ? height - 1 - y : y;
    return bayer.pattern[((row + bayer.yOffset) % 2) * 2 + ((x + bayer.xOffset) % 2)] as 'R' | 'G' | 'B';
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r2 = ((x - width / 2) ** 2 + (y - height / 2) ** 2) / (width * width);
      const p = y * width + x;
      response[p] = (1 - 0.3 * r2) * (1 + 0.02 * (random() - 0.5));
      data[p] = 20_000 * colour[channel(x, y)] * response[p];
    }
  }
  return { data, response, channel };
}

describe('per-channel normalisation of a colour flat', () => {
  it('takes out the panel colour: each channel has median 1, and every pixel keeps its response relative to its channel', () => {
    const width = 64;
    const height = 48;
    const { data, response, channel } = colourFlat(width, height, RGGB);
    const medians = normalisePerChannel(data, width, height, RGGB);
    expect(medians.R / medians.G).toBeCloseTo(0.5, 2);
    expect(medians.B / medians.G).toBeCloseTo(0.25, 2);
    const after = channelMedians(data, width, height, RGGB);
    for (const c of ['R', 'G', 'B'] as const) expect(after[c]).toBeCloseTo(1, 5);
    // Pixel by pixel: the flat's value relative to its channel is the response relative to that channel's median.
    const responseMedians = channelMedians(response, width, height, RGGB);
    for (const p of [0, 1, width, width + 1, 1000, 2001]) {
      const x = p % width;
      const y = Math.floor(p / width);
      expect(data[p]).toBeCloseTo(response[p] / responseMedians[channel(x, y)], 4);
    }
  });

  it('follows the pattern, its offsets and a bottom-up row order (the channels swap when the layout says so)', () => {
    const layouts: BayerLayout[] = [
      { pattern: 'GRBG', xOffset: 0, yOffset: 0, rowOrder: 'top-down' },
      { pattern: 'RGGB', xOffset: 1, yOffset: 0, rowOrder: 'top-down' },
      { pattern: 'BGGR', xOffset: 0, yOffset: 0, rowOrder: 'bottom-up' },
    ];
    for (const layout of layouts) {
      const width = 32;
      const height = 31; // odd: bottom-up then starts its pattern on the last row
      const { data } = colourFlat(width, height, layout);
      const medians = normalisePerChannel(data, width, height, layout);
      expect(medians.R / medians.G, JSON.stringify(layout)).toBeCloseTo(0.5, 1);
      expect(medians.B / medians.G, JSON.stringify(layout)).toBeCloseTo(0.25, 1);
    }
  });

  it('refuses a channel that was not exposed', () => {
    const data = new Float32Array(16).fill(0);
    expect(() => normalisePerChannel(data, 4, 4, RGGB)).toThrow(/median is 0/);
  });
});
