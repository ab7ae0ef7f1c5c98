/**
 * Connects a store to a client: events are queued from the moment of subscribing, the
 * snapshot is loaded, then the queue is flushed in batches. Subscribing first means nothing
 * that happens while the snapshot travels is lost. After a dropped connection comes back,
 * the snapshot is loaded again the same way: events sent during the drop never arrive.
 */
import { API_METHODS, type NightcalApi, type NightcalClient, type NightcalEvent } from '../shared/contract';
import { createEventBatcher, type BatchScheduler } from './event-batcher';
import { createAppStore, type AppStore } from './store';
import { connectionEventsOf } from './transport/connection';

/**
 * True when a batch shows a night opened by someone else (the desktop menu, another browser
 * tab): no answer will reach this window, so it must fetch the night from a snapshot.
 */
export function openedElsewhere(events: readonly NightcalEvent[], waitingForOwnNight: boolean): boolean {
  return !waitingForOwnNight && events.some((event) => event.kind === 'scan' && event.phase === 'done');
}

export interface ConnectStoreOptions {
  readonly scheduler?: BatchScheduler;
  readonly intervalMs?: number;
  /** Told how to apply the queued events at once (null once disconnected). */
  readonly exposeFlush?: (flush: (() => void) | null) => void;
}

/** Subscribes the store to the client's events and loads the first snapshot; returns the disconnect. */
export function connectStore(client: NightcalClient, store: AppStore, options: ConnectStoreOptions = {}): () => void {
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
  // Events that arrive while a snapshot travels are held, then applied on top of it.
  const loadSnapshot = (): void => {
    batcher.pause();
    void store
      .getState()
      .refreshSnapshot()
      .finally(() => {
        if (connected) batcher.resume();
      });
  };
  const stopWatching =
    connectionEventsOf(client)?.onConnectionChange((up) => {
      if (up) loadSnapshot();
      else store.getState().connectionLost();
    }) ?? (() => undefined);
  options.exposeFlush?.(() => batcher.flushNow());
  loadSnapshot();
  return () => {
    connected = false;
    options.exposeFlush?.(null);
    stopWatching();
    unsubscribe();
    batcher.dispose();
  };
}

/**
 * The API with every answer applied after the events sent before it: events wait in the
 * batcher for up to an interval, an answer does not, and a run's summary must not show up
 * beside frames still marked running. `flush` applies the queued events; snapshots are left
 * alone (connectStore applies the queue on top of them).
 */
export function answersAfterEvents(client: NightcalApi, flush: () => void): NightcalApi {
  const ordered: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    const call = (client[method] as (arg?: unknown) => Promise<unknown>).bind(client);
    ordered[method] =
      method === 'getSnapshot'
        ? call
        : async (arg?: unknown) => {
            try {
              return await call(arg);
            } finally {
              flush();
            }
          };
  }
  return ordered as unknown as NightcalApi;
}

/** A store over a client, and the function that connects it (and returns the disconnect). */
export interface ConnectedStore {
  readonly store: AppStore;
  connect(): () => void;
}

/** The app's store: its requests' answers ordered after the events, and its connection. */
export function createConnectedStore(client: NightcalClient, options: Omit<ConnectStoreOptions, 'exposeFlush'> = {}): ConnectedStore {
  let flush: (() => void) | null = null;
  const store = createAppStore(answersAfterEvents(client, () => flush?.()));
  return {
    store,
    connect: () => connectStore(client, store, { ...options, exposeFlush: (next) => (flush = next) }),
  };
}
