/**
 * Watching the night as it is written, as main holds it (WatchState): on or off, how files are
 * found, how far behind, the newest light. Every window shows the same watch, from snapshots
 * and `watch` events.
 */
import type { NightcalEvent, WatchState } from '../../shared/contract';
import { errorMessage } from '../error-message';
import type { AppState, SliceCreator } from '../store';

export interface WatchSlice {
  /** Main's watch, null until one was started (here or elsewhere). */
  readonly watch: WatchState | null;
  /** What this window's own start or stop was refused with. */
  readonly watchError: string | null;
  /** True from this window's start until main says the watch is on. */
  readonly watchRequested: boolean;
  startWatch(): Promise<void>;
  stopWatch(): Promise<void>;
}

export const initialWatchState = { watch: null, watchError: null, watchRequested: false } satisfies Partial<WatchSlice>;

/** The last watch event of a batch is the watch. */
export function watchAfterEvents(_state: AppState, events: readonly NightcalEvent[]): Partial<WatchSlice> {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event.kind === 'watch') return { watch: event.watch, watchRequested: false };
  }
  return {};
}

export const createWatchSlice: SliceCreator<WatchSlice> = (set, get, client) => ({
  ...initialWatchState,
  async startWatch() {
    set({ watchRequested: true, watchError: null });
    try {
      // Resolves when the watch stops: its last state.
      set({ watch: await client.startWatch(get().outputChoice ? { outputDir: get().outputChoice! } : {}), watchRequested: false });
    } catch (error) {
      set({ watchError: errorMessage(error), watchRequested: false });
    }
  },
  async stopWatch() {
    try {
      await client.stopWatch();
    } catch (error) {
      set({ watchError: errorMessage(error) });
    }
  },
});
