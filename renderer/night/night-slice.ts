/**
 * Step 1, the night: what the host can do, the open night as main last described it, and the
 * scan in progress. Overriding a frame is a request; main's answer replaces the night.
 */
import type { AppSnapshot, FrameOverrideRequest, NightcalEvent, NightView, ScanEvent } from '../../shared/contract';
import { errorMessage } from '../error-message';
import { isConnectionLost } from '../transport/connection';
import type { AppState, SliceCreator } from '../store';

/** What the host around the API can do (native dialog, reveal in folder). */
export type HostInfo = AppSnapshot['host'];

export interface NightSlice {
  readonly host: HostInfo | null;
  readonly version: string | null;
  readonly recentNights: readonly string[];
  readonly night: NightView | null;
  /** The latest scan event (progress while a night is being opened). */
  readonly scan: ScanEvent | null;
  /** True while this window waits for openNight / openDemoNight. */
  readonly nightBusy: boolean;
  readonly nightError: string | null;
  /** The folder path typed in the open panel: kept when a night is refused, so the user can correct it. */
  readonly nightPathDraft: string;
  /** Frame ids whose override request has not been answered yet. */
  readonly overridesInFlight: Readonly<Record<string, true>>;
  openNight(path: string): Promise<void>;
  openDemoNight(): Promise<void>;
  /** Ask the host for a folder (native dialog) and open it. */
  chooseAndOpenNight(): Promise<void>;
  /** Change a file's type or exclusion; main regroups and its answer replaces the night. */
  overrideFrame(request: FrameOverrideRequest): Promise<void>;
  /** Show (or clear) a message about opening nights, e.g. why a drop did nothing. */
  setNightError(message: string | null): void;
  setNightPathDraft(path: string): void;
}

/** The night slice's data before anything is known. */
export const initialNightState = {
  host: null,
  version: null,
  recentNights: [],
  night: null,
  scan: null,
  nightBusy: false,
  nightError: null,
  nightPathDraft: '',
  overridesInFlight: {},
} satisfies Partial<NightSlice>;

/** The night part of a snapshot. */
export function nightStateFromSnapshot(snapshot: AppSnapshot): Pick<NightSlice, 'host' | 'version' | 'recentNights' | 'night'> {
  return { host: snapshot.host, version: snapshot.version, recentNights: snapshot.recentNights, night: snapshot.night };
}

/** The night slice's change for a batch of events: the latest scan event, and the latest night a watch made. */
export function nightAfterEvents(_state: AppState, events: readonly NightcalEvent[]): Partial<NightSlice> {
  let scan: ScanEvent | null = null;
  let night: NightView | null = null;
  for (const event of events) {
    if (event.kind === 'scan') scan = event;
    else if (event.kind === 'night') night = event.night;
  }
  return { ...(scan ? { scan } : {}), ...(night ? { night } : {}) };
}

/** Recent nights with `path` first, without duplicates, at most `limit`. */
export function withRecentNight(recent: readonly string[], path: string, limit = 8): readonly string[] {
  return [path, ...recent.filter((entry) => entry !== path)].slice(0, limit);
}

/** Creates the night slice over a client. */
export const createNightSlice: SliceCreator<NightSlice> = (set, get, client) => {
  const open = async (request: () => Promise<NightView>): Promise<void> => {
    set({ nightBusy: true, nightError: null, scan: null });
    try {
      const view = await request();
      get().showNight(view, 'opened');
      set({ recentNights: withRecentNight(get().recentNights, view.root) });
    } catch (error) {
      // Main goes on scanning: the snapshot loaded on reconnecting holds the night.
      if (!isConnectionLost(error)) set({ nightError: errorMessage(error) });
    } finally {
      set({ nightBusy: false });
    }
  };

  return {
    ...initialNightState,
    openNight: (path) => open(() => client.openNight({ path })),
    openDemoNight: () => open(() => client.openDemoNight({})),
    async chooseAndOpenNight() {
      try {
        const path = await client.chooseFolder();
        if (path !== null) await get().openNight(path);
      } catch (error) {
        set({ nightError: errorMessage(error) });
      }
    },
    setNightError: (message) => set({ nightError: message }),
    setNightPathDraft: (path) => set({ nightPathDraft: path }),
    async overrideFrame(request) {
      set({ overridesInFlight: { ...get().overridesInFlight, [request.frameId]: true }, nightError: null });
      try {
        const view = await client.setFrameOverride(request);
        get().showNight(view, 'regrouped');
      } catch (error) {
        set({ nightError: errorMessage(error) });
      } finally {
        const { [request.frameId]: _answered, ...rest } = get().overridesInFlight;
        set({ overridesInFlight: rest });
      }
    },
  };
};
