/**
 * The WebAssembly kernel against calibrateStored, its reference: every output pixel the same
 * float32 (NaN where it gives NaN), for 16-bit and float32 stored values, every length from 1
 * to 37 (the last n % 4 pixels take their own path) and unaligned offsets, with flats of 0,
 * −0, negative, NaN, ±∞ and subnormal, overflowing values and −0 results.
 */
import { describe, expect, it } from 'vitest';
import { calibrateStored, type StoredScaling } from '../../../shared/pixels/calibrate';
import { calibrateKernelSupported, createCalibrateKernel, type CalibrateKernel } from '../../../shared/pixels/calibrate-simd';
import { createSharedMemory } from '../../../shared/pixels/wasm-api';
import { differences, makeRandom } from './seeded-random';

/** Flats a frame should never have, and one it may (a subnormal). */
const ODD_FLATS = [0, -0, -1, -1e-3, NaN, Infinity, -Infinity, 1e-45, 1e-40];
/** Master values that push the result out of float32 or make it −0. */
const ODD_MASTERS = [0, -0, NaN, 3e38, -3e38, Infinity];

interface Case {
  readonly format: 'int16' | 'float32';
  readonly stored: Int16Array | Float32Array;
  readonly bias: Float32Array;
  readonly dark: Float32Array;
  readonly flat: Float32Array;
  readonly scaling: StoredScaling;
  readonly darkScale: number;
}

function randomCase(format: Case['format'], n: number, seed: number, scaling: StoredScaling, darkScale: number, biasLevel = 1000): Case {
  const random = makeRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const odd = (usual: number, values: readonly number[], chance: number) => (random() < chance ? pick(values) : usual);
  const stored =
    format === 'int16'
      ? Int16Array.from({ length: n }, () => (random() < 0.1 ? pick([-32768, 32767, 0, -1]) : Math.floor(random() * 65536) - 32768))
      : Float32Array.from({ length: n }, () => odd((random() - 0.3) * 1e5, [0, -0, NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45], 0.15));
  return {
    format,
    stored,
    bias: Float32Array.from({ length: n }, () => odd(biasLevel + random() * 8, ODD_MASTERS, 0.05)),
    dark: Float32Array.from({ length: n }, () => odd(random() * 20, ODD_MASTERS, 0.05)),
    flat: Float32Array.from({ length: n }, () => odd(0.5 + random(), ODD_FLATS, 0.15)),
    scaling,
    darkScale,
  };
}

/** The kernel over a fresh 1 MB shared memory. */
function kernelOverNewMemory(): CalibrateKernel {
  const memory = createSharedMemory(16);
  const kernel = memory && createCalibrateKernel(memory);
  if (!kernel) throw new Error('this Node has no WebAssembly SIMD with shared memory');
  return kernel;
}

/**
 * Runs the kernel on `c` placed at byte `shift` past assorted offsets (raw need not be aligned),
 * with sentinel bytes around the output; returns the output and what else changed.
 */
function runKernel(kernel: CalibrateKernel, c: Case, shift: number) {
  const n = c.stored.length;
  const stride = 4 * n + 64;
  const bytes = new Uint8Array(kernel.memory.buffer, 0, 6 * stride);
  bytes.fill(0xa5);
  const view = new DataView(kernel.memory.buffer);
  const rawAt = 32 + shift;
  const [biasAt, darkAt, flatAt, outAt] = [1, 2, 3, 4].map((k) => k * stride + 4 * shift);
  c.stored.forEach((v, i) => (c.format === 'int16' ? view.setInt16(rawAt + 2 * i, v, false) : view.setFloat32(rawAt + 4 * i, v, false)));
  new Float32Array(kernel.memory.buffer, biasAt, n).set(c.bias);
  new Float32Array(kernel.memory.buffer, darkAt, n).set(c.dark);
  new Float32Array(kernel.memory.buffer, flatAt, n).set(c.flat);
  const before = bytes.slice();
  const run = c.format === 'int16' ? kernel.calibrate16 : kernel.calibrate32f;
  run(rawAt, n, biasAt, darkAt, flatAt, outAt, c.scaling.bzero, c.scaling.bscale, c.darkScale);
  const out = Float32Array.from({ length: n }, (_, i) => view.getFloat32(outAt + 4 * i, false));
  // Every byte outside out[0, n) is as it was: inputs untouched, nothing written past the end.
  const changedElsewhere = bytes.findIndex((b, i) => b !== before[i] && (i < outAt || i >= outAt + 4 * n));
  return { out, changedElsewhere };
}

function reference(c: Case): Float32Array {
  const out = new Float32Array(c.stored.length);
  calibrateStored(c.stored, c.scaling, { bias: c.bias, dark: c.dark, flat: c.flat, darkScale: c.darkScale }, out);
  return out;
}

describe('the calibration kernel (WebAssembly SIMD)', () => {
  it('is available on this Node (SIMD and shared memory): the arena path is what runs here', () => {
    expect(calibrateKernelSupported()).toBe(true);
  });

  const kernel = kernelOverNewMemory();
  const camera: StoredScaling = { bzero: 32768, bscale: 1, blank: null };

  it('calibrates pixels worked out by hand (16-bit camera data, BZERO 32768, dark scale 2)', () => {
    // stored −31668 = 1100 ADU; bias 100, dark 5 → (1100 − 100 − 2·5) / flat
    const rows: readonly [number, number, number, string][] = [
      [-31668, 1, 990, 'flat 1'],
      [-31668, 0.5, 1980, 'flat 0.5'],
      [-31668, 0, NaN, 'flat 0'],
      [-31668, -0, NaN, 'flat −0'],
      [-31668, -2, NaN, 'negative flat'],
      [-31668, NaN, NaN, 'NaN flat'],
      [-31668, Infinity, NaN, 'infinite flat'],
      [-31668, 1e-45, NaN, '990 / the smallest float32 overflows float32'],
      [-32658, 1, 0, 'nothing left: 110 − 100 − 10 = 0'],
    ];
    const c: Case = {
      format: 'int16',
      stored: Int16Array.from(rows, (r) => r[0]),
      bias: new Float32Array(rows.length).fill(100),
      dark: new Float32Array(rows.length).fill(5),
      flat: Float32Array.from(rows, (r) => r[1]),
      scaling: camera,
      darkScale: 2,
    };
    const { out } = runKernel(kernel, c, 0);
    expect(differences(out, Float32Array.from(rows, (r) => r[2]))).toEqual([]);
    expect(Object.is(out[8], 0)).toBe(true);
  });

  it('stores a −0 result as +0, as calibrateStored does', () => {
    // 0·(−1) + (−0) − 0 − 1·0 = −0; −0 / 1 = −0 → stored +0
    const c: Case = { format: 'int16', stored: new Int16Array(5), bias: new Float32Array(5), dark: new Float32Array(5), flat: new Float32Array(5).fill(1), scaling: { bzero: -0, bscale: -1, blank: null }, darkScale: 1 };
    expect(Object.is(reference(c)[0], 0)).toBe(true);
    const { out } = runKernel(kernel, c, 0);
    for (const v of out) expect(Object.is(v, 0)).toBe(true);
  });

  // name, scaling, dark scale, bias level
  const scalings: readonly [string, StoredScaling, number, number][] = [
    ['camera (BZERO 32768)', camera, 1, 1000],
    ['signed, dark scale 2.5', { bzero: 0, bscale: 1, blank: null }, 2.5, 1000],
    ['BSCALE 0.37, BZERO −12.5, negative dark scale', { bzero: -12.5, bscale: 0.37, blank: null }, -0.75, 1000],
    ['BSCALE 1e35: most pixels overflow float32', { bzero: 0, bscale: 1e35, blank: null }, 1, 1000],
    ['BSCALE −1, BZERO −0', { bzero: -0, bscale: -1, blank: null }, 0, 1000],
    // Cancellation makes float64 rounding visible: any other order of the operations differs.
    ['BZERO 1e12 against a bias of about 1e12', { bzero: 1e12, bscale: 1, blank: null }, 1.2345678901234, 1e12],
  ];

  describe.each(['int16', 'float32'] as const)('%s stored values equal calibrateStored bit for bit', (format) => {
    it.each(scalings)('%s, every n from 1 to 37 at four alignments', (_name, scaling, darkScale, biasLevel) => {
      let compared = 0;
      for (let n = 1; n <= 37; n++) {
        for (let shift = 0; shift < 4; shift++) {
          const c = randomCase(format, n, 1000 * n + shift + 1, scaling, darkScale, biasLevel);
          const { out, changedElsewhere } = runKernel(kernel, c, shift);
          expect(changedElsewhere, `n=${n} shift=${shift}`).toBe(-1);
          expect(differences(out, reference(c)), `n=${n} shift=${shift}`).toEqual([]);
          compared += n;
        }
      }
      expect(compared).toBe(4 * ((37 * 38) / 2));
    });

    it('on 40,001 pixels of a frame with 15 % odd flats', () => {
      const c = randomCase(format, 40_001, 77, camera, 1.5);
      const { out, changedElsewhere } = runKernel(kernel, c, 1);
      expect(changedElsewhere).toBe(-1);
      const expected = reference(c);
      expect(differences(out, expected)).toEqual([]);
      // The frame exercises both outcomes: NaN pixels and finite ones.
      const nans = expected.filter(Number.isNaN).length;
      expect(nans).toBeGreaterThan(1000);
      expect(nans).toBeLessThan(30_000);
    });
  });

  it('refuses regions outside its memory, an output overlapping an input, and a non-finite dark scale', () => {
    const size = kernel.memory.buffer.byteLength;
    expect(() => kernel.calibrate16(size - 4, 4, 0, 16, 32, 64, 0, 1, 1)).toThrow(/raw bytes .* outside/);
    expect(() => kernel.calibrate16(0, 4, 16, 32, size - 8, 64, 0, 1, 1)).toThrow(/flat bytes .* outside/);
    expect(() => kernel.calibrate16(0, 4, 16, 32, 48, -4, 0, 1, 1)).toThrow(/out bytes .* outside/);
    expect(() => kernel.calibrate32f(0, 4, 100, 200, 300, 8, 0, 1, 1)).toThrow(/out overlaps raw/);
    expect(() => kernel.calibrate16(0, 4, 100, 200, 300, 400, 0, 1, NaN)).toThrow(/darkScale must be finite/);
    expect(() => kernel.calibrate16(0, 1.5, 100, 200, 300, 400, 0, 1, 1)).toThrow(/not a pixel count/);
  });

  it('needs shared memory: an ordinary ArrayBuffer-backed memory gets no kernel', () => {
    expect(createCalibrateKernel({ buffer: new ArrayBuffer(65536) })).toBeNull();
  });
});
