/**
 * Connects a store to a client. Each batch of events is applied in one update as it arrives:
 * main batched them once (electron/api/event-batcher.ts), and nothing is held back here. Events
 * and answers travel one ordered channel, and main sends the events a request caused before its
 * answer, so a snapshot reflects every event that arrived before it and none that arrive after:
 * a window loads one at the start, and again when a dropped connection comes back (events sent
 * during the drop never arrive).
 */
import type { NightcalEvent, NightcalWindowClient } from '../shared/contract';
import { createAppStore, type AppStore } from './store';
import { connectionEventsOf } from './transport/connection';

/**
 * True when a batch shows a night opened by someone else (the desktop menu, another browser
 * tab): no answer will reach this window, so it must fetch the night from a snapshot.
 */
export function openedElsewhere(events: readonly NightcalEvent[], waitingForOwnNight: boolean): boolean {
  return !waitingForOwnNight && events.some((event) => event.kind === 'scan' && event.phase === 'done');
}

/** Subscribes the store to the client's events and loads the first snapshot; returns the disconnect. */
export function connectStore(client: NightcalWindowClient, store: AppStore): () => void {
  const unsubscribe = client.onEvents((events) => {
    const state = store.getState();
    const waitingForOwnNight = state.nightBusy;
    state.applyEvents(events);
    if (openedElsewhere(events, waitingForOwnNight)) void state.refreshSnapshot();
  });
  const loadSnapshot = (): void => void store.getState().refreshSnapshot();
  const stopWatching =
    connectionEventsOf(client)?.onConnectionChange((up) => {
      if (up) loadSnapshot();
      else store.getState().connectionLost();
    }) ?? (() => undefined);
  loadSnapshot();
  return () => {
    stopWatching();
    unsubscribe();
  };
}

/** A store over a client, and the function that connects it (and returns the disconnect). */
export interface ConnectedStore {
  readonly store: AppStore;
  connect(): () => void;
}

/** The app's store and its connection. */
export function createConnectedStore(client: NightcalWindowClient): ConnectedStore {
  const store = createAppStore(client);
  return { store, connect: () => connectStore(client, store) };
}
