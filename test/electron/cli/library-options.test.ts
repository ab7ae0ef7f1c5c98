/**
 * The command line with calibration libraries: --library DIR (repeatable), the default library
 * in the data folder (used where it exists), --no-library, and what scan and calibrate say of
 * the library masters a night gets. Run from the build.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../support/built-cli';

let root: string;
let library: string;
let lightsOnly: string;
const env = (data = 'data'): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, data) });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-cli-library-'));
  const full = join(root, 'full');
  expect((await runCli(['demo', full, '--size', '64', '--lights', '2'], { env: env() })).code).toBe(0);
  const built = await runCli(['calibrate', full, '--out', join(root, 'built'), '--workers', '2', '--no-library'], { env: env() });
  expect(built.code, built.stderr).toBe(0);
  // The library: the bias and darks of that night; the night calibrated with it: the same camera's lights and flats only.
  library = join(root, 'library');
  mkdirSync(join(library, 'masters'), { recursive: true });
  for (const name of readdirSync(join(root, 'built', 'masters'))) if (/^master_(bias|dark)_/.test(name)) cpSync(join(root, 'built', 'masters', name), join(library, 'masters', name));
  lightsOnly = join(root, 'lights-only');
  for (const folder of ['Lights', 'Flats']) cpSync(join(full, folder), join(lightsOnly, folder), { recursive: true });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface ScanReport {
  readonly libraries: readonly { root: string; masters: number; used: readonly { masterId: string; origin: string }[] }[];
  readonly lightGroups: readonly { steps: Record<'bias' | 'dark' | 'flat', { status: string; reason: string }> }[];
}

describe('nightcal scan and calibrate with a library', () => {
  test('--library: every light group gets the library’s bias and dark, and the report says which', async () => {
    const result = await runCli(['scan', lightsOnly, '--library', library, '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ScanReport;
    expect(report.libraries.map((l) => [l.root, l.masters])).toEqual([[library, readdirSync(join(library, 'masters')).length]]);
    expect(report.libraries[0].used.length).toBeGreaterThanOrEqual(2);
    for (const group of report.lightGroups) {
      expect(group.steps.bias.status).toBe('applied');
      expect(group.steps.dark.status).toBe('applied');
      expect(group.steps.dark.reason).toMatch(/^library master dark/);
    }
    const table = await runCli(['scan', lightsOnly, '--library', library], { env: env() });
    expect(table.stdout).toMatch(/Calibration libraries:\n {2}.*library: \d+ masters, \d+ used/);
    expect(table.stdout).toMatch(/uses library .* · masters\/master_dark_/);
  });

  test('the default library in the data folder is used where it exists; --no-library leaves it out', async () => {
    cpSync(library, join(root, 'data-default', 'nightcal', 'library'), { recursive: true });
    const withDefault = JSON.parse((await runCli(['scan', lightsOnly, '--json'], { env: env('data-default') })).stdout) as ScanReport;
    expect(withDefault.libraries.map((l) => l.root)).toEqual([join(root, 'data-default', 'nightcal', 'library')]);
    expect(withDefault.lightGroups.every((g) => g.steps.dark.status === 'applied')).toBe(true);
    const without = JSON.parse((await runCli(['scan', lightsOnly, '--no-library', '--json'], { env: env('data-default') })).stdout) as ScanReport;
    expect(without.libraries).toEqual([]);
    expect(without.lightGroups.every((g) => g.steps.dark.status === 'missing' && /no darks taken/.test(g.steps.dark.reason))).toBe(true);
    // No default library at all: nothing is used and nothing is said of one.
    const none = JSON.parse((await runCli(['scan', lightsOnly, '--json'], { env: env('data-empty') })).stdout) as ScanReport;
    expect(none.libraries).toEqual([]);
  });

  test('a library that is not there is a warning of the night, not a failure', async () => {
    const result = await runCli(['scan', lightsOnly, '--library', join(root, 'nowhere'), '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ScanReport & { problems: { code: string; message: string }[] };
    expect(report.problems).toContainEqual(expect.objectContaining({ code: 'library', message: `calibration library ${join(root, 'nowhere')}: no library folder at ${join(root, 'nowhere')}` }));
  });

  test('--library with --no-library is bad usage', async () => {
    const result = await runCli(['scan', lightsOnly, '--library', library, '--no-library'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--library and --no-library cannot both be given');
  });

  test('calibrate --library: every light calibrated with bias and dark, the library named in the output', async () => {
    const result = await runCli(['calibrate', lightsOnly, '--library', library, '--workers', '2'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/uses library .* · masters\/master_bias_/);
    expect(result.stderr).toMatch(/calibrated 2\/2 lights/);
    expect(result.stderr).not.toMatch(/without a dark|without a bias/);
    // A library master is read from the library, never written there.
    expect(result.stderr).toMatch(/master lib_dark_\S+: read in [\d.]+ s from the library: .*\/library\/masters\/master_dark_/);
    expect(result.stderr).not.toMatch(/→ .*\/library\//);
  });

  test('calibrate --save-masters stores the night’s own masters in the library, once; a library master is not stored again', async () => {
    const saved = join(root, 'saved-library');
    const first = await runCli(['calibrate', join(root, 'full'), '--out', join(root, 'save-1'), '--workers', '2', '--library', saved, '--save-masters'], { env: env() });
    expect(first.code, first.stderr).toBe(0);
    const files = readdirSync(saved, { recursive: true }).map(String).filter((name) => name.endsWith('.fits')).sort();
    // The demo night's bias, dark and two flats, by kind.
    expect(files).toEqual([expect.stringMatching(/^masters\/bias\/master_bias_/), expect.stringMatching(/^masters\/dark\/master_dark_/), expect.stringMatching(/^masters\/flat\/master_flat_L_/), expect.stringMatching(/^masters\/flat\/master_flat_R_/)]);
    expect(first.stderr).toMatch(/4 masters? added|added 4|4 stored/i);
    // Again, into another output folder: the same masters (their DATE aside) are already there.
    const second = await runCli(['calibrate', join(root, 'full'), '--out', join(root, 'save-2'), '--workers', '2', '--library', saved, '--save-masters'], { env: env() });
    expect(second.code, second.stderr).toBe(0);
    expect(readdirSync(saved, { recursive: true }).map(String).filter((name) => name.endsWith('.fits')).sort()).toEqual(files);
  });
});
