import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NightcalEvent } from '../../../shared/contract';
import { EventBatcher } from '../../../electron/api/event-batcher';
import { frameDone, runDone, runProgress, scanProgress } from './stand-in-service';

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
