import { describe, expect, it } from 'vitest';
import type { CombineMethod } from '../../../shared/contract';
import { combineStack, prepareStack, scaleInPlace, subtractFrame, type CombineOptions } from '../../../shared/pixels/combine';
import { tileSorter } from '../../../shared/pixels/sorting-network';
import { differences, makeGaussian, makeRandom } from './seeded-random';

/** A frame-major stack from per-pixel value lists: pixels[p][f] is frame f of pixel p. */
function stackOf(pixels: readonly (readonly number[])[]): { stack: Float32Array; frames: number; count: number } {
  const frames = pixels[0].length;
  const stack = new Float32Array(frames * pixels.length);
  pixels.forEach((values, p) => values.forEach((v, f) => (stack[f * pixels.length + p] = v)));
  return { stack, frames, count: pixels.length };
}

function combine(pixels: readonly (readonly number[])[], method: CombineMethod, options: CombineOptions = {}): number[] {
  const { stack, frames, count } = stackOf(pixels);
  const out = new Float32Array(count);
  combineStack(stack, frames, count, method, out, options);
  return Array.from(out);
}

/** The median as numpy defines it, by sorting: NaN left out, the two middle values averaged for an even count. */
function referenceMedian(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** Sigma clipping written plainly from its definition: median and MAD of the survivors, reject, repeat, mean. */
function referenceSigmaClip(values: number[], kappaLow = 3, kappaHigh = 3, maxIterations = 5): number {
  let kept = values.filter((x) => !Number.isNaN(x));
  if (kept.length === 0) return NaN;
  for (let pass = 0; pass < maxIterations; pass++) {
    const center = referenceMedian(kept);
    const sigma = 1.4826 * referenceMedian(kept.map((x) => Math.abs(x - center)));
    const next = kept.filter((x) => x >= center - kappaLow * sigma && x <= center + kappaHigh * sigma);
    if (next.length === kept.length || next.length === 0) break;
    kept = next;
  }
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

it('compiles the WebAssembly SIMD sorters in this Node, so the default kernel below is the SIMD one', () => {
  expect(tileSorter(15, 'median')).not.toBeNull();
  expect(tileSorter(15, 'sort')).not.toBeNull();
});

describe.each([['auto'], ['scalar']] as const)('combineStack with the %s kernel', (kernel) => {
  const median = (pixels: number[][]) => combine(pixels, 'median', { kernel });
  const clip = (pixels: number[][], options: CombineOptions = {}) => combine(pixels, 'sigma-clip', { ...options, kernel });

  it('takes the middle value of an odd count', () => {
    expect(median([[3, 1, 2], [10, 30, 20], [7, 7, 1]])).toEqual([2, 20, 7]);
  });

  it('averages the two middle values of an even count, as numpy.median', () => {
    expect(median([[1, 4, 2, 10], [5, 5, 6, 6], [-3, 0, 1, 100]])).toEqual([3, 5.5, 0.5]);
  });

  it('leaves NaN out and gives NaN only when every value is NaN', () => {
    // [1, 5, 3] → 3; [2, 4] → 3; [7] → 7; nothing → NaN
    const out = median([[1, NaN, 5, 3], [NaN, 2, NaN, 4], [NaN, NaN, 7, NaN], [NaN, NaN, NaN, NaN]]);
    expect(out.slice(0, 3)).toEqual([3, 3, 7]);
    expect(out[3]).toBeNaN();
    expect(clip([[NaN, NaN, NaN, NaN]])[0]).toBeNaN();
  });

  it('combines one frame into itself', () => {
    expect(median([[4.5], [-2]])).toEqual([4.5, -2]);
    expect(clip([[4.5], [-2]])).toEqual([4.5, -2]);
  });

  it('rejects a cosmic ray: 10, 12, 9, 11, 1000 → 10.5', () => {
    // pass 1: median 11, |deviations| 1,1,2,0,989 → MAD 1, σ 1.4826, keep [6.55, 15.45]: 1000 goes
    // pass 2: 9..12, median 10.5, MAD 1 → keep [6.05, 14.95]: nothing more goes → mean 42/4
    expect(clip([[10, 12, 9, 11, 1000]])).toEqual([10.5]);
  });

  it('clips one side only with asymmetric kappas, pass by pass up to maxIterations', () => {
    // 1..7 with kappaHigh 0.9: each pass drops the top value (7, 6, 5, 4) until 1, 2, 3 whose
    // bound 2 + 0.9·1.4826 = 3.33 keeps 3; the low bound never bites with kappaLow 3
    const values = [[4, 1, 7, 2, 6, 3, 5]];
    expect(clip(values, { kappaHigh: 0.9 })).toEqual([2]);
    expect(clip(values, { kappaHigh: 0.9, maxIterations: 2 })).toEqual([3]); // 7 and 6 gone: mean of 1..5
    expect(clip(values, { kappaHigh: 0.9, maxIterations: 0 })).toEqual([4]); // the plain mean
  });

  it('does not reject values equal to the median when the MAD is 0', () => {
    // median 5, MAD 0: the band is [5, 5]; 4 and 9 go, the four 5s stay
    expect(clip([[5, 5, 4, 5, 9, 5]])).toEqual([5]);
  });

  it('matches a sort-based median exactly for 1 to 40 frames, with NaNs, across tiles', () => {
    const random = makeRandom(7);
    const count = 2500; // more than two tiles, and not a multiple of 4
    for (let frames = 1; frames <= 40; frames++) {
      const stack = Float32Array.from({ length: frames * count }, () =>
        random() < 0.03 ? NaN : Math.round(random() * 40) + (random() < 0.5 ? 0.25 : 0),
      );
      for (let f = 0; f < frames; f++) stack[f * count + 5] = NaN; // one all-NaN pixel
      const out = new Float32Array(count);
      combineStack(stack, frames, count, 'median', out, { kernel });
      const expected = Float32Array.from({ length: count }, (_, p) =>
        referenceMedian(Array.from({ length: frames }, (_, f) => stack[f * count + p])),
      );
      expect(differences(out, expected), `${frames} frames`).toEqual([]);
    }
  });

  it('matches the plain sigma-clip reference for 1 to 30 frames with outliers and NaNs', () => {
    const random = makeRandom(11);
    const gaussian = makeGaussian(random);
    const count = 1100;
    for (let frames = 1; frames <= 30; frames++) {
      const stack = Float32Array.from({ length: frames * count }, () => {
        const r = random();
        if (r < 0.02) return NaN;
        if (r < 0.06) return gaussian(1000, 10) + 500 * random(); // cosmic rays and hot pixels
        return Math.round(gaussian(1000, 10));
      });
      const out = new Float32Array(count);
      combineStack(stack, frames, count, 'sigma-clip', out, { kernel, kappaLow: 2.5, kappaHigh: 2 });
      for (let p = 0; p < count; p++) {
        const expected = referenceSigmaClip(Array.from({ length: frames }, (_, f) => stack[f * count + p]), 2.5, 2);
        if (Number.isNaN(expected)) expect(out[p], `${frames} frames, pixel ${p}`).toBeNaN();
        // the same survivors; only the order of the final sum differs
        else expect(Math.abs(out[p] - expected), `${frames} frames, pixel ${p}`).toBeLessThanOrEqual(1e-6 * Math.abs(expected));
      }
    }
  });

  it('leaves the stack unchanged', () => {
    const random = makeRandom(3);
    const stack = Float32Array.from({ length: 9 * 3000 }, () => (random() < 0.01 ? NaN : random() * 100));
    const copy = stack.slice();
    for (const method of ['median', 'sigma-clip'] as const) combineStack(stack, 9, 3000, method, new Float32Array(3000), { kernel });
    expect(differences(stack, copy)).toEqual([]);
  });
});

describe('combineStack kernels', () => {
  it('give identical results (SIMD and scalar) on the same stacks', () => {
    const random = makeRandom(5);
    for (const frames of [2, 3, 7, 16, 33, 64, 100]) {
      const count = 1500;
      const stack = Float32Array.from({ length: frames * count }, () => (random() < 0.01 ? NaN : Math.round(random() * 1e4) / 8));
      for (const method of ['median', 'sigma-clip'] as const) {
        const simd = new Float32Array(count);
        const scalar = new Float32Array(count);
        combineStack(stack, frames, count, method, simd);
        combineStack(stack, frames, count, method, scalar, { kernel: 'scalar' });
        expect(differences(simd, scalar), `${method}, ${frames} frames`).toEqual([]);
      }
    }
  });

  it('combines more frames than the SIMD networks take (1100) on the scalar path', () => {
    const random = makeRandom(12);
    const frames = 1100;
    const count = 7;
    const stack = Float32Array.from({ length: frames * count }, () => Math.round(random() * 500));
    const out = new Float32Array(count);
    combineStack(stack, frames, count, 'median', out);
    const expected = Float32Array.from({ length: count }, (_, p) => referenceMedian(Array.from({ length: frames }, (_, f) => stack[f * count + p])));
    expect(differences(out, expected)).toEqual([]);
  });

  it('writes only the first pixelCount values of out', () => {
    const out = new Float32Array(5).fill(-1);
    combineStack(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, 'median', out);
    expect(Array.from(out)).toEqual([2.5, 3.5, 4.5, -1, -1]);
  });

  it('refuses bad shapes and options with a clear message', () => {
    const out = new Float32Array(4);
    expect(() => combineStack(new Float32Array(8), 0, 4, 'median', out)).toThrow(/frameCount/);
    expect(() => combineStack(new Float32Array(7), 2, 4, 'median', out)).toThrow(/holds 7 values, fewer than 2 frames × 4 pixels/);
    expect(() => combineStack(new Float32Array(8), 2, 4, 'median', new Float32Array(3))).toThrow(/out holds 3/);
    expect(() => combineStack(new Float32Array(8), 2, 4, 'sigma-clip', out, { kappaLow: 0 })).toThrow(/kappa/);
    expect(() => combineStack(new Float32Array(8), 2, 4, 'sigma-clip', out, { maxIterations: 1.5 })).toThrow(/maxIterations/);
    expect(() => combineStack(new Float32Array(8), 2, 4, 'mean' as CombineMethod, out)).toThrow(/unknown method 'mean'/);
  });
});

describe('preparing frames before combining', () => {
  it('subtractFrame: values − scale·frame, into out or in place, input unchanged', () => {
    const values = Float32Array.of(10, 20, 30);
    const frame = Float32Array.of(1, 2, 3);
    const out = new Float32Array(3);
    subtractFrame(values, frame, 2, out);
    expect(Array.from(out)).toEqual([8, 16, 24]);
    expect(Array.from(values)).toEqual([10, 20, 30]);
    expect(Array.from(frame)).toEqual([1, 2, 3]);
    subtractFrame(values, frame, 0.5, values);
    expect(Array.from(values)).toEqual([9.5, 19, 28.5]);
    expect(() => subtractFrame(values, Float32Array.of(1), 1, out)).toThrow(/lengths differ/);
  });

  it('scaleInPlace multiplies every value', () => {
    const values = Float32Array.of(2, -4, 0.5);
    scaleInPlace(values, 0.25);
    expect(Array.from(values)).toEqual([0.5, -1, 0.125]);
  });

  it('prepareStack is the same as subtracting and scaling each frame', () => {
    const random = makeRandom(9);
    const frames = 4;
    const count = 50;
    const stack = Float32Array.from({ length: frames * count }, () => 1000 + random() * 100);
    const sub = Float32Array.from({ length: count }, () => random() * 10);
    const factors = [1, 0.5, 1 / 3, 2.25];
    const expected = stack.slice();
    for (let f = 0; f < frames; f++) {
      const frame = expected.subarray(f * count, (f + 1) * count);
      subtractFrame(frame, sub, 1.5, frame);
      scaleInPlace(frame, factors[f]);
    }
    prepareStack(stack, frames, count, sub, 1.5, factors);
    expect(differences(stack, expected)).toEqual([]);
  });

  it('prepareStack by hand: (stack − sub·subScale) · factor[f]', () => {
    const stack = Float32Array.of(10, 20, 30, 40); // two frames of two pixels
    prepareStack(stack, 2, 2, Float32Array.of(2, 4), 0.5, [1, 0.5]);
    expect(Array.from(stack)).toEqual([9, 18, 14.5, 19]);
    const alone = Float32Array.of(10, 20, 30, 40);
    prepareStack(alone, 2, 2, null, 0, null);
    expect(Array.from(alone)).toEqual([10, 20, 30, 40]);
  });
});
