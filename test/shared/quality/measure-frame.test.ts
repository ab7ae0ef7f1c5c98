import { describe, expect, it } from 'vitest';
import { measureFrame, measureFrameStars, type FrameMeasurement } from '../../../shared/quality/measure-frame';
import { syntheticFrame, starsAbove, type SyntheticFrame, type SyntheticOptions, type SyntheticPsf } from './synthetic-sky';

const frames = new Map<string, SyntheticFrame>();
/** A synthetic frame, drawn once per test file. */
function frame(options: SyntheticOptions): SyntheticFrame {
  const key = JSON.stringify(options, (_, v) => (typeof v === 'function' ? String(v) : v));
  let drawn = frames.get(key);
  if (drawn === undefined) {
    drawn = syntheticFrame(options);
    frames.set(key, drawn);
  }
  return drawn;
}

/**
 * The peak SNR s* at which the truth holds as many stars at or above s* as were found: the
 * detection limit the count implies. A detection off by 10 % moves it by 10 %.
 */
function impliedLimit(truth: SyntheticFrame, found: number): number {
  const snrs = truth.stars.map((s) => s.peakSnr).sort((a, b) => b - a);
  return snrs[Math.min(snrs.length - 1, Math.max(0, found - 1))];
}

function relative(measured: number | null, truth: number): number {
  return measured === null ? Infinity : measured / truth - 1;
}

describe('measureFrame on synthetic frames with a known PSF', () => {
  // 2048² frames rich enough in stars for the mean shape: round stars must read e ≤ 0.05, and the
  // mean shape of ~100 bright stars is only that good (its noise gives e ≈ 0.02–0.06 by seed)
  const cases: [string, SyntheticPsf, number][] = [
    ['Gaussian FWHM 2', { fwhm: 2 }, 1200],
    ['Gaussian FWHM 3', { fwhm: 3 }, 1200],
    ['Gaussian FWHM 5', { fwhm: 5 }, 900],
    ['Gaussian FWHM 8', { fwhm: 8 }, 600],
    ['Moffat β 2.5 FWHM 2.5', { fwhm: 2.5, beta: 2.5 }, 1200],
    ['Moffat β 2.5 FWHM 4', { fwhm: 4, beta: 2.5 }, 1200],
    ['Moffat β 2.5 FWHM 8', { fwhm: 8, beta: 2.5 }, 600],
    ['Moffat β 4 FWHM 3', { fwhm: 3, beta: 4 }, 1200],
    ['Moffat β 3 FWHM 6', { fwhm: 6, beta: 3 }, 600],
    ['Gaussian FWHM 4, e = 0.5', { fwhm: 4, eccentricity: 0.5, angle: 0.5 }, 900],
    ['Moffat β 3 FWHM 3, e = 0.5', { fwhm: 3, beta: 3, eccentricity: 0.5, angle: 2 }, 1200],
  ];

  it.each(cases)('%s: median FWHM within 5 %, eccentricity within 0.05, stars within 10 % of those above 5σ', (_, psf, stars) => {
    const truth = frame({ width: 2048, height: 2048, seed: 21, stars, psf });
    const q = measureFrame(truth.pixels, truth.width, truth.height, { coverage: 1 });
    const above = starsAbove(truth, 5);
    expect(q.unmeasured).toBeNull();
    expect(Math.abs(relative(q.fwhm, psf.fwhm))).toBeLessThan(0.05);
    expect(Math.abs(q.eccentricity! - (psf.eccentricity ?? 0))).toBeLessThanOrEqual(0.05);
    expect(Math.abs(q.starsFound / above - 1)).toBeLessThan(0.1);
    expect(q.coverage).toBe(1);
    expect(q.stars).toBe(q.starsFound);
    if (psf.beta !== undefined) expect(Math.abs(q.beta! / psf.beta - 1)).toBeLessThan(0.2);
  });

  it('the threshold sits at 5σ: most stars of peak SNR 5.5 are found, fewer than half of 4.5 (a threshold 10 % off fails this)', () => {
    // 400 stars at 4.5σ, 400 at 5.5σ, 100 bright ones for the PSF; a star is found within 1.5 px.
    // Measured: 73–77 % of the 5.5σ stars, 30–39 % of the 4.5σ ones (the peak's estimate scatters
    // by ~0.8σ); a threshold at 5.5σ finds 52 % of the first, at 4.5σ 55 % of the second.
    const snrs = [...Array<number>(400).fill(4.5), ...Array<number>(400).fill(5.5), ...Array.from({ length: 100 }, (_, i) => 30 + 10 * i)];
    for (const psf of [{ fwhm: 3 }, { fwhm: 4, beta: 2.5 }]) {
      const truth = frame({ width: 2048, height: 2048, seed: 33, stars: snrs.length, snrs, psf, margin: 20 });
      const { stars } = measureFrameStars(truth.pixels, truth.width, truth.height, { coverage: 1 });
      const foundShare = (snr: number) => {
        const set = truth.stars.filter((s, i) => snrs[i] === snr);
        return set.filter((s) => stars.some((f) => Math.hypot(f.x - s.x, f.y - s.y) < 1.5)).length / set.length;
      };
      expect(foundShare(5.5)).toBeGreaterThan(0.65);
      expect(foundShare(4.5)).toBeLessThan(0.45);
    }
  });

  it('the count implies a detection limit of 5σ within 6 %', () => {
    for (const psf of [{ fwhm: 3 }, { fwhm: 4, beta: 2.5 }]) {
      const truth = frame({ width: 2048, height: 2048, seed: 21, stars: psf.beta ? 900 : 1200, psf });
      const q = measureFrame(truth.pixels, truth.width, truth.height, { coverage: 1 });
      expect(Math.abs(impliedLimit(truth, q.starsFound) / 5 - 1)).toBeLessThan(0.06);
    }
  });

  it('finds the stars themselves: 95 % of those above 8σ, nothing where no star is', () => {
    const truth = frame({ width: 2048, height: 2048, seed: 21, stars: 1200, psf: { fwhm: 3 } });
    const { stars } = measureFrameStars(truth.pixels, truth.width, truth.height, { coverage: 1 });
    const near = (x: number, y: number) => stars.some((s) => Math.hypot(s.x - x, s.y - y) < 1.5);
    const bright = truth.stars.filter((s) => s.peakSnr >= 8);
    expect(bright.filter((s) => near(s.x, s.y)).length / bright.length).toBeGreaterThan(0.95);
    const spurious = stars.filter((f) => !truth.stars.some((s) => Math.hypot(s.x - f.x, s.y - f.y) < 2));
    expect(spurious.length).toBeLessThanOrEqual(Math.ceil(0.01 * stars.length));
  });

  it('a sparse field: 40 stars in 1024²', () => {
    const truth = frame({ width: 1024, height: 1024, seed: 4, stars: 40, psf: { fwhm: 4, beta: 3 }, snrRange: [3, 3000] });
    const q = measureFrame(truth.pixels, truth.width, truth.height);
    expect(Math.abs(relative(q.fwhm, 4))).toBeLessThan(0.05);
    expect(Math.abs(q.starsFound - starsAbove(truth, 5))).toBeLessThanOrEqual(Math.max(2, 0.1 * starsAbove(truth, 5)));
    expect(q.coverage).toBe(1); // too few stars to stop early: the whole frame is searched
  });

  it('a crowded field: 8000 stars in 2048² (a star every 23 px)', () => {
    const truth = frame({ width: 2048, height: 2048, seed: 8, stars: 8000, psf: { fwhm: 3, beta: 3.5 } });
    const q = measureFrame(truth.pixels, truth.width, truth.height, { coverage: 1 });
    expect(Math.abs(relative(q.fwhm, 3))).toBeLessThan(0.05);
    expect(q.eccentricity!).toBeLessThanOrEqual(0.05);
    expect(Math.abs(q.starsFound / starsAbove(truth, 5) - 1)).toBeLessThan(0.1);
  });

  it('a sample of 300 candidates counts as fitting all of them does: stars within 3 %, weight within 5 %', () => {
    // ~7,000 candidates on the whole frame: the brightest 150 fitted, 150 of the rest for them all
    const truth = frame({ width: 2048, height: 2048, seed: 8, stars: 8000, psf: { fwhm: 3, beta: 3.5 } });
    const all = measureFrame(truth.pixels, truth.width, truth.height, { coverage: 1 });
    const sampled = measureFrame(truth.pixels, truth.width, truth.height, { coverage: 1, maxCountFits: 300 });
    expect(all.starsFitted).toBeGreaterThan(3000);
    expect(sampled.starsFitted).toBe(300);
    expect(Math.abs(sampled.starsFound / all.starsFound - 1)).toBeLessThan(0.03);
    expect(Math.abs(sampled.starsFound / starsAbove(truth, 5) - 1)).toBeLessThan(0.1);
    expect(Math.abs(sampled.weight! / all.weight! - 1)).toBeLessThan(0.05);
    expect(sampled.fwhm).toBe(all.fwhm);
  });

  it('a steep sky gradient (×6 across the frame) neither hides nor invents stars', () => {
    const truth = frame({ width: 2048, height: 2048, seed: 9, stars: 1200, psf: { fwhm: 3 }, sky: (x, y) => 500 + (2500 * x) / 2048 + (500 * y) / 2048 });
    const q = measureFrame(truth.pixels, truth.width, truth.height, { coverage: 1 });
    expect(Math.abs(q.starsFound / starsAbove(truth, 5) - 1)).toBeLessThan(0.1);
    expect(Math.abs(relative(q.fwhm, 3))).toBeLessThan(0.05);
  });

  it('searches a tenth of a rich frame by default and scales the count to the whole', () => {
    const truth = frame({ width: 2048, height: 2048, seed: 8, stars: 8000, psf: { fwhm: 3, beta: 3.5 } });
    const q = measureFrame(truth.pixels, truth.width, truth.height);
    expect(q.coverage).toBeGreaterThanOrEqual(0.1);
    expect(q.coverage).toBeLessThan(0.15);
    expect(Math.abs(q.stars / starsAbove(truth, 5) - 1)).toBeLessThan(0.1);
    expect(Math.abs(relative(q.fwhm, 3))).toBeLessThan(0.05);
  });
});

describe('measureFrame: what a night brings', () => {
  const clear = { width: 2048, height: 2048, seed: 30, stars: 1200, psf: { fwhm: 3, beta: 3 } };
  const measure = (options: SyntheticOptions): FrameMeasurement => {
    const truth = frame(options);
    return measureFrame(truth.pixels, truth.width, truth.height);
  };

  it('a defocused frame (FWHM × 1.8, the same stars) measures × 1.8 ± 5 %, with fewer stars and less weight', () => {
    const sharp = measure(clear);
    const soft = measure({ ...clear, psf: { fwhm: 5.4, beta: 3 }, referencePsf: clear.psf });
    expect(Math.abs(soft.fwhm! / sharp.fwhm! / 1.8 - 1)).toBeLessThan(0.05);
    expect(soft.stars).toBeLessThan(0.7 * sharp.stars); // every peak 3.24 × lower
    // the same light over 1.8² the area: each star's PSF SNR² falls by 3.24
    expect(soft.weight! / sharp.weight!).toBeGreaterThan(1 / 3.24 / 1.5);
    expect(soft.weight! / sharp.weight!).toBeLessThan((1 / 3.24) * 1.5);
  });

  it('a clouded frame (sky × 4, stars ÷ 5) shows fewer stars, a higher sky and far less weight', () => {
    const good = measure(clear);
    const clouded = measure({ ...clear, skyFactor: 4, transmission: 0.2 });
    expect(clouded.stars).toBeLessThan(0.5 * good.stars);
    expect(clouded.background / good.background).toBeGreaterThan(3.8);
    expect(clouded.background / good.background).toBeLessThan(4.2);
    expect(clouded.noise / good.noise).toBeGreaterThan(1.7);
    expect(clouded.weight!).toBeLessThan(good.weight! / 25);
  });

  it('hot pixels and a satellite trail are not counted as stars', () => {
    const truth = frame(clear);
    const dirty = truth.pixels.slice();
    let seed = 99;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 2000; i++) dirty[Math.floor(random() * dirty.length)] += 2000 + random() * 30000;
    // a trail 1.3 px wide (σ), 400 ADU at its centre, across the whole frame
    for (let t = 0; t < 2800; t += 0.25) {
      const x = Math.round(30 + t * 0.7);
      const y = Math.round(100 + t * 0.6);
      if (x >= 2048 || y + 3 >= 2048) break;
      for (let d = -4; d <= 4; d++) dirty[(y + d) * 2048 + x] += 0.25 * 400 * Math.exp(-(d * d) / (2 * 1.3 * 1.3));
    }
    const base = measureFrame(truth.pixels, 2048, 2048, { coverage: 1 });
    const q = measureFrame(dirty, 2048, 2048, { coverage: 1 });
    expect(q.rejected.hot).toBeGreaterThan(1500);
    expect(q.rejected.streak).toBeGreaterThan(50);
    expect(Math.abs(q.starsFound / base.starsFound - 1)).toBeLessThan(0.03);
    expect(Math.abs(q.fwhm! / base.fwhm! - 1)).toBeLessThan(0.02);
  });

  it('sky level and noise: the median sky and σ of the sky within 2 %', () => {
    const truth = frame({ ...clear, sky: () => 1500, stars: 300 });
    const q = measureFrame(truth.pixels, truth.width, truth.height);
    expect(Math.abs(q.background / 1500 - 1)).toBeLessThan(0.002);
    expect(Math.abs(q.noise / truth.noiseAtCentre - 1)).toBeLessThan(0.02);
    expect(q.channels).toBeNull();
    expect(q.saturated).toBeNull();
  });

  it('fwhmArcsec from the pixel scale', () => {
    const truth = frame(clear);
    const q = measureFrame(truth.pixels, truth.width, truth.height, { pixelScale: 1.5 });
    expect(q.fwhmArcsec).toBeCloseTo(q.fwhm! * 1.5, 10);
    expect(measureFrame(truth.pixels, truth.width, truth.height).fwhmArcsec).toBeNull();
  });
});
