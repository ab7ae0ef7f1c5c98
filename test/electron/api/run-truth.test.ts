/**
 * What main tells every window about a run is true: the run state a snapshot gives (its
 * totals and its failure included) and the events that announce its start and failed end;
 * where a run will write, said before it runs and touching nothing; a folder with no FITS
 * refused instead of opened; masters rebuilt when their files were removed; only nights a
 * confined session may open offered; FITS counted under sub-folders by the folder browser.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NightcalEvent, RunEvent } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { countFitsFiles, listFolder } from '../../../electron/api/folder-listing';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { testHost } from '../../support/test-host';

let root: string;
let night: string;
let api: NightcalService;
const events: NightcalEvent[] = [];
const LIGHTS = 12;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-run-truth-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 64, lights: LIGHTS, seed: 9 });
  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
  api.onEvent((event) => events.push(event));
}, 60_000);
afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const runEvents = () => events.filter((event): event is RunEvent => event.kind === 'run');

describe('a folder that is no night', () => {
  test('a folder with no FITS file anywhere is refused, saying how far it was searched; the night open stays open', async () => {
    await api.openNight({ path: night });
    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'a', 'b'), { recursive: true });
    writeFileSync(join(empty, 'a', 'notes.txt'), 'no frames here');
    await expect(api.openNight({ path: empty })).rejects.toMatchObject({ code: 'not-found', message: `no FITS files found in ${empty} (searched 3 folders): open the folder that holds the night's frames` });
    expect((await api.getSnapshot()).night?.root).toBe(night);
    await expect(api.openNight({ path: join(night, 'Lights', readdirSync(join(night, 'Lights'))[0]) })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/is a file, not a folder/) });
  });

  test('a night whose frames are all in sub-folders opens', async () => {
    const view = await api.openNight({ path: night });
    expect(view.frames.length).toBeGreaterThan(LIGHTS);
  });
});

describe('the run every window sees', () => {
  test('before a run: where it will write, found without writing anything; a folder of other files is passed over', async () => {
    await api.openNight({ path: night });
    const wanted = join(night, 'calibrated');
    mkdirSync(wanted, { recursive: true });
    writeFileSync(join(wanted, 'someone-elses.txt'), 'not NightCal’s');
    const destination = await api.runDestination({});
    expect(destination).toEqual({ wanted, outputDir: `${wanted}-2`, passedOver: `${wanted} holds files NightCal did not write`, refused: null });
    expect(existsSync(`${wanted}-2`)).toBe(false); // nothing made by asking
    await expect(api.runDestination({ outputDir: night })).resolves.toMatchObject({ outputDir: null, refused: expect.stringMatching(/is or contains the night folder/) });

    events.length = 0;
    const summary = await api.calibrate({});
    // The run went where it was said it would.
    expect(summary.outputDir).toBe(destination.outputDir);
    expect(summary.notes[0]).toContain(`${wanted} holds files NightCal did not write`);
    // Every window heard it start with every light queued, and its end.
    const [start] = runEvents();
    expect(start.run).toMatchObject({ active: true, summary: null, error: null });
    expect(start.run.frames.map((f) => f.status)).toEqual(Array(LIGHTS).fill('queued'));
    expect(events.at(-1)).toMatchObject({ kind: 'done' });
    // Afterwards the same run, with the same settings, is bound for the same folder again.
    expect((await api.runDestination({})).outputDir).toBe(summary.outputDir);
  });

  test('the snapshot is the run as it stands: every light, the last totals with the light stage’s rate, the summary', async () => {
    const snapshot = await api.getSnapshot();
    const run = snapshot.run!;
    expect(run.active).toBe(false);
    expect(run.frames.filter((f) => f.status === 'done')).toHaveLength(LIGHTS);
    expect(run.progress).toMatchObject({ kind: 'progress', done: LIGHTS, total: LIGHTS, etaSeconds: 0 });
    expect(run.summary?.done).toBe(LIGHTS);
    expect(run.summary!.framesPerSecond).toBeGreaterThan(0);
    expect(run.progress!.framesPerSecond).toBe(run.summary!.framesPerSecond); // the stage's average, said once
    expect(run.summary?.lightNotes).toEqual({ 'no-flat': 0, 'no-dark': 0, 'no-bias': 0, 'dark-unscaled': 0, 'dark-scaled': 0 });
    // Building masters alone is no calibration run: the last run stays what windows show.
    await api.buildMasters({ combine: 'sigma-clip' });
    expect((await api.getSnapshot()).run?.summary?.outputDir).toBe(run.summary?.outputDir);
  });

  test('a run that ends without a summary ends for every window, saying why, until the next one', async () => {
    events.length = 0;
    await expect(api.calibrate({ outputDir: join(night, 'Lights') })).rejects.toMatchObject({ code: 'bad-request' });
    const [start, end] = runEvents();
    expect(start.run.active).toBe(true);
    expect(end.run).toMatchObject({ active: false, summary: null, error: { message: expect.stringMatching(/holds the input frame/) } });
    expect((await api.getSnapshot()).run?.error?.message).toMatch(/holds the input frame/);
  });

  test('lights calibrated without a flat are counted in the summary, as the plan decided', async () => {
    const partial = join(root, 'no-r-flats');
    await writeDemoNight(partial, { size: 64, lights: LIGHTS, seed: 9 });
    for (const name of readdirSync(join(partial, 'Flats'))) if (/R/.test(name.replace(/^Flat-?/i, '').replace(/\.fits?$/i, ''))) rmSync(join(partial, 'Flats', name));
    const view = await api.openNight({ path: partial });
    const withoutFlat = view.plan.lights.filter((light) => light.flatId === null).length;
    expect(withoutFlat).toBeGreaterThan(0);
    const summary = await api.calibrate({});
    expect(summary.lightNotes['no-flat']).toBe(withoutFlat);
    const manifest = JSON.parse(readFileSync(summary.manifestPath, 'utf8')) as { summary: { lightNotes: Record<string, number> } };
    expect(manifest.summary.lightNotes['no-flat']).toBe(withoutFlat);
  }, 60_000);

  test('an output folder removed with the app open: the rerun writes its masters again, and the manifest points at files that exist', async () => {
    await api.openNight({ path: night });
    const out = join(root, 'removed');
    const first = await api.calibrate({ outputDir: out });
    expect(first.masters.length).toBeGreaterThan(0);
    rmSync(out, { recursive: true, force: true });
    const second = await api.calibrate({ outputDir: out });
    expect(second.done).toBe(LIGHTS);
    const manifest = JSON.parse(readFileSync(second.manifestPath, 'utf8')) as { masters: { path: string }[] };
    expect(manifest.masters.length).toBe(first.masters.length);
    for (const master of manifest.masters) expect(existsSync(master.path), master.path).toBe(true);
    for (const master of second.masters) expect(existsSync(master.path), master.path).toBe(true);
  }, 60_000);
});

describe('the run’s last word comes after its last write', () => {
  test('an output folder removed after the lights, while the kept lists and the manifest are written: no light or master is claimed, and the summary says why', async () => {
    await api.openNight({ path: night });
    const out = join(root, 'removed-at-the-end');
    events.length = 0;
    // The final review (not a provisional one) comes after the light stage's own check and the
    // kept lists, before the manifest's last write.
    const remove = api.onEvent((event) => {
      if (event.kind === 'review' && !event.review.provisional && existsSync(out)) rmSync(out, { recursive: true, force: true });
    });
    const summary = await api.calibrate({ outputDir: out }).finally(remove);
    expect(existsSync(out)).toBe(false);
    expect(summary).toMatchObject({ done: 0, failed: LIGHTS, masters: [] });
    const vanished = summary.errors.filter((entry) => entry.error.code === 'output-vanished');
    expect(vanished.filter((entry) => entry.scope === 'frame')).toHaveLength(LIGHTS);
    expect(vanished.some((entry) => entry.scope === 'master')).toBe(true);
    expect(summary.errors.some((entry) => entry.scope === 'run' && entry.error.code === 'write-failed')).toBe(true);
    // Every window hears each light's last state: failed, not done.
    const last = new Map(events.flatMap((event) => (event.kind === 'frame' ? [[event.frameId, event.status] as const] : [])));
    expect([...last.values()]).toEqual(Array(LIGHTS).fill('failed'));
    const run = (await api.getSnapshot()).run!;
    expect(run.frames.every((frame) => frame.status === 'failed' && frame.outputPath === null)).toBe(true);
  }, 60_000);
});

describe('a session confined to allowed folders (browser mode)', () => {
  test('recent nights outside them are not offered; a refusal says how to allow a folder', async () => {
    const dataDir = join(root, 'confined-data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'recent-nights.json'), JSON.stringify([join(tmpdir(), 'elsewhere-night'), night]));
    const confined = createNightcalApi(testHost(dataDir, [root]), { workers: 1 });
    try {
      expect((await confined.getSnapshot()).recentNights).toEqual([night]);
      await expect(confined.openNight({ path: join(tmpdir(), 'elsewhere-night') })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('nightcal serve --root DIR') });
      await expect(confined.runDestination({ outputDir: join(tmpdir(), 'out') })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('--root') });
    } finally {
      await confined.dispose();
    }
    const free = createNightcalApi(testHost(dataDir, null), { workers: 1 });
    try {
      expect((await free.getSnapshot()).recentNights).toHaveLength(2);
    } finally {
      await free.dispose();
    }
  });

  test('the folder browser counts FITS files in sub-folders, up to a limit', async () => {
    const listing = await listFolder([root], root);
    const entry = listing.entries.find((e) => e.name === 'night')!;
    // The night holds its frames in Bias/, Darks/, Flats/, Lights/ (and its outputs, left out):
    // more than the browser's limit of 100? No: 15 + 10 + 20 + 12 frames.
    expect(entry).toMatchObject({ fitsFiles: 15 + 10 + 20 + LIGHTS, moreFits: false });
    expect(await countFitsFiles(night, { files: 20, folders: 100 })).toMatchObject({ files: 20, more: true });
    expect(await countFitsFiles(night, { files: 1000, folders: 2 })).toMatchObject({ more: true, folders: 2 });
    expect(listing.entries.find((e) => e.name === 'empty')).toMatchObject({ fitsFiles: 0, moreFits: false });
  });
});
