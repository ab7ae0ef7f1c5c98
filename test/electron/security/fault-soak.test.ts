/**
 * Fault-injection soak of the built command: on a small generated night, rounds of random
 * faults at random moments of `nightcal calibrate` — kill -9 or Ctrl-C while the masters are
 * built and while the lights are written, the output folder removed, a full disk (a small tmpfs,
 * where mounting is permitted), a raw light changed while the run reads the night — and after
 * each one the same command without faults. A faulted run that ends by itself may claim only
 * outputs that are there (its frames, its summary's masters, its manifest; exit 0 only when all
 * are written). The rerun must leave exactly what an uninterrupted
 * run writes (pixels bit for bit; headers equal but for the time stamps of DATE and HISTORY), no
 * partial file and no lock, and every raw frame must keep its sha256.
 * Seeded: NIGHTCAL_SOAK_SEED=<n> replays a soak, NIGHTCAL_SOAK_ROUNDS=<n> sets its length.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { runCli, startCli } from '../../support/built-cli';
import { makeRandom } from '../../shared/pixels/seeded-random';
import { DemoNights, doneEvent, fingerprints, frameOutcomes, leftovers, lightNames, whileStopped, type CliEvent } from './cli-nights';

const SEED = Number(process.env.NIGHTCAL_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = Number(process.env.NIGHTCAL_SOAK_ROUNDS ?? 8);
const LIGHTS = 12;
const FAULTS = ['kill -9 during masters', 'kill -9 during lights', 'Ctrl-C during masters', 'Ctrl-C during lights', 'output folder removed', 'disk full', 'raw light changed'] as const;
type Fault = (typeof FAULTS)[number];
const GUARD = { killAfterMs: 30_000 };

let root: string;
let night: string;
let reference: Map<string, ComparableFile>;
let rawBefore: Map<string, string>;
const mounts: string[] = [];
const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: join(root, 'data') });
const calibrateArgs = (out: string): string[] => ['calibrate', night, '--out', out, '--json', '--workers', '2'];

/** A FITS output as compared: its header cards with time stamps masked, and its data bytes. */
interface ComparableFile {
  readonly cards: readonly string[];
  readonly data: Buffer;
}

const TIME_STAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?/g;

async function comparable(path: string): Promise<ComparableFile> {
  const { layout } = await readFitsHeader(path);
  const bytes = readFileSync(path);
  const cards: string[] = [];
  for (let at = 0; at < layout.dataOffset; at += 80) {
    const card = bytes.toString('latin1', at, at + 80);
    if (card.startsWith('DATE    =')) cards.push('DATE    = (masked)');
    else if (card.startsWith('HISTORY')) cards.push(card.replace(TIME_STAMP, '(time)'));
    else cards.push(card);
  }
  return { cards, data: bytes.subarray(layout.dataOffset) };
}

/** Every FITS file NightCal wrote under `out` (masters and lights), by relative path. */
async function outputsOf(out: string): Promise<Map<string, ComparableFile>> {
  const names = (readdirSync(out, { recursive: true }) as string[]).filter((name) => /\.fits?$/.test(name)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await comparable(join(out, name))] as const)));
}

/**
 * A run that ended by itself claims only what is there: every light it last reported written or
 * kept is a file, so is every master of its summary and every output its manifest records; exit 0
 * only with every light written or kept.
 */
function expectHonest(result: { code: number | null; stdout: string }, out: string, what: string): void {
  const claimed = [...frameOutcomes(result.stdout).values()].filter((f) => f.status === 'done' || f.status === 'skipped');
  for (const frame of claimed) expect(existsSync(frame.outputPath!), `${what}: ${frame.outputPath} claimed`).toBe(true);
  const done = doneEvent(result.stdout);
  for (const master of done?.masters ?? []) expect(existsSync(master.path), `${what}: ${master.path} claimed`).toBe(true);
  if (result.code === 0) expect(claimed.length, `${what}: exit 0`).toBe(LIGHTS);
  const manifestPath = join(out, 'nightcal-run.json');
  if (!existsSync(manifestPath)) return;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { frames: Record<string, { status: string; outputPath: string | null }> };
  for (const frame of Object.values(manifest.frames)) {
    if (frame.status === 'done' || frame.status === 'skipped') expect(existsSync(frame.outputPath!), `${what}: the manifest records ${frame.outputPath}`).toBe(true);
  }
}

function mount(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
  if (ok) mounts.push(dir);
  return ok;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-soak-'));
  night = await new DemoNights(root).copy(join(root, 'night'), { size: 128, lights: LIGHTS, seed: 7 });
  rawBefore = fingerprints(night);
  const ref = await runCli(calibrateArgs(join(root, 'reference')), { env: env(), ...GUARD });
  expect(ref.code, ref.stderr).toBe(0);
  reference = await outputsOf(join(root, 'reference'));
  expect(reference.size).toBe(LIGHTS + 4);
}, 60_000);
afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync('umount', [dir]);
  rmSync(root, { recursive: true, force: true });
});

describe('fault-injection soak', () => {
  test(`${ROUNDS} rounds of random faults, each followed by a clean rerun that equals an uninterrupted run`, async () => {
    const random = makeRandom(SEED);
    const pick = (n: number): number => Math.floor(random() * n);
    console.log(`fault soak: seed ${SEED} (NIGHTCAL_SOAK_SEED=${SEED} replays it), ${ROUNDS} rounds`);
    // Every kind of fault comes up once before any comes up twice.
    const order = [...FAULTS].sort(() => random() - 0.5);
    const lights = lightNames(night);
    const { layout: lightLayout } = await readFitsHeader(join(night, 'Lights', lights[0]));
    const log: string[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      let fault: Fault = order[round % order.length];
      let out = join(root, `out-${round}`);
      if (fault === 'disk full') {
        const disk = join(root, `disk-${round}`);
        // Room for the masters (4 × 69 KB) and the manifest, and for a few of the 12 lights or none.
        const sizeKB = 380 + pick(400);
        if (mount(disk, `size=${sizeKB}k`)) out = join(disk, 'out');
        else {
          log.push(`round ${round}: disk full skipped: mounting a tmpfs is not permitted here; kill -9 during lights instead`);
          fault = 'kill -9 during lights';
        }
      }
      const masterEvents = 1 + pick(4);
      // A light is changed while lights are being written, among those not yet in a worker's hands; the
      // folder is removed while some lights are left (once the run has made its last check, a folder
      // removed is no claim of the run's).
      const frameEvents = 1 + pick(fault === 'raw light changed' ? LIGHTS - 5 : fault === 'output folder removed' ? LIGHTS - 4 : LIGHTS - 1);
      const delayMs = pick(fault.includes('masters') ? 30 : 10);
      const duringMasters = fault.includes('masters');
      let changed = null as { name: string; bytes: Buffer } | null; // set inside whileStopped

      const run = startCli(calibrateArgs(out), { env: env(), ...GUARD });
      let seen = 0;
      let landed = fault === 'disk full';
      if (fault !== 'disk full') {
        const trigger = await run.waitForLine((line) => {
          const e = JSON.parse(line) as CliEvent;
          return duringMasters ? e.event === 'master' && ++seen === masterEvents : e.event === 'frame' && ++seen === frameEvents;
        });
        if (trigger !== null) await new Promise((resolveLater) => setTimeout(resolveLater, delayMs));
        const alive = run.child.exitCode === null && run.child.signalCode === null;
        if (alive) {
          landed = true;
          if (fault.startsWith('kill -9')) run.child.kill('SIGKILL');
          else if (fault.startsWith('Ctrl-C')) run.child.kill('SIGINT');
          else {
            whileStopped(run.child, () => {
              if (fault === 'output folder removed') return rmSync(out, { recursive: true, force: true });
              const name = lights[frameEvents + 3 + pick(LIGHTS - frameEvents - 3)];
              const bytes = readFileSync(join(night, 'Lights', name));
              const altered = Buffer.from(bytes);
              // A byte of a pixel (the data unit's padding is no part of the image).
              altered[lightLayout.dataOffset + pick(lightLayout.planeBytes)] ^= 0x5a;
              writeFileSync(join(night, 'Lights', name), altered);
              changed = { name, bytes };
            });
          }
        }
      }
      const faulted = await run.ended;
      expect(faulted.signal === 'SIGKILL' && !fault.startsWith('kill -9'), `round ${round} (${fault}): ended by SIGKILL: the guard's (it hung) or its own (a worker reported stuck)`).toBe(false);
      expect(faulted.stderr, `round ${round} (${fault})`).not.toMatch(/\n\s+at /);
      // A run whose output folder was removed and that still exits 0 had said its last word before
      // the folder went: a write after the removal (a light, the kept lists, the manifest, written
      // last) fails, and the check after the last write finds what is gone. Its claims held when made.
      const removedAfterEnd = fault === 'output folder removed' && faulted.code === 0;
      if (removedAfterEnd) expect(doneEvent(faulted.stdout), `round ${round} (${fault}): exit 0`).toMatchObject({ done: LIGHTS, failed: 0 });
      else if (!fault.startsWith('kill -9')) expectHonest(faulted, out, `round ${round} (${fault}), the faulted run`);
      // Calibrated from the changed bytes? Then the rerun must see that the light is not what it read.
      const changedOutput = changed && (await comparable(join(out, 'Lights', changed.name)).catch(() => null));
      const readChanged = changed !== null && changedOutput !== null && !changedOutput.data.equals(reference.get(`Lights/${changed.name}`)!.data);
      if (changed) writeFileSync(join(night, 'Lights', changed.name), changed.bytes); // the light as it was: its output must come out as the reference's
      if (fault === 'disk full') spawnSync('mount', ['-o', 'remount,size=4m', join(out, '..')]);

      const rerun = await runCli(calibrateArgs(out), { env: env(), ...GUARD });
      const done = doneEvent(rerun.stdout);
      const what = `round ${round}: ${fault}${fault === 'disk full' ? '' : ` after ${duringMasters ? 'master' : 'frame'} event ${duringMasters ? masterEvents : frameEvents} + ${delayMs} ms`}` +
        `${landed ? '' : ' (the run had ended before)'}${removedAfterEnd ? ' (removed after the run’s last word)' : ''}${changed ? ` (${changed.name}${readChanged ? ', calibrated from the changed bytes' : ''})` : ''}; faulted run exit ${faulted.code ?? faulted.signal}; rerun done ${done?.done}, kept ${done?.skipped}`;
      log.push(what);
      expect(rerun.code, `${what}\n${rerun.stderr}`).toBe(0);
      expect(done, what).toMatchObject({ outputDir: out, total: LIGHTS, failed: 0, cancelled: false });
      expect(done!.done + done!.skipped).toBe(LIGHTS);
      if (readChanged) expect(frameOutcomes(rerun.stdout).get(`Lights/${changed!.name}`)?.status, what).toBe('done');

      const outputs = await outputsOf(out);
      expect([...outputs.keys()], what).toEqual([...reference.keys()]);
      for (const [name, file] of reference) {
        const got = outputs.get(name)!;
        expect(got.data.equals(file.data), `${what}: pixels of ${name}`).toBe(true);
        expect(got.cards, `${what}: header of ${name}`).toEqual(file.cards);
      }
      expect(leftovers(out), what).toEqual([]);
      expect(fingerprints(night), `${what}: raw frames`).toEqual(rawBefore);
    }
    console.log(log.join('\n'));
  }, 120_000);
});
