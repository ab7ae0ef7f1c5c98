import { describe, expect, it } from 'vitest';
import { fitBiasAndRate } from '../../../shared/pixels/dark-fit';
import { makeRandom } from './seeded-random';

describe('bias and dark current fitted from darks that hold the bias', () => {
  it('two exposures: the line through both, worked by hand', () => {
    // bias 1000, rate 0.5 ADU/s: 60 s → 1030, 300 s → 1150
    const bias = new Float32Array(1);
    const rate = new Float32Array(1);
    fitBiasAndRate([Float32Array.of(1030), Float32Array.of(1150)], [60, 300], bias, rate);
    expect(rate[0]).toBeCloseTo(0.5, 6);
    expect(bias[0]).toBeCloseTo(1000, 3);
  });

  it('recovers a known bias and rate per pixel from noisy masters of four exposures, and shrugs off one bad master pixel', () => {
    const random = makeRandom(7);
    const pixels = 5000;
    const exposures = [10, 60, 120, 300];
    const trueBias = Float32Array.from({ length: pixels }, () => 800 + 50 * random());
    const trueRate = Float32Array.from({ length: pixels }, () => 0.02 + (random() < 0.01 ? 5 : 0.05 * random()));
    const darks = exposures.map((t) => Float32Array.from({ length: pixels }, (_, p) => trueBias[p] + trueRate[p] * t + (random() - 0.5) * 0.2));
    darks[2][123] = 60_000; // a cosmic ray that survived one master
    const bias = new Float32Array(pixels);
    const rate = new Float32Array(pixels);
    fitBiasAndRate(darks, exposures, bias, rate);
    let worstBias = 0;
    let worstRate = 0;
    for (let p = 0; p < pixels; p++) {
      worstBias = Math.max(worstBias, Math.abs(bias[p] - trueBias[p]));
      worstRate = Math.max(worstRate, Math.abs(rate[p] - trueRate[p]));
    }
    expect(worstBias).toBeLessThan(0.3);
    expect(worstRate).toBeLessThan(0.002);
  });

  it('NaN where fewer than two values are finite; refuses equal exposures', () => {
    const bias = new Float32Array(1);
    const rate = new Float32Array(1);
    fitBiasAndRate([Float32Array.of(NaN), Float32Array.of(5), Float32Array.of(NaN)], [1, 2, 3], bias, rate);
    expect(Number.isNaN(bias[0]) && Number.isNaN(rate[0])).toBe(true);
    expect(() => fitBiasAndRate([Float32Array.of(1), Float32Array.of(2)], [60, 60], bias, rate)).toThrow(/distinct/);
  });
});
