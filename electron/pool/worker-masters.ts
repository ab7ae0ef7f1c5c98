/** The masters a worker received once in workerData, viewed as Float32Arrays over the shared memory. */
import type { PoolWorkerData, SharedMaster } from './tasks';

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
      const master = this.shared[id];
      if (!master) throw new Error(`worker has no shared master '${id}'`);
      view = new Float32Array(master.buffer, 0, master.width * master.height);
      this.views.set(id, view);
    }
    return view;
  }

  /** The shared buffer behind a master (for the sharing probe). */
  buffer(id: string): SharedArrayBuffer {
    const master = this.shared[id];
    if (!master) throw new Error(`worker has no shared master '${id}'`);
    return master.buffer;
  }

  size(id: string): { width: number; height: number } {
    const master = this.shared[id];
    if (!master) throw new Error(`worker has no shared master '${id}'`);
    return { width: master.width, height: master.height };
  }
}
