import { describe, expect, it } from 'vitest';
import { findCandidates, spreadOrder } from '../../../shared/quality/detect-stars';
import { hostPixelRows } from '../../../shared/quality/pixel-rows';
import { measureSky } from '../../../shared/quality/sky-mesh';
import { makeGaussian, makeRandom } from '../pixels/seeded-random';

describe('spreadOrder', () => {
  it('visits every tile once, and any first quarter covers the whole field', () => {
    for (const [nx, ny] of [[16, 16], [49, 33], [5, 3], [1, 1]]) {
      const order = spreadOrder(nx, ny);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: nx * ny }, (_, i) => i));
      if (nx < 8) continue;
      // the first quarter has tiles in each quadrant of the field
      const first = order.slice(0, Math.ceil(order.length / 4));
      for (const [qx, qy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const inQuadrant = first.filter((t) => Math.floor(((t % nx) * 2) / nx) === qx && Math.floor((Math.floor(t / nx) * 2) / ny) === qy);
        expect(inQuadrant.length).toBeGreaterThan(first.length / 8);
      }
    }
  });
});

describe('findCandidates', () => {
  const gaussian = makeGaussian(makeRandom(8));
  const width = 512;
  const pixels = Float32Array.from({ length: width * width }, () => gaussian(1000, 20));
  // a bright round blob at (100, 100) and a trail from (20, 300) to (480, 420)
  for (let y = 90; y <= 110; y++) for (let x = 90; x <= 110; x++) pixels[y * width + x] += 2000 * Math.exp(-((x - 100) ** 2 + (y - 100) ** 2) / (2 * 1.5 ** 2));
  for (let x = 20; x < 480; x++) {
    const y = 300 + ((x - 20) * 120) / 460;
    for (let d = -3; d <= 3; d++) {
      const yy = Math.round(y) + d;
      pixels[yy * width + x] += 300 * Math.exp(-((yy - y) ** 2) / (2 * 1.2 ** 2));
    }
  }
  const image = hostPixelRows(pixels, width, width);
  const { mesh } = measureSky(image);
  const found = findCandidates(image, mesh, { bin: 2, threshold: 3.75, coverage: 1, minStars: 0, confirmSignificance: 5 });

  it('finds the star as one candidate, not on a streak', () => {
    const star = found.candidates.filter((c) => Math.hypot(c.x - 100, c.y - 100) < 3);
    expect(star).toHaveLength(1);
    expect(star[0].onStreak).toBe(false);
    expect(star[0].significance).toBeGreaterThan(50);
  });

  it('marks every candidate along the trail as on a streak', () => {
    const onTrail = found.candidates.filter((c) => c.x > 30 && c.x < 470 && Math.abs(c.y - (300 + ((c.x - 20) * 120) / 460)) < 3);
    expect(onTrail.length).toBeGreaterThan(20);
    expect(onTrail.every((c) => c.onStreak)).toBe(true);
  });

  it('searches the whole frame when asked, and only part of it when not', () => {
    expect(found.coverage).toBe(1);
    const part = findCandidates(image, mesh, { bin: 2, threshold: 3.75, coverage: 0.2, minStars: 0, confirmSignificance: 5 });
    expect(part.coverage).toBeGreaterThanOrEqual(0.2);
    expect(part.coverage).toBeLessThan(0.4);
    expect(part.baseCoverage).toBe(part.coverage);
    // asking for more stars than there are searches it all; the base stays the first 20 %
    const more = findCandidates(image, mesh, { bin: 2, threshold: 3.75, coverage: 0.2, minStars: 1000, confirmSignificance: 5 });
    expect(more.coverage).toBe(1);
    expect(more.baseCoverage).toBe(part.coverage);
  });
});
