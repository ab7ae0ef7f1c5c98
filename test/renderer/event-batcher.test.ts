import { describe, expect, it } from 'vitest';
import { createEventBatcher } from '../../renderer/event-batcher';
import { manualScheduler } from '../support/manual-scheduler';

describe('createEventBatcher', () => {
  it('hands 1,000 events pushed at once to a single flush, in order', () => {
    const scheduler = manualScheduler();
    const flushes: number[][] = [];
    const batcher = createEventBatcher<number>((items) => flushes.push(items), { scheduler });
    for (let i = 0; i < 1000; i += 1) batcher.push(i);
    expect(flushes).toHaveLength(0); // nothing synchronous: the flush waits for the timer
    expect(scheduler.pending()).toBe(1); // one timer for the whole burst, not one per event
    scheduler.advance(0);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toHaveLength(1000);
    expect(flushes[0][0]).toBe(0);
    expect(flushes[0][999]).toBe(999);
  });

  it('flushes at most once per interval: a second burst waits for the rest of the 100 ms', () => {
    const scheduler = manualScheduler();
    const flushes: number[][] = [];
    const batcher = createEventBatcher<number>((items) => flushes.push(items), { scheduler, intervalMs: 100 });
    batcher.push(1);
    scheduler.advance(0); // first flush at t = 0
    scheduler.advance(30);
    batcher.push(2);
    batcher.push(3);
    scheduler.advance(69); // t = 99: still inside the interval
    expect(flushes).toEqual([[1]]);
    scheduler.advance(1); // t = 100
    expect(flushes).toEqual([[1], [2, 3]]);
  });

  it('paused (a snapshot on its way), it queues and drops its timer; flushNow still hands on; resume flushes the rest', () => {
    const scheduler = manualScheduler();
    const flushes: number[][] = [];
    const batcher = createEventBatcher<number>((items) => flushes.push(items), { scheduler });
    batcher.push(1);
    batcher.pause();
    expect(scheduler.pending()).toBe(0);
    batcher.push(2);
    scheduler.advance(500);
    expect(flushes).toEqual([]);
    batcher.flushNow(); // an answer arrived: the events before it go first
    expect(flushes).toEqual([[1, 2]]);
    batcher.push(3);
    scheduler.advance(500);
    expect(flushes).toEqual([[1, 2]]);
    batcher.resume();
    scheduler.advance(100);
    expect(flushes).toEqual([[1, 2], [3]]);
  });

  it('after a quiet spell, a single event is handed on at the next tick', () => {
    const scheduler = manualScheduler();
    const flushes: string[][] = [];
    const batcher = createEventBatcher<string>((items) => flushes.push(items), { scheduler });
    batcher.push('a');
    scheduler.advance(0);
    scheduler.advance(5000);
    batcher.push('b');
    scheduler.advance(0);
    expect(flushes).toEqual([['a'], ['b']]);
  });

  it('keeps events queued while paused and flushes them once on resume', () => {
    const scheduler = manualScheduler();
    const flushes: number[][] = [];
    const batcher = createEventBatcher<number>((items) => flushes.push(items), { scheduler, paused: true });
    batcher.push(1);
    batcher.push(2);
    scheduler.advance(1000);
    expect(flushes).toHaveLength(0);
    batcher.resume();
    scheduler.advance(0);
    expect(flushes).toEqual([[1, 2]]);
  });

  it('flushNow empties the queue at once; dispose drops the timer and the queue', () => {
    const scheduler = manualScheduler();
    const flushes: number[][] = [];
    const batcher = createEventBatcher<number>((items) => flushes.push(items), { scheduler });
    batcher.push(1);
    batcher.flushNow();
    expect(flushes).toEqual([[1]]);
    expect(scheduler.pending()).toBe(0);
    batcher.flushNow(); // empty queue: no empty flush
    expect(flushes).toHaveLength(1);
    scheduler.advance(200);
    batcher.push(2);
    batcher.dispose();
    expect(scheduler.pending()).toBe(0);
    scheduler.advance(1000);
    expect(flushes).toHaveLength(1);
  });
});
