/**
 * The rejections while a run goes on: after a light is measured, the review of the lights
 * written so far (run-review.ts provisionalReview) is sent to every window, at most once per
 * `intervalMs` (a review lists every light: one per frame of a 2,000-light night would be
 * millions of entries), and always for the last light measured.
 */
import type { RunReview } from '../../shared/contract';
import type { RunManifest } from '../outputs/run-manifest';
import { provisionalReview } from './run-review';

/** At most one provisional review a second: the plot moves live, the page is not flooded. */
export const LIVE_REVIEW_MS = 1000;

/** Sends provisional reviews of a run's manifest, throttled. */
export class LiveReview {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = -Infinity;

  constructor(
    private readonly manifest: () => RunManifest | null,
    private readonly send: (review: RunReview) => void,
    private readonly intervalMs: number = LIVE_REVIEW_MS,
  ) {}

  /** A light was measured: a review goes out now, or when the interval has passed. */
  measured(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastSent = performance.now();
      const manifest = this.manifest();
      if (manifest !== null) this.send(provisionalReview(manifest));
    }, wait);
  }

  /** The run ended: nothing more is sent (the final review follows from the run itself). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
