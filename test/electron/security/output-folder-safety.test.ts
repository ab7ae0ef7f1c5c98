/**
 * The output folder under attack, through the built command: removed while lights are being
 * written (item 6), outputs and inputs changed behind NightCal's back between runs (item 7), two
 * runs on one folder at once and a lock left by a dead run (item 8). Where a moment must fall
 * inside a run, the command is stopped (SIGSTOP) at a --json event, the change is made, and it
 * goes on (SIGCONT): the same moment every time, however fast the machine (cli-nights.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, startCli } from '../../support/built-cli';
import { DemoNights, doneEvent, fingerprints, frameOutcomes, leftovers, lightNames, whileStopped, type CliEvent } from './cli-nights';

let root: string;
let nights: DemoNights;
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });
const GUARD = { killAfterMs: 60_000 };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-out-safety-'));
  nights = new DemoNights(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const calibrateArgs = (night: string, out: string, ...extra: string[]): string[] => ['calibrate', night, '--out', out, '--json', '--workers', '2', ...extra];
const parse = (line: string): CliEvent => JSON.parse(line) as CliEvent;

describe('item 6: the output folder removed while lights are being written', () => {
  test('--json: exit 1, the run says the folder was removed, and neither the summary nor the frames claim an output that is gone', async () => {
    const night = await nights.copy(join(root, 'six', 'night'), { size: 256, lights: 40 });
    const before = fingerprints(night);
    const out = join(root, 'six', 'out');
    const run = startCli(calibrateArgs(night, out), { env: env(), ...GUARD });
    await run.waitForLine((line) => {
      const e = parse(line);
      if (e.event !== 'frame' || e.status !== 'done') return false;
      whileStopped(run.child, () => rmSync(out, { recursive: true, force: true }));
      return true;
    });
    const result = await run.ended;

    expect(result.code, result.stderr).toBe(1);
    const done = doneEvent(result.stdout)!;
    expect(done.cancelled).toBe(true);
    const runErrors = done.errors.filter((e) => e.scope === 'run').map((e) => e.error.message);
    expect(runErrors.some((message) => message.includes(`${out}`) && message.includes('no longer exists: it was removed while NightCal was writing into it'))).toBe(true);
    // The workers never made the folder again: whatever is claimed is there.
    const claimedLights = [...frameOutcomes(result.stdout).values()].filter((f) => f.status === 'done' || f.status === 'skipped');
    for (const frame of claimedLights) expect(existsSync(frame.outputPath!), frame.outputPath!).toBe(true);
    expect(done.done).toBe(claimedLights.length);
    for (const master of done.masters) expect(existsSync(master.path), master.path).toBe(true);
    if (existsSync(out)) {
      expect(leftovers(out)).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(out, 'nightcal-run.json'), 'utf8'));
      for (const frame of Object.values(manifest.frames) as { status: string; outputPath: string }[]) {
        if (frame.status === 'done' || frame.status === 'skipped') expect(existsSync(frame.outputPath)).toBe(true);
      }
    }
    expect(fingerprints(night)).toEqual(before);

    // The same command again finishes the night.
    const again = await runCli(calibrateArgs(night, out), { env: env(), ...GUARD });
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(join(out, 'Lights'))).toHaveLength(40);
  }, 120_000);

  test('in a terminal: the last lines never say every light was calibrated', async () => {
    const night = await nights.copy(join(root, 'six-text', 'night'), { size: 256, lights: 40 });
    const out = join(root, 'six-text', 'out');
    const run = startCli(['calibrate', night, '--out', out, '--workers', '2'], { env: env(), ...GUARD });
    // Without --json, progress goes to stderr: remove the folder once the first master is written.
    await new Promise<void>((resolveRemoved) => {
      let removed = false;
      run.child.stderr.on('data', (chunk: Buffer) => {
        if (removed || !/master \S+: done in/.test(String(chunk))) return;
        removed = true;
        whileStopped(run.child, () => rmSync(out, { recursive: true, force: true }));
        resolveRemoved();
      });
      void run.ended.then(() => resolveRemoved());
    });
    const result = await run.ended;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no longer exists: it was removed while NightCal was writing into it/);
    expect(result.stderr).not.toMatch(/calibrated (\d+)\/\1 lights, 0 failed/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe('item 7: resume trusts only whole outputs of unchanged inputs', () => {
  test('a cut output and a light changed with its size and time put back are redone; a light only touched is kept', async () => {
    const night = await nights.copy(join(root, 'seven', 'night'), { size: 64, lights: 8 });
    const out = join(root, 'seven', 'out');
    const names = lightNames(night);
    const [cut, changed, touched] = [names[1], names[4], names[6]];
    const changedPath = join(night, 'Lights', changed);
    const fixed = new Date('2026-03-14T23:00:00Z'); // whole seconds: utimes puts them back exactly
    utimesSync(changedPath, fixed, fixed);
    const first = await runCli(calibrateArgs(night, out), { env: env(), ...GUARD });
    expect(first.code, first.stderr).toBe(0);

    truncateSync(join(out, 'Lights', cut), 2880 * 2);
    const bytes = readFileSync(changedPath);
    bytes[bytes.length - 1000] ^= 0x10;
    writeFileSync(changedPath, bytes);
    utimesSync(changedPath, fixed, fixed);
    expect(statSync(changedPath).mtimeMs).toBe(fixed.getTime());
    const later = new Date(Date.now() + 120_000);
    utimesSync(join(night, 'Lights', touched), later, later);

    const again = await runCli(calibrateArgs(night, out), { env: env(), ...GUARD });
    expect(again.code, again.stderr).toBe(0);
    const outcomes = frameOutcomes(again.stdout);
    const redone = [...outcomes.values()].filter((f) => f.status === 'done').map((f) => f.frameId).sort();
    expect(redone).toEqual([`Lights/${cut}`, `Lights/${changed}`].sort());
    expect(outcomes.get(`Lights/${touched}`)!.status).toBe('skipped');
    expect(doneEvent(again.stdout)).toMatchObject({ done: 2, skipped: 6, failed: 0 });
    expect(statSync(join(out, 'Lights', cut)).size).toBe(statSync(join(out, 'Lights', names[0])).size);
  }, 60_000);
});

describe('item 8: one run per output folder', () => {
  test('a second run while the first holds the folder exits with a message naming the holder; the first finishes; no partial file or lock is left', async () => {
    const night = await nights.copy(join(root, 'eight', 'night'), { size: 128, lights: 12 });
    const out = join(root, 'eight', 'out');
    const first = startCli(calibrateArgs(night, out), { env: env(), ...GUARD });
    // Masters are building: the folder is claimed and locked. Hold the first run there.
    await first.waitForLine((line) => parse(line).event === 'master');
    first.child.kill('SIGSTOP');
    let second;
    try {
      second = await runCli(calibrateArgs(night, out, '--combine', 'sigma-clip'), { env: env(), ...GUARD });
    } finally {
      first.child.kill('SIGCONT');
    }
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`the output folder ${out} is in use by NightCal (pid ${first.child.pid} on ${hostname()}`);
    expect(second.stdout).not.toMatch(/"event":"frame"/);

    const result = await first.ended;
    expect(result.code, result.stderr).toBe(0);
    expect(doneEvent(result.stdout)).toMatchObject({ outputDir: out, done: 12, failed: 0 });
    const manifest = JSON.parse(readFileSync(join(out, 'nightcal-run.json'), 'utf8'));
    expect(manifest.settings.combine).toBe('median');
    expect(Object.values(manifest.frames).every((f) => (f as { status: string }).status === 'done')).toBe(true);
    expect(leftovers(out)).toEqual([]);
  }, 60_000);

  test('two runs started together: each either runs or stops at the lock; afterwards the folder holds one whole run, no partial file, no lock', async () => {
    const night = await nights.copy(join(root, 'eight-b', 'night'), { size: 128, lights: 12 });
    const out = join(root, 'eight-b', 'out');
    const [a, b] = await Promise.all([
      runCli(calibrateArgs(night, out), { env: env(), ...GUARD }),
      runCli(calibrateArgs(night, out, '--combine', 'sigma-clip'), { env: env(), ...GUARD }),
    ]);
    for (const result of [a, b]) {
      if (result.code !== 0) {
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`the output folder ${out}(-2)? is (in use by NightCal \\(pid \\d+ on |being locked by another NightCal run)`));
      }
    }
    expect([a, b].some((result) => result.code === 0)).toBe(true);
    // A median and a sigma-clip run are different runs: one may have been passed over to -2.
    for (const dir of [out, `${out}-2`].filter((d) => existsSync(d))) {
      expect(leftovers(dir)).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(dir, 'nightcal-run.json'), 'utf8'));
      const statuses = Object.values(manifest.frames).map((f) => (f as { status: string }).status);
      if (manifest.finishedAt) expect(statuses.every((s) => s === 'done')).toBe(true);
      for (const frame of Object.values(manifest.frames) as { status: string; outputPath: string }[]) {
        if (frame.status === 'done') expect(existsSync(frame.outputPath), frame.outputPath).toBe(true);
      }
    }
  }, 60_000);

  test('a lock left by a run that died (its pid is gone) is taken over; one held by a live process is not', async () => {
    const night = await nights.copy(join(root, 'eight-c', 'night'), { size: 64, lights: 4 });
    const out = join(root, 'eight-c', 'out');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lock = (pid: number, host = hostname()) => JSON.stringify({ pid, host, startedAt: '2026-03-14T22:00:00.000Z', command: 'nightcal calibrate' });
    writeFileSync(join(out, '.nightcal-lock'), `${lock(Number(dead.stdout))}\n`);
    const taken = await runCli(calibrateArgs(night, out), { env: env(), ...GUARD });
    expect(taken.code, taken.stderr).toBe(0);
    expect(doneEvent(taken.stdout)).toMatchObject({ outputDir: out, done: 4 });
    expect(leftovers(out)).toEqual([]);

    // This test's own process is alive: its lock is respected, and so is one from another host.
    for (const [pid, host] of [[process.pid, hostname()], [1, 'observatory-pc']] as const) {
      writeFileSync(join(out, '.nightcal-lock'), `${lock(pid, host)}\n`);
      const refused = await runCli(calibrateArgs(night, out, '--redo'), { env: env(), ...GUARD });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`is in use by NightCal (pid ${pid} on ${host}, since 2026-03-14T22:00:00.000Z)`);
      expect(readFileSync(join(out, '.nightcal-lock'), 'utf8')).toContain(`"pid":${pid}`);
    }
  }, 60_000);
});
