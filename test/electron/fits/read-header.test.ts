import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFitsHeader, readFitsHeaderSync } from '../../../electron/fits/read-header';
import { encodeHeader, formatCard } from '../../../electron/fits/write-fits';
import { encodeStored, imageCards, rawHeaderBytes, run, removeFolder, tempFolder, tools, writeImageFile } from './fits-fixtures';

let folder: string;
beforeAll(() => {
  folder = tempFolder('read-header');
});
afterAll(() => removeFolder(folder));

const CAMERA_CARDS = [
  formatCard('IMAGETYP', 'Light Frame'),
  formatCard('FILTER', 'Ha'),
  formatCard('CCD-TEMP', -10.5),
  formatCard('GAIN', 100),
  formatCard('DATE-OBS', '2026-03-14T22:05:11.250'),
  formatCard('COMMENT', 'first comment'),
  formatCard('HISTORY', 'first history'),
  formatCard('FILTER', 'duplicate: the first FILTER wins'),
];

function cameraFile(name: string): string {
  return writeImageFile(join(folder, name), {
    bitpix: 16,
    width: 40,
    height: 30,
    bzero: 32768,
    bscale: 1,
    stored: new Int16Array(1200),
    extraCards: CAMERA_CARDS,
  });
}

describe('readFitsHeader on plain FITS', () => {
  it('gives the layout and the values of a camera frame', async () => {
    const path = cameraFile('camera.fits');
    const info = await readFitsHeader(path);
    expect(info).toMatchObject({ path, storage: 'fits', fileSize: 2880 * 2 });
    expect(info.layout).toEqual({ bitpix: 16, width: 40, height: 30, planes: 1, bzero: 32768, bscale: 1, dataOffset: 2880, planeBytes: 2400 });
    expect(info.header.values).toMatchObject({ SIMPLE: true, IMAGETYP: 'Light Frame', FILTER: 'Ha', 'CCD-TEMP': -10.5, GAIN: 100, 'DATE-OBS': '2026-03-14T22:05:11.250' });
    expect(info.header.values).not.toHaveProperty('COMMENT');
    expect(info.header.values).not.toHaveProperty('HISTORY');
    expect(info.header.cards).toHaveLength(7 + CAMERA_CARDS.length);
    expect(info.header.cards.every((card) => card.length === 80)).toBe(true);
  });

  it('gives the same answer synchronously', async () => {
    const path = cameraFile('camera-sync.fits');
    expect(readFitsHeaderSync(path)).toEqual(await readFitsHeader(path));
  });

  it('parses the messy values of real cameras', async () => {
    const cards = [
      'SIMPLE  =                    T/CCDSOFT-SOFTWARE BISQUE 3',
      'BITPIX  =                   16',
      'NAXIS   =                    2',
      'NAXIS1  =                    4',
      'NAXIS2  =                    2',
      'BZERO   = +3.276800000000E+004',
      'BSCALE  = +1.000000000000E+000',
      "EXPTIME = '40      '           / Exposure time",
      'SET-TEMP= -1.500000000000E+001',
      'DARKTIME=              1.2D+02 / Fortran exponent',
      "OBSERVER= 'O''Hara / Smith'    / quote and slash inside",
      'UNDEF   =                      / no value',
      'COOLER  =                    F',
      "COMMENT = 'None    '           / a COMMENT written like a keyword",
    ];
    const path = join(folder, 'messy.fits');
    writeFileSync(path, Buffer.concat([rawHeaderBytes(cards), encodeStored(16, new Array(8).fill(0))]));
    const info = await readFitsHeader(path);
    expect(info.header.values).toEqual({
      SIMPLE: true,
      BITPIX: 16,
      NAXIS: 2,
      NAXIS1: 4,
      NAXIS2: 2,
      BZERO: 32768,
      BSCALE: 1,
      EXPTIME: '40',
      'SET-TEMP': -15,
      DARKTIME: 120,
      OBSERVER: "O'Hara / Smith",
      UNDEF: null,
      COOLER: false,
    });
    expect(info.layout.bzero).toBe(32768);
  });

  it('accepts a one-plane cube (NAXIS = 3, NAXIS3 = 1)', async () => {
    const path = writeImageFile(join(folder, 'cube1.fits'), { bitpix: -32, width: 8, height: 4, naxis3: 1, stored: new Float32Array(32) });
    expect((await readFitsHeader(path)).layout).toMatchObject({ width: 8, height: 4, planes: 1, planeBytes: 128 });
  });

  it('reads long headers of many blocks', async () => {
    const extra = Array.from({ length: 500 }, (_, i) => formatCard(`KEY${i}`, i));
    const path = writeImageFile(join(folder, 'long.fits'), { bitpix: 8, width: 2, height: 2, stored: [1, 2, 3, 4], extraCards: extra });
    const info = await readFitsHeader(path);
    expect(info.header.values.KEY499).toBe(499);
    expect(info.layout.dataOffset).toBe(Math.ceil(506 / 36) * 2880);
  });

  it('uses the first image extension after an empty primary HDU', async () => {
    const primary = encodeHeader([formatCard('SIMPLE', true), formatCard('BITPIX', 8), formatCard('NAXIS', 0), formatCard('EXTEND', true), formatCard('ORIGIN', 'primary')]);
    const table = encodeHeader([
      formatCard('XTENSION', 'BINTABLE'),
      formatCard('BITPIX', 8),
      formatCard('NAXIS', 2),
      formatCard('NAXIS1', 4),
      formatCard('NAXIS2', 3),
      formatCard('PCOUNT', 0),
      formatCard('GCOUNT', 1),
      formatCard('TFIELDS', 1),
      formatCard('TFORM1', 'J'),
    ]);
    const tableData = Buffer.alloc(2880);
    const image = encodeHeader([
      formatCard('XTENSION', 'IMAGE'),
      formatCard('BITPIX', -32),
      formatCard('NAXIS', 2),
      formatCard('NAXIS1', 5),
      formatCard('NAXIS2', 3),
      formatCard('PCOUNT', 0),
      formatCard('GCOUNT', 1),
      formatCard('EXPTIME', 30),
    ]);
    const path = join(folder, 'extension.fits');
    writeFileSync(path, Buffer.concat([primary, table, tableData, image, encodeStored(-32, new Array(15).fill(1.5))]));
    const info = await readFitsHeader(path);
    expect(info.storage).toBe('fits');
    expect(info.layout).toMatchObject({ bitpix: -32, width: 5, height: 3, dataOffset: 4 * 2880 });
    expect(info.header.values).toMatchObject({ XTENSION: 'IMAGE', EXPTIME: 30 });
  });
});

describe('readFitsHeader on gzip-wrapped files', () => {
  it('finds gzip by its magic bytes, whatever the name, and reports it', async () => {
    const plain = cameraFile('for-gzip.fits');
    const gzipped = join(folder, 'for-gzip.fits.gz');
    const misnamed = join(folder, 'gzip-inside.fits');
    writeFileSync(gzipped, gzipSync(readFileSync(plain)));
    copyFileSync(gzipped, misnamed);
    const expected = await readFitsHeader(plain);
    for (const path of [gzipped, misnamed]) {
      const info = await readFitsHeader(path);
      expect(info.storage).toBe('gz');
      expect(info.header).toEqual(expected.header);
      expect(info.layout).toEqual({ ...expected.layout, dataOffset: -1 });
      expect(readFitsHeaderSync(path)).toEqual(info);
    }
  });

  it('needs only the start of the file: a gzip cut after 32 KB still gives the header', async () => {
    // 2048² int16 of noise compresses badly: inflating it all would take many megabytes.
    const count = 2048 * 2048;
    const stored = new Int16Array(count);
    let state = 1;
    for (let i = 0; i < count; i++) stored[i] = (state = (Math.imul(state, 48271) >>> 0) % 2147483647) & 0x7fff;
    const bytes = Buffer.concat([encodeHeader(imageCards({ bitpix: 16, width: 2048, height: 2048, stored })), Buffer.from(stored.buffer)]);
    const path = join(folder, 'large.fits.gz');
    writeFileSync(path, gzipSync(bytes, { level: 1 }).subarray(0, 32 * 1024));
    const info = await readFitsHeader(path);
    expect(info.layout).toMatchObject({ width: 2048, height: 2048 });
  });
});

describe.skipIf(!tools.fpack)(`readFitsHeader on tile-compressed .fz${tools.fpack ? '' : ' (skipped: fpack is not installed)'}`, () => {
  it.each(['-r', '-g', '-h'])('exposes the logical image header (fpack %s)', async (method) => {
    const plain = cameraFile(`for-fpack${method}.fits`);
    const packed = join(folder, `packed${method}.fits.fz`);
    run('fpack', [method, '-O', packed, plain]);
    const info = await readFitsHeader(packed);
    expect(info.storage).toBe('fz');
    expect(info.layout).toEqual({ bitpix: 16, width: 40, height: 30, planes: 1, bzero: 32768, bscale: 1, dataOffset: -1, planeBytes: 2400 });
    expect(info.header.values).toMatchObject({ SIMPLE: true, BITPIX: 16, NAXIS: 2, NAXIS1: 40, NAXIS2: 30, IMAGETYP: 'Light Frame', FILTER: 'Ha' });
    const keywords = Object.keys(info.header.values);
    for (const tableKeyword of ['XTENSION', 'ZIMAGE', 'ZBITPIX', 'ZNAXIS1', 'ZCMPTYPE', 'TFORM1', 'TTYPE1', 'PCOUNT', 'EXTNAME']) {
      expect(keywords).not.toContain(tableKeyword);
    }
    expect(readFitsHeaderSync(packed)).toEqual(info);
  });
});

describe('untidy but readable headers', () => {
  it('reads an image extension that repeats EXTEND and has odd PCOUNT/GCOUNT cards', async () => {
    const primary = encodeHeader([formatCard('SIMPLE', true), formatCard('BITPIX', 8), formatCard('NAXIS', 0), formatCard('EXTEND', true)]);
    const image = encodeHeader([
      formatCard('XTENSION', 'IMAGE'),
      formatCard('BITPIX', 16),
      formatCard('NAXIS', 2),
      formatCard('NAXIS1', 3),
      formatCard('NAXIS2', 2),
      formatCard('EXTEND', true),
      formatCard('PCOUNT', 0),
      formatCard('GCOUNT', 1),
      formatCard('IMAGETYP', 'Dark Frame'),
    ]);
    const path = join(folder, 'untidy-extension.fits');
    writeFileSync(path, Buffer.concat([primary, image, encodeStored(16, [1, 2, 3, 4, 5, 6])]));
    const info = await readFitsHeader(path);
    expect(info.header.values).toMatchObject({ IMAGETYP: 'Dark Frame', EXTEND: true });
    expect(info.layout).toMatchObject({ width: 3, height: 2, dataOffset: 2 * 2880 });
  });
});
