/**
 * File names are data, never code: a night folder named `-night "quoted" ñ` holding frames
 * with spaces, quotes, unicode, leading dashes and shell syntax in their names is scanned,
 * calibrated and reported through the API and the command line, and nothing in the app
 * starts a shell (no child_process at all outside the tests).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { runCli } from '../../support/built-cli';
import { testHost } from '../../support/test-host';

const NIGHT_NAME = '-night "quoted" ñ';
const NAMES = ['-dash.fits', "a'b.fits", 'ü ñ.fits', '$(touch PWNED) & x.fits', 'back`tick`;ls.fit', '--json.fits'];

let root: string;
let night: string;
let api: NightcalService;
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-names-'));
  night = join(root, NIGHT_NAME);
  await writeDemoNight(night, { size: 64, lights: NAMES.length, seed: 51 });
  readdirSync(join(night, 'Lights'))
    .sort()
    .forEach((name, i) => renameSync(join(night, 'Lights', name), join(night, 'Lights', NAMES[i])));
  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
}, 60_000);
afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('awkward file names', () => {
  test('the API scans, calibrates, previews and reads headers of every one', async () => {
    const view = await api.openNight({ path: night });
    const lights = view.frames.filter((frame) => frame.classification.type === 'light').map((frame) => frame.id);
    expect(lights.sort()).toEqual(NAMES.map((name) => `Lights/${name}`).sort());
    const summary = await api.calibrate({ outputDir: join(root, 'out "api" ñ') });
    expect(summary).toMatchObject({ done: NAMES.length, failed: 0 });
    expect(readdirSync(join(root, 'out "api" ñ', 'Lights')).sort()).toEqual([...NAMES].sort());
    for (const id of lights) {
      expect((await api.getHeader({ source: { kind: 'calibrated', frameId: id } })).path).toBe(join(root, 'out "api" ñ', id));
      expect((await api.getPreview({ source: { kind: 'raw', frameId: id }, maxSize: 64 })).width).toBe(64);
    }
  }, 120_000);

  test('the command line takes the folder after `--` (relative, leading dash) or as an absolute path', async () => {
    const scan = await runCli(['scan', '--json', '--', NIGHT_NAME], { env: env(), cwd: root });
    expect(scan.code, scan.stderr).toBe(0);
    expect(JSON.parse(scan.stdout).groups.find((group: { type: string }) => group.type === 'light')).toBeDefined();

    const out = join(root, '-out ü');
    const relativeRun = await runCli(['calibrate', '--out', out, '--json', '--', NIGHT_NAME], { env: env(), cwd: root });
    expect(relativeRun.code, relativeRun.stderr).toBe(0);
    const frames = relativeRun.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((event) => event.event === 'frame');
    expect(frames.map((event) => event.frameId).sort()).toEqual(NAMES.map((name) => `Lights/${name}`).sort());
    expect(readdirSync(join(out, 'Lights')).sort()).toEqual([...NAMES].sort());

    const absoluteRun = await runCli(['calibrate', night, `--out=${join(root, '--out abs')}`], { env: env() });
    expect(absoluteRun.code, absoluteRun.stderr).toBe(0);
    expect(absoluteRun.stderr).toMatch(new RegExp(`calibrated ${NAMES.length}/${NAMES.length} lights`));
  }, 120_000);

  test('no name was ever run as a command', () => {
    const everything = readdirSync(root, { recursive: true }) as string[];
    expect(everything.filter((name) => name.includes('PWNED') && !name.includes('$('))).toEqual([]);
    expect(existsSync(join(process.cwd(), 'PWNED'))).toBe(false);
  });
});

describe('no shell', () => {
  /** Every source file of the app (tests excluded). */
  function sources(dir: string): string[] {
    return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));
  }

  test('nothing in electron/, shared/ or renderer/ starts a process or a shell', () => {
    const offenders: string[] = [];
    for (const file of ['electron', 'shared', 'renderer'].flatMap((dir) => sources(join(process.cwd(), dir)))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of [/child_process/, /\bexecSync\b|\bexecFile(Sync)?\b|\bspawn(Sync)?\s*\(|(?<!\.)\bexec\s*\(/, /shell\s*:\s*true/, /\bopenExternal\b|\bopenPath\b/]) {
        if (pattern.test(text)) offenders.push(`${relative(process.cwd(), file)}: ${pattern}`);
      }
    }
    // shell.showItemInFolder (desktop-host.ts) hands a path to the OS file manager as one argument: no shell, no command line.
    expect(offenders).toEqual([]);
  });
});
