/**
 * Resume and run folders, through the API: frames written by an interrupted run are kept and
 * skipped by the next one (also after a second interruption), a light that changed since is
 * calibrated again, and a run with other settings or other calibration frames never writes
 * over another run's folder. create-api.test.ts checks that a resumed run equals an
 * uninterrupted one, pixel for pixel.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunSummary } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { testHost } from '../../support/test-host';

const LIGHTS = 30;
let root: string;
let night: string;
let api: NightcalService;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-resume-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 64, lights: LIGHTS, seed: 21 });
  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
  await api.openNight({ path: night });
}, 60_000);
afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** Calibrates into `outputDir`, cancelling once `stopAfter` frames are done (if given). */
async function calibrate(outputDir: string, stopAfter?: number, extra: { combine?: 'median' | 'sigma-clip' } = {}): Promise<RunSummary> {
  let done = 0;
  const unsubscribe = api.onEvent((event) => {
    if (stopAfter !== undefined && event.kind === 'frame' && event.status === 'done' && ++done === stopAfter) void api.cancelRun();
  });
  try {
    return await api.calibrate({ outputDir, ...extra });
  } finally {
    unsubscribe();
  }
}

/** sha256 of every file under `dir`, by relative path. */
function hashes(dir: string): Map<string, string> {
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => {
    const path = join(entry.parentPath, entry.name);
    return [path.slice(dir.length + 1), createHash('sha256').update(readFileSync(path)).digest('hex')];
  }));
}

describe('resume', () => {
  test('interrupted twice, then finished: every frame written before is skipped, the rest done', async () => {
    const out = join(root, 'twice');
    const first = await calibrate(out, 4);
    expect(first.cancelled).toBe(true);
    const second = await calibrate(out, first.done + 4);
    expect(second.cancelled).toBe(true);
    expect(second.skipped).toBe(first.done);
    const third = await calibrate(out);
    // Frames the second run skipped stay on record as written: the third run skips them too.
    expect(third).toMatchObject({ cancelled: false, failed: 0, skipped: first.done + second.done, done: LIGHTS - first.done - second.done });
    expect(readdirSync(join(out, 'Lights'))).toHaveLength(LIGHTS);
  }, 120_000);

  test('a light whose content changed is calibrated again, even with its size and time kept; an output cut or altered is redone; a touched light is kept', async () => {
    const out = join(root, 'changed');
    const lights = readdirSync(join(night, 'Lights')).sort();
    const rewritten = join(night, 'Lights', lights[7]);
    const fixed = new Date('2026-03-14T22:00:00Z'); // a whole second: utimes keeps it exactly
    utimesSync(rewritten, fixed, fixed);
    await api.openNight({ path: night });
    expect((await calibrate(out)).done).toBe(LIGHTS);
    // Touched only: the same bytes, a new time. Its output is still right.
    const touched = join(night, 'Lights', lights[3]);
    const later = new Date(Date.now() + 60_000);
    utimesSync(touched, later, later);
    // One pixel changed, the size and the modification time put back as they were.
    const before = statSync(rewritten);
    const bytes = readFileSync(rewritten);
    bytes[bytes.length - 3000] ^= 0x40;
    writeFileSync(rewritten, bytes);
    utimesSync(rewritten, fixed, fixed);
    expect(statSync(rewritten)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    // Outputs damaged behind NightCal's back: one cut short, one altered in place at the same size.
    const outputs = readdirSync(join(out, 'Lights')).sort();
    truncateSync(join(out, 'Lights', outputs[10]), 2880 * 3);
    const altered = readFileSync(join(out, 'Lights', outputs[12]));
    altered[altered.length - 100] ^= 0x01;
    writeFileSync(join(out, 'Lights', outputs[12]), altered);
    await api.openNight({ path: night }); // as the CLI and the app do before a run

    const again = await calibrate(out);
    expect(again).toMatchObject({ outputDir: out, done: 3, skipped: LIGHTS - 3, failed: 0 });
    const frames = (await api.getSnapshot()).run!.frames;
    expect(frames.filter((frame) => frame.status === 'done').map((frame) => frame.frameId).sort()).toEqual([`Lights/${lights[7]}`, `Lights/${lights[10]}`, `Lights/${lights[12]}`]);
    expect(statSync(join(out, 'Lights', outputs[10])).size).toBe(statSync(join(out, 'Lights', outputs[11])).size);
  }, 120_000);
});

describe('a second run never writes over another run’s folder', () => {
  test('other settings (sigma-clip) go to <folder>-2; the first folder is byte for byte as it was', async () => {
    const out = join(root, 'kept');
    expect((await calibrate(out)).done).toBe(LIGHTS);
    const before = hashes(out);
    const other = await calibrate(out, undefined, { combine: 'sigma-clip' });
    expect(other).toMatchObject({ outputDir: `${out}-2`, done: LIGHTS });
    expect(hashes(out)).toEqual(before);
  }, 120_000);

  test('changed calibration frames (another bias) are another run too: a new folder, the old one untouched', async () => {
    const out = join(root, 'kept-bias');
    expect((await calibrate(out)).done).toBe(LIGHTS);
    const before = hashes(out);
    const bias = join(night, 'Bias', readdirSync(join(night, 'Bias')).sort()[0]);
    const later = new Date(Date.now() + 120_000);
    utimesSync(bias, later, later);
    await api.openNight({ path: night });
    const other = await calibrate(out);
    expect(other).toMatchObject({ outputDir: `${out}-2`, done: LIGHTS, skipped: 0 });
    expect(hashes(out)).toEqual(before);
  }, 120_000);
});

describe('a manifest that cannot be recorded at the end', () => {
  test('is reported in the summary with the folder; the run still answers with what it wrote', async () => {
    const out = join(root, 'unrecordable');
    const unsubscribe = api.onEvent((event) => {
      // Once the run is under way, a folder squats the manifest's partial file: every later write of it fails.
      if (event.kind === 'frame' && event.status === 'running') mkdirSync(join(out, '.nightcal-run.json.nightcal-partial'), { recursive: true });
    });
    const summary = await api.calibrate({ outputDir: out });
    unsubscribe();
    expect(summary).toMatchObject({ done: LIGHTS, failed: 0, cancelled: false });
    expect(summary.errors).toEqual([{ scope: 'run', error: { code: 'write-failed', message: expect.stringContaining(`cannot write to the output folder ${out}: `) } }]);
    expect(summary.errors[0].error.message).toContain('EISDIR');
  }, 120_000);
});
