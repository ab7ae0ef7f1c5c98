/**
 * Tile-compressed `.fz` files made by cfitsio's fpack: the pixels must equal what cfitsio's
 * funpack gives back, and the header must be the image's, not the table's.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { FitsError } from '../../../electron/fits/fits-error';
import { createPixelBuffers, readExactImage, readImage, readImageSync, readImageWithFitsjs } from '../../../electron/fits/read-pixels';
import { formatCard } from '../../../electron/fits/write-fits';
import { type Bitpix, differences, run, removeFolder, tempFolder, tools, writeImageFile } from './fits-fixtures';

const WIDTH = 150;
const HEIGHT = 90;

/** A sky-like frame: a smooth background, a few stars, noise. */
function skyValues(bitpix: Bitpix): number[] {
  let state = 99;
  const noise = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 40;
  return Array.from({ length: WIDTH * HEIGHT }, (_, i) => {
    const x = i % WIDTH;
    const y = Math.floor(i / WIDTH);
    const star = 5000 * Math.exp(-((x - 40) ** 2 + (y - 30) ** 2) / 8) + 2000 * Math.exp(-((x - 110) ** 2 + (y - 70) ** 2) / 5);
    const value = 1200 + 0.5 * x + star + noise();
    return bitpix === -32 ? value : Math.round(value) - (bitpix === 16 ? 32768 : 0);
  });
}

describe.skipIf(!tools.fpack)(`.fz made by fpack${tools.fpack ? '' : ' (skipped: fpack/funpack are not installed)'}`, () => {
  let folder: string;
  beforeAll(() => {
    folder = tempFolder('fz');
  });
  afterAll(() => removeFolder(folder));

  const cases = [
    { bitpix: 16 as const, bzero: 32768, method: '-r', name: 'Rice' },
    { bitpix: 16 as const, bzero: 32768, method: '-g', name: 'gzip' },
    { bitpix: 16 as const, bzero: 32768, method: '-h', name: 'hcompress' },
    { bitpix: 32 as const, bzero: 0, method: '-r', name: 'Rice, 32-bit' },
    { bitpix: -32 as const, bzero: 0, method: '-r', name: 'Rice, float quantized with dithering' },
    { bitpix: -32 as const, bzero: 0, method: '-h', name: 'hcompress, float quantized' },
    { bitpix: -32 as const, bzero: 0, method: '-g -q 0', name: 'gzip, float lossless' },
  ];

  it.each(cases)('$name (BITPIX $bitpix): pixels equal the funpacked file', async ({ bitpix, bzero, method }) => {
    const base = join(folder, `sky${bitpix}${method.replace(/\W/g, '')}`);
    writeImageFile(`${base}.fits`, {
      bitpix,
      width: WIDTH,
      height: HEIGHT,
      bzero: bzero === 0 ? undefined : bzero,
      stored: skyValues(bitpix),
      extraCards: [formatCard('IMAGETYP', 'Light Frame'), formatCard('EXPTIME', 120), formatCard('FILTER', 'R')],
    });
    run('fpack', [...method.split(' '), '-O', `${base}.fits.fz`, `${base}.fits`]);
    run('funpack', ['-O', `${base}.unpacked.fits`, `${base}.fits.fz`]);

    const packed = await readFitsHeader(`${base}.fits.fz`);
    const unpacked = await readFitsHeader(`${base}.unpacked.fits`);
    expect(packed.storage).toBe('fz');
    expect({ ...packed.layout, dataOffset: 0 }).toEqual({ ...unpacked.layout, dataOffset: 0 });
    expect(packed.header.values).toMatchObject({ IMAGETYP: 'Light Frame', EXPTIME: 120, FILTER: 'R', NAXIS1: WIDTH, NAXIS2: HEIGHT });

    expect(() => readImageSync(packed, null, createPixelBuffers())).toThrow(expect.objectContaining({ code: 'unsupported' }));
    const fromFz = await readImage(packed, null, createPixelBuffers());
    const fromUnpacked = readImageSync(unpacked, null, createPixelBuffers());
    expect(differences(fromFz, fromUnpacked)).toEqual([]);    // the viewer's blocks: every digit, float64 for the 32-bit file as for its funpacked copy
    const exactFz = await readExactImage(packed, createPixelBuffers());
    const exactUnpacked = await readExactImage(unpacked, createPixelBuffers());
    expect(exactFz.constructor).toBe(bitpix === 32 ? Float64Array : Float32Array);
    expect(exactUnpacked.constructor).toBe(exactFz.constructor);
    expect(Array.from(exactFz)).toEqual(Array.from(exactUnpacked));
  });

  it('refuses quantized float in GZIP_1 tiles, which fitsjs-ng decodes wrongly', async () => {
    const base = join(folder, 'sky-float-gzip');
    writeImageFile(`${base}.fits`, { bitpix: -32, width: WIDTH, height: HEIGHT, stored: skyValues(-32) });
    run('fpack', ['-g', '-O', `${base}.fits.fz`, `${base}.fits`]);
    const error = await readFitsHeader(`${base}.fits.fz`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FitsError);
    expect(error).toMatchObject({ code: 'unsupported', file: `${base}.fits.fz` });
    expect((error as Error).message).toMatch(/quantized floating-point pixels in GZIP_1/);
    await expect(readImageWithFitsjs(`${base}.fits.fz`)).rejects.toMatchObject({ code: 'unsupported' });
  });
});
