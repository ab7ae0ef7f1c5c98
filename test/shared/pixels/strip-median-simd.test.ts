/**
 * The fused median kernel against a hand-worked strip and against the JavaScript path it
 * replaces (decode → calibratePixels → scaleInPlace → combineStack 'median'): every pixel the
 * same float32, for 1 to 25 frames, strips whose length is not a multiple of 4, with and
 * without bias, dark and frame scales, per-frame BZERO/BSCALE, and values that overflow to NaN.
 */
import { describe, expect, it } from 'vitest';
import { calibratePixels } from '../../../shared/pixels/calibrate';
import { combineStack, scaleInPlace } from '../../../shared/pixels/combine';
import {
  STRIP_MEDIAN_MAX_FRAMES,
  STRIP_PARAMS_BYTES_PER_FRAME,
  stripMedian,
  stripMedianScalar,
  stripMedianSupported,
  type StripFrameParams,
  type StripMedianInputs,
} from '../../../shared/pixels/strip-median-simd';
import { createSharedMemory, wasmSimdSupported, type WasmMemory } from '../../../shared/pixels/wasm-api';
import { differences, makeRandom } from './seeded-random';

interface Strip {
  readonly stored: Int16Array[];
  readonly frames: StripFrameParams[];
  readonly bias: Float32Array | null;
  readonly dark: Float32Array | null;
  readonly darkScale: number;
}

/** Lays a strip out in a fresh shared memory: params, raw frames (big-endian, padded stride), bias, dark, out. */
function layOut(strip: Strip): StripMedianInputs {
  const pixels = strip.stored[0].length;
  const stride = Math.ceil((pixels * 2 + 6) / 16) * 16; // room to spare: the kernel must keep to its pixels
  const params = 64;
  const raw = params + Math.ceil((strip.frames.length * STRIP_PARAMS_BYTES_PER_FRAME) / 64) * 64 + 2; // unaligned on purpose
  const bias = Math.ceil((raw + stride * strip.frames.length) / 64) * 64 + 4;
  const dark = bias + pixels * 4 + 8;
  const out = dark + pixels * 4 + 12;
  const memory = createSharedMemory(Math.ceil((out + pixels * 4 + 64) / 65536))!;
  const bytes = new DataView(memory.buffer);
  strip.stored.forEach((values, f) => values.forEach((v, p) => bytes.setInt16(raw + f * stride + 2 * p, v, false)));
  if (strip.bias) new Float32Array(memory.buffer, bias, pixels).set(strip.bias);
  if (strip.dark) new Float32Array(memory.buffer, dark, pixels).set(strip.dark);
  new Float32Array(memory.buffer, out, pixels).fill(-12345);
  return {
    memory,
    raw,
    frameStride: stride,
    pixels,
    frames: strip.frames,
    bias: strip.bias ? bias : null,
    dark: strip.dark ? dark : null,
    darkScale: strip.darkScale,
    params,
    out,
  };
}

const medians = (inputs: StripMedianInputs): Float32Array => new Float32Array(inputs.memory.buffer, inputs.out, inputs.pixels).slice();

/** The JavaScript path of the combine-strip task, step by step. */
function javascriptPath(strip: Strip): Float32Array {
  const pixels = strip.stored[0].length;
  const n = strip.frames.length;
  const stack = new Float32Array(n * pixels);
  strip.stored.forEach((values, f) => {
    const rows = stack.subarray(f * pixels, (f + 1) * pixels);
    const { bscale, bzero, scale } = strip.frames[f];
    values.forEach((v, p) => (rows[p] = bscale === 1 ? v + bzero : v * bscale + bzero));
    if (strip.bias || strip.dark) calibratePixels(rows, { bias: strip.bias, dark: strip.dark, darkScale: strip.darkScale, flat: null }, rows);
    if (scale !== 1) scaleInPlace(rows, scale);
  });
  const out = new Float32Array(pixels);
  combineStack(stack, n, pixels, 'median', out, { kernel: 'scalar' });
  return out;
}

function randomStrip(frames: number, pixels: number, seed: number, parts: { bias: boolean; dark: boolean; scale: boolean }): Strip {
  const random = makeRandom(seed);
  const stored = Array.from({ length: frames }, () =>
    Int16Array.from({ length: pixels }, () => (random() < 0.05 ? [-32768, 32767, 0][Math.floor(random() * 3)] : Math.floor(random() * 4000) - 31000)),
  );
  return {
    stored,
    frames: Array.from({ length: frames }, (_, f) => ({
      bscale: f % 5 === 3 ? 0.5 + random() : 1,
      bzero: f % 7 === 2 ? 32768.25 : 32768,
      scale: parts.scale ? 1 / (1500 + random() * 500) : 1,
    })),
    bias: parts.bias ? Float32Array.from({ length: pixels }, () => 1000 + random() * 10) : null,
    dark: parts.dark ? Float32Array.from({ length: pixels }, () => random() * 30) : null,
    darkScale: parts.dark ? 0.1 + random() * 3 : 1,
  };
}

describe.runIf(wasmSimdSupported())('stripMedian (WebAssembly SIMD)', () => {
  it('gives the hand-worked medians of a 3-frame strip, tail pixel included', () => {
    // physical = stored + 32768; prepared = physical − bias − 2.5·dark
    const strip: Strip = {
      stored: [
        Int16Array.of(1010 - 32768, 2000 - 32768, 500 - 32768, 7 - 32768, 1100 - 32768),
        Int16Array.of(1020 - 32768, 1990 - 32768, 400 - 32768, 9 - 32768, 1200 - 32768),
        Int16Array.of(1005 - 32768, 2010 - 32768, 600 - 32768, 8 - 32768, 1000 - 32768),
      ],
      frames: [1, 2, 3].map(() => ({ bscale: 1, bzero: 32768, scale: 1 })),
      bias: Float32Array.of(1000, 1000, 100, 0, 1000),
      dark: Float32Array.of(2, 0, 40, 0, 4),
      darkScale: 2.5,
    };
    // pixel 0: 5, 15, 0 → 5; 1: 1000, 990, 1010 → 1000; 2: 300, 200, 400 → 300; 3: 7, 9, 8 → 8; 4: 90, 190, −10 → 90
    const inputs = layOut(strip);
    expect(stripMedian(inputs)).toBe(true);
    expect(Array.from(medians(inputs))).toEqual([5, 1000, 300, 8, 90]);
  });

  it('averages the two middle values for an even count, and applies each frame\'s scale after subtracting', () => {
    const strip: Strip = {
      stored: [Int16Array.of(100, 100, 100, 100), Int16Array.of(300, 300, 300, 300), Int16Array.of(200, 200, 200, 200), Int16Array.of(900, 900, 900, 900)],
      frames: [0.5, 0.25, 1, 0.1].map((scale) => ({ bscale: 1, bzero: 0, scale })),
      bias: Float32Array.of(100, 0, 50, 100),
      dark: null,
      darkScale: 1,
    };
    // pixel 0: (0, 200, 100, 800)·(0.5, 0.25, 1, 0.1) = 0, 50, 100, 80 → (50 + 80)/2 = 65
    // pixel 1: (100, 300, 200, 900)·scales = 50, 75, 200, 90 → (75 + 90)/2 = 82.5
    // pixel 2: (50, 250, 150, 850)·scales = 25, 62.5, 150, 85 → (62.5 + 85)/2 = 73.75
    const inputs = layOut(strip);
    stripMedian(inputs);
    expect(Array.from(medians(inputs))).toEqual([65, 82.5, 73.75, 65]);
  });

  for (const parts of [
    { bias: false, dark: false, scale: false },
    { bias: true, dark: false, scale: false },
    { bias: true, dark: true, scale: false },
    { bias: true, dark: true, scale: true },
    { bias: false, dark: true, scale: true },
  ]) {
    it(`equals the JavaScript path bit for bit (bias ${parts.bias}, dark ${parts.dark}, scale ${parts.scale})`, () => {
      for (const frames of [1, 2, 3, 4, 5, 8, 10, 15, 16, 25]) {
        for (const pixels of [1, 3, 4, 7, 130]) {
          const strip = randomStrip(frames, pixels, frames * 1000 + pixels, parts);
          const inputs = layOut(strip);
          expect(stripMedian(inputs)).toBe(true);
          expect(differences(medians(inputs), javascriptPath(strip)), `${frames} frames × ${pixels} pixels`).toEqual([]);
          const bits = new Uint32Array(medians(inputs).buffer);
          const reference = new Uint32Array(javascriptPath(strip).buffer);
          const sameBits = bits.every((b, i) => b === reference[i] || (Number.isNaN(medians(inputs)[i]) && Number.isNaN(javascriptPath(strip)[i])));
          expect(sameBits, `${frames} frames × ${pixels} pixels: same bits`).toBe(true);
        }
      }
    });
  }

  it('ignores values that became NaN, as combineStack does, and gives NaN where every value is', () => {
    const strip = randomStrip(7, 41, 99, { bias: true, dark: true, scale: true });
    // Frame 2's BSCALE overflows float32: its values become ±∞, which the NaN rule turns to NaN.
    strip.frames[2] = { ...strip.frames[2], bscale: 1e36 };
    // A NaN bias pixel makes every frame's value NaN there.
    strip.bias![9] = NaN;
    strip.bias![40] = NaN; // the tail pixel
    const inputs = layOut(strip);
    stripMedian(inputs);
    const got = medians(inputs);
    expect(differences(got, javascriptPath(strip))).toEqual([]);
    expect(Number.isNaN(got[9]) && Number.isNaN(got[40])).toBe(true);
    expect(got.filter((v) => Number.isNaN(v)).length).toBe(2);
  });

  it('agrees with its scalar reference over a whole strip', () => {
    const strip = randomStrip(15, 203, 7, { bias: true, dark: true, scale: false });
    const kernel = layOut(strip);
    stripMedian(kernel);
    const scalar = layOut(strip);
    stripMedianScalar(scalar);
    expect(differences(medians(kernel), medians(scalar))).toEqual([]);
  });

  it('leaves its inputs unchanged and writes nothing past its pixels', () => {
    const strip = randomStrip(5, 23, 3, { bias: true, dark: true, scale: true });
    const inputs = layOut(strip);
    const before = new Uint8Array(inputs.memory.buffer).slice();
    stripMedian(inputs);
    const after = new Uint8Array(inputs.memory.buffer);
    const paramsEnd = inputs.params + strip.frames.length * STRIP_PARAMS_BYTES_PER_FRAME;
    const outEnd = inputs.out + inputs.pixels * 4;
    const changedOutside: number[] = [];
    for (let i = 0; i < after.length; i++) {
      const inParams = i >= inputs.params && i < paramsEnd;
      const inOut = i >= inputs.out && i < outEnd;
      if (!inParams && !inOut && after[i] !== before[i]) changedOutside.push(i);
    }
    expect(changedOutside).toEqual([]);
  });

  it('refuses regions outside the memory or overlapping the output, and hands back more frames than it takes', () => {
    const inputs = layOut(randomStrip(3, 8, 5, { bias: true, dark: false, scale: false }));
    expect(() => stripMedian({ ...inputs, out: inputs.bias! + 4 })).toThrow(/overlaps bias/);
    expect(() => stripMedian({ ...inputs, raw: inputs.memory.buffer.byteLength - 4 })).toThrow(/outside/);
    expect(() => stripMedian({ ...inputs, frameStride: 2 })).toThrow(/stride/);
    const many = layOut(randomStrip(STRIP_MEDIAN_MAX_FRAMES + 1, 4, 6, { bias: false, dark: false, scale: false }));
    expect(stripMedian(many)).toBe(false);
    expect(Array.from(medians(many))).toEqual([-12345, -12345, -12345, -12345]);
  });

  it('needs a shared memory', () => {
    const inputs = layOut(randomStrip(3, 4, 1, { bias: false, dark: false, scale: false }));
    const unshared: WasmMemory = { buffer: new ArrayBuffer(inputs.memory.buffer.byteLength) };
    expect(() => stripMedian({ ...inputs, memory: unshared })).toThrow(/shared/);
  });
});
