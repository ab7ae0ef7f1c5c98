import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NAN_RGBA,
  autoStretch,
  displayLimits,
  midtonesTransfer,
  renderColourRgba,
  renderRgba,
  zscale,
  type RenderParams,
  type ZScaleOptions,
} from '../../../shared/pixels/stretch';
import { makeGaussian, makeRandom } from './seeded-random';

describe('zscale by hand', () => {
  // With at most 7 samples no residual can exceed 2.5σ (Samuelson: |r|/σ ≤ √(n − 1) ≤ √6 = 2.449),
  // so zscale is one least-squares line over all samples. Sorted [1, 1, 3, 4, 5] at x = 0..4:
  // slope = Σ(x − 2)(y − 2.8)/Σ(x − 2)² = 11/10 = 1.1; median 3; centre pixel (5 − 1) // 2 = 2;
  // z1 = max(1, 3 − (2 − 1)·1.1/contrast), z2 = min(5, 3 + (5 − 2)·1.1/contrast).
  const data = [3, 1, 4, 1, 5];

  it('contrast 1: z1 = 3 − 1.1 = 1.9, z2 = min(5, 6.3) = 5', () => {
    const { z1, z2 } = zscale(data, { contrast: 1 });
    expect(z1).toBeCloseTo(1.9, 12);
    expect(z2).toBe(5);
  });

  it('contrast 2: z1 = 3 − 0.55 = 2.45, z2 = 3 + 1.65 = 4.65', () => {
    const { z1, z2 } = zscale(data, { contrast: 2 });
    expect(z1).toBeCloseTo(2.45, 12);
    expect(z2).toBeCloseTo(4.65, 12);
  });

  it('default contrast 0.25 widens past the data: the min and max', () => {
    expect(zscale(data)).toEqual({ z1: 1, z2: 5 });
  });

  it('ignores NaN and infinite values', () => {
    const { z1, z2 } = zscale([3, NaN, 1, 4, Infinity, 1, -Infinity, 5], { contrast: 1 });
    expect(z1).toBeCloseTo(1.9, 12);
    expect(z2).toBe(5);
  });

  it('samples every stride-th finite value: 10 values, nSamples 5 → stride 2', () => {
    // the even positions hold [3, 1, 4, 1, 5]; the odd ones, never sampled, are huge
    const interleaved = [3, 1e6, 1, 1e6, 4, 1e6, 1, 1e6, 5, 1e6];
    const { z1, z2 } = zscale(interleaved, { nSamples: 5, contrast: 1 });
    expect(z1).toBeCloseTo(1.9, 12);
    expect(z2).toBe(5);
  });

  it('gives the min and max below min_npixels (5) samples, and NaN for no finite value', () => {
    expect(zscale([2, 8, NaN, 5])).toEqual({ z1: 2, z2: 8 });
    expect(zscale([NaN, NaN])).toEqual({ z1: NaN, z2: NaN });
  });

  it('does not modify its input', () => {
    const values = Float32Array.of(5, 1, 4, 2, 3, NaN);
    zscale(values);
    autoStretch(values);
    expect(Array.from(values)).toEqual([5, 1, 4, 2, 3, NaN]);
  });
});

/** Images on which zscale's rejection, growing and sampling all come into play. */
function zscaleCases(): { name: string; data: Float32Array | Float64Array; options?: ZScaleOptions }[] {
  const random = makeRandom(21);
  const gaussian = makeGaussian(random);
  const sky = Float32Array.from({ length: 300 * 200 }, () => gaussian(1000, 15));
  for (let s = 0; s < 40; s++) {
    const cx = random() * 300;
    const cy = random() * 200;
    const peak = 5000 + random() * 25000;
    for (let y = Math.max(0, Math.floor(cy) - 6); y < Math.min(200, cy + 6); y++) {
      for (let x = Math.max(0, Math.floor(cx) - 6); x < Math.min(300, cx + 6); x++) {
        sky[y * 300 + x] += peak * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4);
      }
    }
  }
  const gradient = Float32Array.from({ length: 256 * 256 }, (_, i) => 500 + (i % 256) * 0.5 + Math.floor(i / 256) * 0.2 + gaussian(0, 5));
  const holes = Float32Array.from({ length: 40_000 }, () => (random() < 0.1 ? NaN : random() < 0.001 ? Infinity : gaussian(200, 3)));
  const ties = Float32Array.from({ length: 10_000 }, () => Math.round(gaussian(100, 3)));
  const tiny = Float32Array.from({ length: 50 }, () => gaussian(10, 1));
  const outlier = Float32Array.of(10, 11, 12, 14, 15, 16, 17, 1000);
  const doubles = Float64Array.from({ length: 5000 }, () => gaussian(-30, 2) + (random() < 0.05 ? 300 : 0));
  return [
    { name: 'sky with stars', data: sky },
    { name: 'gradient', data: gradient },
    { name: 'NaN and infinity holes', data: holes },
    { name: 'integer ties', data: ties },
    { name: '50 values', data: tiny },
    { name: '8 values with an outlier', data: outlier },
    { name: 'float64 with a 5 % bright tail', data: doubles },
    { name: 'sky, non-default options', data: sky, options: { nSamples: 600, contrast: 0.5, krej: 2, maxIterations: 3, maxReject: 0.3, minNpixels: 10 } },
  ];
}

describe('zscale against astropy.visualization.ZScaleInterval', () => {
  it('agrees within 1e-6 relative on the same data', (context) => {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import astropy.visualization, numpy'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      return context.skip('astropy is not available (/usr/bin/python3 with astropy and numpy): zscale not compared with it');
    }
    const cases = zscaleCases();
    const dir = mkdtempSync(join(tmpdir(), 'nightcal-zscale-'));
    try {
      const jobs = cases.map(({ data, options = {} }, i) => {
        const file = join(dir, `case-${i}.bin`);
        writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        return {
          file,
          dtype: data instanceof Float32Array ? '<f4' : '<f8',
          kwargs: {
            n_samples: options.nSamples ?? 1000,
            contrast: options.contrast ?? 0.25,
            max_reject: options.maxReject ?? 0.5,
            min_npixels: options.minNpixels ?? 5,
            krej: options.krej ?? 2.5,
            max_iterations: options.maxIterations ?? 5,
          },
        };
      });
      const script = [
        'import json, sys, numpy as np',
        'from astropy.visualization import ZScaleInterval',
        'jobs = json.load(sys.stdin)',
        'print(json.dumps([[float(v) for v in ZScaleInterval(**j["kwargs"]).get_limits(np.fromfile(j["file"], dtype=j["dtype"]))] for j in jobs]))',
      ].join('\n');
      const run = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(jobs), encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const expected = JSON.parse(run.stdout) as [number, number][];
      cases.forEach(({ name, data, options }, i) => {
        const { z1, z2 } = zscale(data, options);
        const [e1, e2] = expected[i];
        expect(Math.abs(z1 - e1), `${name}: z1 ${z1} vs astropy ${e1}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e1)));
        expect(Math.abs(z2 - e2), `${name}: z2 ${z2} vs astropy ${e2}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e2)));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('midtonesTransfer', () => {
  const grid = Array.from({ length: 21 }, (_, i) => i / 20);

  it('is the identity for m = 0.5', () => {
    for (const x of grid) expect(midtonesTransfer(x, 0.5)).toBeCloseTo(x, 15);
  });

  it('maps m to 0.5, 0 to 0 and 1 to 1', () => {
    for (const m of [0.01, 0.1, 0.25, 0.5, 0.8, 0.99]) {
      expect(midtonesTransfer(m, m)).toBe(0.5);
      expect(midtonesTransfer(0, m)).toBe(0);
      expect(midtonesTransfer(1, m)).toBe(1);
    }
  });

  it('by hand: MTF(0.1; 0.25) = (−0.75·0.1)/((−0.5)·0.1 − 0.25) = 0.25', () => {
    expect(midtonesTransfer(0.1, 0.25)).toBeCloseTo(0.25, 15);
  });

  it('is undone by MTF(·; 1 − m), and increases with x', () => {
    for (const m of [0.05, 0.3, 0.7]) {
      let previous = -1;
      for (const x of grid) {
        const y = midtonesTransfer(x, m);
        expect(midtonesTransfer(y, 1 - m)).toBeCloseTo(x, 12);
        expect(y).toBeGreaterThan(previous);
        previous = y;
      }
    }
  });
});

/** Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

describe('autoStretch (PixInsight STF)', () => {
  it('follows the AutoSTF formulas on a Gaussian field with a dead and a saturated pixel', () => {
    // The field: the N = 100001 quantiles μ + σ·Φ⁻¹((i + ½)/N), μ = 1000, σ = 20, plus 0 and 65535.
    // min 0, max 65535. Median: the middle of N + 2 values is quantile 50000, exactly μ.
    // MAD: distances 0 (once), then equal pairs σ·Φ⁻¹(½ + j/N), then the two extremes; the
    // middle one (rank 50001 = 2j − 1) is j = 25001: MAD = σ·Φ⁻¹(½ + 25001/N) ≈ 0.6745 σ.
    const N = 100_001;
    const mu = 1000;
    const sigma = 20;
    const field = [0, 65535, ...Array.from({ length: N }, (_, i) => mu + sigma * inverseNormal((i + 0.5) / N))];
    const mad = sigma * inverseNormal(0.5 + 25001 / N);
    // AutoSTF: normalised median and 1.4826·MAD, shadows = median − 2.8·MADN, midtones = MTF(median − shadows; 0.25)
    const medianN = mu / 65535;
    const madN = (1.4826 * mad) / 65535;
    const shadows = medianN - 2.8 * madN;
    const midtones = ((0.25 - 1) * (medianN - shadows)) / ((2 * 0.25 - 1) * (medianN - shadows) - 0.25);

    const stretch = autoStretch(field);
    expect(stretch.shadows).toBeCloseTo(shadows, 12);
    expect(stretch.midtones).toBeCloseTo(midtones, 9);
    expect(stretch.highlights).toBe(1);
    expect(stretch.lo).toBeCloseTo(shadows * 65535, 6); // ≈ 1000 − 2.8·20 = 944
    expect(stretch.lo).toBeCloseTo(944, -1);
    expect(stretch.hi).toBe(65535);
  });

  it('clips the highlights instead when the median is in the upper half (inverted channel)', () => {
    // min 0, max 100; median 80 and MAD 2 → medianN 0.8, MADN 0.029652; highlights = 0.8 + 2.8·0.029652
    const data = [0, 100, 76, 78, 79, 80, 81, 82, 84];
    const madN = (1.4826 * 2) / 100;
    const highlights = 0.8 + 2.8 * madN;
    const stretch = autoStretch(data);
    expect(stretch.shadows).toBe(0);
    expect(stretch.highlights).toBeCloseTo(highlights, 12);
    expect(stretch.midtones).toBeCloseTo(midtonesTransfer(0.25, highlights - 0.8), 12);
    expect(stretch.hi).toBeCloseTo(highlights * 100, 9);
  });

  it('clips nothing when the MAD is 0: midtones = MTF(0.2; 0.25) = 3/7', () => {
    const stretch = autoStretch([0, 2, 2, 2, 2, 2, 10]);
    expect(stretch.shadows).toBe(0);
    expect(stretch.midtones).toBeCloseTo(3 / 7, 12);
    expect(stretch.highlights).toBe(1);
  });

  it('leaves a constant image unstretched', () => {
    expect(autoStretch([7, 7, NaN, 7])).toEqual({ shadows: 0, midtones: 0.5, highlights: 1, lo: 7, hi: 7 });
  });

  it('displayLimits gives both windows and nothing else', () => {
    const data = Float32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    const limits = displayLimits(data);
    expect(limits.zscale).toEqual(zscale(data));
    const { shadows, midtones, highlights } = autoStretch(data);
    expect(limits.autoStretch).toEqual({ shadows, midtones, highlights });
  });
});

/** The definition of a grey level, written out: window, curve (astropy's asinh a = 0.1, log a = 1000), midtones, round. */
function expectedGrey(x: number, { lo, hi, mode, midtones = 0.5 }: RenderParams): number {
  let t = Math.min(1, Math.max(0, (x - lo) * (1 / (hi - lo))));
  if (mode === 'asinh') t = Math.asinh(t / 0.1) * (1 / Math.asinh(1 / 0.1));
  if (mode === 'log') t = Math.log(1000 * t + 1) * (1 / Math.log(1001));
  if (midtones !== 0.5) t = midtonesTransfer(t, midtones);
  return Math.round(t * 255);
}

describe('renderRgba', () => {
  const greys = (pixels: Float32Array, params: RenderParams) => {
    const out = new Uint8ClampedArray(pixels.length * 4);
    renderRgba(pixels, params, out);
    return out;
  };

  it('maps the window linearly: 0 → 0, 50 → round(127.5) = 128, 100 and above → 255', () => {
    const out = greys(Float32Array.of(-10, 0, 50, 100, 150), { lo: 0, hi: 100, mode: 'linear' });
    expect(Array.from(out)).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
  });

  it('applies the curves: asinh(5)/asinh(10) = 0.7713 → 197, log(501)/log(1001) = 0.8998 → 229, MTF(0.5; 0.25) = 0.75 → 191', () => {
    const half = Float32Array.of(50);
    expect(greys(half, { lo: 0, hi: 100, mode: 'asinh' })[0]).toBe(197);
    expect(greys(half, { lo: 0, hi: 100, mode: 'log' })[0]).toBe(229);
    expect(greys(half, { lo: 0, hi: 100, mode: 'linear', midtones: 0.25 })[0]).toBe(191);
  });

  it('paints NaN and infinite pixels in the NaN colour, opaque', () => {
    const out = greys(Float32Array.of(NaN, Infinity, -Infinity), { lo: 0, hi: 1, mode: 'linear' });
    for (let i = 0; i < 3; i++) expect(Array.from(out.subarray(4 * i, 4 * i + 4))).toEqual([...NAN_RGBA]);
    expect(NAN_RGBA[0] === NAN_RGBA[1] && NAN_RGBA[1] === NAN_RGBA[2]).toBe(false); // not a grey
  });

  it('shows a window with hi ≤ lo as a step at lo', () => {
    const out = greys(Float32Array.of(4, 5, 6), { lo: 5, hi: 5, mode: 'linear' });
    expect([out[0], out[4], out[8]]).toEqual([0, 255, 255]);
  });

  it('gives the defined grey for every pixel of a large image (the table path) in every mode', () => {
    const random = makeRandom(8);
    const pixels = Float32Array.from({ length: 1 << 19 }, () => random() * 1200 - 100);
    const settings: RenderParams[] = [
      { lo: 0, hi: 1000, mode: 'linear' },
      { lo: 0, hi: 1000, mode: 'asinh' },
      { lo: 0, hi: 1000, mode: 'log' },
      { lo: 100, hi: 900, mode: 'linear', midtones: 0.1 },
      { lo: -50, hi: 50, mode: 'asinh', midtones: 0.8 },
    ];
    for (const params of settings) {
      const out = greys(pixels, params);
      let mismatches = 0;
      for (let i = 0; i < pixels.length; i++) if (out[4 * i] !== expectedGrey(pixels[i], params)) mismatches++;
      expect(mismatches, JSON.stringify(params)).toBe(0);
    }
  });

  it('checks the output size and leaves the pixels unchanged', () => {
    const pixels = Float32Array.of(1, NaN, 3);
    expect(() => renderRgba(pixels, { lo: 0, hi: 1, mode: 'linear' }, new Uint8ClampedArray(11))).toThrow(/12 are needed/);
    greys(pixels, { lo: 0, hi: 4, mode: 'log' });
    expect(Array.from(pixels)).toEqual([1, NaN, 3]);
  });
});

describe('renderColourRgba', () => {
  it('stretches each channel on its own, and draws a pixel NaN in any channel in the NaN colour', () => {
    const red = Float32Array.of(0, 10, 20);
    const green = Float32Array.of(100, 110, 120);
    const blue = Float32Array.of(5, NaN, 5);
    const out = new Uint8ClampedArray(12);
    renderColourRgba([red, green, blue], [{ lo: 0, hi: 20, mode: 'linear' }, { lo: 100, hi: 120, mode: 'linear' }, { lo: 0, hi: 10, mode: 'linear' }], out);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 128, 255]);
    expect(Array.from(out.subarray(4, 8))).toEqual([...NAN_RGBA]);
    expect(Array.from(out.subarray(8, 12))).toEqual([255, 255, 128, 255]);
  });
});
