/**
 * The cases the fuzz test found, kept as plain regression tests (independent of its seed):
 * tile-compression parameters that made fitsjs-ng's decoder loop forever, and headers that
 * would have sized a buffer far beyond what the file can hold.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FitsError } from '../../../electron/fits/fits-error';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImage, readImageWithFitsjs } from '../../../electron/fits/read-pixels';
import { removeFolder, run, sampleStored, tempFolder, tools, writeImageFile } from './fits-fixtures';

let folder: string;
beforeAll(() => {
  folder = tempFolder('header-guards');
});
afterAll(() => removeFolder(folder));

/** `bytes` with the value of `keyword`'s card replaced (fixed format, right-justified). */
function withCard(bytes: Buffer, keyword: string, value: string): Buffer {
  const copy = Buffer.from(bytes);
  const text = copy.toString('latin1', 0, Math.min(copy.length, 4 * 2880));
  const index = Array.from({ length: Math.floor(text.length / 80) }, (_, i) => i * 80).find((offset) => text.startsWith(`${keyword.padEnd(8)}= `, offset));
  if (index === undefined) throw new Error(`no ${keyword} card`);
  copy.write(`${keyword.padEnd(8)}= ${value.padStart(20)}`.padEnd(80), index, 'latin1');
  return copy;
}

async function expectRefused(path: string, code: string, reason: RegExp): Promise<void> {
  const error = await readFitsHeader(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FitsError);
  expect(error).toMatchObject({ code, file: path });
  expect((error as Error).message).toMatch(reason);
}

describe.skipIf(!tools.fpack)(`tile-compressed headers that would hang or bloat the decoder${tools.fpack ? '' : ' (skipped: fpack is not installed)'}`, () => {
  let rice: Buffer;
  let hcompress: Buffer;
  beforeAll(() => {
    const source = writeImageFile(join(folder, 'sky.fits'), { bitpix: 16, width: 80, height: 60, bzero: 32768, stored: Array.from(sampleStored(16, 4800), (v) => Math.max(-32768, Math.min(32767, v))) });
    run('fpack', ['-r', '-O', join(folder, 'sky-rice.fits.fz'), source]);
    run('fpack', ['-h', '-O', join(folder, 'sky-h.fits.fz'), source]);
    rice = readFileSync(join(folder, 'sky-rice.fits.fz'));
    hcompress = readFileSync(join(folder, 'sky-h.fits.fz'));
  });

  it.each([
    ['ZVAL1', '0', /BLOCKSIZE = 0 is not one of 16, 32/],
    ['ZVAL1', '-5', /BLOCKSIZE = -5/],
    ['ZVAL2', '3', /BYTEPIX = 3 is not one of 1, 2, 4, 8/],
    ['ZTILE1', '0', /ZTILE1 = 0 is not an integer from 1/],
    ['ZTILE2', '-1', /ZTILE2 = -1/],
  ])('Rice with %s = %s is refused at the header (it used to loop forever)', async (keyword, value, reason) => {
    const path = join(folder, `rice-${keyword}-${value}.fits.fz`);
    writeFileSync(path, withCard(rice, keyword, value));
    await expectRefused(path, 'bad-header', reason);
  });

  it('HCOMPRESS with a negative SCALE or a bogus SMOOTH is refused', async () => {
    writeFileSync(join(folder, 'h-scale.fits.fz'), withCard(hcompress, 'ZVAL1', '-2.0'));
    await expectRefused(join(folder, 'h-scale.fits.fz'), 'bad-header', /SCALE = -2.0/);
    writeFileSync(join(folder, 'h-smooth.fits.fz'), withCard(hcompress, 'ZVAL2', '7'));
    await expectRefused(join(folder, 'h-smooth.fits.fz'), 'bad-header', /SMOOTH = 7/);
  });

  it('ZNAXISn of 16384 in a 17 KB file is refused before a 1 GB image is allocated', async () => {
    let bloated = withCard(rice, 'ZNAXIS1', '16384');
    bloated = withCard(bloated, 'ZNAXIS2', '16384');
    writeFileSync(join(folder, 'bloated.fits.fz'), bloated);
    await expectRefused(join(folder, 'bloated.fits.fz'), 'bad-header', /16384 tiles|tiles, the table has 60 rows/);
  });

  it('a table whose rows hold 0 bytes is refused, and the decoder itself fails cleanly on it (it used to abort the whole process)', async () => {
    const path = join(folder, 'rows-of-zero.fits.fz');
    writeFileSync(path, withCard(hcompress, 'NAXIS1', '0'));
    await expectRefused(path, 'bad-header', /rows of 0 bytes cannot hold a tile/);
    // Past the header check, straight to fitsjs-ng: an error, not Node's native assertion on a NaN Blob offset.
    await expect(readImageWithFitsjs(path)).rejects.toBeInstanceOf(FitsError);
  });

  it('the untouched files still read', async () => {
    for (const name of ['sky-rice.fits.fz', 'sky-h.fits.fz']) {
      const info = await readFitsHeader(join(folder, name));
      expect((await readImage(info, null, createPixelBuffers())).length).toBe(4800);
    }
  });
});

describe('a gzip header that promises more than the file can inflate to', () => {
  it('is refused as truncated before anything is sized from it', async () => {
    const plain = readFileSync(writeImageFile(join(folder, 'small.fits'), { bitpix: 16, width: 64, height: 48, stored: new Array(64 * 48).fill(7) }));
    const lying = withCard(withCard(plain, 'NAXIS1', '16384'), 'NAXIS2', '16384').subarray(0, 2880 + 3000);
    const path = join(folder, 'lying.fits.gz');
    writeFileSync(path, gzipSync(lying));
    await expectRefused(path, 'truncated', /more than a \d+-byte gzip file can hold/);
  });
});
