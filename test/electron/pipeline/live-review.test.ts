/** Reviews during a run: at most one per interval, always one after the last light measured, none after stop. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { RunReview } from '../../../shared/contract';
import { LiveReview } from '../../../electron/pipeline/live-review';
import type { RunManifest } from '../../../electron/outputs/run-manifest';

vi.mock('../../../electron/pipeline/run-review', () => ({ provisionalReview: (manifest: { n: number }) => ({ provisional: true, rules: [], limits: [], frames: [], keptLists: [], n: manifest.n }) }));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('LiveReview', () => {
  test('throttles to one review per interval, from the manifest as it is when sent', () => {
    const manifest = { n: 0 };
    const sent: number[] = [];
    const live = new LiveReview(() => manifest as unknown as RunManifest, (review: RunReview) => sent.push((review as unknown as { n: number }).n), 1000);
    manifest.n = 1;
    live.measured();
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([1]);
    for (let i = 2; i <= 5; i++) {
      manifest.n = i;
      live.measured();
      vi.advanceTimersByTime(100);
    }
    expect(sent).toEqual([1]); // 400 ms after the first: none yet
    vi.advanceTimersByTime(600);
    expect(sent).toEqual([1, 5]); // the latest, once
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([1, 5]);
  });

  test('stop drops a pending review', () => {
    const sent: unknown[] = [];
    const live = new LiveReview(() => ({}) as RunManifest, (review) => sent.push(review), 1000);
    live.measured();
    vi.advanceTimersByTime(0);
    live.measured();
    live.stop();
    vi.advanceTimersByTime(2000);
    expect(sent).toHaveLength(1);
  });
});
