/**
 * Master strips combined through the pool, fused WebAssembly path and JavaScript path side by
 * side: the same strips of the same 16-bit frames, with a bias, a scaled dark and per-frame
 * scales (as flats have), combined once into a master in the arena (kernel 'wasm-simd') and
 * once with the JavaScript path into another; the two masters must be identical, and both
 * equal the median worked out here from the files' stored values. Strips the kernel does not
 * take (sigma clipping, BLANK, float32 frames) say 'javascript'.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import type { FitsFileInfo } from '../../../electron/fits/fits-file';
import { allocateMasters } from '../../../electron/pool/arena';
import { CalibrationPool } from '../../../electron/pool/calibration-pool';
import type { CombineStripTask } from '../../../electron/pool/task-messages';
import { pixelsOnly } from '../../../electron/pool/task-messages';
import { combineStripJavaScript } from '../../../electron/pool/tasks/combine-strip';
import { WorkerMasters } from '../../../electron/pool/worker-masters';
import { WorkerScratch } from '../../../electron/pool/worker-scratch';
import { wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { removeFolder, tempFolder, writeImageFile } from '../fits/fits-fixtures';
import { differences, makeRandom } from '../../shared/pixels/seeded-random';

const WIDTH = 61; // 61 × 3 rows = 183 pixels per strip: not a multiple of the kernel's 4
const HEIGHT = 20;
const COUNT = WIDTH * HEIGHT;
const FRAMES = 9;
const DARK_SCALE = 0.75;
const STRIPS = [0, 3, 6, 9, 12, 15, 18].map((rowStart) => ({ rowStart, rowCount: Math.min(3, HEIGHT - rowStart) }));

let folder: string;
let pool: CalibrationPool;
let frames: FitsFileInfo[];
let stored: Int16Array[];
const scales = Array.from({ length: FRAMES }, (_, f) => 1 / (900 + 37 * f));

function task(masterId: string, strip: (typeof STRIPS)[number], overrides: Partial<CombineStripTask> = {}): CombineStripTask {
  return { kind: 'combine-strip', masterId, frames, ...strip, preparations: frames.map(() => ({ biasId: 'bias', darkId: 'dark', darkScale: DARK_SCALE })), method: 'median', frameScales: scales, ...overrides };
}

beforeAll(async () => {
  folder = tempFolder('arena-combine');
  const ids = ['bias', 'dark', 'kernel', 'javascript'];
  pool = new CalibrationPool({ workers: 2, memory: allocateMasters(ids.map((id) => ({ id, width: WIDTH, height: HEIGHT })), { workers: 2 }) });
  const random = makeRandom(5);
  pool.master('bias').set(Float32Array.from({ length: COUNT }, (_, i) => (i === 100 ? NaN : 1000 + random() * 10)));
  pool.master('dark').set(Float32Array.from({ length: COUNT }, () => random() * 30));
  stored = Array.from({ length: FRAMES }, () => Int16Array.from({ length: COUNT }, () => Math.floor(random() * 3000) - 31000));
  frames = await Promise.all(
    stored.map(async (values, f) => pixelsOnly(await readFitsHeader(writeImageFile(join(folder, `flat-${f}.fits`), { bitpix: 16, width: WIDTH, height: HEIGHT, stored: values, bzero: 32768, bscale: 1 })))),
  );
}, 60_000);

afterAll(async () => {
  await pool?.destroy();
  removeFolder(folder);
});

describe.runIf(wasmSimdSupported())('combining strips in the arena', () => {
  test('the fused kernel and the JavaScript path give the same master, and both the hand-computed median', async () => {
    const results = await Promise.all(STRIPS.map((strip) => pool.run(task('kernel', strip))));
    expect(new Set(results.map((result) => result.kernel))).toEqual(new Set(['wasm-simd']));
    expect(results.reduce((sum, result) => sum + result.bytesRead, 0)).toBe(COUNT * 2 * FRAMES);

    const masters = new WorkerMasters(pool.memory.masters);
    const scratch = new WorkerScratch();
    for (const strip of STRIPS) expect(combineStripJavaScript(task('javascript', strip), masters, scratch).kernel).toBe('javascript');
    expect(differences(pool.master('kernel'), pool.master('javascript'))).toEqual([]);

    // The median by hand: (stored + 32768 − bias − 0.75·dark) · scale, in float32 steps.
    const bias = pool.master('bias');
    const dark = pool.master('dark');
    const expected = Float32Array.from({ length: COUNT }, (_, p) => {
      const values = stored
        .map((s, f) => Math.fround(Math.fround(Math.fround(s[p] + 32768) - bias[p] - DARK_SCALE * dark[p]) * scales[f]))
        .filter((v) => !Number.isNaN(v))
        .sort((a, b) => a - b);
      return values.length === 0 ? NaN : values[(values.length - 1) / 2];
    });
    expect(differences(pool.master('kernel'), expected)).toEqual([]);
    expect(Number.isNaN(pool.master('kernel')[100])).toBe(true); // a NaN bias pixel: every frame's value is NaN
  });

  test('sigma clipping, frames with BLANK and float32 frames take the JavaScript path', async () => {
    const clip = await pool.run(task('javascript', STRIPS[0], { method: 'sigma-clip' }));
    expect(clip.kernel).toBe('javascript');
    const blank = pixelsOnly(await readFitsHeader(writeImageFile(join(folder, 'blank.fits'), { bitpix: 16, width: WIDTH, height: HEIGHT, stored: stored[0], bzero: 32768, bscale: 1, blank: -32768 })));
    expect((await pool.run(task('javascript', STRIPS[0], { frames: [...frames.slice(1), blank] }))).kernel).toBe('javascript');
    const real = pixelsOnly(await readFitsHeader(writeImageFile(join(folder, 'real.fits'), { bitpix: -32, width: WIDTH, height: HEIGHT, stored: Float64Array.from(stored[0]) })));
    expect((await pool.run(task('javascript', STRIPS[0], { frames: [...frames.slice(1), real] }))).kernel).toBe('javascript');
  });

  test('a frame cut short fails with the file named', async () => {
    const short = { ...frames[3], layout: { ...frames[3].layout, dataOffset: frames[3].layout.dataOffset + COUNT * 2 } };
    await expect(pool.run(task('kernel', STRIPS[6], { frames: [...frames.slice(0, 3), short, ...frames.slice(4)] }))).rejects.toThrow(frames[3].path);
  });
});
