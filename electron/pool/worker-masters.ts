/** The masters a worker received once in workerData, viewed as Float32Arrays over the shared memory. */
import { masterPixels, type SharedMaster } from './arena';
import type { PoolWorkerData } from './task-messages';

export class WorkerMasters {
  private readonly views = new Map<string, Float32Array>();

  constructor(private readonly shared: Readonly<Record<string, SharedMaster>>) {}

  static fromWorkerData(data: unknown): WorkerMasters {
    const masters = (data as PoolWorkerData | undefined)?.masters ?? {};
    return new WorkerMasters(masters);
  }

  /** The master's pixels (the shared memory itself, not a copy), or null for a null id. */
  get(id: string | null): Float32Array | null {
    if (id === null) return null;
    let view = this.views.get(id);
    if (!view) {
      view = masterPixels(this.master(id));
      this.views.set(id, view);
    }
    return view;
  }

  /** Where the master lives: its shared buffer and byte offset (for the sharing probe). */
  master(id: string): SharedMaster {
    const master = this.shared[id];
    if (!master) throw new Error(`worker has no shared master '${id}'`);
    return master;
  }

  size(id: string): { width: number; height: number } {
    const { width, height } = this.master(id);
    return { width, height };
  }
}
