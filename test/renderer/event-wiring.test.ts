import { afterEach, describe, expect, it } from 'vitest';
import type { AppSnapshot, NightcalEvent, NightcalWindowClient } from '../../shared/contract';
import { connectStore, openedElsewhere } from '../../renderer/event-wiring';
import { countFrameStatuses } from '../../renderer/run/run-slice';
import { createAppStore, type AppStore } from '../../renderer/store';
import { createFakeNightcalClient } from '../support/fake-nightcal-client';
import { snapshotOf, stubApi, testNight } from './store-fixtures';

/** A client whose event batches and snapshots the test sends by hand. */
function handClient(snapshots: AppSnapshot[]) {
  const listeners = new Set<(events: readonly NightcalEvent[]) => void>();
  let snapshotCalls = 0;
  const pendingSnapshots: ((snapshot: AppSnapshot) => void)[] = [];
  const client: NightcalWindowClient = {
    ...stubApi(),
    getSnapshot: () => {
      const snapshot = snapshots[Math.min(snapshotCalls, snapshots.length - 1)];
      snapshotCalls += 1;
      return new Promise((resolve) => pendingSnapshots.push(() => resolve(snapshot)));
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client,
    send: (events: readonly NightcalEvent[]) => listeners.forEach((listener) => listener(events)),
    answerSnapshot: async () => {
      pendingSnapshots.shift()?.(snapshots[0]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    listenerCount: () => listeners.size,
    snapshotCalls: () => snapshotCalls,
  };
}

const running = (frameId: string): NightcalEvent => ({ kind: 'frame', frameId, status: 'running', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null });

describe('connectStore', () => {
  it('applies each batch as it arrives, in one update; the snapshot then replaces what came before it', async () => {
    const night = testNight(2);
    const hand = handClient([snapshotOf(night)]);
    const store = createAppStore(hand.client);
    let updates = 0;
    store.subscribe(() => (updates += 1));
    const disconnect = connectStore(hand.client, store);

    // Main sent these before it took the snapshot (they arrive first): applied at once, one update for 50.
    hand.send(Array.from({ length: 50 }, (_, i) => running(`f${i}`)));
    expect(updates).toBe(1);
    expect(store.getState().runFrameIds).toHaveLength(50);

    await hand.answerSnapshot();
    expect(store.getState().ready).toBe(true);
    expect(store.getState().runFrameIds).toHaveLength(0); // the snapshot's truth: no run
    hand.send([running('after')]);
    expect(store.getState().runFrameIds).toEqual(['after']);

    disconnect();
    expect(hand.listenerCount()).toBe(0);
  });

  it('fetches a snapshot when a night was opened elsewhere, not when this window opened it', async () => {
    const hand = handClient([snapshotOf(null)]);
    const store = createAppStore(hand.client);
    connectStore(hand.client, store);
    await hand.answerSnapshot();
    expect(hand.snapshotCalls()).toBe(1);

    const done: NightcalEvent = { kind: 'scan', phase: 'done', root: '/n', filesRead: 1, filesFound: 1, groups: 1, unclassified: 0, problems: 0 };
    store.setState({ nightBusy: true }); // this window is waiting for its own openNight
    hand.send([done]);
    expect(hand.snapshotCalls()).toBe(1);

    store.setState({ nightBusy: false }); // the desktop menu opened one
    hand.send([done]);
    expect(hand.snapshotCalls()).toBe(2);
  });

  it('openedElsewhere looks for a finished scan only', () => {
    const progress: NightcalEvent = { kind: 'scan', phase: 'progress', root: '/n', filesRead: 1, filesFound: 9, groups: 0, unclassified: 0, problems: 0 };
    expect(openedElsewhere([progress], false)).toBe(false);
    expect(openedElsewhere([progress, { ...progress, phase: 'done' }], false)).toBe(true);
    expect(openedElsewhere([{ ...progress, phase: 'done' }], true)).toBe(false);
  });
});

describe('windows over the fake main (timers as fast as they go)', () => {
  const disconnects: (() => void)[] = [];
  afterEach(() => disconnects.splice(0).forEach((disconnect) => disconnect()));

  const window = async (client: NightcalWindowClient): Promise<AppStore> => {
    const store = createAppStore(client);
    disconnects.push(connectStore(client, store));
    await until(() => store.getState().ready);
    return store;
  };
  const countsOf = (store: AppStore) => countFrameStatuses(store.getState().runFrameIds, store.getState().runFrames);

  it('demo night → masters → calibration: the mirror matches the fake main at the end', async () => {
    const client = createFakeNightcalClient({ speed: 0, lights: 60, failEvery: 10, frameMs: 1 });
    const store = await window(client);

    await store.getState().openDemoNight();
    expect(store.getState().night?.plan.lights).toHaveLength(60);
    await store.getState().buildMasters();
    expect(Object.values(store.getState().masters).every((m) => m.status === 'done')).toBe(true);
    await store.getState().calibrate();
    // 60 planned lights, every 10th fails, and the fake night's truncated light fails at once:
    // every event came before the answer.
    const state = store.getState();
    expect(countsOf(store)).toEqual({ queued: 0, running: 0, done: 54, failed: 7, cancelled: 0, skipped: 0, total: 61 });
    expect(state.summary).toMatchObject({ done: 54, failed: 7, total: 61, cancelled: false });
    expect(state.runActive).toBe(false);
    const snapshot = await client.getSnapshot();
    expect(snapshot.run?.frames.filter((f) => f.status === 'failed')).toHaveLength(7);
    expect(state.runFrameIds).toEqual(snapshot.run?.frames.map((f) => f.frameId)); // the same lights, in the same order
  });

  it('a second window sees another window’s run start, go on and end, as that window does; its refusal goes with the run', async () => {
    const client = createFakeNightcalClient({ speed: 0, lights: 40, failEvery: 0, frameMs: 1, initial: 'done' });
    const a = await window(client);
    await until(() => a.getState().summary !== null);
    const b = await window(client);
    expect(b.getState().summary).toEqual(a.getState().summary); // both show the finished run

    // B tried to run something while A's run goes on: main said busy.
    const running = a.getState().calibrate({ redo: true });
    await until(() => b.getState().runActive);
    // The previous run's end is gone from B at once: its lights queued, no summary.
    expect(b.getState().summary).toBeNull();
    b.setState({ runError: 'another step is running: wait for it or cancel it' });
    await running;
    const finalA = a.getState();
    const finalB = b.getState();
    expect(finalB.runActive).toBe(false);
    expect(finalB.summary).toEqual(finalA.summary);
    expect(countsOf(b)).toEqual(countsOf(a));
    expect(countsOf(b).done + countsOf(b).skipped).toBe(40);
    expect(finalB.runError).toBeNull(); // the refusal held only while the run did
  });

  it('a window opened mid-run shows the run as main holds it, rate included, and follows it to the end', async () => {
    const client = createFakeNightcalClient({ speed: 0.05, lights: 200, failEvery: 0, frameMs: 40, initial: 'running' });
    const first = await window(client);
    await until(() => countsOf(first).done >= 20 && first.getState().progress !== null);
    const late = await window(client);
    const snapshot = await client.getSnapshot();
    // Counts, rows and totals from main's state, not from the events this window missed.
    expect(late.getState().runActive).toBe(true);
    expect(countsOf(late).done).toBeGreaterThanOrEqual(20);
    expect(late.getState().runFrameIds).toEqual(snapshot.run!.frames.map((f) => f.frameId));
    expect(late.getState().progress).not.toBeNull();
    await until(() => late.getState().summary !== null, 20_000);
    expect(countsOf(late)).toEqual(countsOf(first));
    expect(countsOf(late).queued).toBe(0);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
