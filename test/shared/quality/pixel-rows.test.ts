import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createSharedMemory } from '../../../shared/pixels/wasm-api';
import { measureFrame } from '../../../shared/quality/measure-frame';
import { bigEndianPixelRows, hostPixelRows, superpixelRows, wasmPixelRows, wasmRawRows } from '../../../shared/quality/pixel-rows';
import { measureSky } from '../../../shared/quality/sky-mesh';
import { syntheticFrame } from './synthetic-sky';

const ramp = (width: number, height: number) => Float32Array.from({ length: width * height }, (_, i) => i * 0.5 - 7);

describe('pixel rows', () => {
  it('host rows: segments and strided samples, short and long', () => {
    const rows = hostPixelRows(ramp(1000, 3), 1000, 3);
    const out = new Float32Array(700);
    rows.readRow(2, 10, 4, out, 1);
    expect(Array.from(out.subarray(1, 5))).toEqual([2010, 2011, 2012, 2013].map((i) => i * 0.5 - 7));
    rows.readRow(1, 0, 600, out, 0); // long: copied through a view
    expect(out[599]).toBe(1599 * 0.5 - 7);
    rows.readRow(0, 3, 5, out, 0, 7);
    expect(Array.from(out.subarray(0, 5))).toEqual([3, 10, 17, 24, 31].map((i) => i * 0.5 - 7));
  });

  it('big-endian float32 and 16-bit rows decode as the file says (BZERO, BSCALE)', () => {
    const values = ramp(6, 2);
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(4 * i, v, false));
    const out = new Float32Array(6);
    bigEndianPixelRows(bytes, 6, 2, { bitpix: -32 }).readRow(1, 1, 3, out, 0, 2);
    expect(Array.from(out.subarray(0, 3))).toEqual([7, 9, 11].map((i) => i * 0.5 - 7));
    const shorts = new Uint8Array(4 * 2);
    const sv = new DataView(shorts.buffer);
    [-32768, -1, 0, 32767].forEach((v, i) => sv.setInt16(2 * i, v, false));
    bigEndianPixelRows(shorts, 4, 1, { bitpix: 16, bzero: 32768 }).readRow(0, 0, 4, out, 0);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 32767, 32768, 65535]);
  });

  it('refuses arrays smaller than the image', () => {
    expect(() => hostPixelRows(new Float32Array(5), 3, 2)).toThrow('fewer than 3×2');
    expect(() => bigEndianPixelRows(new Uint8Array(10), 2, 2, { bitpix: -32 })).toThrow('fewer than 2×2');
  });

  it('superpixels sum each 2×2 cell of the mosaic, also strided', () => {
    const mosaic = hostPixelRows(ramp(8, 4), 8, 4);
    const sp = superpixelRows(mosaic);
    expect([sp.width, sp.height]).toEqual([4, 2]);
    const out = new Float32Array(4);
    sp.readRow(1, 1, 2, out, 0, 2);
    const px = (x: number, y: number) => (y * 8 + x) * 0.5 - 7;
    expect(out[0]).toBe(px(2, 2) + px(3, 2) + px(2, 3) + px(3, 3));
    expect(out[1]).toBe(px(6, 2) + px(7, 2) + px(6, 3) + px(7, 3));
  });

  it('measureFrame reads the kernel\'s big-endian output to the same figures as host pixels', () => {
    const truth = syntheticFrame({ width: 512, height: 512, seed: 2, stars: 150, psf: { fwhm: 3 } });
    const bytes = new Uint8Array(truth.pixels.length * 4);
    const view = new DataView(bytes.buffer);
    truth.pixels.forEach((v, i) => view.setFloat32(4 * i, v, false));
    const host = measureFrame(truth.pixels, 512, 512);
    const big = measureFrame(bigEndianPixelRows(bytes, 512, 512, { bitpix: -32 }), 512, 512);
    expect(big).toEqual(host);
    expect(host.starsFound).toBeGreaterThan(50);
  });

  it('the rows and the sky mesh of every frame share one hidden class, so optimised code made on the first frames holds for the rest', () => {
    // A worker makes new rows and a new mesh for every light; objects made by a spread changed
    // their hidden class after about nine, which discarded the optimised measurement in every worker.
    setFlagsFromString('--allow-natives-syntax');
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const memory = createSharedMemory(4);
    if (memory === null) return; // no shared WebAssembly memory in this engine: nothing to test
    const data = new Uint8Array(memory.buffer, 0, 4 * 64 * 64);
    const raw = new Uint8Array(memory.buffer, 4 * 64 * 64, 2 * 64 * 64);
    const frames = Array.from({ length: 16 }, () => {
      const pixels = wasmPixelRows(data, 64, 64, { memory, scratch: 6 * 64 * 64, scratchBytes: 65536 });
      return { pixels, raw: wasmRawRows(raw, 64, 64, { bitpix: 16, bzero: 32768, bscale: 1 }, memory), wasm: pixels.wasm!, mesh: measureSky(pixels).mesh };
    });
    for (const part of ['pixels', 'raw', 'wasm', 'mesh'] as const) {
      const changed = frames.findIndex((frame) => !sameMap(frames[0][part], frame[part]));
      expect(changed, `${part}: frame ${changed} has another hidden class`).toBe(-1);
    }
  });
});

