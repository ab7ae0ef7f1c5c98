/**
 * Raw frames are never overwritten, by any path, and a bad frame fails alone: the reproductions
 * of the issue run against the built command on generated nights, checking what a user sees —
 * every raw file's sha256, exit statuses, messages naming the file or folder, manifests that do
 * not lie, no partial file left. Items: another night's folder as --out (1), a symbolic link
 * inside the output folder (2), an implausible EXPTIME (5), files in a form NightCal does not
 * read or with a trailing space in their name (14).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { runCli } from '../../support/built-cli';
import { DemoNights, doneEvent, fingerprints, frameOutcomes, leftovers, lightNames, replaceCardValue } from './cli-nights';

let root: string;
let nights: DemoNights;
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });
/** A run that should end in a second or two is killed after this long (its code is then null). */
const GUARD = { killAfterMs: 60_000 };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-raw-safety-'));
  nights = new DemoNights(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function calibrate(night: string, out: string, ...extra: string[]) {
  return runCli(['calibrate', night, '--out', out, '--json', '--workers', '2', ...extra], { env: env(), ...GUARD });
}

describe('item 1: another night as the output folder', () => {
  test('`calibrate A --out B` with B a copy of night A: B is passed over for B-2 and every raw frame in B keeps its bytes', async () => {
    const a = await nights.copy(join(root, 'one', 'A'), { size: 64, lights: 4 });
    const b = await nights.copy(join(root, 'one', 'B'), { size: 64, lights: 4 });
    const [beforeA, beforeB] = [fingerprints(a), fingerprints(b)];

    const result = await calibrate(a, b);
    expect(result.code, result.stderr).toBe(0);
    expect(fingerprints(b)).toEqual(beforeB);
    expect(fingerprints(a)).toEqual(beforeA);
    const done = doneEvent(result.stdout)!;
    expect(done).toMatchObject({ outputDir: `${b}-2`, done: 4, failed: 0 });
    expect(done.notes).toContain(`${b} holds files NightCal did not write: this run writes to ${b}-2`);
    expect(readdirSync(join(`${b}-2`, 'Lights')).sort()).toEqual(lightNames(a));
    expect(leftovers(`${b}-2`)).toEqual([]);
  }, 60_000);
});

describe('item 2: a symbolic link inside the output folder', () => {
  test('an output folder holding only a link to the night’s Lights: passed over, the raw lights keep their bytes and no file appears beside them', async () => {
    const a = await nights.copy(join(root, 'two', 'A'), { size: 64, lights: 4 });
    const s = join(root, 'two', 'S');
    mkdirSync(s);
    symlinkSync(join(a, 'Lights'), join(s, 'Lights'));
    const before = fingerprints(a);

    const result = await calibrate(a, s);
    expect(fingerprints(a)).toEqual(before);
    expect(readdirSync(join(a, 'Lights')).sort()).toEqual([...before.keys()].filter((p) => p.startsWith('Lights/')).map((p) => p.slice(7)));
    expect(result.code, result.stderr).toBe(0);
    expect(doneEvent(result.stdout)).toMatchObject({ outputDir: `${s}-2`, done: 4 });
  }, 60_000);

  test('a NightCal output folder whose Lights/ became a link to the raw lights: the rerun refuses to write through it, naming it', async () => {
    const a = await nights.copy(join(root, 'two-b', 'A'), { size: 64, lights: 4 });
    const s = join(root, 'two-b', 'S');
    expect((await calibrate(a, s)).code).toBe(0);
    rmSync(join(s, 'Lights'), { recursive: true });
    symlinkSync(join(a, 'Lights'), join(s, 'Lights'));
    // Without its manifest the folder is still NightCal's (its marker), and every light is written again.
    rmSync(join(s, 'nightcal-run.json'));
    const before = fingerprints(a);

    const result = await calibrate(a, s);
    expect(fingerprints(a)).toEqual(before);
    expect(result.code).toBe(1);
    expect(`${result.stderr}${result.stdout}`).toContain(`${join(s, 'Lights')}: refusing to write through it: it is a symbolic link`);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a report, not a stack trace
    expect(leftovers(a)).toEqual([]);
  }, 60_000);

  test('an output file that is a link to a raw light: that frame is refused and fails alone, the raw light keeps its bytes', async () => {
    const a = await nights.copy(join(root, 'two-c', 'A'), { size: 64, lights: 4 });
    const s = join(root, 'two-c', 'S');
    expect((await calibrate(a, s)).code).toBe(0);
    const [victim] = lightNames(a);
    rmSync(join(s, 'Lights', victim));
    symlinkSync(join(a, 'Lights', victim), join(s, 'Lights', victim));
    rmSync(join(s, 'nightcal-run.json'));
    const before = fingerprints(a);

    const result = await calibrate(a, s);
    expect(fingerprints(a)).toEqual(before);
    expect(result.code).toBe(1);
    const outcome = frameOutcomes(result.stdout).get(`Lights/${victim}`)!;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'output-refused' } });
    expect(outcome.error!.message).toContain(`${join(s, 'Lights', victim)}: refusing to write here: it is a symbolic link`);
    expect(doneEvent(result.stdout)).toMatchObject({ done: 3, failed: 1 });
    expect(leftovers(s)).toEqual([]);
  }, 60_000);
});

describe('item 5: one light with EXPTIME = 1E306', () => {
  test('fails alone with a message naming it; the others are written and recorded; a rerun keeps them and fails the same light, never the run', async () => {
    const night = await nights.copy(join(root, 'five', 'night'), { size: 64, lights: 4 });
    const [, bad] = lightNames(night);
    const badPath = join(night, 'Lights', bad);
    writeFileSync(badPath, replaceCardValue(readFileSync(badPath), 'EXPTIME', '1E306'));
    const before = fingerprints(night);
    const out = join(root, 'five', 'out');

    const first = await calibrate(night, out);
    expect(first.code).toBe(1);
    expect(first.stderr).not.toMatch(/\n\s+at /);
    const outcomes = frameOutcomes(first.stdout);
    expect(outcomes.get(`Lights/${bad}`)).toMatchObject({ status: 'failed', outputPath: null });
    expect(outcomes.get(`Lights/${bad}`)!.error!.message).toMatch(new RegExp(`^${badPath}: EXPTIME = 1e\\+306 s is not a plausible exposure`));
    expect([...outcomes.values()].filter((f) => f.status === 'done')).toHaveLength(3);
    expect(doneEvent(first.stdout)).toMatchObject({ total: 4, done: 3, failed: 1, cancelled: false });
    // The manifest records every light, the failure with its reason.
    const manifest = JSON.parse(readFileSync(join(out, 'nightcal-run.json'), 'utf8'));
    expect(Object.keys(manifest.frames).sort()).toEqual(lightNames(night).map((name) => `Lights/${name}`));
    expect(manifest.frames[`Lights/${bad}`]).toMatchObject({ status: 'failed', error: { code: 'bad-value' } });
    expect(Object.values(manifest.frames).filter((f) => (f as { status: string }).status === 'done')).toHaveLength(3);

    const again = await calibrate(night, out);
    expect(again.code).toBe(1);
    expect(doneEvent(again.stdout)).toMatchObject({ total: 4, done: 0, skipped: 3, failed: 1 });
    expect(fingerprints(night)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  }, 60_000);
});

describe('item 14: files skipped in silence', () => {
  test('a .fit.bz2 and a .fits.xz are listed with the reason; a name with a trailing space is read and calibrated to the pixels of the same light under its own name', async () => {
    const reference = await nights.copy(join(root, 'fourteen', 'reference'), { size: 64, lights: 4 });
    const night = await nights.copy(join(root, 'fourteen', 'night'), { size: 64, lights: 4 });
    const [first, second] = lightNames(night);
    const spaced = 'c.fits ';
    renameSync(join(night, 'Lights', second), join(night, 'Lights', spaced));
    // Compressed copies of a light (the content does not matter: the name decides they are not read).
    writeFileSync(join(night, 'Lights', 'a.fit.bz2'), gzipSync(readFileSync(join(night, 'Lights', first))));
    writeFileSync(join(night, 'Lights', 'b.fits.xz'), gzipSync(readFileSync(join(night, 'Lights', first))));
    const before = fingerprints(night);

    const scan = await runCli(['scan', night, '--json'], { env: env(), ...GUARD });
    expect(scan.code, scan.stderr).toBe(0);
    const problems = JSON.parse(scan.stdout).problems as { code: string; message: string }[];
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${join(night, 'Lights', 'a.fit.bz2')}: bzip2-compressed: .*decompress it first`)),
        expect.stringMatching(new RegExp(`^${join(night, 'Lights', 'b.fits.xz')}: xz-compressed: .*decompress it first`)),
      ]),
    );

    const out = join(root, 'fourteen', 'out');
    const result = await calibrate(night, out);
    const outcomes = frameOutcomes(result.stdout);
    // The two compressed files are lights NightCal cannot read: they fail by name, the run says so (exit 1).
    expect(outcomes.get('Lights/a.fit.bz2')).toMatchObject({ status: 'failed', error: { code: 'unsupported' } });
    expect(outcomes.get('Lights/b.fits.xz')).toMatchObject({ status: 'failed', error: { code: 'unsupported' } });
    expect(outcomes.get(`Lights/${spaced}`)).toMatchObject({ status: 'done' });
    expect(result.code).toBe(1);
    expect(doneEvent(result.stdout)).toMatchObject({ total: 6, done: 4, failed: 2 });
    const spacedOutput = outcomes.get(`Lights/${spaced}`)!.outputPath!;
    expect(spacedOutput.startsWith(join(out, 'Lights'))).toBe(true);

    const ref = await calibrate(reference, join(root, 'fourteen', 'reference-out'));
    expect(ref.code, ref.stderr).toBe(0);
    const pixels = async (path: string) => {
      const { layout } = await readFitsHeader(path);
      return readFileSync(path).subarray(layout.dataOffset);
    };
    expect((await pixels(spacedOutput)).equals(await pixels(join(root, 'fourteen', 'reference-out', 'Lights', second)))).toBe(true);
    expect(fingerprints(night)).toEqual(before);
  }, 60_000);
});
