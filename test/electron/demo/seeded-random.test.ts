import { describe, expect, it } from 'vitest';
import { drawTruth } from '../../../electron/demo/demo-model';
import { exposeFrame } from '../../../electron/demo/expose-frame';
import { NORMAL_QUANTILES, poissonByInversion, SeededRandom } from '../../../electron/demo/seeded-random';

function words(random: SeededRandom, count: number): Uint32Array {
  const out = new Uint32Array(count);
  random.fillUint32(out);
  return out;
}

describe('SeededRandom', () => {
  it('repeats a stream exactly for the same seed and stream, and differs otherwise', () => {
    expect(words(new SeededRandom(42, 3), 100)).toEqual(words(new SeededRandom(42, 3), 100));
    expect(words(new SeededRandom(42, 4), 100)).not.toEqual(words(new SeededRandom(42, 3), 100));
    expect(words(new SeededRandom(43, 3), 100)).not.toEqual(words(new SeededRandom(42, 3), 100));
  });

  it('gives the same numbers filled in one go or in pieces', () => {
    const whole = words(new SeededRandom(5), 64);
    const random = new SeededRandom(5);
    expect(Uint32Array.from([...words(random, 10), ...words(random, 54)])).toEqual(whole);
  });

  it('draws uniforms in (0, 1) with mean ½ and variance 1/12', () => {
    const random = new SeededRandom(9);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
      sumSquares += u * u;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSquares / n - mean * mean - 1 / 12)).toBeLessThan(0.001);
  });
});

describe('normal deviates from the quantile table', () => {
  it('have mean 0 and variance 1, symmetric, tails near ±4.3σ', () => {
    let sum = 0;
    let sumSquares = 0;
    for (const z of NORMAL_QUANTILES) {
      sum += z;
      sumSquares += z * z;
    }
    expect(Math.abs(sum / NORMAL_QUANTILES.length)).toBeLessThan(1e-6);
    expect(sumSquares / NORMAL_QUANTILES.length).toBeCloseTo(1, 5);
    expect(NORMAL_QUANTILES[0]).toBeCloseTo(-NORMAL_QUANTILES[NORMAL_QUANTILES.length - 1], 5);
    expect(NORMAL_QUANTILES[0]).toBeLessThan(-4.2);
    // The quartiles of N(0, 1) are ±0.6745.
    expect(NORMAL_QUANTILES[NORMAL_QUANTILES.length / 4]).toBeCloseTo(-0.6745, 3);
  });
});

describe('poissonByInversion', () => {
  it.each([0.5, 4.5, 30])('matches the Poisson distribution of mean %s', (mean) => {
    const random = new SeededRandom(11);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      const k = poissonByInversion(mean, random.uniform());
      expect(Number.isInteger(k) && k >= 0).toBe(true);
      sum += k;
      sumSquares += k * k;
      if (k === 0) zeros++;
    }
    const sampleMean = sum / n;
    expect(Math.abs(sampleMean - mean)).toBeLessThan(4 * Math.sqrt(mean / n));
    expect(Math.abs((sumSquares / n - sampleMean ** 2) / mean - 1)).toBeLessThan(0.02);
    const p0 = Math.exp(-mean);
    expect(Math.abs(zeros / n - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / n) + 1e-6);
  });

  it('stays finite at the very top of the unit interval', () => {
    expect(poissonByInversion(4.5, 1 - 1e-16)).toBeLessThan(60);
  });
});

describe('exposeFrame', () => {
  it('leaves the truth and the scene unchanged', () => {
    const truth = drawTruth(32, ['L'], 3);
    const copies = [truth.bias, truth.darkRate, truth.flats.get('L')!].map((a) => a.slice());
    const scene = new Float32Array(32 * 32).fill(500);
    const out = new Float32Array(32 * 32);
    exposeFrame(out, truth, { seconds: 60, light: scene, flat: truth.flats.get('L')! }, new SeededRandom(1, 1));
    expect([truth.bias, truth.darkRate, truth.flats.get('L')!]).toEqual(copies);
    expect(scene.every((v) => v === 500)).toBe(true);
    expect(out.some((v) => v !== 0)).toBe(true);
  });

  it('draws a bias frame as the truth bias plus read noise only', () => {
    const truth = drawTruth(64, ['L'], 3);
    const out = new Float32Array(64 * 64);
    exposeFrame(out, truth, { seconds: 0, light: 0, flat: null }, new SeededRandom(1, 2));
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += out[i] - truth.bias[i];
    expect(Math.abs(sum / out.length)).toBeLessThan((4 * 5) / 64);
  });
});
