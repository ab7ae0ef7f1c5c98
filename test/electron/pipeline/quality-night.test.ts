/**
 * Which subs are good, on a night with known truth: a demo night in which every third light is
 * defocused (FWHM × 1.8) and two are clouded (sky × 4, stars ÷ 5), calibrated by the built
 * command. Exactly those are suggested, with the rule shown; the manifest, the header cards and
 * the report say the same figures; the kept lists hold the others; decisions by hand win, are
 * recorded, and survive a rerun (a resume that calibrates nothing again); rules from the command
 * line replace the defaults, and a bad one is refused naming its bad part.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrameQuality, RunReview } from '../../../shared/contract';
import { createNightcalApi } from '../../../electron/api/create-api';
import { variedConditions } from '../../../electron/demo/light-conditions';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { readManifest, type RunManifest } from '../../../electron/outputs/run-manifest';
import { runCli } from '../../support/built-cli';
import { testHost } from '../../support/test-host';

const LIGHTS = 24;
let root: string;
let night: string;
let out: string;
/** The lights the truth says are bad, by frame id. */
let bad: Set<string>;
let lightIds: string[];
let firstReview: RunReview;

const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });
const manifest = (): RunManifest => readManifest(out)!;
const keptList = (filter: string): string[] => readFileSync(join(out, `kept_${filter}.txt`), 'utf8').split('\n').filter(Boolean);
const filterOf = (id: string): string => (id.endsWith('L.fit') ? 'L' : 'R');
const expectedKept = (filter: string, rejected: ReadonlySet<string>): string[] => lightIds.filter((id) => filterOf(id) === filter && !rejected.has(id)).sort();

function reviewEvent(stdout: string): RunReview {
  const line = stdout.trim().split('\n').map((text) => JSON.parse(text)).find((event) => event.event === 'review');
  expect(line).toBeDefined();
  const { event: _event, ...review } = line;
  return review as RunReview;
}

function csvRows(text: string): Record<string, string>[] {
  // no field of this night holds a line break; quoted fields may hold commas
  const parse = (line: string): string[] => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]));
  const [header, ...lines] = text.trim().split('\r\n');
  const columns = parse(header);
  return lines.map((line) => Object.fromEntries(parse(line).map((value, i) => [columns[i], value])));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-quality-night-'));
  night = join(root, 'night');
  out = join(night, 'calibrated');
  await writeDemoNight(night, { size: 512, lights: LIGHTS, lightConditions: variedConditions(LIGHTS) });
  const model = JSON.parse(readFileSync(join(night, '_truth', 'model.json'), 'utf8')) as { frames: { path: string; kind: string; condition?: unknown }[] };
  lightIds = model.frames.filter((f) => f.kind === 'light').map((f) => f.path);
  bad = new Set(model.frames.filter((f) => f.condition !== undefined).map((f) => f.path));
  const run = await runCli(['calibrate', night, '--workers', '2', '--json'], { env: env() });
  expect(run.code, run.stderr).toBe(0);
  firstReview = reviewEvent(run.stdout);
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a night with defocused and clouded lights', () => {
  test('the truth: a third defocused, two clouded, in both filters', () => {
    expect(bad.size).toBe(LIGHTS / 3 + 2);
    expect([...bad].some((id) => filterOf(id) === 'L') && [...bad].some((id) => filterOf(id) === 'R')).toBe(true);
  });

  test('exactly the defocused and clouded lights are suggested, each with the rule it failed', () => {
    expect(firstReview.frames).toHaveLength(LIGHTS);
    const rejected = firstReview.frames.filter((f) => f.rejected);
    expect(new Set(rejected.map((f) => f.frameId))).toEqual(bad);
    const model = JSON.parse(readFileSync(join(night, '_truth', 'model.json'), 'utf8')) as { frames: { path: string; condition?: { fwhmFactor: number } }[] };
    for (const frame of rejected) {
      const defocused = model.frames.find((f) => f.path === frame.frameId)!.condition!.fwhmFactor > 1;
      expect(frame.reasons.some((reason) => reason.startsWith(defocused ? 'fwhm ' : 'background '))).toBe(true);
    }
    expect(firstReview.rules).toEqual(['fwhm>median+3mad', 'stars<50%', 'background>median+5mad', 'eccentricity>0.6']);
  });

  test('every light in the manifest has its quality; the defocused ones measure ×1.8 of the others', () => {
    const frames = lightIds.map((id) => manifest().frames[id]);
    for (const frame of frames) {
      expect(frame.status).toBe('done');
      expect(Object.keys(frame.quality!)).toEqual(expect.arrayContaining(['background', 'noise', 'stars', 'fwhm', 'eccentricity', 'saturated', 'weight']));
    }
    const fwhm = (ids: string[]) => ids.map((id) => manifest().frames[id].quality!.fwhm!).sort((a, b) => a - b)[ids.length >> 1];
    const defocused = lightIds.filter((id, i) => i >= 0 && bad.has(id) && manifest().frames[id].quality!.fwhm! > 4);
    const clear = lightIds.filter((id) => !bad.has(id));
    expect(defocused).toHaveLength(LIGHTS / 3);
    expect(Math.abs(fwhm(defocused) / fwhm(clear) / 1.8 - 1)).toBeLessThan(0.05);
    // the demo's stars are Gaussians of σ 1.3 px: FWHM 3.06
    expect(Math.abs(fwhm(clear) / (2.3548 * 1.3) - 1)).toBeLessThan(0.05);
  });

  test('the header of each output carries the figures the manifest records', async () => {
    for (const id of [lightIds[0], [...bad][0]]) {
      const frame = manifest().frames[id];
      const values = (await readFitsHeader(frame.outputPath!)).header.values;
      const q = frame.quality as FrameQuality;
      expect(values).toMatchObject({ QBKG: q.background, QNOISE: q.noise, QSTARS: q.stars, QFWHM: q.fwhm, QFWHMAS: q.fwhmArcsec, QECCENT: q.eccentricity, QSATFRAC: q.saturated, QWEIGHT: q.weight });
    }
  });

  test('the kept lists hold every other light, one output path a line relative to the list', () => {
    for (const filter of ['L', 'R']) expect(keptList(filter).sort()).toEqual(expectedKept(filter, bad));
    expect(firstReview.keptLists.map((list) => [list.filter, list.frames])).toEqual([
      ['L', expectedKept('L', bad).length],
      ['R', expectedKept('R', bad).length],
    ]);
  });

  test('nightcal report: one CSV row per light with its figures, rejected and why', async () => {
    const result = await runCli(['report', out], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const rows = csvRows(result.stdout);
    expect(rows.map((row) => row.file).sort()).toEqual([...lightIds].sort());
    for (const row of rows) {
      const q = manifest().frames[row.file].quality!;
      expect(row).toMatchObject({ filter: filterOf(row.file), status: 'done', fwhm: String(q.fwhm), stars: String(q.stars), rejected: bad.has(row.file) ? 'yes' : 'no' });
      expect(row.time).toMatch(/^2026-03-1[45]T/);
      expect(row.reasons === '').toBe(!bad.has(row.file));
    }
    const none = await runCli(['report', root], { env: env() });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no NightCal run');
  });
});

describe('decisions by hand', () => {
  let keptByHand: string;
  let rejectedByHand: string;

  beforeAll(async () => {
    keptByHand = [...bad][0];
    rejectedByHand = lightIds.find((id) => !bad.has(id))!;
    const api = createNightcalApi(testHost(join(root, 'data')));
    try {
      await api.openNight({ path: night });
      await api.setFrameVerdict({ frameId: keptByHand, verdict: 'keep' });
      const review = await api.setFrameVerdict({ frameId: rejectedByHand, verdict: 'reject' });
      expect(review.frames.find((f) => f.frameId === keptByHand)).toMatchObject({ verdict: 'keep', rejected: false });
      expect(review.frames.find((f) => f.frameId === keptByHand)!.reasons[0]).toBe('kept by hand');
      expect(review.frames.find((f) => f.frameId === rejectedByHand)).toMatchObject({ verdict: 'reject', rejected: true, reasons: ['rejected by hand'] });
      await expect(api.setFrameVerdict({ frameId: 'Lights/none.fit', verdict: 'keep' })).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      await api.dispose();
    }
  }, 60_000);

  const rejectedNow = () => new Set([...bad].filter((id) => id !== keptByHand).concat(rejectedByHand));

  test('are recorded in the manifest and rewrite the kept lists', () => {
    expect(manifest().review.verdicts).toEqual({ [keptByHand]: 'keep', [rejectedByHand]: 'reject' });
    for (const filter of ['L', 'R']) expect(keptList(filter).sort()).toEqual(expectedKept(filter, rejectedNow()));
  });

  test('survive a rerun that calibrates nothing again, and rules from the command line apply beside them', async () => {
    const rerun = await runCli(['calibrate', night, '--workers', '2', '--json'], { env: env() });
    expect(rerun.code, rerun.stderr).toBe(0);
    const frames = rerun.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((event) => event.event === 'frame');
    expect(frames.map((f) => f.status)).toEqual(new Array(LIGHTS).fill('skipped'));
    expect(frames.every((f) => f.quality !== null)).toBe(true);
    expect(new Set(reviewEvent(rerun.stdout).frames.filter((f) => f.rejected).map((f) => f.frameId))).toEqual(rejectedNow());
    expect(manifest().review.verdicts).toEqual({ [keptByHand]: 'keep', [rejectedByHand]: 'reject' });
    for (const filter of ['L', 'R']) expect(keptList(filter).sort()).toEqual(expectedKept(filter, rejectedNow()));

    // only the FWHM rule: the clouded lights are kept now, the hand's decisions still stand
    const fwhmOnly = await runCli(['calibrate', night, '--workers', '2', '--json', '--reject', 'fwhm>4.5'], { env: env() });
    expect(fwhmOnly.code, fwhmOnly.stderr).toBe(0);
    const review = reviewEvent(fwhmOnly.stdout);
    expect(review.rules).toEqual(['fwhm>4.5']);
    const defocused = lightIds.filter((id) => manifest().frames[id].quality!.fwhm! > 4.5);
    const expected = new Set([...defocused.filter((id) => id !== keptByHand), rejectedByHand]);
    expect(new Set(review.frames.filter((f) => f.rejected).map((f) => f.frameId))).toEqual(expected);
    expect(review.frames.find((f) => f.frameId === defocused[0])!.reasons).toContain(`fwhm ${manifest().frames[defocused[0]].quality!.fwhm!.toPrecision(3)} > 4.5 = 4.50`);
  }, 120_000);

  test('the rules can be changed without calibrating: setRejectionRules, back to the defaults with null', async () => {
    const api = createNightcalApi(testHost(join(root, 'data')));
    try {
      await api.openNight({ path: night });
      const clouds = await api.setRejectionRules({ rules: 'background>median+5mad' });
      expect(clouds.rules).toEqual(['background>median+5mad']);
      const clouded = lightIds.filter((id) => bad.has(id) && manifest().frames[id].quality!.fwhm! < 4);
      expect(clouded).toHaveLength(2);
      expect(new Set(clouds.frames.filter((f) => f.rejected).map((f) => f.frameId))).toEqual(new Set([...clouded.filter((id) => id !== keptByHand), rejectedByHand]));
      expect(manifest().review.rules).toEqual(['background>median+5mad']);
      for (const filter of ['L', 'R']) expect(keptList(filter).length).toBe(clouds.keptLists.find((list) => list.filter === filter)!.frames);
      const defaults = await api.setRejectionRules({ rules: null });
      expect(defaults.rules).toEqual(firstReview.rules);
      expect(new Set(defaults.frames.filter((f) => f.rejected).map((f) => f.frameId))).toEqual(rejectedNow());
    } finally {
      await api.dispose();
    }
  });

  test('a bad rule is refused before anything runs, naming the bad part (exit 2)', async () => {
    const result = await runCli(['calibrate', night, '--reject', 'fwhm>4.5,stras<50%'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("rule 2 'stras<50%': unknown figure 'stras'");
  });
});
