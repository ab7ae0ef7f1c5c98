/**
 * `nightcal library add | list` through the built command, on a darks session written in code
 * (library-fixtures.ts: biases and 300 s darks at gains 100 and 200, −10 °C and −20 °C): the
 * masters get the right keys, a second add stores nothing, two adds at once store each master
 * once, the folder added is never written, and no library master changes after an add or a list.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordUsage } from '../../../../electron/library/library-index';
import type { LibraryAddReport as AddReport, LibraryListing } from '../../../../shared/contract';
import { formatCard } from '../../../../electron/fits/write-fits';
import { runCli } from '../../../support/built-cli';
import { rawCards, writeFits } from '../../library/library-fixtures';

let temp: string;
let session: string;
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(temp, 'xdg') });

/** Every file under `dir` with its sha256, size and mtime. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${statSync(path).size} ${statSync(path).mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

const masterFiles = (library: string): Map<string, string> => new Map([...snapshot(library)].filter(([path]) => path.startsWith('masters/')));

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'nightcal-library-cli-'));
  session = join(temp, 'darks session');
  // One night (the fixtures' frames span two): three frames of each kind, gain and set-point.
  let seed = 1;
  for (const gain of [100, 200]) {
    for (const temp of [-10, -20]) {
      for (let i = 1; i <= 3; i++) {
        const date = `2026-01-11T22:0${i}:00`;
        writeFits(join(session, `darks/g${gain}_${temp}C/dark_300s_${i}.fits`), rawCards('DARK', 300, gain, temp, date), seed++);
        writeFits(join(session, `bias/g${gain}_${temp}C/bias_${i}.fits`), rawCards('BIAS', 0, gain, temp, date), seed++);
      }
    }
  }
  // A light among them: skipped, with why.
  writeFits(join(session, 'lights', 'M42_001.fits'), [formatCard('IMAGETYP', 'LIGHT'), formatCard('EXPTIME', 300), formatCard('FILTER', 'L'), formatCard('DATE-OBS', '2026-01-12T22:00:00')], 500);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const add = (library: string): Promise<{ code: number | null; report: AddReport; stderr: string }> =>
  runCli(['library', 'add', session, '--library', library, '--workers', '1', '--json'], { env: env() }).then(({ code, stdout, stderr }) => ({ code, stderr, report: JSON.parse(stdout) as AddReport }));

const list = async (library: string): Promise<LibraryListing> => {
  const { code, stdout, stderr } = await runCli(['library', 'list', '--library', library, '--json'], { env: env() });
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as LibraryListing;
};

describe('nightcal library add', () => {
  test('makes one master per kind, gain and temperature, with the right keys; again: nothing new; list: keys, frames, age, runs', async () => {
    const library = join(temp, 'library');
    const before = snapshot(session);
    const first = await add(library);
    expect(first.code, first.stderr).toBe(0);
    expect(first.report.masters.filter((m) => m.stored)).toHaveLength(8);
    expect(first.report.skipped).toEqual([{ file: 'lights/M42_001.fits', reason: expect.stringMatching(/a light/) }]);
    expect(snapshot(session)).toEqual(before); // DIR only read, nothing added to it
    expect(readdirSync(join(library, '.nightcal-library')).filter((name) => name.startsWith('add-'))).toEqual([]); // build folder removed

    const listed = await list(library);
    const keys = listed.masters.map((m) => `${m.kind} g${m.keys.gain} ${m.keys.temperature} ${m.kind === 'dark' ? m.keys.exposure : '-'} ×${m.frames}`).sort();
    expect(keys).toEqual(['bias g100 -10 - ×3', 'bias g100 -20 - ×3', 'bias g200 -10 - ×3', 'bias g200 -20 - ×3', 'dark g100 -10 300 ×3', 'dark g100 -20 300 ×3', 'dark g200 -10 300 ×3', 'dark g200 -20 300 ×3']);
    for (const master of listed.masters) {
      expect(master.keys).toMatchObject({ camera: 'ZWO ASI2600MM Pro', offset: 50, binning: '1x1', width: 8, height: 6 });
      expect(master.dateObs).toBe('2026-01-11T22:01:00.000Z'); // the first frame's start
      const age = Math.floor((Date.now() - Date.parse('2026-01-11T22:01:00Z')) / 86_400_000);
      expect([age - 1, age]).toContain(master.ageDays);
      expect(master.usedBy).toEqual([]);
    }
    expect(listed.skipped).toEqual([]);
    expect(listed.rawFrames).toEqual({ bias: 0, dark: 0, darkflat: 0, flat: 0 });

    const masters = masterFiles(library);
    const second = await add(library);
    expect(second.code, second.stderr).toBe(0);
    expect(second.report.masters).toHaveLength(8);
    expect(second.report.masters.filter((m) => m.stored)).toEqual([]);
    expect(masterFiles(library)).toEqual(masters); // same files, same bytes, same mtimes

    // A run's use of one master, and a record of a file once of the same name but other bytes.
    const used = listed.masters[0];
    const sha256 = createHash('sha256').update(readFileSync(join(library, used.relativePath))).digest('hex');
    await recordUsage(library, [
      { relativePath: used.relativePath, sha256, run: '/nights/a/calibrated', night: '/nights/a', at: '2026-02-01T08:00:00.000Z' },
      { relativePath: used.relativePath, sha256: '0'.repeat(64), run: '/nights/old/calibrated', night: '/nights/old', at: '2025-02-01T08:00:00.000Z' },
    ]);
    const again = await list(library);
    expect(again.masters.find((m) => m.relativePath === used.relativePath)!.usedBy).toEqual([{ run: '/nights/a/calibrated', night: '/nights/a', at: '2026-02-01T08:00:00.000Z' }]);
    expect(masterFiles(library)).toEqual(masters);

    const table = await runCli(['library', 'list', '--library', library], { env: env() });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/dark\s+ZWO ASI2600MM Pro, gain 200, offset 50, 1x1, 8x6, −20\.0 °C, 300 s\s+3\s+2026-01-11/);
    expect(table.stdout).toMatch(/1 run \(last 2026-02-01\)/);
  }, 120_000);

  test('two adds of the same session at once store each master once', async () => {
    const library = join(temp, 'together');
    const [a, b] = await Promise.all([add(library), add(library)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.report.masters.filter((m) => m.stored).length + b.report.masters.filter((m) => m.stored).length).toBe(8);
    expect(masterFiles(library).size).toBe(8);
    expect((await list(library)).masters).toHaveLength(8);
  }, 120_000);

  test('a folder without calibration frames, a library inside the folder, no folder: exit 2 saying why', async () => {
    const lights = join(temp, 'lights only');
    writeFits(join(lights, 'M42.fits'), [formatCard('IMAGETYP', 'LIGHT'), formatCard('EXPTIME', 60)], 3);
    const none = await runCli(['library', 'add', lights, '--library', join(temp, 'l2')], { env: env() });
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/nothing to add/);
    const inside = await runCli(['library', 'add', session, '--library', join(session, 'lib')], { env: env() });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/holds the library/);
    const missing = await runCli(['library', 'list', '--library', join(temp, 'nowhere')], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no library folder at .*nowhere/);
  }, 60_000);
});

describe('help and the default library', () => {
  test('--help of both commands; nightcal library alone says what it takes', async () => {
    for (const command of ['add', 'list']) {
      const help = await runCli(['library', command, '--help'], { env: env() });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^nightcal library ${command}`));
      expect(help.stdout).toContain(`--library DIR`);
      expect(help.stdout).toContain(join(temp, 'xdg', 'nightcal', 'library'));
    }
    const alone = await runCli(['library'], { env: env() });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/nightcal library add <dir>[\s\S]*nightcal library list/);
  });

  test('without --library the default library under XDG_DATA_HOME is used (list says when there is none yet)', async () => {
    const xdg = { XDG_DATA_HOME: join(temp, 'xdg-default') };
    const empty = await runCli(['library', 'list'], { env: xdg });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/no library yet at .*xdg-default\/nightcal\/library/);
    const added = await runCli(['library', 'add', session, '--workers', '1'], { env: xdg });
    expect(added.code, added.stderr).toBe(0);
    expect(readdirSync(join(temp, 'xdg-default', 'nightcal', 'library', 'masters', 'dark'))).toHaveLength(4);
  }, 60_000);
});
