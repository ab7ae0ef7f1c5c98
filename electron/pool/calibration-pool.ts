/**
 * The worker-thread pool. Masters are allocated once in shared memory (the arena, arena.ts)
 * and handed to every worker in workerData: each worker reads, calibrates and writes its own
 * frames, and only small results come back.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { createCalibrateKernel, type CalibrateKernel } from '../../shared/pixels/calibrate-simd';
import { StreamChecksum } from '../../shared/pixels/checksum';
import { checksumInMemory } from '../../shared/pixels/checksum-simd';
import { masterPixels, releaseSlots, slotTable, type PoolMemory, type SharedMaster } from './arena';
import type { PoolWorkerData, ResultOf, WorkerTask } from './task-messages';
import workerPath from './worker?modulePath';

/** How long destroy() waits for terminated threads to end: milliseconds when they can, never when stuck in a system call. */
const THREAD_END_GRACE_MS = 1_000;

/** A task given up because a worker ran it past its deadline (counted from when a worker took it, not from when it was queued). */
export class TaskDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`no answer within ${deadlineMs / 1000} s`);
    this.name = 'TimeoutError';
  }
}

/** Worker threads by default: one per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export class CalibrationPool {
  private readonly piscina: Piscina;
  readonly memory: PoolMemory;
  readonly workers: number;
  /** Threads started and not yet ended, by id. */
  private readonly alive = new Set<number>();
  /** Tasks handed to piscina and not yet settled: at most one per worker, so none waits in its queue. */
  private busy = 0;
  /** Tasks waiting for a free worker, first come first served. */
  private readonly waiting: (() => void)[] = [];
  /** The calibration kernel over the arena in this (main) thread, for the masters' checksums; null without one. */
  private mainKernel: CalibrateKernel | null | undefined;

  /**
   * `memory` comes from allocateMasters (arena.ts). `workerFilename` replaces the worker module
   * (default: the app's own); the module must export the same task function. Tests wrap the
   * real worker with it to inject faults.
   */
  constructor(options: { workers?: number; memory: PoolMemory; workerFilename?: string }) {
    this.workers = Math.max(1, options.workers ?? defaultWorkerCount());
    this.memory = options.memory;
    const workerData: PoolWorkerData = options.memory;
    this.piscina = new Piscina({
      filename: options.workerFilename ?? workerPath,
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: 60_000,
      // Callers keep their own bounded number of tasks in flight.
      maxQueue: Infinity,
      workerData,
    });
    // After a cancel, a worker may still answer for a task that was already abandoned; piscina
    // reports that as a pool 'error' event, which must not take the process down.
    this.piscina.on('error', () => undefined);
    const { arena } = options.memory;
    // A thread's arena slot is freed once the thread has stopped (ended, crashed or killed),
    // never before: a thread being terminated may still be writing into it.
    const table = arena === null ? null : slotTable(arena);
    this.piscina.on('workerCreate', (worker: { id: number }) => {
      const id = worker.id; // read now: a thread's id reads −1 once it has exited
      const thread = this.piscina.threads.find((candidate) => candidate.threadId === id);
      if (!thread) return;
      this.alive.add(id);
      thread.once('exit', () => {
        this.alive.delete(id);
        if (table !== null) releaseSlots(table, id);
      });
    });
  }

  /** The shared masters, by id. */
  get masters(): Readonly<Record<string, SharedMaster>> {
    return this.memory.masters;
  }

  /** The master's pixels as main sees them (the same memory the workers use). */
  master(id: string): Float32Array {
    const master = this.masters[id];
    if (!master) throw new Error(`no master '${id}' in this pool`);
    return masterPixels(master);
  }

  /**
   * The checksum of a master's final pixels (checksum.ts over its float32 bytes): an output
   * records which pixels it was made with, and a resume compares it. Taken by the WebAssembly
   * kernel where the master lies in the arena (the JavaScript loop cost ~20 ms of main's time per
   * 2048² master, the kernel ~2 ms); the same value either way.
   */
  masterChecksum(id: string): string {
    const pixels = this.master(id);
    const checksum = new StreamChecksum();
    const { arena } = this.memory;
    if (this.mainKernel === undefined) this.mainKernel = arena === null ? null : createCalibrateKernel(arena.memory);
    if (arena === null || this.mainKernel === null || pixels.buffer !== arena.memory.buffer) {
      return checksum.update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)).digest();
    }
    checksumInMemory(this.mainKernel.checksum, arena.memory, pixels.byteOffset, pixels.byteLength, arena.mainScratch, checksum);
    return checksum.digest();
  }

  /**
   * Threads that have not ended; after destroy(), those stuck in the kernel (a read of a disk or
   * share that stopped answering): a process holding one cannot exit normally. A task given up
   * by a cancel or a deadline whose thread could be stopped does not count.
   */
  get stuckThreads(): number {
    return this.alive.size;
  }

  /**
   * Runs `task` on a worker; `signal` gives it up (piscina then stops its thread, unless it is
   * stuck in the kernel), and so does a worker taking longer than `deadlineMs` (TaskDeadlineError).
   * Tasks wait here for a free worker, so a deadline measures the task, never the queue before
   * it: a master's strips are all asked for at once, and on a slow disk the last would wait longer
   * than any one read takes.
   */
  async run<T extends WorkerTask>(task: T, signal?: AbortSignal, deadlineMs: number | null = null): Promise<ResultOf<T>> {
    await this.freeWorker(signal);
    try {
      const deadline = deadlineMs ? AbortSignal.timeout(deadlineMs) : null;
      const stop = deadline && signal ? AbortSignal.any([signal, deadline]) : (deadline ?? signal);
      try {
        return (await (stop ? this.piscina.run(task, { signal: stop }) : this.piscina.run(task))) as ResultOf<T>;
      } catch (error) {
        if (deadline?.aborted && !signal?.aborted) throw new TaskDeadlineError(deadlineMs!);
        throw error;
      }
    } finally {
      this.busy -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Resolves once a worker is free for one more task (taken), or rejects when `signal` aborts first. */
  private freeWorker(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.busy < this.workers) {
      this.busy += 1;
      return Promise.resolve();
    }
    return new Promise((resolveTurn, rejectTurn) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(take);
        if (index >= 0) this.waiting.splice(index, 1);
        rejectTurn(signal!.reason);
      };
      const take = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.busy += 1;
        resolveTurn();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(take);
    });
  }

  /** Threads currently alive (a crashed worker is replaced by piscina). */
  get threadCount(): number {
    return this.piscina.threads.length;
  }

  async destroy(): Promise<void> {
    await this.piscina.destroy();
    const deadline = performance.now() + THREAD_END_GRACE_MS;
    while (this.alive.size > 0 && performance.now() < deadline) await new Promise((resolveLater) => setTimeout(resolveLater, 10));
  }
}
