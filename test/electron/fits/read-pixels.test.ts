import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FitsFileInfo } from '../../../electron/fits/fits-file';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readExactImage, readExactRows, readImage, readImageSync, readImageWithFitsjs, readRows, readStoredBytesSync, storedScaling } from '../../../electron/fits/read-pixels';
import { type Bitpix, differences, sampleStored, removeFolder, tempFolder, writeImageFile } from './fits-fixtures';

const WIDTH = 37;
const HEIGHT = 23;
let folder: string;
beforeAll(() => {
  folder = tempFolder('read-pixels');
});
afterAll(() => removeFolder(folder));

interface Case {
  readonly name: string;
  readonly bitpix: Bitpix;
  readonly bzero?: number;
  readonly bscale?: number;
}

const CASES: readonly Case[] = [
  { name: 'BITPIX 8', bitpix: 8 },
  { name: 'BITPIX 8 scaled', bitpix: 8, bzero: -128, bscale: 2 },
  { name: 'BITPIX 16 + BZERO 32768 (unsigned camera data)', bitpix: 16, bzero: 32768, bscale: 1 },
  { name: 'BITPIX 16 signed', bitpix: 16 },
  { name: 'BITPIX 16 with a real BSCALE', bitpix: 16, bzero: 1000.5, bscale: 0.25 },
  { name: 'BITPIX 32', bitpix: 32 },
  { name: 'BITPIX 32 + BZERO 2^31 (unsigned 32-bit)', bitpix: 32, bzero: 2147483648 },
  { name: 'BITPIX 64', bitpix: 64 },
  { name: 'BITPIX -32', bitpix: -32 },
  { name: 'BITPIX -32 scaled', bitpix: -32, bzero: 10, bscale: 3 },
  { name: 'BITPIX -64', bitpix: -64 },
];

/** The physical values worked out here, independently of both readers. */
function physical(c: Case, stored: ArrayLike<number>): Float32Array {
  // A -32 file holds the float32 nearest to each value: scale that, as a reader must.
  const held = (v: number): number => (c.bitpix === -32 ? Math.fround(v) : v);
  return Float32Array.from(stored, (v) => (c.bzero ?? 0) + (c.bscale ?? 1) * held(v));
}

function caseFile(c: Case, suffix = ''): { path: string; expected: Float32Array } {
  const stored = sampleStored(c.bitpix, WIDTH * HEIGHT);
  if (c.bitpix < 0) stored[5] = Number.NaN;
  const path = writeImageFile(join(folder, `${c.name.replace(/\W+/g, '_')}${suffix}.fits`), { ...c, width: WIDTH, height: HEIGHT, stored });
  return { path, expected: physical(c, stored) };
}

describe.each(CASES)('$name', (c) => {
  it('the hand reader gives the physical values, as fitsjs-ng does, pixel for pixel', async () => {
    const { path, expected } = caseFile(c);
    const info = await readFitsHeader(path);
    const hand = readImageSync(info, null, createPixelBuffers());
    expect(differences(hand, expected)).toEqual([]);
    expect(differences(await readImage(info, null, createPixelBuffers()), expected)).toEqual([]);
    expect(differences(await readImageWithFitsjs(path), hand)).toEqual([]);
  });

  it('readRows gives the matching rows of readImage', async () => {
    const { path } = caseFile(c, '-rows');
    const info = await readFitsHeader(path);
    const whole = readImageSync(info, null, createPixelBuffers());
    const buffers = createPixelBuffers();
    const fd = openSync(path, 'r');
    try {
      for (const [start, count] of [[0, 1], [0, HEIGHT], [5, 7], [HEIGHT - 3, 3], [HEIGHT, 0]]) {
        const out = new Float32Array(WIDTH * HEIGHT + 11).fill(-1);
        readRows(fd, info, start, count, out, buffers);
        expect(differences(out.subarray(0, count * WIDTH), whole.subarray(start * WIDTH, (start + count) * WIDTH))).toEqual([]);
        expect(out[count * WIDTH]).toBe(-1);
      }
    } finally {
      closeSync(fd);
    }
  });

  it('a gzip-wrapped copy reads the same', async () => {
    const { path, expected } = caseFile(c, '-gz');
    const gz = `${path}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(path)));
    const info = await readFitsHeader(gz);
    expect(differences(await readImage(info, null, createPixelBuffers()), expected)).toEqual([]);
    expect(differences(await readImageWithFitsjs(gz), expected)).toEqual([]);
  });
});

/** Cases whose every physical value float32 holds exactly: the viewer's blocks of them stay float32. */
const EXACT_IN_FLOAT32 = new Set(['BITPIX 8', 'BITPIX 16 + BZERO 32768 (unsigned camera data)', 'BITPIX 16 signed', 'BITPIX -32']);

describe.each(CASES)('every digit stored, for the viewer: $name', (c) => {
  /** The physical values in float64, worked out here (a -32 file holds the float32 nearest each value). */
  const exact = (stored: Float64Array): Float64Array => Float64Array.from(stored, (v) => (c.bzero ?? 0) + (c.bscale ?? 1) * (c.bitpix === -32 ? Math.fround(v) : v));

  it('readExactImage and readExactRows give each value as stored: float32 for unscaled 8-, 16-bit and float32 data, float64 otherwise', async () => {
    const stored = sampleStored(c.bitpix, WIDTH * HEIGHT);
    if (c.bitpix < 0) stored[5] = Number.NaN;
    const path = writeImageFile(join(folder, `${c.name.replace(/\W+/g, '_')}-exact.fits`), { ...c, width: WIDTH, height: HEIGHT, stored });
    writeFileSync(`${path}.gz`, gzipSync(readFileSync(path)));
    const expected = exact(stored);
    const float32 = EXACT_IN_FLOAT32.has(c.name);
    for (const file of [path, `${path}.gz`]) {
      const image = await readExactImage(await readFitsHeader(file), createPixelBuffers());
      expect(image, file).toBeInstanceOf(float32 ? Float32Array : Float64Array);
      expect(Array.from(image), file).toEqual(Array.from(expected));
    }
    const fd = openSync(path, 'r');
    try {
      const rows = readExactRows(fd, await readFitsHeader(path), 4, 6, createPixelBuffers(), (count) => new Float32Array(count));
      expect(Array.from(rows)).toEqual(Array.from(expected.subarray(4 * WIDTH, 10 * WIDTH)));
    } finally {
      closeSync(fd);
    }
    // 32- and 64-bit data: float32 would have rounded values of these (the reason for float64)
    if (Math.abs(c.bitpix) >= 32 && c.bitpix !== -32) expect(expected.filter((v) => Math.fround(v) !== v && !Number.isNaN(v)).length).toBeGreaterThan(WIDTH * HEIGHT / 2);
  });
});

describe('integer BLANK', () => {
  it('becomes NaN, other pixels scaled as usual', async () => {
    const stored = Array.from({ length: 12 }, (_, i) => (i % 5 === 0 ? -32768 : i * 100));
    const path = writeImageFile(join(folder, 'blank.fits'), { bitpix: 16, width: 4, height: 3, bzero: 32768, blank: -32768, stored });
    const info = await readFitsHeader(path);
    const pixels = readImageSync(info, null, createPixelBuffers());
    expect(Array.from(pixels)).toEqual(stored.map((v) => (v === -32768 ? Number.NaN : v + 32768)));
    const fd = openSync(path, 'r');
    const row = new Float32Array(4);
    readRows(fd, info, 1, 1, row, createPixelBuffers());
    closeSync(fd);
    expect(Array.from(row)).toEqual([32768 + 400, Number.NaN, 32768 + 600, 32768 + 700]);
  });
});

describe('output and scratch buffers', () => {
  async function int16Info(): Promise<FitsFileInfo> {
    const stored = sampleStored(16, WIDTH * HEIGHT);
    return readFitsHeader(writeImageFile(join(folder, 'buffers.fits'), { bitpix: 16, width: WIDTH, height: HEIGHT, bzero: 32768, stored }));
  }

  it('fills a big enough output in place and returns a view of exactly width × height', async () => {
    const info = await int16Info();
    const out = new Float32Array(WIDTH * HEIGHT + 100);
    const pixels = readImageSync(info, out, createPixelBuffers());
    expect(pixels.buffer).toBe(out.buffer);
    expect(pixels.length).toBe(WIDTH * HEIGHT);
    const asyncPixels = await readImage(info, out, createPixelBuffers());
    expect(asyncPixels.buffer).toBe(out.buffer);
  });

  it('allocates when the output is missing or too small', async () => {
    const info = await int16Info();
    const small = new Float32Array(10);
    const pixels = readImageSync(info, small, createPixelBuffers());
    expect(pixels.buffer).not.toBe(small.buffer);
    expect(pixels.length).toBe(WIDTH * HEIGHT);
  });

  it('reuses the scratch bytes from one frame to the next, and they stay aligned', async () => {
    const info = await int16Info();
    const buffers = createPixelBuffers();
    readImageSync(info, null, buffers);
    const scratch = buffers.raw;
    expect(scratch.byteOffset).toBe(0);
    expect(scratch.length).toBeGreaterThanOrEqual(WIDTH * HEIGHT * 2);
    readImageSync(info, null, buffers);
    expect(buffers.raw).toBe(scratch);
  });

  it('refuses rows outside the image and an output too small for them', async () => {
    const info = await int16Info();
    const fd = openSync(info.path, 'r');
    try {
      expect(() => readRows(fd, info, HEIGHT - 1, 2, new Float32Array(WIDTH * 2), createPixelBuffers())).toThrow(RangeError);
      expect(() => readRows(fd, info, -1, 1, new Float32Array(WIDTH), createPixelBuffers())).toThrow(RangeError);
      expect(() => readRows(fd, info, 0, 2, new Float32Array(WIDTH), createPixelBuffers())).toThrow(RangeError);
    } finally {
      closeSync(fd);
    }
  });
});

describe('readStoredBytesSync (the arena path reads into shared memory)', () => {
  it('copies the stored big-endian bytes as they are in the file, into a view of a SharedArrayBuffer', async () => {
    const stored = sampleStored(16, WIDTH * HEIGHT);
    const path = writeImageFile(join(folder, 'stored-bytes.fits'), { bitpix: 16, width: WIDTH, height: HEIGHT, bzero: 32768, stored });
    const info = await readFitsHeader(path);
    const target = Buffer.from(new SharedArrayBuffer(4096), 100, WIDTH * HEIGHT * 2);
    readStoredBytesSync(info, target);
    const file = readFileSync(path);
    expect(target.equals(file.subarray(info.layout.dataOffset, info.layout.dataOffset + WIDTH * HEIGHT * 2))).toBe(true);
    expect(target.readInt16BE(2 * 7)).toBe(stored[7]);
    expect(storedScaling(info)).toEqual({ bitpix: 16, bzero: 32768, bscale: 1, blank: null });
  });

  it('says which file is cut short, and by how much', async () => {
    const path = writeImageFile(join(folder, 'stored-short.fits'), { bitpix: 16, width: WIDTH, height: HEIGHT, stored: sampleStored(16, WIDTH * HEIGHT) });
    const info = await readFitsHeader(path);
    const tooMany = Buffer.alloc(Math.ceil((WIDTH * HEIGHT * 2) / 2880) * 2880 + 10);
    expect(() => readStoredBytesSync(info, tooMany)).toThrow(path);
    expect(() => readStoredBytesSync(info, tooMany)).toThrow(/10 bytes short/);
  });
});
