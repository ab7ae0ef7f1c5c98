/**
 * Files written by astropy, not by us: a second, independent writer for the readers, and
 * astropy's own reading of them as the expected pixels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImage, readImageWithFitsjs } from '../../../electron/fits/read-pixels';
import { differences, float32FromRaw, run, removeFolder, tempFolder, tools } from './fits-fixtures';

const WRITE_FILES = `
import sys
import numpy as np
from astropy.io import fits
out = sys.argv[1]
rng = np.random.default_rng(7)
h, w = 29, 41
def save(name, hdus):
    fits.HDUList(hdus).writeto(f"{out}/{name}.fits", overwrite=True)
    with fits.open(f"{out}/{name}.fits") as f:
        data = next(hdu.data for hdu in f if hdu.data is not None)
        np.asarray(data, dtype="<f4").reshape(-1)[: h * w].tofile(f"{out}/{name}.f32")
save("uint16", [fits.PrimaryHDU(rng.integers(0, 65536, (h, w), dtype=np.uint16))])
save("uint8", [fits.PrimaryHDU(rng.integers(0, 256, (h, w), dtype=np.uint8))])
save("int32", [fits.PrimaryHDU(rng.integers(-2**31, 2**31 - 1, (h, w), dtype=np.int32))])
save("int64", [fits.PrimaryHDU(rng.integers(-2**40, 2**40, (h, w), dtype=np.int64))])
f32 = rng.normal(1000, 50, (h, w)).astype(np.float32); f32[3, 4] = np.nan
save("float32", [fits.PrimaryHDU(f32)])
save("float64", [fits.PrimaryHDU(rng.normal(0, 1e-3, (h, w)))])
save("cube1", [fits.PrimaryHDU(rng.integers(0, 65536, (1, h, w), dtype=np.uint16))])
save("extension", [fits.PrimaryHDU(), fits.ImageHDU(f32, name="SCI")])
scaled = fits.PrimaryHDU(rng.normal(2000, 300, (h, w)).astype(np.float32))
scaled.scale("int16", bscale=0.25, bzero=2000.5)
save("int16-scaled", [scaled])
raw = rng.integers(-1000, 1000, (h, w), dtype=np.int16); raw[0, :5] = -32768
blank = fits.PrimaryHDU(raw); blank.header["BLANK"] = -32768
save("int16-blank", [blank])
`;

const NAMES = ['uint16', 'uint8', 'int32', 'int64', 'float32', 'float64', 'cube1', 'extension', 'int16-scaled', 'int16-blank'] as const;

describe.skipIf(!tools.astropy)(`files written by astropy${tools.astropy ? '' : ' (skipped: python3 with astropy is not installed)'}`, () => {
  let folder: string;
  beforeAll(() => {
    folder = tempFolder('astropy');
    run('/usr/bin/python3', ['-c', WRITE_FILES, folder]);
  });
  afterAll(() => removeFolder(folder));

  it.each(NAMES)('%s: the hand reader and fitsjs-ng give the pixels astropy reads', async (name) => {
    const path = join(folder, `${name}.fits`);
    const expected = float32FromRaw(readFileSync(join(folder, `${name}.f32`)));
    const info = await readFitsHeader(path);
    expect(info.layout).toMatchObject({ width: 41, height: 29, planes: 1 });
    const hand = await readImage(info, null, createPixelBuffers());
    const fitsjs = await readImageWithFitsjs(path);
    if (name === 'int16-scaled') {
      // astropy scales 16-bit data in float32 arithmetic, we in float64: allow one float32 step.
      for (let i = 0; i < hand.length; i++) expect(Math.abs(hand[i] - expected[i])).toBeLessThanOrEqual(Math.abs(expected[i]) * 2 ** -23);
      expect(differences(fitsjs, hand)).toEqual([]);
    } else if (name === 'int16-blank') {
      expect(differences(hand, expected)).toEqual([]);
      expect(hand.subarray(0, 5).every(Number.isNaN)).toBe(true);
      // fitsjs-ng does not apply BLANK: compare it on the other pixels only.
      expect(differences(fitsjs.subarray(5), hand.subarray(5))).toEqual([]);
    } else {
      expect(differences(hand, expected)).toEqual([]);
      expect(differences(fitsjs, hand)).toEqual([]);
    }
  });

  it('reads the header values astropy wrote', async () => {
    const info = await readFitsHeader(join(folder, 'int16-scaled.fits'));
    expect(info.layout).toMatchObject({ bitpix: 16, bzero: 2000.5, bscale: 0.25 });
    const extension = await readFitsHeader(join(folder, 'extension.fits'));
    expect(extension.header.values).toMatchObject({ XTENSION: 'IMAGE', EXTNAME: 'SCI', BITPIX: -32 });
  });
});
