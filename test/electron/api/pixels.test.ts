/**
 * getPixels, the viewer's full-resolution blocks: the exact values a generated 16-bit frame
 * (BZERO 32768) stores, physical (BZERO applied), for the raw frame (plain and gzipped), its
 * master bias and its calibrated output; a colour frame's blocks carry the scan's Bayer layout.
 * Blocks outside the image, too big, or of files outside the night are refused with a clear error,
 * through handleApiRequest as every transport calls it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiMethod, PixelBlock } from '../../../shared/contract';
import { cfaChannelAt } from '../../../shared/night/cfa-pattern';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { handleApiRequest } from '../../../electron/api/handle-request';
import { formatCard } from '../../../electron/fits/write-fits';
import { writeCmosNight } from '../../support/cmos-night';
import { testHost } from '../../support/test-host';
import { writeImageFile } from '../fits/fits-fixtures';

const WIDTH = 600;
const HEIGHT = 520;
const HOT = { x: 301, y: 207, value: 65_000 };
/** The light's physical value at stored (x, y): distinct everywhere, one hot pixel. */
const lightValue = (x: number, y: number): number => (x === HOT.x && y === HOT.y ? HOT.value : 1000 + x + 7 * y);
/** Every bias frame is the same: the master bias is this exactly. */
const biasValue = (x: number): number => 500 + (x % 3);

let root: string;
let night: string;
let api: NightcalService;

function writeFrame(path: string, type: string, exposure: number, index: number, value: (x: number, y: number) => number): void {
  const stored = new Int16Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) stored[y * WIDTH + x] = value(x, y) - 32768;
  const cards = [formatCard('IMAGETYP', type), formatCard('EXPTIME', exposure), formatCard('DATE-OBS', `2026-03-14T21:0${index}:00`), formatCard('GAIN', 100), formatCard('SET-TEMP', -10), formatCard('CCD-TEMP', -10)];
  writeImageFile(path, { bitpix: 16, width: WIDTH, height: HEIGHT, stored, bzero: 32768, bscale: 1, extraCards: cards });
}

function call(method: ApiMethod, arg: unknown) {
  return handleApiRequest(api, method, arg, () => undefined);
}

/** The block's value at stored (x, y) of the whole image. */
function at(block: PixelBlock, x: number, y: number): number {
  return block.pixels[(y - block.y) * block.width + (x - block.x)];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-pixels-'));
  night = join(root, 'allowed', 'night');
  mkdirSync(join(night, 'Bias'), { recursive: true });
  mkdirSync(join(night, 'Lights'), { recursive: true });
  for (let i = 0; i < 3; i++) writeFrame(join(night, 'Bias', `bias_${i}.fits`), 'BIAS', 0, i, biasValue);
  writeFrame(join(night, 'Lights', 'light_1.fits'), 'LIGHT', 60, 5, lightValue);
  writeFileSync(join(night, 'Lights', 'light_2.fits.gz'), gzipSync(readFileSync(join(night, 'Lights', 'light_1.fits'))));
  mkdirSync(join(root, 'outside'));
  copyFileSync(join(night, 'Lights', 'light_1.fits'), join(root, 'outside', 'secret.fits'));
  api = createNightcalApi(testHost(join(root, 'data'), [join(root, 'allowed')]), { workers: 1 });
  await api.openNight({ path: night });
}, 60_000);
afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('getPixels gives the values the file stores', () => {
  test('a raw 16-bit frame: physical values (stored + BZERO), the hot pixel as written, the block where it was asked', async () => {
    const block = await api.getPixels({ source: { kind: 'raw', frameId: 'Lights/light_1.fits' }, x: 290, y: 200, width: 16, height: 12 });
    expect(block).toMatchObject({ x: 290, y: 200, width: 16, height: 12, sourceWidth: WIDTH, sourceHeight: HEIGHT, bayer: null });
    expect(block.pixels).toBeInstanceOf(Float32Array);
    expect(block.pixels).toHaveLength(16 * 12);
    for (let y = 200; y < 212; y++) for (let x = 290; x < 306; x++) expect(at(block, x, y), `(${x}, ${y})`).toBe(lightValue(x, y));
    expect(at(block, HOT.x, HOT.y)).toBe(65_000);
  });

  test('a whole 512 × 512 tile, and the edge tile that ends with the image', async () => {
    const first = await api.getPixels({ source: { kind: 'raw', frameId: 'Lights/light_1.fits' }, x: 0, y: 0, width: 512, height: 512 });
    const edge = await api.getPixels({ source: { kind: 'raw', frameId: 'Lights/light_1.fits' }, x: 512, y: 512, width: WIDTH - 512, height: HEIGHT - 512 });
    for (const [x, y] of [[0, 0], [511, 0], [0, 511], [HOT.x, HOT.y], [511, 511]]) expect(at(first, x, y)).toBe(lightValue(x, y));
    for (const [x, y] of [[512, 512], [WIDTH - 1, HEIGHT - 1], [530, 515]]) expect(at(edge, x, y)).toBe(lightValue(x, y));
  });

  test('a gzipped frame gives the same values', async () => {
    const block = await api.getPixels({ source: { kind: 'raw', frameId: 'Lights/light_2.fits.gz' }, x: 296, y: 204, width: 8, height: 8 });
    for (let y = 204; y < 212; y++) for (let x = 296; x < 304; x++) expect(at(block, x, y)).toBe(lightValue(x, y));
  });

  test("a gzipped frame's tiles come from one decode, and from a new one once the file on disk is another", async () => {
    const source = { kind: 'raw', frameId: 'Lights/light_2.fits.gz' } as const;
    const tiles = await Promise.all([0, 1, 2, 3].map((i) => api.getPixels({ source, x: 100 * i, y: 10 * i, width: 8, height: 8 })));
    tiles.forEach((block, i) => expect(at(block, 100 * i + 3, 10 * i + 5)).toBe(lightValue(100 * i + 3, 10 * i + 5)));
    // replaced as a capture program would (another file renamed over it): its tiles show the new pixels
    const replaced = join(root, 'replaced.fits');
    writeFrame(replaced, 'LIGHT', 60, 5, (x, y) => lightValue(x, y) + 5);
    writeFileSync(join(root, 'replaced.fits.gz'), gzipSync(readFileSync(replaced)));
    renameSync(join(root, 'replaced.fits.gz'), join(night, 'Lights', 'light_2.fits.gz'));
    const after = await api.getPixels({ source, x: 296, y: 204, width: 8, height: 8 });
    expect(at(after, 300, 207)).toBe(lightValue(300, 207) + 5);
    writeFileSync(join(night, 'Lights', 'light_2.fits.gz'), gzipSync(readFileSync(join(night, 'Lights', 'light_1.fits'))));
  });

  test('the master bias and the calibrated light: light − bias exactly', async () => {
    await api.calibrate({});
    const masterId = (await api.getSnapshot()).masters.find((master) => master.spec.kind === 'bias')!.spec.id;
    const bias = await api.getPixels({ source: { kind: 'master', masterId }, x: 298, y: 205, width: 6, height: 4 });
    for (let y = 205; y < 209; y++) for (let x = 298; x < 304; x++) expect(at(bias, x, y)).toBe(biasValue(x));
    const calibrated = await api.getPixels({ source: { kind: 'calibrated', frameId: 'Lights/light_1.fits' }, x: 298, y: 205, width: 6, height: 4 });
    for (let y = 205; y < 209; y++) for (let x = 298; x < 304; x++) expect(at(calibrated, x, y), `(${x}, ${y})`).toBe(lightValue(x, y) - biasValue(x));
    expect(at(calibrated, HOT.x, HOT.y)).toBe(65_000 - biasValue(HOT.x));
  }, 60_000);
});

describe('getPixels refuses what it must not read', () => {
  const raw = { kind: 'raw', frameId: 'Lights/light_1.fits' } as const;

  test('a block past the image names the block and the image', async () => {
    expect(await call('getPixels', { source: raw, x: 590, y: 0, width: 16, height: 16 })).toEqual({
      ok: false,
      error: { code: 'bad-request', message: `getPixels: the block x 590–605, y 0–15 is not inside the ${WIDTH}×${HEIGHT} image of raw frame Lights/light_1.fits` },
    });
    expect(await call('getPixels', { source: raw, x: 0, y: 510, width: 8, height: 16 })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('y 510–525') } });
  });

  test.each([
    [{ x: 0, y: 0, width: 513, height: 1 }, 'width must be between 1 and 512, got 513'],
    [{ x: 0, y: 0, width: 1, height: 4096 }, 'height must be between 1 and 512, got 4096'],
    [{ x: 0, y: 0, width: 0, height: 1 }, 'width must be between 1 and 512, got 0'],
    [{ x: -1, y: 0, width: 1, height: 1 }, 'x must be between 0 and'],
    [{ x: 0.5, y: 0, width: 1, height: 1 }, 'x must be a whole number'],
    [{ x: 0, width: 1, height: 1 }, 'y is required'],
  ])('%o: bad-request, %s', async (block, message) => {
    const reply = await call('getPixels', { source: raw, ...block });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining(message) } });
  });

  test('ids only, and only of this night: paths out of it are not found, a smuggled path is refused', async () => {
    for (const frameId of ['../../outside/secret.fits', join(root, 'outside', 'secret.fits'), 'Lights/../../../outside/secret.fits']) {
      expect(await call('getPixels', { source: { kind: 'raw', frameId }, x: 0, y: 0, width: 4, height: 4 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await call('getPixels', { source: { kind: 'master', masterId: frameId }, x: 0, y: 0, width: 4, height: 4 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(await call('getPixels', { source: { ...raw, path: join(root, 'outside', 'secret.fits') }, x: 0, y: 0, width: 4, height: 4 })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('unknown key "source.path"') } });
  });
});

describe('a colour sensor', () => {
  test("the block carries the scan's Bayer layout: each pixel's colour as the camera wrote it", async () => {
    const cmos = writeCmosNight(join(root, 'allowed', 'cmos'), { biasFrames: 1, darkFrames: 1, flats: 1, lights: 1, darkFlats: false });
    await api.openNight({ path: cmos.dir });
    const frameId = (await api.getSnapshot()).night!.frames.find((frame) => frame.id.startsWith('Lights/'))!.id;
    const block = await api.getPixels({ source: { kind: 'raw', frameId }, x: 3, y: 5, width: 4, height: 4 });
    expect(block.bayer).not.toBeNull();
    for (let y = 5; y < 9; y++) for (let x = 3; x < 7; x++) expect(cfaChannelAt(block.bayer!, x, y, cmos.height).channel).toBe(cmos.channelAt(x, y));
  }, 60_000);
});

describe('data float32 cannot hold: every digit the file stores', () => {
  const int32Value = (x: number, y: number): number => 16_777_217 + x + 1000 * y;
  const float64Value = (x: number, y: number): number => 1 / 3 + x + 1e-9 * y;

  test('a 32-bit integer light past 2²⁴ and a float64 light: float64 blocks, each value as stored', async () => {
    const dir = join(root, 'allowed', 'deep');
    mkdirSync(join(dir, 'Lights'), { recursive: true });
    const cards = (i: number) => [formatCard('IMAGETYP', 'LIGHT'), formatCard('EXPTIME', 30), formatCard('DATE-OBS', `2026-03-15T01:0${i}:00`)];
    const values = (f: (x: number, y: number) => number) => Array.from({ length: 64 * 48 }, (_, i) => f(i % 64, Math.floor(i / 64)));
    writeImageFile(join(dir, 'Lights', 'deep_int32.fits'), { bitpix: 32, width: 64, height: 48, stored: values(int32Value), extraCards: cards(1) });
    writeImageFile(join(dir, 'Lights', 'deep_float64.fits'), { bitpix: -64, width: 64, height: 48, stored: values(float64Value), extraCards: cards(2) });
    writeFileSync(join(dir, 'Lights', 'deep_int32_copy.fits.gz'), gzipSync(readFileSync(join(dir, 'Lights', 'deep_int32.fits'))));
    await api.openNight({ path: dir });
    for (const [frameId, value] of [['Lights/deep_int32.fits', int32Value], ['Lights/deep_float64.fits', float64Value], ['Lights/deep_int32_copy.fits.gz', int32Value]] as const) {
      const block = await call('getPixels', { source: { kind: 'raw', frameId }, x: 10, y: 20, width: 5, height: 3 });
      expect(block, frameId).toMatchObject({ ok: true });
      const { pixels } = (block as { ok: true; result: PixelBlock }).result;
      expect(pixels, frameId).toBeInstanceOf(Float64Array);
      for (let y = 20; y < 23; y++) for (let x = 10; x < 15; x++) expect(pixels[(y - 20) * 5 + (x - 10)], `${frameId} (${x}, ${y})`).toBe(value(x, y));
    }
    // float32 would have shown another number: 16,777,217 + 10 + 20,000 is odd, float32's neighbours there are even
    expect(Math.fround(int32Value(10, 20))).not.toBe(int32Value(10, 20));
  }, 60_000);
});
