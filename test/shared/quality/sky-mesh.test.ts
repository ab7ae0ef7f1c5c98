import { describe, expect, it } from 'vitest';
import { hostPixelRows, superpixelRows } from '../../../shared/quality/pixel-rows';
import { skyAt } from '../../../shared/quality/sky-between-cells';
import { median } from '../../../shared/pixels/statistics';
import { clippedMedian, measureSky } from '../../../shared/quality/sky-mesh';
import { makeGaussian, makeRandom } from '../pixels/seeded-random';

function sky(width: number, height: number, level: (x: number, y: number) => number, sigma: (x: number, y: number) => number, seed = 3): Float32Array {
  const gaussian = makeGaussian(makeRandom(seed));
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = gaussian(level(x, y), sigma(x, y));
  return pixels;
}

describe('measureSky', () => {
  it('follows a steep gradient (6 σ a cell) and a vignetted noise (×1.6 in the corners): level within 0.4 σ (16 samples a cell), σ within 10 % everywhere', () => {
    const level = (x: number, y: number) => 1000 + 2 * x + y;
    const sigma = (x: number, y: number) => 20 * (1 + 0.5 * (((x - 512) / 512) ** 2 + ((y - 512) / 512) ** 2));
    const { mesh } = measureSky(hostPixelRows(sky(1024, 1024, level, sigma), 1024, 1024));
    for (const [x, y] of [[100, 100], [512, 512], [900, 200], [300, 950]]) {
      const at = skyAt(mesh, x, y);
      expect(Math.abs(at.level - level(x, y))).toBeLessThan(0.4 * sigma(x, y));
      expect(Math.abs(at.sigma / sigma(x, y) - 1)).toBeLessThan(0.1);
    }
    expect(Math.abs(mesh.median - (1000 + 1024 + 512))).toBeLessThan(5); // the median of a plane is its centre's value
  });

  it('a bright blob on one cell does not lift the sky around it', () => {
    const pixels = sky(512, 512, () => 500, () => 10);
    for (let y = 200; y < 260; y++) for (let x = 200; x < 260; x++) pixels[y * 512 + x] += 5000;
    const { mesh } = measureSky(hostPixelRows(pixels, 512, 512));
    expect(Math.abs(skyAt(mesh, 230, 230).level - 500)).toBeLessThan(3);
    expect(Math.abs(mesh.noise / 10 - 1)).toBeLessThan(0.05);
  });

  it('blank pixels take no part; an image of one row still has a sky', () => {
    const pixels = sky(256, 256, () => 100, () => 5);
    for (let i = 0; i < pixels.length; i += 3) pixels[i] = NaN;
    const { mesh } = measureSky(hostPixelRows(pixels, 256, 256));
    expect(Math.abs(mesh.median - 100)).toBeLessThan(0.5);
    expect(Math.abs(mesh.noise / 5 - 1)).toBeLessThan(0.08);
    const row = measureSky(hostPixelRows(sky(300, 1, () => 7, () => 1), 300, 1)).mesh;
    expect(Math.abs(row.median - 7)).toBeLessThan(0.3);
  });

  it('measures each colour of a mosaic apart', () => {
    const gains = [1, 0.7, 0.7, 0.4];
    const pixels = sky(512, 512, () => 0, () => 1).map((v, i) => {
      const cell = (i % 512 & 1) + 2 * (Math.floor(i / 512) & 1);
      return gains[cell] * (1000 + 30 * v);
    });
    const mosaic = hostPixelRows(pixels, 512, 512);
    const { channels } = measureSky(superpixelRows(mosaic), { mosaic });
    channels!.forEach((c, i) => {
      expect(Math.abs(c.median / (1000 * gains[i]) - 1)).toBeLessThan(0.002);
      expect(Math.abs(c.noise / (30 * gains[i]) - 1)).toBeLessThan(0.05);
    });
  });

  it('a cell\'s level is the median of its samples within 3σ (1.4826·MAD) of their median, to the bit, whichever side the clip takes more from', () => {
    const random = makeRandom(41);
    const gaussian = makeGaussian(random);
    const reference = (values: number[]) => {
      const center = median(values);
      const sigma = 1.4826 * median(values.map((v) => Math.abs(v - center)));
      if (!(sigma > 0)) return center;
      const kept = values.filter((v) => Math.abs(v - center) <= 3 * sigma);
      return kept.length >= 4 ? median(kept) : center;
    };
    const sides = { low: 0, high: 0, even: 0, odd: 0 };
    for (let trial = 0; trial < 3000; trial++) {
      const k = 4 + Math.floor(random() * 80);
      const values = Array.from({ length: k }, () => Math.round(gaussian(100, 10)));
      // outliers: stars above, cold pixels below, as many or more on either side
      const low = Math.floor(random() * 6);
      const high = Math.floor(random() * 6);
      for (let i = 0; i < low; i++) values[Math.floor(random() * k)] = -500 - 100 * random();
      for (let i = 0; i < high; i++) values[Math.floor(random() * k)] = 900 + 1000 * random();
      if (trial % 50 === 0) values.fill(7); // no spread: the median itself
      const expected = reference(values);
      expect(clippedMedian(Float64Array.from(values), k), `trial ${trial}: ${values.join(' ')}`).toBe(expected);
      sides[low > high ? 'low' : 'high']++;
      sides[k % 2 === 0 ? 'even' : 'odd']++;
    }
    expect(Math.min(sides.low, sides.high, sides.even, sides.odd)).toBeGreaterThan(500);
  });
});

