/** The `nightcal` command line contract that scripts and benchmarks rely on, run from the build. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../support/built-cli';

let root: string;
let night: string;
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-cli-'));
  night = join(root, 'night with spaces');
  const demo = await runCli(['demo', night, '--size', '96', '--lights', '4'], { env: env() });
  expect(demo.code, demo.stderr).toBe(0);
  expect(demo.stdout).toContain('wrote a demo night');
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nightcal scan', () => {
  test('--json gives groups, unclassified files and problems', async () => {
    const result = await runCli(['scan', night, '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['groups', 'unclassified', 'problems']));
    for (const group of report.groups) {
      expect(Object.keys(group)).toEqual(expect.arrayContaining(['type', 'filter', 'exposure', 'binning', 'width', 'height', 'night', 'files']));
    }
    const summary = report.groups.map((g: { type: string; filter: string | null; files: string[] }) => `${g.type}:${g.filter ?? '-'}:${g.files.length}`);
    expect(summary).toEqual(['bias:-:15', 'dark:-:10', 'flat:L:10', 'flat:R:10', 'light:L:2', 'light:R:2']);
    expect(report.groups[0]).toMatchObject({ binning: '1x1', width: 96, height: 96 });
  });

  test('prints a table for people', async () => {
    const result = await runCli(['scan', night], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TYPE\s+FILTER\s+EXPOSURE\s+SETTINGS\s+NIGHT\s+COUNT/);
    expect(result.stdout).toMatch(/flat\s+R\s+2 s\s+.*1x1, 96x96/);
  });
});

describe('nightcal calibrate', () => {
  test('--json: one event per line (scan, master, frame, done) and exit 0', async () => {
    const out = join(root, 'out-json');
    const result = await runCli(['calibrate', night, '--out', out, '--workers', '2', '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const kinds = new Set(events.map((e) => e.event));
    // the totals stay the last line; the review of the lights' quality comes just before them
    expect([...kinds]).toEqual(['scan', 'master', 'frame', 'review', 'done']);
    expect(events.at(-1).event).toBe('done');
    const frames = events.filter((e) => e.event === 'frame');
    expect(frames).toHaveLength(4);
    for (const frame of frames) {
      expect(frame.status).toBe('done');
      expect(typeof frame.ms).toBe('number');
    }
    const done = events.find((e) => e.event === 'done');
    expect(done).toMatchObject({ event: 'done', total: 4, done: 4, failed: 0 });
    expect(existsSync(join(out, 'nightcal-run.json'))).toBe(true);
  });

  test('a second run with the same inputs resumes: nothing is redone', async () => {
    const out = join(root, 'out-json');
    const result = await runCli(['calibrate', night, '--out', out, '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const done = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(done).toMatchObject({ done: 0, skipped: 4, failed: 0, outputDir: out });
  });

  test('--combine sigma-clip is another run: it goes to a new folder, the first is untouched', async () => {
    const out = join(root, 'out-json');
    const result = await runCli(['calibrate', night, '--out', out, '--combine', 'sigma-clip', '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const done = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(done).toMatchObject({ done: 4, outputDir: `${out}-2` });
  });

  test('--no-direct-io writes the same masters and lights through the page cache (the default writes around it where the filesystem allows)', async () => {
    const out = join(root, 'out-buffered');
    const result = await runCli(['calibrate', night, '--out', out, '--no-direct-io', '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const files = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((name) => /\.fits?$/.test(name)).sort();
    expect(files(out)).toEqual(files(join(root, 'out-json')));
    expect(files(out)).toHaveLength(4 + 4); // 4 lights; master bias, dark, flat L, flat R
    const dataUnit = Math.ceil((96 * 96 * 4) / 2880) * 2880;
    for (const name of files(out)) {
      const [buffered, direct] = [out, join(root, 'out-json')].map((dir) => readFileSync(join(dir, name)));
      expect(direct.length % 2880, name).toBe(0);
      expect(direct.subarray(direct.length - dataUnit).equals(buffered.subarray(buffered.length - dataUnit)), name).toBe(true);
    }
  });

  test('on a terminal-less run it prints a summary line', async () => {
    const result = await runCli(['calibrate', night, '--out', join(root, 'out-text')], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/calibrated 4\/4 lights, 0 failed/);
  });

  test('exit 1 when some frames fail, the others still written; the failure names the file', async () => {
    const broken = join(root, 'broken-night');
    await runCli(['demo', broken, '--size', '64', '--lights', '4'], { env: env() });
    const lights = readdirSync(join(broken, 'Lights')).sort();
    truncateSync(join(broken, 'Lights', lights[0]), 5000);
    const result = await runCli(['calibrate', broken, '--json'], { env: env() });
    expect(result.code).toBe(1);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const failed = events.filter((e) => e.event === 'frame' && e.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].error.message).toContain(lights[0]);
    expect(failed[0].error.code).toBe('truncated');
    expect(events.filter((e) => e.event === 'frame' && e.status === 'done')).toHaveLength(3);
  });

  test('exit 2 for bad usage and for nothing to do', async () => {
    expect((await runCli(['calibrate'], { env: env() })).code).toBe(2);
    expect((await runCli(['calibrate', night, '--combine', 'mean'], { env: env() })).code).toBe(2);
    expect((await runCli(['calibrate', night, '--workers', 'zero'], { env: env() })).code).toBe(2);
    expect((await runCli(['calibrate', night, '--direct-io', '--no-direct-io'], { env: env() })).code).toBe(2);
    expect((await runCli(['frobnicate'], { env: env() })).code).toBe(2);
    expect((await runCli(['calibrate', join(root, 'no-such-night')], { env: env() })).code).toBe(2);
    const nothing = join(root, 'no-fits');
    mkdirSync(join(nothing, 'sub'), { recursive: true });
    writeFileSync(join(nothing, 'sub', 'notes.txt'), 'clear skies');
    const result = await runCli(['calibrate', nothing], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no FITS files found in ${nothing} (searched 2 folders)`);
  });

  test('a night of calibration frames only (a darks session) builds and writes its masters, exit 0', async () => {
    const session = join(root, 'no-lights');
    await runCli(['demo', session, '--size', '32', '--lights', '1'], { env: env() });
    rmSync(join(session, 'Lights'), { recursive: true });
    const result = await runCli(['calibrate', session], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/no lights: built 4 masters → /);
    expect(readdirSync(join(session, 'calibrated', 'masters')).filter((name) => name.endsWith('.fits'))).toHaveLength(4);
  });

  test('refuses an output folder that holds raw frames, and writes nothing', async () => {
    const result = await runCli(['calibrate', night, '--out', join(night, 'Lights')], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds the input frame/);
    expect(readdirSync(join(night, 'Lights')).every((name) => name.endsWith('.fit'))).toBe(true);
  });
});

describe('nightcal demo', () => {
  // A guard: were a refusal to fail, the command would start writing gigabytes.
  const guard = { killAfterMs: 20_000 };

  test('takes the bounds of the one limits table: --lights 1 to 2000, --size 16 to 8192', async () => {
    const dir = join(root, 'demo-bounds');
    const tooMany = await runCli(['demo', dir, '--size', '16', '--lights', '2001'], { env: env(), ...guard });
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('--lights must be a whole number from 1 to 2000');
    expect((await runCli(['demo', dir, '--size', '15'], { env: env(), ...guard })).stderr).toContain('--size must be a whole number from 16 to 8192');
    expect(existsSync(dir)).toBe(false);
    const smallest = await runCli(['demo', dir, '--size', '16', '--lights', '1'], { env: env() });
    expect(smallest.code, smallest.stderr).toBe(0);
    expect(readdirSync(join(dir, 'Lights'))).toHaveLength(1);
  });

  test('refuses a night that would fill a disk, says how big it would be, and writes nothing', async () => {
    const dir = join(root, 'demo-huge');
    const huge = await runCli(['demo', dir, '--size', '8192', '--lights', '1'], { env: env(), ...guard });
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('the demo night would take 5.75 GiB (46 frames of 8192×8192 16-bit pixels), more than the 4 GiB a demo may take');
    // Five filters: 50 flats count too.
    const filters = await runCli(['demo', dir, '--size', '4096', '--lights', '60', '--filters', 'L,R,G,B,Ha'], { env: env(), ...guard });
    expect(filters.code).toBe(2);
    expect(filters.stderr).toContain('would take 4.22 GiB (135 frames of 4096×4096');
    expect(existsSync(dir)).toBe(false);
  });
});

test('--version, --help, and --help for every command', async () => {
  expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const help = await runCli(['--help']);
  expect(help.code).toBe(0);
  for (const command of ['scan', 'calibrate', 'report', 'demo', 'serve']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  for (const [command, option] of [['scan', '--json'], ['calibrate', '--io-timeout S'], ['calibrate', '--reject RULES'], ['report', '--reject RULES'], ['demo', '--varied'], ['serve', '--root DIR']]) {
    const own = await runCli([command, '--help']);
    expect(own.code, `${command} --help`).toBe(0);
    expect(own.stdout).toContain(`nightcal ${command}`);
    expect(own.stdout).toContain(option);
  }
  const wrong = await runCli(['calibrate', '--frobnicate']);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain("Unknown option '--frobnicate'");
  expect(wrong.stderr).toContain('nightcal calibrate <night>');
});

