/**
 * Connects a store to a client: events are queued from the moment of subscribing, the
 * snapshot is loaded, then the queue is flushed in batches. Subscribing first means nothing
 * that happens while the snapshot travels is lost.
 */
import type { NightcalClient, NightcalEvent } from '../shared/contract';
import { createEventBatcher, type BatchScheduler } from './event-batcher';
import type { AppStore } from './store';

/**
 * True when a batch shows a night opened by someone else (the desktop menu, another browser
 * tab): no answer will reach this window, so it must fetch the night from a snapshot.
 */
export function openedElsewhere(events: readonly NightcalEvent[], waitingForOwnNight: boolean): boolean {
  return !waitingForOwnNight && events.some((event) => event.kind === 'scan' && event.phase === 'done');
}

/** Subscribes the store to the client's events and loads the first snapshot; returns the disconnect. */
export function connectStore(client: NightcalClient, store: AppStore, options: { scheduler?: BatchScheduler; intervalMs?: number } = {}): () => void {
  const batcher = createEventBatcher<NightcalEvent>(
    (events) => {
      const state = store.getState();
      const waitingForOwnNight = state.nightBusy;
      state.applyEvents(events);
      if (openedElsewhere(events, waitingForOwnNight)) void state.refreshSnapshot();
    },
    { paused: true, scheduler: options.scheduler, intervalMs: options.intervalMs },
  );
  const unsubscribe = client.onEvent((event) => batcher.push(event));
  let connected = true;
  void store
    .getState()
    .refreshSnapshot()
    .finally(() => {
      if (connected) batcher.resume();
    });
  return () => {
    connected = false;
    unsubscribe();
    batcher.dispose();
  };
}
