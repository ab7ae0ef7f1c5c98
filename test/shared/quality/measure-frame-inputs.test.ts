import { describe, expect, it } from 'vitest';
import { measureFrame } from '../../../shared/quality/measure-frame';
import { makeGaussian, makeRandom } from '../pixels/seeded-random';
import { syntheticFrame } from './synthetic-sky';

describe('measureFrame: Bayer mosaics', () => {
  // colour gains of the cells (0,0), (1,0), (0,1), (1,1) of an RGGB camera under a grey sky
  const gains = [1.0, 0.8, 0.75, 0.5];
  const truth = syntheticFrame({ width: 2048, height: 2048, seed: 7, stars: 600, psf: { fwhm: 5, beta: 3 }, sky: () => 1000 });
  const mosaic = truth.pixels.map((v, i) => v * gains[(i % 2048 & 1) + 2 * (Math.floor(i / 2048) & 1)]);

  it('gives each colour its sky level and noise, named in the pattern\'s order (R, G1, G2, B)', () => {
    const q = measureFrame(mosaic, 2048, 2048, { bayerPattern: 'RGGB' });
    expect(q.channels!.map((c) => c.name)).toEqual(['R', 'G1', 'G2', 'B']);
    q.channels!.forEach((c, i) => {
      expect(Math.abs(c.background / (1000 * gains[i]) - 1)).toBeLessThan(0.002);
      expect(Math.abs(c.noise / (truth.noiseAtCentre * gains[i]) - 1)).toBeLessThan(0.03);
    });
    const bggr = measureFrame(mosaic, 2048, 2048, { bayerPattern: 'BGGR' });
    // the same cells read as B, G, G, R: R is now the cell of gain 0.5
    expect(bggr.channels!.map((c) => Math.round(c.background / 10) * 10)).toEqual([500, 800, 750, 1000]);
  });

  it('measures the stars on 2×2 superpixels: the FWHM within 5 % in mosaic pixels', () => {
    const q = measureFrame(mosaic, 2048, 2048, { bayerPattern: 'RGGB', coverage: 1 });
    expect(Math.abs(q.fwhm! / 5 - 1)).toBeLessThan(0.05);
    expect(q.starsFound).toBeGreaterThan(0.9 * truth.stars.filter((s) => s.peakSnr >= 5).length);
  });
});

describe('measureFrame: frames that give little', () => {
  it('a frame too small for stars still has its sky', () => {
    const gaussian = makeGaussian(makeRandom(1));
    const pixels = Float32Array.from({ length: 24 * 40 }, () => gaussian(300, 4));
    const q = measureFrame(pixels, 40, 24);
    expect(q.unmeasured).toBe('frame too small (40×24; stars need 32 px a side)');
    expect(Math.abs(q.background - 300)).toBeLessThan(1);
    expect(q.noise).toBeGreaterThan(3);
    expect([q.fwhm, q.eccentricity, q.weight, q.stars]).toEqual([null, null, null, 0]);
  });

  it('sky alone: no stars above 5σ, and no weight', () => {
    const gaussian = makeGaussian(makeRandom(2));
    const pixels = Float32Array.from({ length: 512 * 512 }, () => gaussian(1000, 30));
    const q = measureFrame(pixels, 512, 512);
    expect(q.unmeasured).toBe('no stars above 5σ');
    expect([q.stars, q.weight, q.fwhm]).toEqual([0, null, null]);
    expect(q.coverage).toBe(1); // it looked everywhere before saying so
  });

  it('a constant or blank frame is said so, not divided by a zero noise', () => {
    expect(measureFrame(new Float32Array(256 * 256).fill(7), 256, 256).unmeasured).toBe('no sky noise to measure against (blank or constant frame)');
    const blank = measureFrame(new Float32Array(256 * 256).fill(NaN), 256, 256);
    expect(blank.unmeasured).toBe('no sky noise to measure against (blank or constant frame)');
    expect(blank.background).toBeNaN();
  });

  it('too few clean stars for the PSF: counted, but no FWHM, and why', () => {
    const truth = syntheticFrame({ width: 512, height: 512, seed: 3, stars: 6, psf: { fwhm: 3 }, snrRange: [6, 9] });
    const q = measureFrame(truth.pixels, 512, 512);
    expect(q.starsFound).toBeGreaterThan(2);
    expect(q.fwhm).toBeNull();
    expect(q.unmeasured).toMatch(/^too few clean stars for the PSF \(0 unsaturated, isolated stars above 10σ; 3 needed\)$/);
  });

  it('blank pixels (NaN where a flat was zero) do not stop the measurement', () => {
    const truth = syntheticFrame({ width: 1024, height: 1024, seed: 5, stars: 300, psf: { fwhm: 3 } });
    const holed = truth.pixels.slice();
    for (let y = 0; y < 1024; y++) for (let x = 0; x < 60; x++) holed[y * 1024 + x] = NaN;
    const q = measureFrame(holed, 1024, 1024, { coverage: 1 });
    expect(Math.abs(q.fwhm! / 3 - 1)).toBeLessThan(0.05);
    expect(q.starsFound).toBeGreaterThan(0.8 * measureFrame(truth.pixels, 1024, 1024, { coverage: 1 }).starsFound);
  });

  it('refuses inconsistent arguments', () => {
    expect(() => measureFrame(new Float32Array(10), 4, 4)).toThrow('fewer than 4×4');
    expect(() => measureFrame(new Float32Array(16), 4, 4, { detectionSigma: 0 })).toThrow('detectionSigma must be positive');
  });
});
