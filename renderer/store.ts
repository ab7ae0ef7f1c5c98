/**
 * The renderer's one store: the four steps' slices combined, a mirror of main's state built
 * from snapshots, responses and events. Each slice applies the events it is about; the store
 * hands every batch to each of them and makes one update of their changes.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppSnapshot, NightcalApi, NightcalEvent, NightView } from '../shared/contract';
import { errorMessage } from './error-message';
import { builtWith, createMastersSlice, mastersAfterEvents, mastersFromPlan, mastersFromViews, type MastersSlice } from './masters/masters-slice';
import { createNightSlice, nightAfterEvents, nightStateFromSnapshot, type NightSlice } from './night/night-slice';
import { createLibrarySlice, type LibrarySlice } from './library/library-slice';
import { createPreviewSlice, initialPreviewState, previewAfterEvents, type PreviewSlice } from './preview/preview-slice';
import { createRunSlice, initialRunState, runAfterEvents, runStateFromSnapshot, type RunSlice } from './run/run-slice';
import { createQualitySlice, initialQualityState, qualityAfterEvents, type QualitySlice } from './quality/quality-slice';
import { createWatchSlice, watchAfterEvents, type WatchSlice } from './run/watch-slice';

/** What the store itself does, across slices. */
export interface StoreCore {
  /** True once the first snapshot has been loaded. */
  readonly ready: boolean;
  readonly connectionError: string | null;
  /** Rebuild every slice from a snapshot (start, reconnect, a night opened elsewhere). */
  loadSnapshot(snapshot: AppSnapshot): void;
  /** Fetch a snapshot and load it. */
  refreshSnapshot(): Promise<void>;
  /** The connection dropped (browser mode): say so until a snapshot is loaded again. */
  connectionLost(): void;
  /** Apply a batch of events in one update (one render, however many events). */
  applyEvents(events: readonly NightcalEvent[]): void;
  /**
   * Show a night main answered with: a night just `opened` starts afresh (masters planned,
   * no run, no cached images); a night `regrouped` after an override keeps the masters
   * whose frames did not change, and the run.
   */
  showNight(view: NightView, how: 'opened' | 'regrouped'): void;
}

export type AppState = NightSlice & MastersSlice & RunSlice & WatchSlice & PreviewSlice & QualitySlice & LibrarySlice & StoreCore;
export type AppStore = StoreApi<AppState>;

/** A slice's creator: it gets the combined store's set/get and the API it may call. */
export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], client: NightcalApi) => T;

/** A slice's handling of a batch of events: from the state before the batch, the changes to its own fields. */
export type SliceEvents = (state: AppState, events: readonly NightcalEvent[]) => Partial<AppState>;

const SLICE_EVENTS: readonly SliceEvents[] = [nightAfterEvents, mastersAfterEvents, runAfterEvents, watchAfterEvents, previewAfterEvents, qualityAfterEvents];

/** The store over a client (tests pass a fake; no React needed). */
export function createAppStore(client: NightcalApi): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createNightSlice(set, get, client),
    ...createMastersSlice(set, get, client),
    ...createRunSlice(set, get, client),
    ...createWatchSlice(set, get, client),
    ...createPreviewSlice(set, get, client),
    ...createLibrarySlice(set, get, client),
    ...createQualitySlice(set, get, client),
    ready: false,
    connectionError: null,
    loadSnapshot(snapshot) {
      const current = get();
      const sameNight = current.night !== null && snapshot.night !== null && current.night.root === snapshot.night.root;
      set({
        ...nightStateFromSnapshot(snapshot),
        ...mastersFromViews(snapshot.masters, snapshot.night ? snapshot.night.plan : null),
        ...runStateFromSnapshot(snapshot.run),
        review: snapshot.run?.review ?? null,
        ...(sameNight ? {} : { qualityFilter: undefined, blinkIndex: null, blinkPlaying: false }),
        watch: snapshot.watch,
        // A reconnected window shows main's run as it stands; what this window was told before is over.
        runError: null,
        cancelRequested: false,
        ...(sameNight ? {} : { destination: null }),
        // Masters built elsewhere (another window) say how: the next build starts from that choice.
        combine: builtWith(mastersFromViews(snapshot.masters, snapshot.night ? snapshot.night.plan : null)) ?? current.combine,
        ...(sameNight ? {} : { viewer: null, view: null, previews: {}, headers: {} }),
        ready: true,
        connectionError: null,
      });
    },
    async refreshSnapshot() {
      try {
        get().loadSnapshot(await client.getSnapshot());
      } catch (error) {
        set({ connectionError: errorMessage(error) });
      }
    },
    connectionLost: () => set({ connectionError: 'the connection was lost; reconnecting…' }),
    applyEvents(events) {
      const state = get();
      const patch: Partial<AppState> = Object.assign({}, ...SLICE_EVENTS.map((apply) => apply(state, events)));
      if (Object.keys(patch).length > 0) set(patch);
    },
    showNight(view, how) {
      if (how === 'regrouped') {
        set({ night: view, ...mastersFromPlan(view.plan, get().masters) });
        return;
      }
      set({
        night: view,
        ...mastersFromPlan(view.plan),
        ...initialRunState,
        ...initialQualityState,
        viewer: initialPreviewState.viewer,
        view: null,
        previews: {},
        headers: {},
      });
    },
  }));
}
