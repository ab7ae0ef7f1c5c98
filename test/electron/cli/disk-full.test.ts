/**
 * A real full disk and a real read-only folder under the output: a tiny tmpfs mounted for
 * the test (needs root, or CAP_SYS_ADMIN; without it the tests are skipped with a message).
 * The write errors injected at the file layer are in test/electron/pipeline/faults.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { runCli } from '../../support/built-cli';

const mounts: string[] = [];

function mount(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
  if (ok) mounts.push(dir);
  return ok;
}

function remount(dir: string, options: string): void {
  const result = spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`remount ${options} failed: ${result.stderr}`);
}

/** Whether this machine lets the test mount a tmpfs (root in CI and here; not in most sandboxes). */
function canMount(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'nightcal-mount-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' }).status === 0;
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
}

const mountable = process.platform === 'linux' && canMount();
const SKIPPED = 'mounting a tmpfs is not permitted here: skipped';
if (!mountable) console.log(SKIPPED);

let root: string;
let night: string;
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }) as string[];
}

describe.skipIf(!mountable)(mountable ? 'a full or read-only disk under the output folder (tmpfs)' : SKIPPED, () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nightcal-disk-full-'));
    night = join(root, 'night');
    const demo = await runCli(['demo', night, '--size', '64', '--lights', '12'], { env: env() });
    expect(demo.code, demo.stderr).toBe(0);
  }, 60_000);
  afterAll(() => {
    for (const dir of mounts.reverse()) spawnSync('umount', [dir]);
    rmSync(root, { recursive: true, force: true });
  });

  test('disk full mid-run: exit 1, the error names the folder, the run stops cleanly, no partial file; with room again it finishes', async () => {
    const disk = join(root, 'tiny');
    // Room for the masters (4 × 23 KB) and the manifest, not for 12 lights of 23 KB.
    expect(mount(disk, 'size=160k')).toBe(true);
    const out = join(disk, 'out');
    const result = await runCli(['calibrate', night, '--out', out, '--workers', '2', '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a report, not a stack trace
    const done = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(done).toMatchObject({ event: 'done', cancelled: true });
    expect(done.done).toBeLessThan(12);
    expect(done.errors[0].error.code).toBe('write-failed');
    expect(done.errors[0].error.message).toMatch(new RegExp(`^run stopped: the output folder ${join(out, 'Lights')} cannot take more files: .*ENOSPC`));
    expect(filesUnder(disk).filter((name) => name.includes('partial'))).toEqual([]);
    for (const name of readdirSync(join(out, 'Lights'))) {
      const { layout, fileSize } = await readFitsHeader(join(out, 'Lights', name));
      expect(fileSize).toBe(layout.dataOffset + Math.ceil(layout.planeBytes / 2880) * 2880); // whole files only
    }

    remount(disk, 'size=2m');
    const again = await runCli(['calibrate', night, '--out', out, '--workers', '2', '--json'], { env: env() });
    expect(again.code, again.stderr).toBe(0);
    const resumed = JSON.parse(again.stdout.trim().split('\n').at(-1)!);
    // Frames are skipped only if the full disk still let the manifest record them; either way all 12 are there.
    expect(resumed).toMatchObject({ cancelled: false, failed: 0, outputDir: out });
    expect(resumed.done + resumed.skipped).toBe(12);
    expect(readdirSync(join(out, 'Lights'))).toHaveLength(12);
  }, 120_000);

  test('read-only output folder: exit 1 with the folder and the reason, nothing written', async () => {
    const disk = join(root, 'read-only');
    expect(mount(disk, 'size=1m')).toBe(true);
    mkdirSync(join(disk, 'out'));
    remount(disk, 'ro');
    const result = await runCli(['calibrate', night, '--out', join(disk, 'out'), '--workers', '2'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write to the output folder ${join(disk, 'out')}: EROFS`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(filesUnder(disk)).toEqual(['out']);
  }, 60_000);
});
