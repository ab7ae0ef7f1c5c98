/** A clock and timers that move only when a test says so, for the event batcher. */
import type { BatchScheduler } from '../../renderer/event-batcher';

export interface ManualScheduler extends BatchScheduler {
  /** Move the clock forward, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Timers waiting to run. */
  pending(): number;
}

/** A scheduler at time 0 with no timers. */
export function manualScheduler(): ManualScheduler {
  let now = 0;
  let nextId = 1;
  let timers: { id: number; at: number; callback: () => void }[] = [];
  return {
    now: () => now,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.push({ id, at: now + delayMs, callback });
      return id;
    },
    clearTimer(handle) {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = Math.max(now, due.at);
        due.callback();
      }
      now = end;
    },
    pending: () => timers.length,
  };
}
