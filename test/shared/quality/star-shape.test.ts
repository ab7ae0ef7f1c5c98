import { describe, expect, it } from 'vitest';
import { hostPixelRows } from '../../../shared/quality/pixel-rows';
import { adaptiveMoments, createPatch, distortion, fitProfile } from '../../../shared/quality/star-shape';
import { psfFunction, type SyntheticPsf } from './synthetic-sky';

/** One noise-free star, integrated over each pixel (7×7 sub-samples), on a zero sky. */
function star(psf: SyntheticPsf, cx: number, cy: number, size = 64, flux = 1e5) {
  const f = psfFunction(psf);
  const pixels = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) s += f(x - cx + (i + 0.5) / 7 - 0.5, y - cy + (j + 0.5) / 7 - 0.5);
      pixels[y * size + x] = (flux * s) / 49;
    }
  }
  return hostPixelRows(pixels, size, size);
}

const eccentricity = ([e1, e2]: [number, number]) => {
  const e = Math.hypot(e1, e2);
  return Math.sqrt((2 * e) / (1 + e));
};

describe('one star, no noise', () => {
  const cases: SyntheticPsf[] = [{ fwhm: 2 }, { fwhm: 8 }, { fwhm: 2, beta: 2.5 }, { fwhm: 4, beta: 2.5 }, { fwhm: 6, beta: 4 }, { fwhm: 3, eccentricity: 0.5, angle: 0.7 }, { fwhm: 5, beta: 3, eccentricity: 0.7, angle: -1.2 }];
  // A star of FWHM 2 px is undersampled: its sampled moments differ along x and y by up to 2 %
  // with the sub-pixel position (e up to 0.2 for one star); over many stars at random positions it
  // averages out (measure-frame.test.ts), for one star it cannot.
  it.each(cases)('%j: FWHM within 4 %, eccentricity within 0.02 (0.25 at FWHM 2), centre within 0.01 px, at any sub-pixel position', (psf) => {
    for (const [dx, dy] of [[0, 0], [0.5, 0.5], [0.3, -0.2], [-0.45, 0.1]]) {
      const image = star(psf, 32 + dx, 32 + dy);
      const moments = adaptiveMoments(image, 0, 32, 32, 1.2, 12, createPatch())!;
      expect(Math.hypot(moments.x - 32 - dx, moments.y - 32 - dy)).toBeLessThan(0.01);
      const fit = fitProfile(image, 0, moments, createPatch())!;
      expect(Math.abs(fit.fwhm / psf.fwhm - 1)).toBeLessThan(0.04);
      expect(Math.abs(eccentricity(distortion(moments)) - (psf.eccentricity ?? 0))).toBeLessThan(psf.fwhm < 2.5 ? 0.25 : 0.02);
    }
  });

  it('a Gaussian reads as a very large β, a Moffat as its own β', () => {
    const gauss = star({ fwhm: 4 }, 32.2, 31.7);
    const g = fitProfile(gauss, 0, adaptiveMoments(gauss, 0, 32, 32, 1.2, 12, createPatch())!, createPatch())!;
    expect(g.beta).toBeGreaterThan(30);
    const moffat = star({ fwhm: 4, beta: 2.5 }, 32.2, 31.7);
    const m = fitProfile(moffat, 0, adaptiveMoments(moffat, 0, 32, 32, 1.2, 12, createPatch())!, createPatch())!;
    expect(Math.abs(m.beta / 2.5 - 1)).toBeLessThan(0.1);
  });

  it('a single hot pixel or an empty patch has no moments', () => {
    const pixels = new Float32Array(32 * 32);
    expect(adaptiveMoments(hostPixelRows(pixels, 32, 32), 0, 16, 16, 1.2, 12, createPatch())).toBeNull();
    pixels[16 * 32 + 16] = 5000;
    expect(adaptiveMoments(hostPixelRows(pixels, 32, 32), 0, 16, 16, 1.2, 12, createPatch())).toBeNull();
  });
});
