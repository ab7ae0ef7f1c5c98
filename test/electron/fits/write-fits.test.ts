import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImageSync } from '../../../electron/fits/read-pixels';
import {
  encodeFloat32Data,
  encodeFloat32Image,
  encodeHeader,
  encodeUint16Data,
  encodeUint16Image,
  formatCard,
  historyCards,
  imageStructureCards,
  keptCards,
} from '../../../electron/fits/write-fits';
import { float32FromRaw, run, removeFolder, tempFolder, tools } from './fits-fixtures';

let folder: string;
beforeAll(() => {
  folder = tempFolder('write-fits');
});
afterAll(() => removeFolder(folder));

/** A 7 × 5 float32 image with negatives, fractions, zero and NaN. */
function sampleImage(): Float32Array {
  const data = new Float32Array(35);
  for (let i = 0; i < data.length; i++) data[i] = (i - 10) * 1.25 + 1 / (i + 3);
  data[3] = 0;
  data[17] = Number.NaN;
  return data;
}

const PROVENANCE = [
  formatCard('IMAGETYP', 'Light Frame'),
  formatCard('EXPTIME', 60, '[s]'),
  formatCard('CALSTAT', 'BDF', 'calibration applied: B bias, D dark, F flat'),
  ...historyCards('bias subtracted: masters/bias_1x1_7x5.fits; dark subtracted (x1): masters/dark_60s_1x1_7x5.fits'),
];

describe('imageStructureCards', () => {
  it('writes the mandatory keywords in fixed format and order', () => {
    const cards = imageStructureCards(-32, 4096, 2048);
    expect(cards.map((c) => c.slice(0, 30))).toEqual([
      'SIMPLE  =                    T',
      'BITPIX  =                  -32',
      'NAXIS   =                    2',
      'NAXIS1  =                 4096',
      'NAXIS2  =                 2048',
      'EXTEND  =                    T',
    ]);
  });

  it('adds BZERO 32768 and BSCALE 1 for unsigned 16-bit', () => {
    const cards = imageStructureCards(16, 10, 10);
    expect(cards.slice(-2).map((c) => c.slice(0, 30))).toEqual(['BZERO   =                32768', 'BSCALE  =                    1']);
    expect(cards[1].slice(0, 30)).toBe('BITPIX  =                   16');
  });

  it('refuses a size that is not a positive whole number', () => {
    expect(() => imageStructureCards(-32, 0, 10)).toThrow(RangeError);
    expect(() => imageStructureCards(-32, 2.5, 10)).toThrow(RangeError);
  });
});

describe('encodeHeader', () => {
  it('ends with END and pads with spaces to whole 2880-byte blocks', () => {
    const cards = Array.from({ length: 36 }, (_, i) => formatCard(`KEY${i}`, i));
    const header = encodeHeader(cards);
    expect(header.length).toBe(5760);
    expect(header.toString('latin1', 36 * 80, 37 * 80)).toBe('END'.padEnd(80));
    expect(header.subarray(37 * 80).every((byte) => byte === 0x20)).toBe(true);
  });

  it('refuses a card that is not 80 printable characters', () => {
    expect(() => encodeHeader(['SIMPLE  =                    T'])).toThrow(/card 0/);
    expect(() => encodeHeader([`COMMENT caf\u00e9`.padEnd(80)])).toThrow(RangeError);
  });
});

describe('encodeFloat32Data', () => {
  it('writes big-endian float32 padded with zeros, leaving the input unchanged', () => {
    const data = sampleImage();
    const before = data.slice();
    const bytes = encodeFloat32Data(data);
    expect(bytes.length).toBe(2880);
    for (let i = 0; i < data.length; i++) expect(Object.is(bytes.readFloatBE(i * 4), data[i])).toBe(true);
    expect(bytes.subarray(data.length * 4).every((byte) => byte === 0)).toBe(true);
    expect(data).toEqual(before);
  });

  it('writes into a reused target when it is big enough', () => {
    const target = Buffer.allocUnsafeSlow(3 * 2880).fill(7);
    const bytes = encodeFloat32Data(sampleImage(), target);
    expect(bytes.buffer).toBe(target.buffer);
    expect(bytes.length).toBe(2880);
    expect(bytes.subarray(140).every((byte) => byte === 0)).toBe(true);
    const tooSmall = Buffer.alloc(100);
    const grown = encodeFloat32Data(new Float32Array(1000), tooSmall);
    expect(grown.length).toBe(5760);
    expect(grown.buffer).not.toBe(tooSmall.buffer);
  });
});

describe('encodeUint16Data', () => {
  it('rounds, clips to 0..65535 and stores with BZERO 32768', () => {
    const values = Float32Array.from([-5, 0, 0.4, 0.6, 1000.5, 32768, 65534.6, 70000, Number.NaN]);
    const before = values.slice();
    const bytes = encodeUint16Data(values);
    const stored = Array.from(values, (_, i) => bytes.readInt16BE(i * 2) + 32768);
    expect(stored).toEqual([0, 0, 0, 1, 1001, 32768, 65535, 65535, 0]);
    expect(bytes.length).toBe(2880);
    expect(values).toEqual(before);
  });

  it('gives the same bytes into an unaligned target', () => {
    const values = Float32Array.from([1, 2, 65535, 40000]);
    const unaligned = Buffer.alloc(2881 + 1).subarray(1);
    expect(encodeUint16Data(values, unaligned).equals(encodeUint16Data(values))).toBe(true);
  });
});

describe('keptCards', () => {
  it('drops exactly the structural cards and keeps the rest in order', () => {
    const structural = [
      ...imageStructureCards(16, 10, 10),
      formatCard('NAXIS3', 1),
      formatCard('XTENSION', 'IMAGE'),
      formatCard('PCOUNT', 0),
      formatCard('GCOUNT', 1),
      formatCard('BLANK', -32768),
      formatCard('CHECKSUM', 'abc'),
      formatCard('DATASUM', '0'),
      formatCard('ZIMAGE', true),
      formatCard('ZCMPTYPE', 'RICE_1'),
      formatCard('ZBITPIX', 16),
      formatCard('ZNAXIS1', 10),
      formatCard('ZTILE1', 10),
      formatCard('ZNAME1', 'BLOCKSIZE'),
      formatCard('ZVAL1', 32),
      formatCard('ZQUANTIZ', 'NO_DITHER'),
      formatCard('TFIELDS', 1),
      formatCard('TTYPE1', 'COMPRESSED_DATA'),
      formatCard('TFORM1', '1PB(149)'),
    ];
    const kept = [
      formatCard('IMAGETYP', 'Light Frame'),
      formatCard('TELESCOP', 'C14'),
      formatCard('ZD', 35.2, 'zenith distance: not a compression keyword'),
      formatCard('BZEROISH', 3),
      ...historyCards('raw'),
      'COMMENT = \'None\''.padEnd(80),
    ];
    const cards = [structural[0], kept[0], ...structural.slice(1, 10), kept[1], kept[2], ...structural.slice(10), ...kept.slice(3)];
    expect(keptCards({ cards, values: {} })).toEqual(kept);
  });
});

describe('a written file', () => {
  it('reads back with the same pixels and header values', async () => {
    const data = sampleImage();
    const path = join(folder, 'round-trip.fits');
    writeFileSync(path, Buffer.concat(encodeFloat32Image(PROVENANCE, 7, 5, data)));
    const info = await readFitsHeader(path);
    expect(info.layout).toMatchObject({ bitpix: -32, width: 7, height: 5, dataOffset: 2880 });
    expect(info.header.values).toMatchObject({ IMAGETYP: 'Light Frame', EXPTIME: 60, CALSTAT: 'BDF' });
    expect(readImageSync(info, null, createPixelBuffers())).toEqual(data);
  });

  it('refuses pixel data that does not match the size', () => {
    expect(() => encodeFloat32Image([], 7, 5, new Float32Array(34))).toThrow(RangeError);
  });

  it.skipIf(!tools.fitsverify)(`passes fitsverify with 0 warnings and 0 errors${tools.fitsverify ? '' : ' (skipped: fitsverify is not installed)'}`, () => {
    const float32 = join(folder, 'verify-float32.fits');
    const uint16 = join(folder, 'verify-uint16.fits');
    writeFileSync(float32, Buffer.concat(encodeFloat32Image(PROVENANCE, 7, 5, sampleImage())));
    writeFileSync(uint16, Buffer.concat(encodeUint16Image(PROVENANCE, 7, 5, sampleImage().map((v) => Math.abs(v) * 100))));
    for (const path of [float32, uint16]) {
      const report = run('fitsverify', [path]);
      expect(report).toContain('Verification found 0 warning(s) and 0 error(s).');
    }
  });

  it.skipIf(!tools.astropy)(`reads in astropy with the same pixels and keywords${tools.astropy ? '' : ' (skipped: python3 with astropy is not installed)'}`, () => {
    const data = sampleImage();
    const float32 = join(folder, 'astropy-float32.fits');
    const uint16 = join(folder, 'astropy-uint16.fits');
    const unsigned = Float32Array.from([0, 1, 2, 32767, 32768, 65535, 1234]);
    writeFileSync(float32, Buffer.concat(encodeFloat32Image(PROVENANCE, 7, 5, data)));
    writeFileSync(uint16, Buffer.concat(encodeUint16Image([], 7, 1, unsigned)));
    const script = [
      'import sys, json',
      'from astropy.io import fits',
      'import numpy as np',
      'with fits.open(sys.argv[1]) as f:',
      '    f[0].data.astype("<f4").tofile(sys.argv[1] + ".f32"); h = f[0].header',
      'with fits.open(sys.argv[2]) as g:',
      '    g[0].data.astype("<f4").tofile(sys.argv[2] + ".f32"); dtype = str(g[0].data.dtype)',
      'print(json.dumps({"EXPTIME": h["EXPTIME"], "CALSTAT": h["CALSTAT"], "HISTORY": len(h["HISTORY"]), "dtype": dtype}))',
    ].join('\n');
    const answer = JSON.parse(run('/usr/bin/python3', ['-c', script, float32, uint16]));
    expect(answer).toEqual({ EXPTIME: 60, CALSTAT: 'BDF', HISTORY: 2, dtype: 'uint16' });
    expect(float32FromRaw(readFileSync(`${float32}.f32`))).toEqual(data);
    expect(float32FromRaw(readFileSync(`${uint16}.f32`))).toEqual(unsigned);
  });
});
