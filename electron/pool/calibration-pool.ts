/**
 * The worker-thread pool. Masters are allocated once in shared memory (the arena, arena.ts)
 * and handed to every worker in workerData: each worker reads, calibrates and writes its own
 * frames, and only small results come back.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { masterPixels, releaseSlots, slotTable, type PoolMemory, type SharedMaster } from './arena';
import type { PoolWorkerData, ResultOf, WorkerTask } from './tasks';
import workerPath from './worker?modulePath';

/** Worker threads by default: one per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export class CalibrationPool {
  private readonly piscina: Piscina;
  readonly memory: PoolMemory;
  readonly workers: number;

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
    if (arena !== null) {
      // A thread's arena slot is freed once the thread has stopped (ended, crashed or killed),
      // never before: a thread being terminated may still be writing into it.
      const table = slotTable(arena);
      this.piscina.on('workerCreate', (worker: { id: number }) => {
        const id = worker.id; // read now: a thread's id reads −1 once it has exited
        const thread = this.piscina.threads.find((candidate) => candidate.threadId === id);
        thread?.once('exit', () => releaseSlots(table, id));
      });
    }
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
   * Tasks given up while a worker may have been running them (a deadline passed, a cancel's
   * grace ran out): piscina stops such a worker, but a thread stuck in a read of a dead disk
   * cannot stop, and a process holding one cannot exit normally (see cli/main.ts).
   */
  get abandonedTasks(): number {
    return this.abandoned;
  }

  private abandoned = 0;

  run<T extends WorkerTask>(task: T, signal?: AbortSignal): Promise<ResultOf<T>> {
    if (!signal) return this.piscina.run(task) as Promise<ResultOf<T>>;
    const onAbort = (): void => {
      this.abandoned += 1;
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return (this.piscina.run(task, { signal }) as Promise<ResultOf<T>>).finally(() => signal.removeEventListener('abort', onAbort));
  }

  /** Threads currently alive (a crashed worker is replaced by piscina). */
  get threadCount(): number {
    return this.piscina.threads.length;
  }

  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
