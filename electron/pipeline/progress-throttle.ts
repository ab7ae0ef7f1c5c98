/**
 * Totals for the user at most every `intervalMs`: a thousand frames make a few dozen
 * progress events, not a thousand renders. The rate and the time left are the light stage's
 * own, over its recent frames (shared/run/rate-estimator.ts), and absent until they mean something.
 */
import { performance } from 'node:perf_hooks';
import type { FrameRunStatus, ProgressEvent } from '../../shared/contract';
import { RateEstimator } from '../../shared/run/rate-estimator';

export class ProgressThrottle {
  private done = 0;
  private failed = 0;
  private lastSent = -Infinity;
  private readonly started: number;
  private readonly rate: RateEstimator;

  constructor(
    private readonly stage: ProgressEvent['stage'],
    private readonly total: number,
    private readonly send: (event: ProgressEvent) => void,
    private readonly intervalMs = 250,
    /** Milliseconds clock (a stand-in in tests). */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.started = clock();
    this.rate = new RateEstimator(clock);
  }

  /** A frame went to a worker: the stage's rate is measured from the first. */
  running(): void {
    this.rate.started();
  }

  /** One more frame finished; `worked` when a worker spent time on it. */
  count(status: FrameRunStatus, worked: boolean): void {
    if (status === 'done' || status === 'skipped') this.done += 1;
    else if (status === 'failed') this.failed += 1;
    if (worked) this.rate.finished();
    const now = this.clock();
    if (now - this.lastSent >= this.intervalMs) this.emit(now, false);
  }

  /** A frame counted as `from` turned out to be `to` (an output found missing at the end). */
  amend(from: FrameRunStatus, to: FrameRunStatus): void {
    if (from === 'done' || from === 'skipped') this.done -= 1;
    else if (from === 'failed') this.failed -= 1;
    if (to === 'done' || to === 'skipped') this.done += 1;
    else if (to === 'failed') this.failed += 1;
  }

  /** The final totals, always sent, with the stage's average rate; returns that rate. */
  finish(): number | null {
    return this.emit(this.clock(), true).framesPerSecond;
  }

  private emit(now: number, final: boolean): ProgressEvent {
    this.lastSent = now;
    const left = this.total - this.done - this.failed;
    const { framesPerSecond, etaSeconds } = final ? { framesPerSecond: this.rate.average(), etaSeconds: left === 0 ? 0 : null } : this.rate.estimate(left);
    const event: ProgressEvent = {
      kind: 'progress',
      stage: this.stage,
      done: this.done,
      failed: this.failed,
      total: this.total,
      elapsedSeconds: (now - this.started) / 1000,
      framesPerSecond,
      etaSeconds,
    };
    this.send(event);
    return event;
  }
}
