/**
 * Totals for the user at most every `intervalMs`: a thousand frames make a few dozen
 * progress events, not a thousand renders.
 */
import { performance } from 'node:perf_hooks';
import type { FrameRunStatus, ProgressEvent } from '../../shared/contract';

export class ProgressThrottle {
  private done = 0;
  private failed = 0;
  /** Frames that went through a worker: the rate and the time left are theirs. */
  private worked = 0;
  private lastSent = -Infinity;
  private readonly started: number;

  constructor(
    private readonly stage: ProgressEvent['stage'],
    private readonly total: number,
    private readonly send: (event: ProgressEvent) => void,
    private readonly intervalMs = 250,
    /** Milliseconds clock (a stand-in in tests). */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.started = clock();
  }

  /** One more frame finished; `worked` when a worker spent time on it. */
  count(status: FrameRunStatus, worked: boolean): void {
    if (status === 'done' || status === 'skipped') this.done += 1;
    else if (status === 'failed') this.failed += 1;
    if (worked) this.worked += 1;
    const now = this.clock();
    if (now - this.lastSent >= this.intervalMs) this.emit(now);
  }

  /** A frame counted as `from` turned out to be `to` (an output found missing at the end). */
  amend(from: FrameRunStatus, to: FrameRunStatus): void {
    if (from === 'done' || from === 'skipped') this.done -= 1;
    else if (from === 'failed') this.failed -= 1;
    if (to === 'done' || to === 'skipped') this.done += 1;
    else if (to === 'failed') this.failed += 1;
  }

  /** The final totals, always sent. */
  finish(): void {
    this.emit(this.clock());
  }

  private emit(now: number): void {
    this.lastSent = now;
    const elapsedSeconds = (now - this.started) / 1000;
    const framesPerSecond = elapsedSeconds > 0 ? this.worked / elapsedSeconds : 0;
    const left = this.total - this.done - this.failed;
    this.send({
      kind: 'progress',
      stage: this.stage,
      done: this.done,
      failed: this.failed,
      total: this.total,
      elapsedSeconds,
      framesPerSecond,
      etaSeconds: left === 0 ? 0 : framesPerSecond > 0 ? left / framesPerSecond : null,
    });
  }
}
