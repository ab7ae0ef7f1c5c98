import { describe, expect, it } from 'vitest';
import { measureFrame } from '../../../shared/quality/measure-frame';
import { saturationLevel } from '../../../shared/quality/saturation';
import { syntheticFrame } from './synthetic-sky';

describe('saturationLevel', () => {
  it('SATURATE first, else the stored integers\' range; none for float data', () => {
    expect(saturationLevel({ bitpix: 16, bzero: 32768, saturate: 60000 })).toBe(60000);
    expect(saturationLevel({ bitpix: 16, bzero: 32768 })).toBe(65535);
    expect(saturationLevel({ bitpix: 16 })).toBe(32767);
    expect(saturationLevel({ bitpix: 8 })).toBe(255);
    expect(saturationLevel({ bitpix: 32, bzero: 2147483648 })).toBe(4294967295);
    expect(saturationLevel({ bitpix: 16, bscale: 2, bzero: 0 })).toBe(65534);
    expect(saturationLevel({ bitpix: -32 })).toBeNull();
    expect(saturationLevel({ bitpix: -32, saturate: 1e5 })).toBe(1e5);
  });
});

describe('measureFrame and saturation', () => {
  const truth = syntheticFrame({ width: 1024, height: 1024, seed: 12, stars: 400, psf: { fwhm: 4, beta: 3 } });
  const level = 8000;
  const clipped = truth.pixels.map((v) => Math.min(v, level));
  let atLevel = 0;
  for (const v of clipped) if (v >= level) atLevel++;

  it('the fraction of saturated pixels, from the frame itself or from the raw values', () => {
    const q = measureFrame(clipped, 1024, 1024, { saturation: { level } });
    // every k-th row, 2²⁰ pixels at most: the whole frame at this size
    expect(q.saturated).toBe(atLevel / clipped.length);
    expect(atLevel).toBeGreaterThan(20);
    const raw = clipped.map((v) => v * 2 + 100); // a raw frame in other units: the level is the raw one
    const fromRaw = measureFrame(clipped, 1024, 1024, { saturation: { level: level * 2 + 100, raw } });
    expect(fromRaw.saturated).toBe(q.saturated);
    expect(measureFrame(clipped, 1024, 1024).saturated).toBeNull();
  });

  it('saturated stars count as stars but not in the PSF: flat tops would widen the FWHM', () => {
    const blind = measureFrame(clipped, 1024, 1024, { coverage: 1 });
    const aware = measureFrame(clipped, 1024, 1024, { coverage: 1, saturation: { level } });
    expect(aware.saturatedStars).toBeGreaterThan(3);
    // a flat-topped star reads as extended to a blind search, and is left out
    expect(aware.starsFound).toBeGreaterThanOrEqual(blind.starsFound);
    expect(Math.abs(aware.fwhm! / 4 - 1)).toBeLessThan(0.05);
    expect(blind.fwhm!).toBeGreaterThan(aware.fwhm!);
  });
});
