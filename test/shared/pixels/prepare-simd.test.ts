/**
 * The flat-preparation kernel against the JavaScript path it replaces in frameMedian
 * (decodeBigEndianPixels, then calibratePixels without a flat): every pixel the same float32 bit
 * for bit (−0 apart from +0; NaN where it gives NaN), for 16-bit and float32 stored values, with
 * a bias and a dark, a bias alone and a dark alone, BSCALE ≠ 1, BZERO, overflow, NaN and ±∞ in
 * the inputs, negative results, every length from 1 to 40 and a large one, unaligned offsets.
 */
import { describe, expect, it } from 'vitest';
import { decodeBigEndianPixels } from '../../../electron/fits/decode-pixels';
import { calibratePixels } from '../../../shared/pixels/calibrate';
import { createCalibrateKernel, type CalibrateKernel } from '../../../shared/pixels/calibrate-simd';
import type { PrepareFormat } from '../../../shared/pixels/prepare-simd';
import { createSharedMemory, wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { makeRandom } from './seeded-random';

type Masters = 'bias-dark' | 'bias' | 'dark';

interface Case {
  readonly format: PrepareFormat;
  /** Big-endian stored bytes, as in the file. */
  readonly raw: Uint8Array;
  readonly n: number;
  readonly bias: Float32Array | null;
  readonly dark: Float32Array | null;
  readonly bzero: number;
  readonly bscale: number;
  readonly darkScale: number;
}

const ODD_MASTERS = [0, -0, NaN, 3e38, -3e38, Infinity, -Infinity, 1e-45];
const ODD_STORED_FLOATS = [0, -0, NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, -1e-40];

function randomCase(format: PrepareFormat, masters: Masters, n: number, seed: number, bzero: number, bscale: number, darkScale: number, level = 1000): Case {
  const random = makeRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const raw = new Uint8Array(n * (format === 'int16' ? 2 : 4));
  const view = new DataView(raw.buffer);
  for (let i = 0; i < n; i++) {
    if (format === 'int16') view.setInt16(2 * i, random() < 0.1 ? pick([-32768, 32767, 0, -1]) : Math.floor(random() * 65536) - 32768, false);
    else view.setFloat32(4 * i, random() < 0.15 ? pick(ODD_STORED_FLOATS) : (random() - 0.3) * 1e5, false);
  }
  const master = (usual: () => number) => Float32Array.from({ length: n }, () => (random() < 0.05 ? pick(ODD_MASTERS) : usual()));
  return {
    format,
    raw,
    n,
    bias: masters === 'dark' ? null : master(() => level + random() * 8),
    dark: masters === 'bias' ? null : master(() => random() * 20),
    bzero,
    bscale,
    darkScale,
  };
}

/** What frameMedian's JavaScript path gives: decode, then calibratePixels with no flat. */
function reference(c: Case): Float32Array {
  const scratch = Buffer.from(c.raw); // decoding swaps its scratch in place
  const out = new Float32Array(c.n);
  decodeBigEndianPixels(scratch, { bitpix: c.format === 'int16' ? 16 : -32, bzero: c.bzero, bscale: c.bscale, blank: null }, out);
  calibratePixels(out, { bias: c.bias, dark: c.dark, darkScale: c.darkScale, flat: null }, out);
  return out;
}

function kernelOverNewMemory(): CalibrateKernel {
  const memory = createSharedMemory(32);
  const kernel = memory && createCalibrateKernel(memory);
  if (!kernel) throw new Error('this Node has no WebAssembly SIMD with shared memory');
  return kernel;
}

/** Runs the kernel on `c` with raw at an odd byte `shift` and the float32 arrays `shift` words off 16-byte alignment, sentinels around. */
function runKernel(kernel: CalibrateKernel, c: Case, shift: number) {
  const stride = 4 * c.n + 64;
  const bytes = new Uint8Array(kernel.memory.buffer, 0, 5 * stride);
  bytes.fill(0xa5);
  const rawAt = 16 + shift;
  const [biasAt, darkAt, outAt] = [1, 2, 3].map((k) => k * stride + 4 * shift);
  bytes.set(c.raw, rawAt);
  if (c.bias) new Float32Array(kernel.memory.buffer, biasAt, c.n).set(c.bias);
  if (c.dark) new Float32Array(kernel.memory.buffer, darkAt, c.n).set(c.dark);
  const before = bytes.slice();
  kernel.prepare(c.format, rawAt, c.n, c.bias ? biasAt : null, c.dark ? darkAt : null, outAt, c.bzero, c.bscale, c.darkScale);
  const out = new Float32Array(kernel.memory.buffer, outAt, c.n).slice();
  const changedElsewhere = bytes.findIndex((b, i) => b !== before[i] && (i < outAt || i >= outAt + 4 * c.n));
  return { out, changedElsewhere };
}

/** Indices where two float32 arrays differ as values: −0 is not +0, any NaN equals any NaN. */
function bitDifferences(actual: Float32Array, expected: Float32Array): string[] {
  const found: string[] = [];
  for (let i = 0; i < expected.length && found.length < 10; i++) {
    if (!Object.is(actual[i], expected[i])) found.push(`[${i}] ${Object.is(actual[i], -0) ? '-0' : actual[i]} ≠ ${Object.is(expected[i], -0) ? '-0' : expected[i]}`);
  }
  return found;
}

describe.runIf(wasmSimdSupported())('the flat-preparation kernel (WebAssembly SIMD)', () => {
  const kernel = kernelOverNewMemory();

  it('prepares pixels worked out by hand (BZERO 32768, bias 100, dark 5 × 2)', () => {
    const stored = [-31668, -32658, -32768, 32767];
    const raw = new Uint8Array(8);
    stored.forEach((v, i) => new DataView(raw.buffer).setInt16(2 * i, v, false));
    const c: Case = { format: 'int16', raw, n: 4, bias: new Float32Array(4).fill(100), dark: new Float32Array(4).fill(5), bzero: 32768, bscale: 1, darkScale: 2 };
    // 1100 − 110 = 990;  110 − 110 = 0;  0 − 110;  65535 − 110
    expect(Array.from(runKernel(kernel, c, 0).out)).toEqual([990, 0, -110, 65425]);
  });

  // name, bzero, bscale, dark scale, bias level
  const scalings: readonly [string, number, number, number, number][] = [
    ['camera (BZERO 32768)', 32768, 1, 1, 1000],
    ['signed, dark scale 2.5', 0, 1, 2.5, 1000],
    ['BSCALE 0.37, BZERO −12.5, negative dark scale', -12.5, 0.37, -0.75, 1000],
    ['BSCALE 1e35: most pixels overflow float32', 0, 1e35, 1, 1000],
    ['BSCALE −1, BZERO −0, dark scale 0', -0, -1, 0, 1000],
    // Cancellation makes float64 rounding visible: any other order of the operations differs.
    ['BZERO 1e12 against a bias of about 1e12', 1e12, 1, 1.2345678901234, 1e12],
    ['BSCALE 1.000001 rounds the decoded value to float32 first', 17.3, 1.000001, 0.3, 2.5e4],
  ];
  const variants = (['int16', 'float32'] as const).flatMap((format) => (['bias-dark', 'bias', 'dark'] as const).map((masters) => [format, masters] as const));

  describe.each(variants)('%s stored values, %s', (format, masters) => {
    it.each(scalings)('%s: every n from 1 to 40 at four alignments', (_name, bzero, bscale, darkScale, level) => {
      let compared = 0;
      for (let n = 1; n <= 40; n++) {
        for (let shift = 0; shift < 4; shift++) {
          const c = randomCase(format, masters, n, 1000 * n + shift + 1, bzero, bscale, darkScale, level);
          const { out, changedElsewhere } = runKernel(kernel, c, shift);
          expect(changedElsewhere, `n=${n} shift=${shift}`).toBe(-1);
          expect(bitDifferences(out, reference(c)), `n=${n} shift=${shift}`).toEqual([]);
          compared += n;
        }
      }
      expect(compared).toBe(4 * ((40 * 41) / 2));
    });

    it('on 65,539 pixels, with NaN and finite results both present', () => {
      const c = randomCase(format, masters, 65_539, 91, 32768, 1, 1.5);
      const { out, changedElsewhere } = runKernel(kernel, c, 3);
      expect(changedElsewhere).toBe(-1);
      const expected = reference(c);
      expect(bitDifferences(out, expected)).toEqual([]);
      const nans = expected.filter(Number.isNaN).length;
      expect(nans).toBeGreaterThan(500);
      expect(expected.some((v) => v < 0)).toBe(true);
    });
  });

  it('refuses nothing to subtract, regions outside its memory and an output over an input', () => {
    const size = kernel.memory.buffer.byteLength;
    expect(() => kernel.prepare('int16', 0, 4, null, null, 64, 0, 1, 1)).toThrow(/neither/);
    expect(() => kernel.prepare('int16', size - 4, 4, 16, null, 64, 0, 1, 1)).toThrow(/raw bytes .* outside/);
    expect(() => kernel.prepare('float32', 0, 4, null, size - 8, 64, 0, 1, 1)).toThrow(/dark bytes .* outside/);
    expect(() => kernel.prepare('float32', 0, 4, 100, 200, 8, 0, 1, 1)).toThrow(/out overlaps raw/);
    expect(() => kernel.prepare('int16', 0, 4, 100, 200, 400, 0, 1, Infinity)).toThrow(/darkScale must be finite/);
  });
});
