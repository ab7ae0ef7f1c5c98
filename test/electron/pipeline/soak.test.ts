/**
 * A long run: 500 small lights through the pool, memory sampled along the way (after a
 * garbage collection) in main and in each worker thread (the test worker answers a "memory"
 * probe). Memory may not grow with the number of frames: no frame buffer, listener or event
 * history kept per frame. The growth measured is printed for the README's figures.
 */
import { getEventListeners } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { calibrateAll, FAULTY_WORKER, prepareNight, type PreparedNight } from './pipeline-run';

const FRAMES = 500;
const SAMPLE_EVERY = 100;
/** Growth allowed from frame 100 to frame 500: far below one leaked 64×64 frame buffer per frame (400 × 16 KB = 6.4 MB). */
const MAX_MAIN_GROWTH = 1024 * 1024;
const MAX_WORKER_GROWTH = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface WorkerMemory {
  readonly threadId: number;
  readonly heapUsed: number;
  readonly arrayBuffers: number;
}

let root: string;
let prepared: PreparedNight;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-soak-'));
  const night = join(root, 'night');
  await writeDemoNight(night, { size: 64, lights: FRAMES, seed: 61 });
  prepared = await prepareNight(night, join(root, 'out'), { workers: 2, workerFilename: FAULTY_WORKER });
}, 120_000);
afterAll(async () => {
  await prepared?.pool.destroy();
  rmSync(root, { recursive: true, force: true });
});

/** Memory of every worker thread: probes held long enough that each thread takes one. */
async function workerMemory(): Promise<Map<number, WorkerMemory>> {
  const probes = await Promise.all(Array.from({ length: prepared.pool.workers }, () => prepared.pool.run({ kind: 'memory', holdMs: 100 } as never) as Promise<WorkerMemory>));
  return new Map(probes.map((probe) => [probe.threadId, probe]));
}

function mainMemory(): { heapUsed: number; arrayBuffers: number; rss: number } {
  gc();
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
  return { heapUsed, arrayBuffers, rss };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

describe(`soak: ${FRAMES} frames of 64×64`, () => {
  test('memory in main and in the workers does not grow with the number of frames; no listener is left behind', async () => {
    const user = new AbortController();
    const main: ReturnType<typeof mainMemory>[] = [];
    const workers: Promise<Map<number, WorkerMemory>>[] = [];
    const listeners: number[] = [];
    let finished = 0;
    let events = 0;
    const started = performance.now();

    const result = await calibrateAll(prepared, join(root, 'out'), {
      signal: user.signal,
      onEvent: (event) => {
        events += 1;
        if (event.kind !== 'frame' || (event.status !== 'done' && event.status !== 'failed')) return;
        finished += 1;
        if (finished % SAMPLE_EVERY === 0) {
          main.push(mainMemory());
          workers.push(workerMemory());
          listeners.push(getEventListeners(user.signal, 'abort').length);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;

    expect(result.frames.filter((frame) => frame.status === 'done')).toHaveLength(FRAMES);
    expect(readdirSync(join(root, 'out', 'Lights'))).toHaveLength(FRAMES);
    // The run listens to the caller's signal once while it runs, and not at all afterwards.
    expect(listeners.every((count) => count === 1)).toBe(true);
    expect(getEventListeners(user.signal, 'abort')).toHaveLength(0);

    const perWorker = await Promise.all(workers);
    const first = main[0];
    const last = main.at(-1)!;
    const mainGrowth = last.heapUsed + last.arrayBuffers - (first.heapUsed + first.arrayBuffers);
    const workerGrowth = [...perWorker[0].keys()].map((threadId) => {
      const seen = perWorker.map((sample) => sample.get(threadId)).filter((sample): sample is WorkerMemory => sample !== undefined);
      const a = seen[0];
      const b = seen.at(-1)!;
      return { threadId, growth: b.heapUsed + b.arrayBuffers - (a.heapUsed + a.arrayBuffers), samples: seen.length };
    });
    console.log(
      `soak: ${FRAMES} frames in ${seconds.toFixed(1)} s, ${events} events; memory from frame ${SAMPLE_EVERY} to ${FRAMES}: ` +
        `main heap+buffers ${mb(mainGrowth)} (heap ${mb(first.heapUsed)} → ${mb(last.heapUsed)}, rss ${mb(first.rss)} → ${mb(last.rss)}), ` +
        workerGrowth.map((w) => `worker ${w.threadId} ${mb(w.growth)}`).join(', '),
    );
    expect(mainGrowth).toBeLessThan(MAX_MAIN_GROWTH);
    for (const worker of workerGrowth) {
      expect(worker.samples).toBeGreaterThanOrEqual(2);
      expect(worker.growth).toBeLessThan(MAX_WORKER_GROWTH);
    }
  }, 300_000);
});
