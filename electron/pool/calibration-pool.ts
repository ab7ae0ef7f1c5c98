/**
 * The worker-thread pool. Masters are allocated once as SharedArrayBuffers and handed to
 * every worker in workerData: each worker reads, calibrates and writes its own frames, and
 * only small results come back.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { MasterSpec } from '../../shared/night/frames';
import type { PoolWorkerData, ResultOf, SharedMaster, WorkerTask } from './tasks';
import workerPath from './worker?modulePath';

/** Worker threads by default: one per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/** Shared, zero-filled buffers for every planned master (pages are only touched when written). */
export function allocateMasters(specs: readonly Pick<MasterSpec, 'id' | 'width' | 'height'>[]): Record<string, SharedMaster> {
  const masters: Record<string, SharedMaster> = {};
  for (const spec of specs) {
    masters[spec.id] = { buffer: new SharedArrayBuffer(spec.width * spec.height * 4), width: spec.width, height: spec.height };
  }
  return masters;
}

export class CalibrationPool {
  private readonly piscina: Piscina;
  readonly masters: Readonly<Record<string, SharedMaster>>;
  readonly workers: number;

  /**
   * `workerFilename` replaces the worker module (default: the app's own); the module must
   * export the same task function. Tests wrap the real worker with it to inject faults.
   */
  constructor(options: { workers?: number; masters: Record<string, SharedMaster>; workerFilename?: string }) {
    this.workers = Math.max(1, options.workers ?? defaultWorkerCount());
    this.masters = options.masters;
    const workerData: PoolWorkerData = { masters: options.masters };
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
  }

  /** The master's pixels as main sees them (the same memory the workers use). */
  master(id: string): Float32Array {
    const master = this.masters[id];
    if (!master) throw new Error(`no master '${id}' in this pool`);
    return new Float32Array(master.buffer, 0, master.width * master.height);
  }

  run<T extends WorkerTask>(task: T, signal?: AbortSignal): Promise<ResultOf<T>> {
    return this.piscina.run(task, signal ? { signal } : {}) as Promise<ResultOf<T>>;
  }

  /** Threads currently alive (a crashed worker is replaced by piscina). */
  get threadCount(): number {
    return this.piscina.threads.length;
  }

  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
