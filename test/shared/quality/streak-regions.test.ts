/** The streak rule on drawn regions: a thin trail is one, a star (round or elongated) and a small region are not. */
import { describe, expect, it } from 'vitest';
import { labelRegion } from '../../../shared/quality/streak-regions';

const W = 80;
const H = 60;

/** Significances: 10 inside `inside(x, y)`, 0 elsewhere; the region labelled from `seed`. */
function label(inside: (x: number, y: number) => boolean, seed: [number, number]) {
  const sig = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inside(x, y)) sig[y * W + x] = 10;
  const labels = new Int32Array(W * H);
  const streak = labelRegion(sig, labels, new Int32Array(W * H), W, H, seed[1] * W + seed[0], 5, 7);
  const labelled = labels.filter((l) => l === 7).length;
  const insideCount = sig.filter((v) => v > 5).length;
  return { streak, labelled, insideCount };
}

describe('labelRegion', () => {
  it('a diagonal trail two pixels wide is a streak, every pixel of it labelled', () => {
    const r = label((x, y) => Math.abs(y - (5 + 0.6 * x)) < 1 && x > 3 && x < 75, [40, 29]);
    expect(r).toMatchObject({ streak: true });
    expect(r.labelled).toBe(r.insideCount);
  });

  it('a round star and a star of eccentricity 0.9 (axis ratio 0.44) are not', () => {
    expect(label((x, y) => (x - 40) ** 2 + (y - 30) ** 2 < 36, [40, 30]).streak).toBe(false);
    // semi-axes 9 and 4: b/a 0.44
    expect(label((x, y) => ((x - 40) / 9) ** 2 + ((y - 30) / 4) ** 2 < 1, [40, 30]).streak).toBe(false);
  });

  it('a thin line shorter than the smallest streak (14 pixels) is not; 16 pixels is', () => {
    expect(label((x, y) => y === 30 && x >= 10 && x < 24, [12, 30]).streak).toBe(false);
    expect(label((x, y) => y === 30 && x >= 10 && x < 26, [12, 30]).streak).toBe(true);
  });

  it('labels only the region holding the seed', () => {
    const r = label((x, y) => (x - 20) ** 2 + (y - 20) ** 2 < 16 || (x - 60) ** 2 + (y - 40) ** 2 < 16, [20, 20]);
    expect(r.labelled).toBeLessThan(r.insideCount);
    expect(r.labelled * 2).toBe(r.insideCount);
  });
});
