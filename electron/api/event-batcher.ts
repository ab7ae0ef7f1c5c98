/**
 * Pipeline events, batched once for every window: one message at most every `intervalMs` (a scan
 * of 2,000 files or a run of 500 frames would otherwise be thousands of messages), and at
 * once when the run is done so the page never waits on the last one. Within a batch, a
 * totals event that a newer one supersedes is dropped: the page only shows the latest.
 */
import type { NightcalEvent } from '../../shared/contract';

/** About three frames of a 60 Hz display: fast enough to look live, slow enough to batch. */
export const EVENT_BATCH_MS = 50;

/** Collects events and hands them to `send` in batches. */
export class EventBatcher {
  private queue: NightcalEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly send: (events: readonly NightcalEvent[]) => void,
    private readonly intervalMs: number = EVENT_BATCH_MS,
  ) {}

  /** Queues one event; sends the batch now if the event ends a run. */
  push(event: NightcalEvent): void {
    if (this.disposed) return;
    const superseded = this.queue.findIndex((queued) => supersedes(event, queued));
    if (superseded >= 0) this.queue.splice(superseded, 1);
    this.queue.push(event);
    if (event.kind === 'done') this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends whatever is queued. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.send(batch);
  }

  /** Drops anything queued and ignores later events (the receiver is gone). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.disposed = true;
  }
}

/** True when `newer` makes `older` pointless to deliver: both are running totals of the same thing. */
function supersedes(newer: NightcalEvent, older: NightcalEvent): boolean {
  if (newer.kind === 'progress' && older.kind === 'progress') return newer.stage === older.stage;
  if (newer.kind === 'scan' && older.kind === 'scan') return older.phase === 'progress' && newer.root === older.root;
  if (newer.kind === 'night' && older.kind === 'night') return true; // a whole view: the latest is all a window needs
  if (newer.kind === 'master' && older.kind === 'master') {
    return older.status === 'building' && newer.status === 'building' && newer.masterId === older.masterId;
  }
  return false;
}

/** The part of a service the shared batches listen to. */
interface EventSource {
  onEvent(listener: (event: NightcalEvent) => void): () => void;
}

/**
 * One batching step for every window of a service: each transport (every browser tab's
 * WebSocket, the desktop's windows) subscribes here, so all of them get the very same
 * batches, and a flush before one window's answer sends the queue to every window.
 */
export class SharedEventBatches {
  private readonly listeners = new Set<(events: readonly NightcalEvent[]) => void>();
  private batcher: EventBatcher | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly source: EventSource,
    private readonly intervalMs: number = EVENT_BATCH_MS,
  ) {}

  /** Receive every batch from now on; the source is listened to while anyone is. */
  subscribe(listener: (events: readonly NightcalEvent[]) => void): () => void {
    this.listeners.add(listener);
    if (!this.batcher) {
      const batcher = (this.batcher = new EventBatcher((events) => {
        for (const each of [...this.listeners]) each(events);
      }, this.intervalMs));
      this.unsubscribe = this.source.onEvent((event) => batcher.push(event));
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.unsubscribe?.();
      this.batcher?.dispose();
      this.unsubscribe = null;
      this.batcher = null;
    };
  }

  /** Sends whatever is queued, to every subscriber (before any answer, so it follows its events). */
  flush(): void {
    this.batcher?.flush();
  }
}

const sharedBatches = new WeakMap<EventSource, SharedEventBatches>();

/** The one set of batches of a service, shared by every transport serving it. */
export function eventBatchesOf(source: EventSource): SharedEventBatches {
  let batches = sharedBatches.get(source);
  if (!batches) sharedBatches.set(source, (batches = new SharedEventBatches(source)));
  return batches;
}
