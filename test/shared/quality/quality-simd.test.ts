/**
 * The star search's kernel against its JavaScript twin: the same significances to the bit, so a
 * frame measured in a worker's arena slot (the kernel) and anywhere else (binnedSignificance)
 * gives the same candidates, the same stars, the same figures: blank pixels, a width whose binned
 * row does not end on a whole vector, both byte orders.
 */
import { describe, expect, it } from 'vitest';
import { findCandidates } from '../../../shared/quality/detect-stars';
import { measureFrame } from '../../../shared/quality/measure-frame';
import { bigEndianPixelRows, hostPixelRows, storedPixelRows, wasmPixelRows, wasmRawRows } from '../../../shared/quality/pixel-rows';
import { saturatedFraction, touchesLevel } from '../../../shared/quality/saturation';
import { makeRandom } from '../pixels/seeded-random';
import { createQualityKernel } from '../../../shared/quality/quality-simd';
import { measureSky } from '../../../shared/quality/sky-mesh';
import { createSharedMemory, wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { syntheticFrame } from './synthetic-sky';

const WIDTH = 1030; // 515 binned pixels a row: 128 vectors and 3 left over
const HEIGHT = 700;

describe.runIf(wasmSimdSupported())('the significance kernel', () => {
  const truth = syntheticFrame({ width: WIDTH, height: HEIGHT, seed: 12, stars: 400, psf: { fwhm: 3.5, beta: 3 } });
  const pixels = truth.pixels.slice();
  for (let i = 0; i < pixels.length; i += 997) pixels[i] = NaN; // blank pixels here and there
  const memory = createSharedMemory(Math.ceil((pixels.length * 4 + 65536 + 16) / 65536) + 2)!;
  const at = 16;
  const bytes = new Uint8Array(memory.buffer, at, pixels.length * 4);
  const view = new DataView(memory.buffer, at);
  pixels.forEach((v, i) => view.setFloat32(4 * i, v, false));
  const scratch = at + pixels.length * 4 + 4;
  const inWasm = wasmPixelRows(bytes, WIDTH, HEIGHT, { memory, scratch, scratchBytes: 65536 * 2 - 8 });
  const search = { bin: 2 as const, threshold: 3.75, coverage: 1, minStars: 0, confirmSignificance: 5 };

  it('finds the very candidates of the JavaScript path, significances bit for bit', () => {
    const { mesh } = measureSky(inWasm);
    const kernel = findCandidates(inWasm, mesh, search);
    const host = findCandidates(hostPixelRows(pixels, WIDTH, HEIGHT), mesh, search);
    const bigEndian = findCandidates(bigEndianPixelRows(bytes, WIDTH, HEIGHT, { bitpix: -32 }), mesh, search);
    expect(kernel.candidates.length).toBeGreaterThan(300);
    expect(kernel).toEqual(host);
    expect(kernel).toEqual(bigEndian);
    // candidates in the last binned columns, which the row's tail makes by hand
    expect(kernel.candidates.some((c) => c.x > 2 * 512)).toBe(true);
  });

  it('measures the frame to the same figures', () => {
    expect(measureFrame(inWasm, WIDTH, HEIGHT)).toEqual(measureFrame(pixels, WIDTH, HEIGHT));
  });

  it('reads host-order rows too, blends the sky between two cell rows, and refuses a row outside its memory', () => {
    const small = createSharedMemory(1)!;
    const f = new Float32Array(small.buffer);
    f.set([1, 2, 3, 4, 5, 6, 7, 8], 0); // top row, bytes 0–31
    f.set([10, 20, 30, 40, NaN, 60, 70, 80], 8); // bottom row, 32–63
    f.set([1, 1, 1, 1], 16); // a: the level along the first cell row, 64
    f.set([2, 2, 2, 2], 20); // d: the step to the second, 80
    f.set([2, 2, 2, 2], 24); // sa, 96
    f.set([0, 0, 0, 4], 28); // sd, 112
    const kernel = createQualityKernel(small)!;
    kernel.row(0, 32, 4, 64, 80, 96, 112, 0.5, 128, false);
    // level 1 + 2·0.5 = 2, σ 2 (+ 4·0.5 in the last): (1 + 10 + 2 + 20 − 8) / 4, (3 + 30 + 4 + 40 − 8) / 4, NaN → −∞, (7 + 70 + 8 + 80 − 8) / 8
    expect(Array.from(f.subarray(32, 36))).toEqual([25 / 4, 69 / 4, -Infinity, 157 / 8]);
    expect(() => kernel.row(65536 - 16, 0, 4, 64, 80, 96, 112, 0.5, 128, false)).toThrow(RangeError);
  });

  it('counts 16-bit raw values at a level as the JavaScript path does: every BZERO and BSCALE, rows of any length', () => {
    const random = makeRandom(5);
    for (const [width, height, bzero, bscale] of [[1003, 37, 32768, 1], [64, 5, 0, 1], [333, 12, 1000, 0.37], [8, 3, -5, 3]] as const) {
      const stored = Int16Array.from({ length: width * height }, () => Math.floor(random() * 65536) - 32768);
      const raw = createSharedMemory(Math.ceil((stored.length * 2 + 64) / 65536))!;
      const view = new DataView(raw.buffer);
      stored.forEach((v, i) => view.setInt16(32 + 2 * i, v, false));
      const bytes = new Uint8Array(raw.buffer, 32, stored.length * 2);
      const kernel = wasmRawRows(bytes, width, height, { bitpix: 16, bzero, bscale }, raw);
      const plain = bigEndianPixelRows(bytes, width, height, { bitpix: 16, bzero, bscale });
      const host = storedPixelRows(stored, width, height, { bzero, bscale, blank: null });
      for (const level of [bzero + bscale * 30000, bzero - bscale * 100, bzero + bscale * 32767, bzero + bscale * 32767 + 1, -1e9, bzero + bscale * 12345.5]) {
        const fractions = [kernel, plain, host].map((rows) => saturatedFraction(rows, level));
        expect(new Set(fractions).size, `${width}×${height} at ${level}`).toBe(1);
      }
      // a star's core at the level: the same answer from the kernel's box as from the rows read
      for (let k = 0; k < 300; k++) {
        const level = [bzero + bscale * 32000, bzero + bscale * (Math.floor(random() * 65536) - 32768), bzero + bscale * 32767 + 1][k % 3];
        const [x, y, radius] = [random() * (width + 4) - 2, random() * (height + 4) - 2, random() * 6];
        expect(touchesLevel(kernel, x, y, radius, level), `${width}×${height}: (${x}, ${y}) r ${radius} at ${level}`).toBe(touchesLevel(host, x, y, radius, level));
      }
      // a pixel exactly at the level touches it
      for (let k = 0; k < 50; k++) {
        const i = Math.floor(random() * stored.length);
        const level = Math.fround(stored[i] * bscale + bzero);
        expect(touchesLevel(kernel, i % width, Math.floor(i / width), 0, level)).toBe(true);
        expect(touchesLevel(host, i % width, Math.floor(i / width), 0, level)).toBe(true);
      }
      // and the rows read alike
      const a = new Float32Array(width);
      const b = new Float32Array(width);
      kernel.readRow(height - 1, 0, width, a, 0);
      host.readRow(height - 1, 0, width, b, 0);
      expect(a).toEqual(b);
    }
  });
});
