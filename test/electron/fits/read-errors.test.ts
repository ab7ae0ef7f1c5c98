import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FitsError, type FitsErrorCode } from '../../../electron/fits/fits-error';
import { readFitsHeader, readFitsHeaderSync } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImage, readImageSync, readImageWithFitsjs, readRows } from '../../../electron/fits/read-pixels';
import { encodeHeader, formatCard } from '../../../electron/fits/write-fits';
import { encodeStored, rawHeaderBytes, run, removeFolder, tempFolder, tools, writeImageFile } from './fits-fixtures';

let folder: string;
beforeAll(() => {
  folder = tempFolder('read-errors');
});
afterAll(() => removeFolder(folder));

function file(name: string, bytes: Buffer | string): string {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

function goodImage(name: string, width = 64, height = 48): string {
  const stored = Array.from({ length: width * height }, (_, i) => i % 1000);
  return writeImageFile(join(folder, name), { bitpix: 16, width, height, bzero: 32768, stored });
}

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return null;
}

/** The error is a FitsError with this code, naming the file in `file` and at the start of the message. */
function expectFitsError(error: unknown, code: FitsErrorCode, path: string, reason: RegExp): void {
  expect(error).toBeInstanceOf(FitsError);
  const fitsError = error as FitsError;
  expect({ code: fitsError.code, file: fitsError.file }).toEqual({ code, file: path });
  expect(fitsError.message.startsWith(`${path}: `)).toBe(true);
  expect(fitsError.message).toMatch(reason);
}

/** Both header readers fail the same way. */
async function expectHeaderError(path: string, code: FitsErrorCode, reason: RegExp): Promise<void> {
  expectFitsError(await readFitsHeader(path).catch((error: unknown) => error), code, path, reason);
  expectFitsError(caught(() => readFitsHeaderSync(path)), code, path, reason);
}

const structure = (bitpix: number, ...axes: number[]): string[] => [
  formatCard('SIMPLE', true),
  formatCard('BITPIX', bitpix),
  formatCard('NAXIS', axes.length),
  ...axes.map((n, i) => formatCard(`NAXIS${i + 1}`, n)),
];

describe('bad input gives a FitsError with the right code, naming the file', () => {
  it('not-fits: text, an empty file, binary junk', async () => {
    await expectHeaderError(file('notes.fits', 'hello, this is not an image\n'), 'not-fits', /not a FITS file/);
    await expectHeaderError(file('empty.fits', ''), 'not-fits', /empty file/);
    await expectHeaderError(file('junk.fit', Buffer.alloc(5000, 0xab)), 'not-fits', /SIMPLE/);
    await expectHeaderError(file('simple-false.fits', rawHeaderBytes(['SIMPLE  =                    F', ...structure(8, 1, 1).slice(1)])), 'not-fits', /SIMPLE is not T/);
  });

  it('truncated: a header cut inside a block, a header without END, pixel data cut short', async () => {
    const whole = readFileSync(goodImage('whole.fits'));
    await expectHeaderError(file('cut-header.fits', whole.subarray(0, 1000)), 'truncated', /inside a header block/);
    const noEnd = rawHeaderBytes([...structure(16, 4, 4), ...Array.from({ length: 40 }, (_, i) => formatCard(`K${i}`, i))], false);
    await expectHeaderError(file('no-end.fits', noEnd), 'truncated', /no END card/);
    await expectHeaderError(file('cut-data.fits', whole.subarray(0, 2880 + 3000)), 'truncated', /pixel data cut short/);
  });

  it('truncated: a file that shrank after its header was read', async () => {
    const path = goodImage('shrinks.fits');
    const info = await readFitsHeader(path);
    truncateSync(path, 2880 + 100);
    expectFitsError(caught(() => readImageSync(info, null, createPixelBuffers())), 'truncated', path, /pixel data ends at byte 2980/);
    expectFitsError(await readImage(info, null, createPixelBuffers()).catch((e: unknown) => e), 'truncated', path, /bytes short/);
  });

  it('bad-header: an invalid BITPIX, a missing BITPIX, a bad axis length', async () => {
    await expectHeaderError(file('bitpix12.fits', rawHeaderBytes(structure(12, 4, 4))), 'bad-header', /BITPIX.*12/);
    await expectHeaderError(file('no-bitpix.fits', rawHeaderBytes(structure(16, 4, 4).filter((c) => !c.startsWith('BITPIX')))), 'bad-header', /BITPIX/);
    await expectHeaderError(file('negative-axis.fits', rawHeaderBytes(structure(16, -5, 4))), 'bad-header', /NAXIS1 = -5/);
  });

  it('bad-header: absurd sizes are refused before anything is allocated or read', async () => {
    const path = file('absurd.fits', rawHeaderBytes(structure(-32, 100_000, 100_000)));
    await expectHeaderError(path, 'bad-header', /100000 × 100000 pixels is more than/);
  });

  it('bad-header: more than 10,000 header cards', async () => {
    const cards = [...structure(8, 1, 1), ...Array.from({ length: 10_010 }, (_, i) => formatCard('PAD', i))];
    await expectHeaderError(file('endless.fits', rawHeaderBytes(cards, false)), 'bad-header', /no END card within 10000 header cards/);
  });

  it('bad-header: junk where the next extension should start', async () => {
    const bytes = Buffer.concat([rawHeaderBytes(structure(8)), Buffer.alloc(2880, 0x41)]);
    await expectHeaderError(file('bad-extension.fits', bytes), 'bad-header', /expected an XTENSION header at byte 2880/);
  });

  it('no-data: NAXIS = 0 and no image extension; an axis of length 0', async () => {
    await expectHeaderError(file('header-only.fits', rawHeaderBytes(structure(8))), 'no-data', /NAXIS = 0 and no image extension/);
    await expectHeaderError(file('zero-axis.fits', rawHeaderBytes(structure(16, 0, 10))), 'no-data', /NAXIS1 = 0/);
  });

  it('unsupported: a cube of several planes, one-dimensional data', async () => {
    const cube = writeImageFile(join(folder, 'cube3.fits'), { bitpix: 8, width: 4, height: 4, naxis3: 3, stored: new Array(16).fill(1) });
    await expectHeaderError(cube, 'unsupported', /cube of 3 planes/);
    await expectHeaderError(file('spectrum.fits', Buffer.concat([rawHeaderBytes(structure(8, 100)), Buffer.alloc(2880)])), 'unsupported', /NAXIS = 1/);
  });

  it('io: a missing file; not-a-file: a folder, a FIFO (refused at once, never waited on)', async () => {
    await expectHeaderError(join(folder, 'missing.fits'), 'io', /file not found/);
    const dir = join(folder, 'a-folder.fits');
    mkdirSync(dir);
    await expectHeaderError(dir, 'not-a-file', /a folder, not a FITS file/);
    const fifo = join(folder, 'a-pipe.fits');
    execFileSync('mkfifo', [fifo]);
    await expectHeaderError(fifo, 'not-a-file', /a FIFO \(named pipe\), not a FITS file/);
  });

  it('gzip: corrupt data, a header cut short, pixels cut short', async () => {
    await expectHeaderError(file('corrupt.fits.gz', Buffer.from([0x1f, 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9])), 'io', /cannot decompress/);
    const gz = gzipSync(readFileSync(goodImage('for-gz.fits', 300, 300)));
    await expectHeaderError(file('cut-header.fits.gz', gz.subarray(0, 40)), 'truncated', /gzip data is cut short/);
    const cut = file('cut-data.fits.gz', gz.subarray(0, Math.floor(gz.length * 0.7)));
    const info = await readFitsHeader(cut);
    expectFitsError(await readImage(info, null, createPixelBuffers()).catch((e: unknown) => e), 'truncated', cut, /cut short/);
  });

  it('the synchronous readers refuse compressed storage, so callers fall back to readImage', async () => {
    const gz = file('sync.fits.gz', gzipSync(readFileSync(goodImage('for-sync.fits'))));
    const info = await readFitsHeader(gz);
    expectFitsError(caught(() => readImageSync(info, null, createPixelBuffers())), 'unsupported', gz, /readImage/);
    expectFitsError(caught(() => readRows(0, info, 0, 1, new Float32Array(64), createPixelBuffers())), 'unsupported', gz, /readImage/);
  });

  it.skipIf(!tools.fpack)(`unsupported: PLIO_1 tile compression; truncated: a cut .fz${tools.fpack ? '' : ' (skipped: fpack is not installed)'}`, async () => {
    const source = writeImageFile(join(folder, 'mask.fits'), { bitpix: 16, width: 50, height: 40, stored: Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? 3 : 0)) });
    const plio = join(folder, 'mask.fits.fz');
    run('fpack', ['-p', '-O', plio, source]);
    await expectHeaderError(plio, 'unsupported', /PLIO_1/);
    expectFitsError(await readImageWithFitsjs(plio).catch((e: unknown) => e), 'unsupported', plio, /PLIO_1/);

    const rice = join(folder, 'rice.fits.fz');
    run('fpack', ['-r', '-O', rice, goodImage('for-rice.fits', 200, 200)]);
    const bytes = readFileSync(rice);
    await expectHeaderError(file('cut.fits.fz', bytes.subarray(0, 2 * 2880 + 100)), 'truncated', /compressed data cut short/);
  });

  it('FitsError carries its code and file as plain data', () => {
    const error = new FitsError('no-data', '/night/a.fits', 'no image');
    expect(error.message).toBe('/night/a.fits: no image');
    expect(error.name).toBe('FitsError');
    expect({ ...error, message: error.message }).toMatchObject({ code: 'no-data', file: '/night/a.fits' });
  });
});

// A BINTABLE-only file: an extension that is not an image is skipped, then no image is found.
it('no-data: only a table follows the empty primary', async () => {
  const table = encodeHeader([
    formatCard('XTENSION', 'BINTABLE'),
    formatCard('BITPIX', 8),
    formatCard('NAXIS', 2),
    formatCard('NAXIS1', 4),
    formatCard('NAXIS2', 2),
    formatCard('PCOUNT', 0),
    formatCard('GCOUNT', 1),
    formatCard('TFIELDS', 1),
    formatCard('TFORM1', 'J'),
  ]);
  const path = file('table-only.fits', Buffer.concat([rawHeaderBytes(structure(8)), table, encodeStored(8, new Array(8).fill(0))]));
  await expectHeaderError(path, 'no-data', /no image extension/);
});
