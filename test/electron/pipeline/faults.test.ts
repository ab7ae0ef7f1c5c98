/**
 * Faults during a run, injected by a test worker that wraps the real one (the pool's optional
 * `workerFilename`): a worker that dies mid-frame, a task that throws, a disk that fills up or
 * turns read-only under the output folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { calibrateAll, FAULTY_WORKER, prepareNight, type PreparedNight } from './pipeline-run';

let root: string;
let night: string;
let lightIds: string[];
const pools: PreparedNight[] = [];

/** Writes the fault rules the test worker reads for every task. */
function injectFaults(rules: readonly { match: string; fault: string }[]): void {
  const markers = join(root, `markers-${Date.now()}-${Math.random()}`);
  mkdirSync(markers);
  writeFileSync(join(root, 'faults.json'), JSON.stringify({ rules, markers }));
}

function partialFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.includes('nightcal-partial'));
}

async function threadIds(prepared: PreparedNight): Promise<Set<number>> {
  const probes = Array.from({ length: prepared.pool.workers * 2 }, () => prepared.pool.run({ kind: 'memory', holdMs: 50 } as never) as Promise<{ threadId: number }>);
  return new Set((await Promise.all(probes)).map((probe) => probe.threadId));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-faults-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 64, lights: 12, seed: 11 });
  lightIds = readdirSync(join(night, 'Lights')).sort().map((name) => `Lights/${name}`);
  process.env.NIGHTCAL_TEST_FAULTS = join(root, 'faults.json');
}, 60_000);
afterEach(() => rmSync(join(root, 'faults.json'), { force: true }));
afterAll(async () => {
  delete process.env.NIGHTCAL_TEST_FAULTS;
  await Promise.all(pools.map((prepared) => prepared.pool.destroy()));
  rmSync(root, { recursive: true, force: true });
});

describe('a worker that dies mid-frame', () => {
  test('the frame is retried once and written; a frame that kills its worker twice fails clearly; the pool replaces the workers and the run goes on', async () => {
    const clean = await prepareNight(night, join(root, 'clean'));
    pools.push(clean);
    const reference = await calibrateAll(clean, join(root, 'clean'));
    expect(reference.frames.every((frame) => frame.status === 'done')).toBe(true);

    const prepared = await prepareNight(night, join(root, 'crashy'), { workerFilename: FAULTY_WORKER });
    pools.push(prepared);
    const before = await threadIds(prepared);
    const [once, always, throws] = [lightIds[1], lightIds[4], lightIds[7]];
    injectFaults([
      { match: once, fault: 'exit-once' },
      { match: always, fault: 'exit-always' },
      { match: throws, fault: 'throw-always' },
    ]);
    const result = await calibrateAll(prepared, join(root, 'crashy'));
    const byId = new Map(result.frames.map((frame) => [frame.frameId, frame]));

    expect(result.cancelled).toBe(false);
    expect(result.stoppedBecause).toBeNull();
    expect(byId.get(once)!.status).toBe('done');
    for (const id of [always, throws]) {
      expect(byId.get(id)).toMatchObject({ status: 'failed', outputPath: null, error: { code: 'worker-crashed' } });
      expect(byId.get(id)!.error!.message).toContain(join(night, id));
      expect(byId.get(id)!.error!.message).toMatch(/worker failed twice/);
    }
    expect(result.frames.filter((frame) => frame.status === 'done')).toHaveLength(lightIds.length - 2);
    // The retried frame is exactly what a run without faults wrote.
    expect(readFileSync(join(root, 'crashy', once)).equals(readFileSync(join(root, 'clean', once)))).toBe(true);
    expect(partialFiles(join(root, 'crashy'))).toEqual([]);
    expect(readdirSync(join(root, 'crashy', 'Lights'))).not.toContain(always.split('/')[1]);

    // Three exits: the pool is back to full strength with new threads, and still works.
    expect(prepared.pool.threadCount).toBe(2);
    const after = await threadIds(prepared);
    expect([...after].some((id) => !before.has(id))).toBe(true);
    const again = await calibrateAll(prepared, join(root, 'crashy-again'));
    expect(again.frames.filter((frame) => frame.status === 'done')).toHaveLength(lightIds.length - 2);
  }, 120_000);
});

describe.each([
  ['ENOSPC', 'enospc', /no space left/],
  ['EROFS', 'erofs', /read-only file system/],
])('an output write failing with %s', (_name, fault, reason) => {
  test('stops the run with a clear error naming the folder, cancels the rest, leaves no partial file', async () => {
    const out = join(root, `out-${fault}`);
    const prepared = await prepareNight(night, out, { workerFilename: FAULTY_WORKER });
    pools.push(prepared);
    const failing = lightIds[5];
    // The frames after it are slowed, so the stop reaches them before they can all be done,
    // however fast the others run.
    injectFaults([{ match: failing, fault }, ...lightIds.slice(6).map((match) => ({ match, fault: 'slow' }))]);
    const result = await calibrateAll(prepared, out);

    expect(result.stoppedBecause).toMatchObject({ code: 'write-failed' });
    expect(result.stoppedBecause!.message).toContain(dirname(join(out, failing)));
    expect(result.stoppedBecause!.message).toMatch(reason);
    const byId = new Map(result.frames.map((frame) => [frame.frameId, frame]));
    expect(byId.get(failing)).toMatchObject({ status: 'failed', outputPath: null });
    // Frames already in flight may finish; nothing after them is started.
    const cancelled = result.frames.filter((frame) => frame.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    expect(result.frames.filter((frame) => frame.status === 'done').length).toBeLessThan(lightIds.length - 1);
    expect(partialFiles(out)).toEqual([]);
    const written = readdirSync(join(out, 'Lights'));
    expect(written).not.toContain(failing.split('/')[1]);
    // A frame that finished as the stop arrived may be there, cancelled or not: whole, never cut.
    for (const name of written) expect((await readFitsHeader(join(out, 'Lights', name))).layout).toMatchObject({ width: 64, height: 64 });
  }, 120_000);
});
