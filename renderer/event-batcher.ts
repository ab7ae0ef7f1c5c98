/**
 * Collects items that arrive one by one (pipeline events) and hands them on in batches, at
 * most once per interval: a run of 1,000 frames sends thousands of events, and rendering
 * once per event would freeze the window. The first item after a quiet spell is handed on at
 * the next tick, so a single event still shows at once.
 */

/** The clock and timer the batcher uses (injected in tests). */
export interface BatchScheduler {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Timers of the page: a timer rather than requestAnimationFrame, which stops in a hidden tab. */
export const browserScheduler: BatchScheduler = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface EventBatcher<T> {
  /** Queue one item; a flush is scheduled if none is. */
  push(item: T): void;
  /** Hand on everything queued now (nothing happens when the queue is empty). */
  flushNow(): void;
  /** Stop flushing on the timer until `resume()` (items are still queued; `flushNow` still works). */
  pause(): void;
  /** Start flushing after a batcher created paused (items queued meanwhile are kept). */
  resume(): void;
  /** Drop the timer and the queue. */
  dispose(): void;
}

export interface EventBatcherOptions {
  /** Least time between two flushes, in milliseconds (default 100). */
  readonly intervalMs?: number;
  /** Queue without flushing until `resume()` (used while the first snapshot loads). */
  readonly paused?: boolean;
  readonly scheduler?: BatchScheduler;
}

/** A batcher that calls `flush` with the queued items, at most once per `intervalMs`. */
export function createEventBatcher<T>(flush: (items: T[]) => void, options: EventBatcherOptions = {}): EventBatcher<T> {
  const intervalMs = options.intervalMs ?? 100;
  const scheduler = options.scheduler ?? browserScheduler;
  let queue: T[] = [];
  let timer: unknown = null;
  let paused = options.paused ?? false;
  let lastFlush = Number.NEGATIVE_INFINITY;

  const flushNow = (): void => {
    if (timer !== null) {
      scheduler.clearTimer(timer);
      timer = null;
    }
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    lastFlush = scheduler.now();
    flush(items);
  };

  const schedule = (): void => {
    if (paused || timer !== null || queue.length === 0) return;
    const delay = Math.max(0, lastFlush + intervalMs - scheduler.now());
    timer = scheduler.setTimer(() => {
      timer = null;
      flushNow();
    }, delay);
  };

  return {
    push(item) {
      queue.push(item);
      schedule();
    },
    flushNow,
    pause() {
      paused = true;
      if (timer !== null) scheduler.clearTimer(timer);
      timer = null;
    },
    resume() {
      paused = false;
      schedule();
    },
    dispose() {
      if (timer !== null) scheduler.clearTimer(timer);
      timer = null;
      queue = [];
      paused = true;
    },
  };
}
