/**
 * Raw frames are never opened for writing. Every input's sha256, size, mtime and ctime are
 * recorded before and after a session that does everything: scan, previews and headers of good
 * and broken frames, masters, a run cancelled midway, its resumption, a run with other settings,
 * an excluded frame, and the command line — with broken lights failing along the way. The
 * inputs are chmod 0444 first; as root ignores that, the night is also served to the run
 * through a read-only bind mount when mounting is permitted (a write attempt would then fail
 * loudly), and the hashes are the proof either way.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { runCli } from '../../support/built-cli';
import { testHost } from '../../support/test-host';

interface Fingerprint {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly mode: number;
}

function fingerprints(dir: string): Map<string, Fingerprint> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[];
  return new Map(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        const info = statSync(path);
        const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
        return [path.slice(dir.length + 1), { sha256, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, mode: info.mode & 0o777 }];
      }),
  );
}

let root: string;
let night: string;
/** Where the session reads the night: a read-only bind mount of it when permitted. */
let readFrom: string;
let readOnlyMount = false;
let before: Map<string, Fingerprint>;
let api: NightcalService;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-untouched-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 64, lights: 16, seed: 31 });
  const lights = readdirSync(join(night, 'Lights')).sort();
  truncateSync(join(night, 'Lights', lights[2]), 5000);
  writeFileSync(join(night, 'Lights', 'notes.fits'), 'focus drifted after 23h\n');
  for (const entry of readdirSync(night, { recursive: true, withFileTypes: true }) as Dirent[]) {
    if (entry.isFile()) chmodSync(join(entry.parentPath, entry.name), 0o444);
  }
  before = fingerprints(night);

  readFrom = night;
  const mountPoint = join(root, 'read-only-night');
  mkdirSync(mountPoint);
  if (spawnSync('mount', ['--bind', night, mountPoint], { stdio: 'ignore' }).status === 0) {
    if (spawnSync('mount', ['-o', 'remount,bind,ro', mountPoint], { stdio: 'ignore' }).status === 0) {
      readFrom = mountPoint;
      readOnlyMount = true;
    } else spawnSync('umount', [mountPoint]);
  }
  console.log(readOnlyMount ? 'inputs served through a read-only bind mount' : 'read-only bind mount not permitted: hashes only');
  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
}, 60_000);

afterAll(async () => {
  await api?.dispose();
  if (readOnlyMount) spawnSync('umount', [readFrom]);
  rmSync(root, { recursive: true, force: true });
});

describe('input files are never written', () => {
  test('a whole session with failures and cancellations leaves every input byte, time and mode as it was', async () => {
    const view = await api.openNight({ path: readFrom });
    const lights = view.frames.filter((frame) => frame.classification.type === 'light');
    for (const frame of view.frames.slice(0, 12)) {
      await api.getHeader({ source: { kind: 'raw', frameId: frame.id } }).catch(() => undefined);
      await api.getPreview({ source: { kind: 'raw', frameId: frame.id }, maxSize: 64 }).catch(() => undefined);
    }

    const out = join(root, 'out');
    let done = 0;
    const stop = api.onEvent((event) => {
      if (event.kind === 'frame' && event.status === 'done' && ++done === 4) void api.cancelRun();
    });
    const cancelled = await api.calibrate({ outputDir: out });
    stop();
    expect(cancelled.cancelled).toBe(true);
    const resumed = await api.calibrate({ outputDir: out });
    expect(resumed.cancelled).toBe(false);
    expect(resumed.failed).toBeGreaterThanOrEqual(2); // the cut light and the text file
    await api.calibrate({ outputDir: join(root, 'out-sigma'), combine: 'sigma-clip' });
    await api.setFrameOverride({ frameId: lights[0].id, excluded: true });
    await api.calibrate({ outputDir: join(root, 'out-excluded') });

    const cli = await runCli(['calibrate', readFrom, '--out', join(root, 'out-cli'), '--json'], { env: { XDG_DATA_HOME: join(root, 'data') } });
    expect(cli.code).toBe(1); // some lights failed, the others were written
    const events = cli.stdout.trim().split('\n').map((line) => JSON.parse(line));
    // No failure is about writing: under the read-only mount a write to an input would be EROFS.
    const failures = events.filter((event) => event.event === 'frame' && event.status === 'failed');
    expect(failures.map((event) => event.error.code).sort()).toEqual(['not-fits', 'truncated']);

    expect(fingerprints(night)).toEqual(before);
  }, 180_000);
});
