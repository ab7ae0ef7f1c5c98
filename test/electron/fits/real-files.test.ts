/**
 * Real frames from real cameras (read-only, outside the project): every one must read the
 * same through both decoders, and a few known header values must come out right.
 */
import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFitsHeader, readFitsHeaderSync } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImageSync, readImageWithFitsjs, readRows } from '../../../electron/fits/read-pixels';
import { encodeFloat32Image, historyCards, keptCards } from '../../../electron/fits/write-fits';
import { differences, run, removeFolder, tempFolder, tools } from './fits-fixtures';

const REAL = '/work/shared/data/real';
const present = existsSync(REAL);

function fitsFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return fitsFiles(path);
    return /\.(fits?|fts)$/i.test(name) ? [path] : [];
  });
}

const files = present ? fitsFiles(REAL).sort() : [];
const label = (path: string): string => relative(REAL, path);

describe.skipIf(!present)(`real frames in ${REAL}${present ? '' : ' (skipped: the folder is not on this machine)'}`, () => {
  it('holds frames to test', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((path) => [label(path), path]))('%s: both decoders agree, readRows matches, sync header = async', async (_name, path) => {
    const info = await readFitsHeader(path);
    expect(readFitsHeaderSync(path)).toEqual(info);
    const hand = readImageSync(info, null, createPixelBuffers());
    expect(differences(hand, await readImageWithFitsjs(path))).toEqual([]);
    const { width, height } = info.layout;
    const start = Math.floor(height / 3);
    const count = Math.min(17, height - start);
    const rows = new Float32Array(count * width);
    const fd = openSync(path, 'r');
    try {
      readRows(fd, info, start, count, rows, createPixelBuffers());
    } finally {
      closeSync(fd);
    }
    expect(differences(rows, hand.subarray(start * width, (start + count) * width))).toEqual([]);
  });

  it('tircam2: EXPTIME written as a string is kept as the string', async () => {
    const info = await readFitsHeader(join(REAL, 'tircam2-ic310/IC310_1.fits'));
    expect(info.header.values).toMatchObject({ EXPTIME: '40', BZERO: 32768, INSTRUME: 'TIRCAM2', FILTER1: 'J', 'DATE-OBS': '2022-10-23T08:31:24.000' });
    expect(info.layout).toMatchObject({ bitpix: 16, width: 512, height: 512, bzero: 32768, dataOffset: 2880 });
  });

  it('SBIG/CCDSoft: BZERO written as a real, SIMPLE with a comment glued on', async () => {
    const info = await readFitsHeader(join(REAL, 'sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-sci-hg-240.00000000.FIT'));
    expect(info.header.values).toMatchObject({ SIMPLE: true, BZERO: 32768, BSCALE: 1, EXPTIME: 240, IMAGETYP: 'Light Frame', XBINNING: 1, YBINNING: 2, 'SET-TEMP': -15 });
    expect(info.layout).toMatchObject({ bitpix: 16, width: 765, height: 255, bzero: 32768, bscale: 1 });
  });

  it('OHP Andor: a one-plane cube (NAXIS3 = 1) of float32', async () => {
    const path = join(REAL, 'ohp-andor-solis/22-09-22/raw/M76_M2_ML_Thu Sep 22 2022_21.44.49_00000.fits');
    const info = await readFitsHeader(path);
    expect(info.header.values).toMatchObject({ NAXIS: 3, NAXIS3: 1, EXPOSURE: 1200, FRAME: '2022-09-22T21:24:44.000', HBIN: 1 });
    expect(info.layout).toMatchObject({ bitpix: -32, width: 2048, height: 100, planes: 1 });
  });

  describe.skipIf(!tools.fitsverify)(`a calibrated file keeping a real header${tools.fitsverify ? '' : ' (skipped: fitsverify is not installed)'}`, () => {
    let folder: string;
    beforeAll(() => {
      folder = tempFolder('real-kept');
    });
    afterAll(() => removeFolder(folder));

    it.each(['tircam2-ic310/IC310_1.fits', 'sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-sci-hg-240.00000000.FIT', 'ohp-andor-solis/22-09-22/raw/M76_M2_ML_Thu Sep 22 2022_21.44.49_00000.fits'])(
      '%s: passes fitsverify',
      async (name) => {
        const info = await readFitsHeader(join(REAL, name));
        const pixels = readImageSync(info, null, createPixelBuffers());
        const output = join(folder, `${name.replace(/\W+/g, '_')}.fits`);
        const cards = [...keptCards(info.header), ...historyCards(`calibrated from ${name}`)];
        writeFileSync(output, Buffer.concat(encodeFloat32Image(cards, info.layout.width, info.layout.height, pixels)));
        expect(run('fitsverify', [output])).toContain('Verification found 0 warning(s) and 0 error(s).');
      },
    );
  });
});
