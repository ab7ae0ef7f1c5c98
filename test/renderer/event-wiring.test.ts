import { afterEach, describe, expect, it } from 'vitest';
import type { AppSnapshot, NightcalClient, NightcalEvent } from '../../shared/contract';
import { connectStore, openedElsewhere } from '../../renderer/event-wiring';
import { countFrameStatuses } from '../../renderer/run/run-slice';
import { createAppStore } from '../../renderer/store';
import { createFakeNightcalClient } from '../support/fake-nightcal-client';
import { manualScheduler } from '../support/manual-scheduler';
import { snapshotOf, stubApi, testNight } from './store-fixtures';

/** A client whose events and snapshots the test sends by hand. */
function handClient(snapshots: AppSnapshot[]) {
  const listeners = new Set<(event: NightcalEvent) => void>();
  let snapshotCalls = 0;
  const pendingSnapshots: ((snapshot: AppSnapshot) => void)[] = [];
  const client: NightcalClient = {
    ...stubApi(),
    getSnapshot: () => {
      const snapshot = snapshots[Math.min(snapshotCalls, snapshots.length - 1)];
      snapshotCalls += 1;
      return new Promise((resolve) => pendingSnapshots.push(() => resolve(snapshot)));
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client,
    emit: (event: NightcalEvent) => listeners.forEach((listener) => listener(event)),
    answerSnapshot: async () => {
      pendingSnapshots.shift()?.(snapshots[0]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    listenerCount: () => listeners.size,
    snapshotCalls: () => snapshotCalls,
  };
}

const running = (frameId: string): NightcalEvent => ({ kind: 'frame', frameId, status: 'running', ms: null, outputPath: null, error: null, kernel: null, write: null });

describe('connectStore', () => {
  it('queues events until the first snapshot is loaded, then applies them in one flush', async () => {
    const hand = handClient([snapshotOf(testNight(2))]);
    const store = createAppStore(hand.client);
    const scheduler = manualScheduler();
    let updates = 0;
    store.subscribe(() => (updates += 1));
    const disconnect = connectStore(hand.client, store, { scheduler });

    for (let i = 0; i < 50; i += 1) hand.emit(running(`f${i}`));
    scheduler.advance(500);
    expect(store.getState().runFrameIds).toHaveLength(0); // held back: the snapshot is not in yet

    await hand.answerSnapshot();
    expect(store.getState().ready).toBe(true);
    const afterSnapshot = updates;
    scheduler.advance(0);
    expect(updates).toBe(afterSnapshot + 1); // 50 events, one update
    expect(store.getState().runFrameIds).toHaveLength(50);

    disconnect();
    expect(hand.listenerCount()).toBe(0);
  });

  it('fetches a snapshot when a night was opened elsewhere, not when this window opened it', async () => {
    const hand = handClient([snapshotOf(null)]);
    const store = createAppStore(hand.client);
    const scheduler = manualScheduler();
    connectStore(hand.client, store, { scheduler });
    await hand.answerSnapshot();
    expect(hand.snapshotCalls()).toBe(1);

    const done: NightcalEvent = { kind: 'scan', phase: 'done', root: '/n', filesRead: 1, filesFound: 1, groups: 1, unclassified: 0, problems: 0 };
    store.setState({ nightBusy: true }); // this window is waiting for its own openNight
    hand.emit(done);
    scheduler.advance(200);
    expect(hand.snapshotCalls()).toBe(1);

    store.setState({ nightBusy: false }); // the desktop menu opened one
    hand.emit(done);
    scheduler.advance(200);
    expect(hand.snapshotCalls()).toBe(2);
  });

  it('openedElsewhere looks for a finished scan only', () => {
    const progress: NightcalEvent = { kind: 'scan', phase: 'progress', root: '/n', filesRead: 1, filesFound: 9, groups: 0, unclassified: 0, problems: 0 };
    expect(openedElsewhere([progress], false)).toBe(false);
    expect(openedElsewhere([progress, { ...progress, phase: 'done' }], false)).toBe(true);
    expect(openedElsewhere([{ ...progress, phase: 'done' }], true)).toBe(false);
  });
});

describe('the store over the fake client (timers as fast as they go)', () => {
  let disconnect: (() => void) | null = null;
  afterEach(() => disconnect?.());

  it('demo night → masters → calibration: the mirror matches the fake main at the end', async () => {
    const client = createFakeNightcalClient({ speed: 0, lights: 60, failEvery: 10, frameMs: 1 });
    const store = createAppStore(client);
    disconnect = connectStore(client, store, { intervalMs: 20 });
    await until(() => store.getState().ready);

    await store.getState().openDemoNight();
    expect(store.getState().night?.plan.lights).toHaveLength(60);
    await store.getState().buildMasters();
    expect(Object.values(store.getState().masters).every((m) => m.status === 'done')).toBe(true);
    await store.getState().calibrate();
    // The last events travel through the batcher after the answer.
    await until(() => countFrameStatuses(store.getState().runFrameIds, store.getState().runFrames).done === 54);
    // 60 planned lights, every 10th fails, and the fake night's truncated light fails at once.

    const state = store.getState();
    const counts = countFrameStatuses(state.runFrameIds, state.runFrames);
    expect(counts).toEqual({ queued: 0, running: 0, done: 54, failed: 7, cancelled: 0, skipped: 0, total: 61 });
    expect(state.summary).toMatchObject({ done: 54, failed: 7, total: 61, cancelled: false });
    expect(state.runActive).toBe(false);
    const snapshot = await client.getSnapshot();
    expect(snapshot.run?.frames.filter((f) => f.status === 'failed')).toHaveLength(7);
    expect(state.runFrameIds).toEqual(snapshot.run?.frames.map((f) => f.frameId)); // the same lights, in the same order
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
