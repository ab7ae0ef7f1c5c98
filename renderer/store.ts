/**
 * The renderer's one store: the four steps' slices combined, a mirror of main's state built
 * from responses and events. This file is the only place events are applied.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppSnapshot, FrameRunState, MasterView, NightcalApi, NightcalEvent, NightView } from '../shared/contract';
import { assertNever } from '../shared/assert-never';
import { errorMessage } from './error-message';
import { builtWith, createMastersSlice, masterAfterEvent, mastersFromPlan, mastersFromViews, type MastersSlice, type StripProgress } from './masters/masters-slice';
import { createNightSlice, nightStateFromSnapshot, type NightSlice } from './night/night-slice';
import { createPreviewSlice, initialPreviewState, withoutSource, type PreviewSlice } from './preview/preview-slice';
import { createRunSlice, initialRunState, runStateFromSnapshot, type RunSlice } from './run/run-slice';

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

export type AppState = NightSlice & MastersSlice & RunSlice & PreviewSlice & StoreCore;
export type AppStore = StoreApi<AppState>;

/** A slice's creator: it gets the combined store's set/get and the API it may call. */
export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], client: NightcalApi) => T;

/** The store over a client (tests pass a fake; no React needed). */
export function createAppStore(client: NightcalApi): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createNightSlice(set, get, client),
    ...createMastersSlice(set, get, client),
    ...createRunSlice(set, get, client),
    ...createPreviewSlice(set, get, client),
    ready: false,
    connectionError: null,
    loadSnapshot(snapshot) {
      const current = get();
      const sameNight = current.night !== null && snapshot.night !== null && current.night.root === snapshot.night.root;
      set({
        ...nightStateFromSnapshot(snapshot),
        ...mastersFromViews(snapshot.masters, snapshot.night ? snapshot.night.plan : null),
        ...runStateFromSnapshot(snapshot.run),
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
    applyEvents: (events) => set(reduceEvents(get(), events)),
    showNight(view, how) {
      if (how === 'regrouped') {
        set({ night: view, ...mastersFromPlan(view.plan, get().masters) });
        return;
      }
      set({
        night: view,
        ...mastersFromPlan(view.plan),
        ...initialRunState,
        viewer: initialPreviewState.viewer,
        view: null,
        previews: {},
        headers: {},
      });
    },
  }));
}

/**
 * The state change of a batch of events, made in one pass: records are copied once per batch
 * (on the first write), not once per event, so 1,000 frame events cost one copy.
 */
function reduceEvents(state: AppState, events: readonly NightcalEvent[]): Partial<AppState> {
  const patch: { -readonly [K in keyof AppState]?: AppState[K] } = {};
  let frames: Record<string, FrameRunState> | null = null;
  let frameIds: string[] | null = null;
  let masters: Record<string, MasterView> | null = null;
  let masterIds: string[] | null = null;
  let strips: Record<string, StripProgress> | null = null;
  let previews = state.previews;
  let headers = state.headers;

  for (const event of events) {
    switch (event.kind) {
      case 'scan':
        patch.scan = event;
        break;
      case 'master': {
        masters ??= { ...state.masters };
        strips ??= { ...state.masterStrips };
        const next = masterAfterEvent(masters[event.masterId], event);
        if (next && !(event.masterId in masters)) {
          masterIds ??= [...state.masterIds];
          masterIds.push(event.masterId);
        }
        if (next) masters[event.masterId] = next;
        strips[event.masterId] = { done: event.stripsDone, total: event.stripsTotal };
        if (event.status === 'done') {
          previews = withoutSource(previews, { kind: 'master', masterId: event.masterId });
          headers = withoutSource(headers, { kind: 'master', masterId: event.masterId });
        }
        break;
      }
      case 'frame': {
        frames ??= { ...state.runFrames };
        const { kind: _kind, ...outcome } = event;
        if (!(event.frameId in frames)) {
          frameIds ??= [...state.runFrameIds];
          frameIds.push(event.frameId);
        }
        frames[event.frameId] = outcome;
        if (event.status === 'done') {
          previews = withoutSource(previews, { kind: 'calibrated', frameId: event.frameId });
          headers = withoutSource(headers, { kind: 'calibrated', frameId: event.frameId });
        }
        break;
      }
      case 'progress': {
        patch.progress = event;
        patch.runStage = event.stage;
        // Calibration totals show a run going on, even one started in another window; masters
        // totals alone do not (buildMasters sends them too, and no 'done' event ends it).
        // Totals arriving after this window's run has answered must not revive it.
        if (event.stage === 'calibrate' && (patch.summary ?? state.summary) === null) patch.runActive = true;
        break;
      }
      case 'done':
        patch.summary = event.summary;
        patch.runActive = false;
        break;
      default:
        assertNever(event, 'event');
    }
  }

  if (frames) patch.runFrames = frames;
  if (frameIds) patch.runFrameIds = frameIds;
  if (masters) patch.masters = masters;
  if (masterIds) patch.masterIds = masterIds;
  if (strips) patch.masterStrips = strips;
  if (previews !== state.previews) patch.previews = previews;
  if (headers !== state.headers) patch.headers = headers;
  return patch;
}
