/** The watch as a window mirrors it: from snapshots and `watch` events (the last of a batch), started and stopped through the API. */
import { describe, expect, it } from 'vitest';
import type { StartWatchRequest, WatchState } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { snapshotOf, stubApi } from '../store-fixtures';

const watchState = (patch: Partial<WatchState> = {}): WatchState => ({
  active: true, outputDir: '/n/calibrated', mode: 'notify', modeNote: 'file-system notifications', queued: 0, arriving: 0, calibrationWaiting: 0,
  calibrated: 0, kept: 0, redone: 0, failed: 0, masters: 3, behindSeconds: 0, newest: null, lastNotice: null, incomplete: [], notes: [], error: null, ...patch,
});

describe('watch slice', () => {
  it('a snapshot brings main’s watch; the last watch event of a batch is the watch', () => {
    const store = createAppStore(stubApi());
    store.getState().loadSnapshot(snapshotOf(null, { watch: watchState({ calibrated: 4 }) }));
    expect(store.getState().watch?.calibrated).toBe(4);
    store.getState().applyEvents([{ kind: 'watch', watch: watchState({ calibrated: 5 }) }, { kind: 'watch', watch: watchState({ calibrated: 6, queued: 2 }) }]);
    expect(store.getState().watch).toMatchObject({ calibrated: 6, queued: 2 });
  });

  it('starts with the output folder chosen in this window, and says why main refused', async () => {
    const asked: StartWatchRequest[] = [];
    let refuse = false;
    const store = createAppStore(stubApi({
      startWatch: async (request) => {
        asked.push(request);
        if (refuse) throw new ApiError('busy', 'another step is running');
        return watchState({ active: false, calibrated: 1 });
      },
    }));
    store.getState().setOutputChoice('/n/out');
    await store.getState().startWatch();
    expect(asked).toEqual([{ outputDir: '/n/out' }]);
    expect(store.getState().watch).toMatchObject({ active: false, calibrated: 1 });
    refuse = true;
    await store.getState().startWatch();
    expect(store.getState().watchError).toBe('another step is running');
    expect(store.getState().watchRequested).toBe(false);
  });
});
