/**
 * Item 10: a file that never answers never hangs a run. A FIFO in place of a light at scan time
 * and one swapped in after the scan fail as that frame; a read stuck in the kernel (a blocking
 * open of a FIFO nobody writes to, injected into the built command's worker threads by
 * test/support/io-fault-preload.mjs: what a dead network mount does) fails its frame after
 * --io-timeout and the process still ends, saying its status; Ctrl-C once stops the run after
 * the cancel grace, twice at once. Every run is guarded: one that hangs is killed (its code is
 * then null and the test fails).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, startCli } from '../../support/built-cli';
import { DemoNights, doneEvent, fingerprints, frameOutcomes, IO_FAULT_PRELOAD, leftovers, lightNames, whileStopped, type CliEvent } from './cli-nights';

let root: string;
let nights: DemoNights;
/** A FIFO nobody ever opens for writing: opening it to read blocks for ever. */
let deadFifo: string;
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });
const GUARD = { killAfterMs: 30_000 };

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`mkfifo ${path}: ${made.stderr}`);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-stuck-io-'));
  nights = new DemoNights(root);
  deadFifo = join(root, 'nobody-writes-here');
  mkfifo(deadFifo);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const calibrateArgs = (night: string, out: string, ...extra: string[]): string[] => ['calibrate', night, '--out', out, '--json', '--workers', '2', ...extra];

/** The built command with reads of `match` stuck in the kernel. */
const hangEnv = (match: string): NodeJS.ProcessEnv => ({ ...env(), NODE_OPTIONS: `--import=${IO_FAULT_PRELOAD}`, NIGHTCAL_TEST_HANG_MATCH: match, NIGHTCAL_TEST_HANG_FIFO: deadFifo });

describe('item 10: FIFOs, devices and reads that never return', () => {
  test('a FIFO (and, where mknod is permitted, a device) named like a light at scan time is listed as unreadable and fails alone; the run completes', async () => {
    const night = await nights.copy(join(root, 'fifo-scan', 'night'), { size: 64, lights: 4 });
    mkfifo(join(night, 'Lights', 'x.fits'));
    // A character device (/dev/zero's numbers): reading it never ends. Creating one needs root.
    const device = spawnSync('mknod', [join(night, 'Lights', 'y.fits'), 'c', '1', '5']).status === 0;
    if (!device) console.log('mknod not permitted here: the device case is skipped');
    const scan = await runCli(['scan', night, '--json'], { env: env(), ...GUARD });
    expect(scan.code, scan.stderr).toBe(0);
    const problems = (JSON.parse(scan.stdout).problems as { message: string }[]).map((p) => p.message);
    expect(problems).toContain(`${join(night, 'Lights', 'x.fits')}: a FIFO (named pipe), not a FITS file: skipped`);
    if (device) expect(problems).toContain(`${join(night, 'Lights', 'y.fits')}: a device, not a FITS file: skipped`);

    const result = await runCli(calibrateArgs(night, join(root, 'fifo-scan', 'out')), { env: env(), ...GUARD });
    expect(result.code).toBe(1);
    const outcomes = frameOutcomes(result.stdout);
    expect(outcomes.get('Lights/x.fits')).toMatchObject({ status: 'failed', error: { code: 'not-a-file' } });
    if (device) expect(outcomes.get('Lights/y.fits')).toMatchObject({ status: 'failed', error: { code: 'not-a-file' } });
    const odd = device ? 2 : 1;
    expect(doneEvent(result.stdout)).toMatchObject({ total: 4 + odd, done: 4, failed: odd });
  }, 60_000);

  test('a light replaced by a FIFO after the scan fails with a message naming it; the others are written and the run ends', async () => {
    const night = await nights.copy(join(root, 'fifo-swap', 'night'), { size: 64, lights: 4 });
    const swapped = lightNames(night).at(-1)!;
    const run = startCli(calibrateArgs(night, join(root, 'fifo-swap', 'out')), { env: env(), ...GUARD });
    await run.waitForLine((line) => {
      if ((JSON.parse(line) as CliEvent).event !== 'scan') return false;
      whileStopped(run.child, () => {
        rmSync(join(night, 'Lights', swapped));
        mkfifo(join(night, 'Lights', swapped));
      });
      return true;
    });
    const result = await run.ended;
    expect(result.code).toBe(1);
    const outcome = frameOutcomes(result.stdout).get(`Lights/${swapped}`)!;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'not-a-file' } });
    expect(outcome.error!.message).toContain(join(night, 'Lights', swapped));
    expect(outcome.error!.message).toMatch(/FIFO/);
    expect(doneEvent(result.stdout)).toMatchObject({ total: 4, done: 3, failed: 1 });
  }, 60_000);

  test('a read stuck in the kernel: that frame fails after --io-timeout 2 naming the file, the others are written, the process ends saying its status', async () => {
    const night = await nights.copy(join(root, 'hang', 'night'), { size: 64, lights: 4 });
    const before = fingerprints(night);
    const stuck = lightNames(night).at(-1)!;
    const out = join(root, 'hang', 'out');
    const result = await startCli(calibrateArgs(night, out, '--io-timeout', '2'), { env: hangEnv(stuck), ...GUARD }).ended;

    expect(result.signal ?? result.code).not.toBeNull();
    expect(result.seconds).toBeLessThan(20);
    const outcome = frameOutcomes(result.stdout).get(`Lights/${stuck}`)!;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(outcome.error!.message).toBe(`${join(night, 'Lights', stuck)}: no answer within 2 s (--io-timeout): is the file on a disk or network share that stopped responding?`);
    expect(doneEvent(result.stdout)).toMatchObject({ total: 4, done: 3, failed: 1 });
    // The stuck thread cannot be stopped, so the process is killed once everything is written, and says with which status.
    expect(result.stderr).toContain('exiting without waiting for it (status 1)');
    expect(result.stderr).not.toContain('[object Object]');
    const manifest = JSON.parse(readFileSync(join(out, 'nightcal-run.json'), 'utf8'));
    expect(manifest.frames[`Lights/${stuck}`]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(leftovers(out)).toEqual([]);
    expect(fingerprints(night)).toEqual(before);
  }, 60_000);

  test('resuming with an earlier output that gives no answer: its check gives up after --io-timeout, the light is tried again and fails alone, the run ends', async () => {
    const night = await nights.copy(join(root, 'hang-resume', 'night'), { size: 64, lights: 4 });
    const out = join(root, 'hang-resume', 'out');
    expect((await runCli(calibrateArgs(night, out), { env: env(), ...GUARD })).code).toBe(0);
    const stuck = lightNames(night)[1];
    // Every open of the earlier output hangs: reading it back to check it, and looking at it before it is replaced.
    const result = await startCli(calibrateArgs(night, out, '--io-timeout', '2'), { env: hangEnv(join(out, 'Lights', stuck)), ...GUARD }).ended;
    expect(result.seconds).toBeLessThan(20);
    const outcome = frameOutcomes(result.stdout).get(`Lights/${stuck}`);
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(doneEvent(result.stdout)).toMatchObject({ done: 0, skipped: 3, failed: 1 });
    expect(result.stderr).toContain('exiting without waiting for it (status 1)');
    expect(leftovers(out)).toEqual([]);
  }, 60_000);

  test('a slow disk that answers every read: --io-timeout counts each task from when a worker takes it, never its wait in the queue', async () => {
    const night = await nights.copy(join(root, 'slow', 'night'), { size: 64, lights: 4 });
    // Every bias frame takes 0.1 s to open: a strip of the master bias reads 15 of them (1.5 s),
    // its 4 strips on one worker take 6 s, each well within --io-timeout 3.
    const slow = { ...env(), NODE_OPTIONS: `--import=${IO_FAULT_PRELOAD}`, NIGHTCAL_TEST_SLOW_MATCH: `${join(night, 'Bias')}/`, NIGHTCAL_TEST_SLOW_MS: '100' };
    const result = await runCli(['calibrate', night, '--out', join(root, 'slow', 'out'), '--json', '--workers', '1', '--io-timeout', '3'], { env: slow, ...GUARD });
    expect(result.code, result.stdout.split('\n').filter((line) => line.includes('failed')).join('\n')).toBe(0);
    expect(doneEvent(result.stdout)).toMatchObject({ done: 4, failed: 0, errors: [] });
  }, 60_000);

  test('Ctrl-C while the masters are built, nothing stuck: exit 1 "cancelled", never a worker reported stuck nor the process killed', async () => {
    const night = await nights.copy(join(root, 'interrupt-masters', 'night'), { size: 128, lights: 4 });
    const run = startCli(calibrateArgs(night, join(root, 'interrupt-masters', 'out')), { env: env(), ...GUARD });
    await run.waitForLine((line) => (JSON.parse(line) as CliEvent).event === 'master');
    run.child.kill('SIGINT');
    const result = await run.ended;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nightcal: cancelled by the user');
    expect(result.stderr).not.toContain('given up while reading');
  }, 60_000);

  test.each([
    ['twice', 2, 5],
    ['once', 1, 15],
  ])('Ctrl-C %s during a stuck read: the process is gone within seconds', async (_label, presses, withinSeconds) => {
    const night = await nights.copy(join(root, `interrupt-${presses}`, 'night'), { size: 64, lights: 4 });
    const stuck = lightNames(night).at(-1)!;
    const out = join(root, `interrupt-${presses}`, 'out');
    const run = startCli(calibrateArgs(night, out), { env: hangEnv(stuck), ...GUARD });
    // The three other lights are written: the fourth is the one stuck in the kernel.
    let written = 0;
    await run.waitForLine((line) => {
      const e = JSON.parse(line) as CliEvent;
      return e.event === 'frame' && e.status === 'done' && ++written === 3;
    });
    const pressed = performance.now();
    run.child.kill('SIGINT');
    if (presses === 2) {
      await new Promise((resolveLater) => setTimeout(resolveLater, 200));
      run.child.kill('SIGINT');
    }
    const result = await run.ended;
    const seconds = (performance.now() - pressed) / 1000;
    expect(result.signal === 'SIGKILL' && seconds >= GUARD.killAfterMs / 1000 - 1, 'killed by the guard: the process did not end').toBe(false);
    expect(seconds).toBeLessThan(withinSeconds);
    if (presses === 2) expect(result.stderr).toContain('stopped at once (a second Ctrl-C)');
    else {
      expect(result.stderr).toContain('exiting without waiting for it (status 1)');
      expect(doneEvent(result.stdout)).toMatchObject({ cancelled: true, done: 3 });
      expect(existsSync(join(out, '.nightcal-lock'))).toBe(false);
    }
  }, 60_000);
});
