/**
 * Claiming an output folder: only an empty or NightCal-marked folder is written into (another
 * night's raw frames are never replaced), one run at a time, and what a crash left is cleared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LOCK_FILE } from '../../../electron/outputs/folder-lock';
import { claimOutputFolder, forecastOutputFolder } from '../../../electron/outputs/output-folder';
import { OUTPUT_MARKER_FILE } from '../../../electron/outputs/output-marker';
import { manifestPath } from '../../../electron/outputs/run-manifest';

let root: string;
const night = (): string => join(root, 'night');
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-claim-'));
  mkdirSync(join(night(), 'Lights'), { recursive: true });
  writeFileSync(join(night(), 'Lights', 'a.fits'), 'raw');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const claim = (wanted: string, identity = 'run-1') => claimOutputFolder(wanted, { identity, nightRoot: night(), inputs: [{ path: join(night(), 'Lights', 'a.fits') }] });

describe('which folder a run writes into', () => {
  test('a new folder is made and marked; an empty one is taken', () => {
    const made = claim(join(root, 'out'));
    expect(made.path).toBe(join(root, 'out'));
    expect(existsSync(join(root, 'out', OUTPUT_MARKER_FILE))).toBe(true);
    made.release();
    mkdirSync(join(root, 'empty'));
    const empty = claim(join(root, 'empty'));
    expect(empty).toMatchObject({ path: join(root, 'empty'), passedOver: null });
    empty.release();
  });

  test('another night (files NightCal did not write) is passed over, untouched, and the run says so', () => {
    const other = join(root, 'other-night');
    mkdirSync(join(other, 'Lights'), { recursive: true });
    writeFileSync(join(other, 'Lights', 'b.fits'), 'someone else’s raw frame');
    const folder = claim(other);
    expect(folder.path).toBe(`${other}-2`);
    expect(folder.passedOver).toBe(`${other} holds files NightCal did not write`);
    expect(readdirSync(other)).toEqual(['Lights']);
    expect(readFileSync(join(other, 'Lights', 'b.fits'), 'utf8')).toBe('someone else’s raw frame');
    folder.release();
  });

  test('a folder of another run (another identity) is passed over; the same run resumes in its own', () => {
    const first = claim(join(root, 'out'), 'run-1');
    writeFileSync(manifestPath(first.path), JSON.stringify({ format: 'nightcal-run/2', identity: 'run-1', frames: {} }));
    first.release();
    const other = claim(join(root, 'out'), 'run-2');
    expect(other.path).toBe(join(root, 'out-2'));
    other.release();
    const same = claim(join(root, 'out'), 'run-1');
    expect(same.path).toBe(join(root, 'out'));
    expect(same.previous?.identity).toBe('run-1');
    same.release();
  });

  test('the night itself, or a folder holding it, is refused', () => {
    expect(() => claim(night())).toThrow(/is or contains the night folder/);
    expect(() => claim(root)).toThrow(/is or contains the night folder/);
  });

  test('partial files a crash left are removed; other files stay', () => {
    const out = join(root, 'out');
    claim(out).release();
    mkdirSync(join(out, 'Lights'));
    writeFileSync(join(out, 'Lights', '.a.fits.nightcal-partial'), 'half');
    writeFileSync(join(out, 'Lights', 'a.fits'), 'whole');
    claim(out).release();
    expect(readdirSync(join(out, 'Lights'))).toEqual(['a.fits']);
  });
});

describe('one run per output folder', () => {
  test('a second run is refused, naming who holds the folder; released, it can be taken', () => {
    const first = claim(join(root, 'out'));
    expect(() => claim(join(root, 'out'))).toThrow(new RegExp(`in use by NightCal \\(pid ${process.pid} on ${hostname()}, since `));
    first.release();
    expect(existsSync(join(root, 'out', LOCK_FILE))).toBe(false);
    claim(join(root, 'out')).release();
  });

  test('a lock left by a process that is gone is taken over', () => {
    const out = join(root, 'out');
    claim(out).release();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: Number(dead), host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'nightcal calibrate' }));
    const taken = claim(out);
    expect(JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    taken.release();
  });

  test('a lock held from another host is never judged stale: the message names the host', () => {
    const out = join(root, 'out');
    claim(out).release();
    writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: 1, host: 'observatory-pc', startedAt: '2026-01-01T00:00:00Z', command: 'nightcal calibrate' }));
    expect(() => claim(out)).toThrow(/in use by NightCal \(pid 1 on observatory-pc/);
  });
});

describe('where a run would go, said before it runs', () => {
  const forecast = (wanted: string, identity = 'run-1') => forecastOutputFolder(wanted, { identity, nightRoot: night(), inputs: [{ path: join(night(), 'Lights', 'a.fits') }] });
  /** Every path under the test folder, to show a forecast changes nothing. */
  const tree = () => (readdirSync(root, { recursive: true }) as string[]).sort();

  test('the forecast is the folder the claim then takes, in every case, and it writes, locks and makes nothing', () => {
    const other = join(root, 'other-night');
    mkdirSync(join(other, 'Lights'), { recursive: true });
    writeFileSync(join(other, 'Lights', 'b.fits'), 'someone else’s raw frame');
    const ran = claim(join(root, 'ran'), 'run-1');
    writeFileSync(manifestPath(ran.path), JSON.stringify({ format: 'nightcal-run/2', identity: 'run-1', frames: {} }));
    ran.release();
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'a-file'), 'not a folder');
    const cases: [string, string][] = [
      [join(root, 'new'), 'run-1'],
      [join(root, 'empty'), 'run-1'],
      [other, 'run-1'],
      [join(root, 'ran'), 'run-1'],
      [join(root, 'ran'), 'run-2'],
      [join(root, 'a-file'), 'run-1'],
    ];
    for (const [wanted, identity] of cases) {
      const before = tree();
      const said = forecast(wanted, identity);
      expect(tree(), `forecast of ${wanted} changed the disk`).toEqual(before);
      const taken = claim(wanted, identity);
      expect(said, `${wanted} for ${identity}`).toEqual({ path: taken.path, passedOver: taken.passedOver });
      taken.release();
    }
    expect(forecast(other).passedOver).toBe(`${other} holds files NightCal did not write`);
    expect(forecast(join(root, 'ran'), 'run-2')).toEqual({ path: join(root, 'ran-2'), passedOver: `${join(root, 'ran')} holds the outputs of another run (other frames, masters or settings)` });
  });

  test('a folder the claim refuses is refused by the forecast too', () => {
    expect(() => forecast(night())).toThrow(/is or contains the night folder/);
    expect(() => forecast(join(night(), 'Lights'))).toThrow(/holds the input frame/);
  });
});
