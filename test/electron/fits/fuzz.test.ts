/**
 * Fuzzing the header parser and the image readers: seeded mutations of real frames (when
 * ../shared/data/real is on this machine) and of generated files. Every case must end in a
 * valid image or our FitsError naming the file — never another error, never a hang (each
 * case runs in a reader process that is stopped after CASE_TIMEOUT_MS), never a crash of that
 * process, and never a buffer sized from a header the file cannot back. Memory of the reader
 * is compared before and after the loop.
 *
 * NIGHTCAL_FUZZ_SEED (a number, or `random`) and NIGHTCAL_FUZZ_CASES replay or widen a run;
 * the seed and case number of a failure are printed so it can be replayed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFLATE_MAX_RATIO } from '../../../electron/fits/header-blocks';
import { generatedSeeds, realSeeds, type Seed } from './fuzz/corpus';
import { mutate, seededRandom } from './fuzz/mutate';
import type { ProbeReport } from './fuzz/read-probe';
import { tempFolder } from './fits-fixtures';

const DEFAULT_SEED = 20260314;
const seedSetting = process.env.NIGHTCAL_FUZZ_SEED;
const SEED = seedSetting === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedSetting ?? DEFAULT_SEED);
const CASES = Number(process.env.NIGHTCAL_FUZZ_CASES ?? 300);
const CASE_TIMEOUT_MS = 5000;
/** Cases before memory is first measured: the readers' code and caches warm up first. */
const WARM_UP = Math.min(100, Math.floor(CASES / 3));
/** Reader memory (heap + array buffers, after a collection) may not grow more than this over the loop. */
const MAX_GROWTH_BYTES = 2 * 1024 * 1024;
/** Buffers kept from one file: its float32 image and raw scratch, never more than this many times the file (gzip: × DEFLATE's ratio). */
const MAX_BUFFER_PER_FILE_BYTE = 8;

interface Answer {
  readonly id: number;
  readonly report: ProbeReport;
  readonly heapUsed: number;
  readonly arrayBuffers: number;
}

/** A reader process that answers one file at a time, or reports a hang or a crash. */
class ReaderProcess {
  private child!: ChildProcess;
  private waiting: ((answer: Answer | 'crash') => void) | null = null;
  private ready!: Promise<void>;
  lastExit = '';

  start(): void {
    this.child = fork(fileURLToPath(new URL('./fuzz/probe-worker.mjs', import.meta.url)), { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    this.child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    this.ready = new Promise((resolve) => {
      this.child.on('message', (message: Answer | { ready: true }) => {
        if ('ready' in message) resolve();
        else this.waiting?.(message);
      });
    });
    this.child.on('exit', (code, signal) => {
      this.lastExit = `exit ${code ?? signal}: ${stderr.split('\n').filter((line) => /Assertion|Error|FATAL/.test(line)).slice(0, 3).join(' | ')}`;
      this.waiting?.('crash');
    });
  }

  async read(id: number, path: string, collect: boolean): Promise<Answer | 'timeout' | 'crash'> {
    await this.ready;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<Answer | 'crash'>((resolve) => {
      this.waiting = resolve;
    });
    this.child.send({ id, path, collect });
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CASE_TIMEOUT_MS);
    });
    const result = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    this.waiting = null;
    if (result === 'timeout' || result === 'crash') {
      // Stuck in a loop, or gone: replace it and go on; the case is reported.
      this.child.kill('SIGKILL');
      this.start();
    }
    return result;
  }

  stop(): void {
    this.child.removeAllListeners('exit');
    this.child.kill();
  }
}

let folder: string;
let seeds: Seed[];
const reader = new ReaderProcess();

beforeAll(() => {
  folder = tempFolder('fuzz');
  mkdirSync(join(folder, 'cases'));
  seeds = [...generatedSeeds(folder), ...realSeeds(4)];
  reader.start();
}, 60_000);
afterAll(() => {
  reader.stop();
  rmSync(folder, { recursive: true, force: true });
});

function extensionOf(seed: Seed): string {
  if (seed.name.startsWith('fpack')) return '.fits.fz';
  return seed.plain ? '.fits.gz' : '.fits';
}

describe(`fuzz: ${CASES} mutated files from seed ${SEED}`, () => {
  it('every file gives a valid image or a FitsError naming it: no other error, no hang, no oversized buffer, no growth', async () => {
    const random = seededRandom(SEED);
    const failures: string[] = [];
    const outcomes = new Map<string, number>();
    const memory: { heap: number; buffers: number }[] = [];
    let largestRatio = 0;
    const started = performance.now();

    for (let id = 0; id < CASES; id++) {
      const seed = seeds[Math.floor(random() * seeds.length)];
      const mutated = mutate(seed, random);
      const path = join(folder, 'cases', `case-${id}${extensionOf(seed)}`);
      writeFileSync(path, mutated.bytes);
      const collect = id === WARM_UP || id === CASES - 1;
      const answer = await reader.read(id, path, collect);
      const where = `case ${id} (seed ${SEED}) from '${seed.name}': ${mutated.description}`;
      if (answer === 'timeout' || answer === 'crash') {
        failures.push(answer === 'timeout' ? `${where}: no answer within ${CASE_TIMEOUT_MS} ms (a hang)` : `${where}: the reader process died (${reader.lastExit})`);
        outcomes.set(answer, (outcomes.get(answer) ?? 0) + 1);
        continue;
      }
      const { outcome, largestBuffer, fileSize } = answer.report;
      const key = outcome.kind === 'fits-error' ? `FitsError ${outcome.code}` : outcome.kind;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (outcome.kind === 'bug') failures.push(`${where}: ${outcome.stage}: ${outcome.message}`);
      const allowance = MAX_BUFFER_PER_FILE_BYTE * (outcome.kind === 'image' && outcome.storage === 'gz' ? DEFLATE_MAX_RATIO : 1);
      if (outcome.kind === 'image' && outcome.storage !== 'fz' && largestBuffer > Math.max(64 * 1024, fileSize * allowance)) {
        failures.push(`${where}: kept a ${largestBuffer}-byte buffer for a ${fileSize}-byte file`);
      }
      largestRatio = Math.max(largestRatio, largestBuffer / Math.max(1, fileSize));
      if (collect) memory.push({ heap: answer.heapUsed, buffers: answer.arrayBuffers });
      rmSync(path);
    }

    const seconds = (performance.now() - started) / 1000;
    const growth = memory.length === 2 ? memory[1].heap + memory[1].buffers - (memory[0].heap + memory[0].buffers) : 0;
    const tally = [...outcomes].sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name}: ${count}`).join(', ');
    console.log(
      `fuzz: seed ${SEED}, ${CASES} cases from ${seeds.length} seed files in ${seconds.toFixed(1)} s — ${tally}; ` +
        `reader memory growth ${(growth / 1024 / 1024).toFixed(2)} MB (heap + array buffers after GC, case ${WARM_UP} → ${CASES - 1}); ` +
        `largest buffer kept ${largestRatio.toFixed(1)} × its file`,
    );
    expect(failures).toEqual([]);
    expect(outcomes.get('image') ?? 0).toBeGreaterThan(0);
    expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
  }, 600_000);
});
