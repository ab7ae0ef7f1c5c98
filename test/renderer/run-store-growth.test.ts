/**
 * The renderer's side of a long run: 5,000 events (every light running then done, totals in
 * between) leave one entry per frame and one set of totals — no history that grows with the
 * events. Complements test/electron/pipeline/soak.test.ts (main and workers).
 */
import { describe, expect, it } from 'vitest';
import type { NightcalEvent } from '../../shared/contract';
import { createAppStore } from '../../renderer/store';
import { stubApi } from './store-fixtures';

const FRAMES = 1500;

describe('the store during a long run', () => {
  it('keeps one entry per frame and only the latest totals, whatever the number of events', () => {
    const store = createAppStore(stubApi());
    const ids = Array.from({ length: FRAMES }, (_, i) => `Lights/L_${String(i).padStart(5, '0')}.fits`);
    const events: NightcalEvent[] = [];
    ids.forEach((frameId, i) => {
      events.push({ kind: 'frame', frameId, status: 'running', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null });
      events.push({ kind: 'frame', frameId, status: 'done', ms: 12, outputPath: `/out/${frameId}`, error: null, kernel: null, write: null, quality: null });
      if (i % 3 === 0) {
        events.push({ kind: 'progress', stage: 'calibrate', done: i + 1, failed: 0, total: FRAMES, elapsedSeconds: i / 100, framesPerSecond: 100, etaSeconds: (FRAMES - i) / 100 });
      }
    });
    expect(events.length).toBeGreaterThanOrEqual(3500);
    // Delivered in transport-sized batches, as the event batcher does.
    for (let at = 0; at < events.length; at += 50) store.getState().applyEvents(events.slice(at, at + 50));
    // Then the same frames again (a second run in the same window): still one entry each.
    for (let at = 0; at < events.length; at += 50) store.getState().applyEvents(events.slice(at, at + 50));

    const state = store.getState();
    expect(state.runFrameIds).toHaveLength(FRAMES);
    expect(Object.keys(state.runFrames)).toHaveLength(FRAMES);
    expect(state.runFrames[ids[FRAMES - 1]].status).toBe('done');
    expect(state.progress).toMatchObject({ kind: 'progress', total: FRAMES });
    // Nothing else in the state holds an array or record that grew with the events.
    for (const [key, value] of Object.entries(state)) {
      if (key === 'runFrameIds' || key === 'runFrames') continue;
      const size = Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0;
      expect(size, key).toBeLessThan(FRAMES);
    }
  });
});
