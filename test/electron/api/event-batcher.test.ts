import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NightcalEvent } from '../../../shared/contract';
import { eventBatchesOf, EventBatcher } from '../../../electron/api/event-batcher';
import { frameDone, runDone, runProgress, scanProgress, standInService } from './stand-in-service';

describe('EventBatcher', () => {
  let batches: (readonly NightcalEvent[])[];
  let batcher: EventBatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    batches = [];
    batcher = new EventBatcher((events) => batches.push(events), 50);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends nothing before the interval, then one batch in order', () => {
    batcher.push(frameDone('a'));
    batcher.push(frameDone('b'));
    vi.advanceTimersByTime(49);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([[frameDone('a'), frameDone('b')]]);
  });

  it('sends at once when the run is done, with everything before it', () => {
    batcher.push(frameDone('a'));
    batcher.push(runDone());
    expect(batches).toEqual([[frameDone('a'), runDone()]]);
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(1);
  });

  it('keeps only the latest of superseded totals, placed last', () => {
    batcher.push(scanProgress(1));
    batcher.push(runProgress(1));
    batcher.push(frameDone('a'));
    batcher.push(scanProgress(2));
    batcher.push(runProgress(2));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[frameDone('a'), scanProgress(2), runProgress(2)]]);
  });

  it('keeps only the latest night a watch made: each is a whole view', () => {
    const night = (root: string) => ({ kind: 'night', night: { root } }) as unknown as NightcalEvent;
    batcher.push(night('/a'));
    batcher.push(frameDone('a'));
    batcher.push(night('/b'));
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[frameDone('a'), night('/b')]]);
  });

  it('never drops a frame outcome or the end of a scan', () => {
    const scanDone: NightcalEvent = { ...(scanProgress(100) as Extract<NightcalEvent, { kind: 'scan' }>), phase: 'done' };
    batcher.push(scanDone);
    batcher.push(scanProgress(1));
    batcher.push(frameDone('a'));
    batcher.push(frameDone('a'));
    vi.advanceTimersByTime(50);
    expect(batches[0]).toEqual([scanDone, scanProgress(1), frameDone('a'), frameDone('a')]);
  });

  it('sends at most one batch per interval under a steady stream', () => {
    for (let ms = 0; ms < 500; ms += 5) {
      batcher.push(frameDone(`f${ms}`));
      vi.advanceTimersByTime(5);
    }
    expect(batches.length).toBeLessThanOrEqual(10);
    expect(batches.flat()).toHaveLength(100);
  });

  it('sends nothing after dispose', () => {
    batcher.push(frameDone('a'));
    batcher.dispose();
    batcher.push(runDone());
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([]);
  });
});

describe('the batches every window of a service shares', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives every window the very same batches, flushes to all of them, and stops listening when the last one leaves', () => {
    const service = standInService();
    const shared = eventBatchesOf(service);
    expect(eventBatchesOf(service)).toBe(shared); // one per service, whatever the transport
    const first: (readonly NightcalEvent[])[] = [];
    const second: (readonly NightcalEvent[])[] = [];
    const leaveFirst = shared.subscribe((events) => first.push(events));
    service.emit(frameDone('a'));
    vi.advanceTimersByTime(30);
    // A window that connects mid-batch gets the batch as the first one does.
    const leaveSecond = shared.subscribe((events) => second.push(events));
    service.emit(frameDone('b'));
    vi.advanceTimersByTime(20);
    service.emit(frameDone('c'));
    shared.flush(); // before one window's answer: to every window
    expect(first).toEqual([[frameDone('a'), frameDone('b')], [frameDone('c')]]);
    expect(second).toEqual(first);
    expect(service.listenerCount()).toBe(1);
    leaveFirst();
    leaveSecond();
    expect(service.listenerCount()).toBe(0);
    service.emit(runDone());
    expect(first).toHaveLength(2);
  });
});
