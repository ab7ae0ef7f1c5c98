/**
 * More bad input than bad-input.test.ts, through a whole run: each broken light is reported
 * with its file and the reason, every other light is calibrated, the pool survives (the same
 * session previews afterwards), and no partial file remains. BITPIX 8 and 64 are valid FITS
 * and are calibrated like any camera's 16-bit frames (pixel for pixel the same as a 16-bit
 * twin); a NaN-filled frame calibrates to NaN; non-ASCII header bytes and odd values do not
 * stop a frame, and its output header is plain ASCII again.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrameRunState, NightView, RunSummary } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImage } from '../../../electron/fits/read-pixels';
import { encodeHeader, encodeUint16Image, formatCard, keptCards } from '../../../electron/fits/write-fits';
import { encodeStored, rawHeaderBytes, run, tools } from '../fits/fits-fixtures';
import { testHost } from '../../support/test-host';

const SIZE = 64;
let root: string;
let night: string;
let api: NightcalService;
let view: NightView;
let summary: RunSummary;
let frames: Map<string, FrameRunState>;

/** Broken lights and the code each must fail with. */
const BROKEN: Record<string, string> = {
  'Lights/no-end.fits': 'truncated',
  'Lights/cut-mid-block.fits': 'truncated',
  'Lights/short-pixels.fits': 'truncated',
  'Lights/naxis0.fits': 'no-data',
  'Lights/cube.fits': 'unsupported',
  'Lights/text.fits.gz': 'not-fits',
  'Lights/gzip-named-fits.fits': 'not-fits',
  ...(tools.fpack ? { 'Lights/truncated.fits.fz': 'truncated' } : {}),
};
/** Odd but usable lights: each must be calibrated. */
const USABLE = ['Lights/int8.fits', 'Lights/int64.fits', 'Lights/nan.fits', 'Lights/non-ascii ü.fits'];

async function pixelsOf(path: string): Promise<Float32Array> {
  return readImage(await readFitsHeader(path), null, createPixelBuffers());
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-corrupt-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: SIZE, lights: 4, seed: 7 });
  const good = join(night, 'Lights', readdirSync(join(night, 'Lights')).sort()[0]);
  const info = await readFitsHeader(good);
  const pixels = await pixelsOf(good);
  const cards = keptCards(info.header);
  const bytes = readFileSync(good);
  const put = (id: string, data: Buffer | string): void => writeFileSync(join(night, id), data);
  const structure = (bitpix: number, ...axes: number[]): string[] => [
    formatCard('SIMPLE', true),
    formatCard('BITPIX', bitpix),
    formatCard('NAXIS', axes.length),
    ...axes.map((n, i) => formatCard(`NAXIS${i + 1}`, n)),
  ];

  put('Lights/no-end.fits', rawHeaderBytes([...structure(16, SIZE, SIZE), ...cards], false));
  put('Lights/cut-mid-block.fits', bytes.subarray(0, 1500));
  put('Lights/short-pixels.fits', bytes.subarray(0, bytes.length - 3000));
  put('Lights/naxis0.fits', encodeHeader([...structure(16), ...cards]));
  put('Lights/cube.fits', Buffer.concat([encodeHeader([...structure(16, SIZE, SIZE, 2), formatCard('BZERO', 32768), ...cards]), encodeStored(16, new Array(SIZE * SIZE).fill(0), 2)]));
  put('Lights/text.fits.gz', gzipSync('observing log: clouds after midnight\n'));
  put('Lights/gzip-named-fits.fits', gzipSync('not an image either\n'));
  if (tools.fpack) {
    const source = join(root, 'for-fpack.fits');
    copyFileSync(good, source);
    run('fpack', ['-r', '-O', join(root, 'packed.fits.fz'), source]);
    const packed = readFileSync(join(root, 'packed.fits.fz'));
    put('Lights/truncated.fits.fz', packed.subarray(0, packed.length - 2000));
  }

  // The first light's physical values, stored as BITPIX 8 (BZERO/BSCALE: whole multiples of 4) and as
  // BITPIX 64, each beside a 16-bit twin with the very same physical values.
  const quantised = Float32Array.from(pixels, (v) => 1000 + 4 * Math.min(255, Math.max(0, Math.round((v - 1000) / 4))));
  put('Lights/int8.fits', Buffer.concat([encodeHeader([...structure(8, SIZE, SIZE), formatCard('BZERO', 1000), formatCard('BSCALE', 4), ...cards]), encodeStored(8, Array.from(quantised, (v) => (v - 1000) / 4))]));
  put('Lights/int8-twin16.fit', Buffer.concat(encodeUint16Image(cards, SIZE, SIZE, quantised)));
  put('Lights/int64.fits', Buffer.concat([encodeHeader([...structure(64, SIZE, SIZE), ...cards]), encodeStored(64, Array.from(pixels))]));
  put('Lights/nan.fits', Buffer.concat([encodeHeader([...structure(-32, SIZE, SIZE), ...cards]), encodeStored(-32, new Array(SIZE * SIZE).fill(Number.NaN))]));

  // Latin-1 and UTF-8 bytes in header values, a Fortran exponent, a glued comment, an empty value.
  const odd = Buffer.from(rawHeaderBytes([...structure(16, SIZE, SIZE), formatCard('BZERO', 32768), ...cards.filter((c) => !c.startsWith('EXPTIME')), 'EXPTIME =               6.0D1/ seconds', 'FOCUS   =', "OBSERVER= 'M?ller'", "SITE    = 'Pic du Midi d?Bigorre'"]));
  const text = odd.toString('latin1');
  odd[text.indexOf("M?ller") + 1] = 0xfc; // ü in Latin-1
  Buffer.from('’', 'utf8').copy(odd, text.indexOf('d?Bigorre') + 1); // three UTF-8 bytes over '?Bi'
  put('Lights/non-ascii ü.fits', Buffer.concat([odd, Buffer.concat(encodeUint16Image([], SIZE, SIZE, pixels)).subarray(2880)]));

  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
  view = await api.openNight({ path: night });
  summary = await api.calibrate({ outputDir: join(root, 'out') });
  frames = new Map((await api.getSnapshot()).run!.frames.map((frame) => [frame.frameId, frame]));
}, 120_000);

afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('corrupt lights in a night', () => {
  test.each(Object.entries(BROKEN))('%s fails as %s, naming the file', (id, code) => {
    const state = frames.get(id);
    const scanned = view.frames.find((frame) => frame.id === id);
    expect(state ?? scanned, `${id} should be in the run or the scan`).toBeDefined();
    const error = state?.error ?? scanned?.error;
    expect(error?.code, JSON.stringify(error)).toBe(code);
    expect(error!.message).toContain(id.split('/').pop()!);
  });

  test('the good lights and the odd-but-valid ones are calibrated; nothing crashed the run', () => {
    expect(summary.cancelled).toBe(false);
    const done = [...frames.values()].filter((frame) => frame.status === 'done').map((frame) => frame.frameId);
    for (const id of USABLE) expect(done, `${id}: ${JSON.stringify(frames.get(id))}`).toContain(id);
    expect(done.filter((id) => /M51|\d{3}[LR]\.fit$/.test(id)).length).toBeGreaterThanOrEqual(4);
    expect(summary.errors.map((entry) => entry.error.code)).not.toContain('worker-crashed');
  });

  test('BITPIX 8 and 64 calibrate to exactly what their 16-bit twins give', async () => {
    const out = join(root, 'out', 'Lights');
    const int8 = await pixelsOf(join(out, 'int8.fits'));
    expect(Buffer.from(int8.buffer).equals(Buffer.from((await pixelsOf(join(out, 'int8-twin16.fit'))).buffer))).toBe(true);
    const first = readdirSync(join(night, 'Lights')).sort()[0];
    const int64 = await pixelsOf(join(out, 'int64.fits'));
    expect(Buffer.from(int64.buffer).equals(Buffer.from((await pixelsOf(join(out, first))).buffer))).toBe(true);
  });

  test('a NaN-filled frame calibrates to NaN', async () => {
    const nan = await pixelsOf(join(root, 'out', 'Lights', 'nan.fits'));
    expect(nan.every((value) => Number.isNaN(value))).toBe(true);
  });

  test('a header with non-ASCII bytes and odd values is calibrated, and its output header is ASCII', async () => {
    const path = join(root, 'out', 'Lights', 'non-ascii ü.fits');
    const header = readFileSync(path).subarray(0, 2880 * 2).toString('latin1');
    expect(header.slice(0, header.indexOf('END     ') + 80)).toMatch(/^[\x20-\x7e]+$/);
    const info = await readFitsHeader(path);
    expect(info.header.values.EXPTIME).toBe(60);
    expect(String(info.header.values.OBSERVER)).toMatch(/^M.ller$/);
  });

  test('the pool survived: previews and headers of raw and calibrated frames still work', async () => {
    const raw = await api.getPreview({ source: { kind: 'raw', frameId: 'Lights/nan.fits' }, maxSize: 64 });
    expect(raw.width).toBe(SIZE);
    const calibrated = await api.getPreview({ source: { kind: 'calibrated', frameId: 'Lights/int64.fits' }, maxSize: 64 });
    expect(calibrated.stats).toBeDefined();
    await expect(api.getPreview({ source: { kind: 'raw', frameId: 'Lights/cube.fits' } })).rejects.toMatchObject({ code: 'io' });
  });

  test('no partial file and no output for a failed light', () => {
    const written = readdirSync(join(root, 'out'), { recursive: true }) as string[];
    expect(written.filter((name) => name.includes('partial'))).toEqual([]);
    for (const id of Object.keys(BROKEN)) expect(written).not.toContain(id.replace(/\.(fz|gz)$/, ''));
  });
});
