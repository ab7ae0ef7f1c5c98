/**
 * Totals for the user at most every `intervalMs`: a thousand frames make a few dozen
 * progress events, not a thousand renders.
 */
import { performance } from 'node:perf_hooks';
import type { ProgressEvent } from '../../shared/contract';

export class ProgressThrottle {
  private done = 0;
  private failed = 0;
  private lastSent = -Infinity;
  private readonly started = performance.now();

  constructor(
    private readonly stage: ProgressEvent['stage'],
    private readonly total: number,
    private readonly send: (event: ProgressEvent) => void,
    private readonly intervalMs = 250,
  ) {}

  /** One more frame finished (failed or not). */
  count(failed: boolean): void {
    this.done += 1;
    if (failed) this.failed += 1;
    const now = performance.now();
    if (now - this.lastSent >= this.intervalMs) this.emit(now);
  }

  /** The final totals, always sent. */
  finish(): void {
    this.emit(performance.now());
  }

  private emit(now: number): void {
    this.lastSent = now;
    const elapsedSeconds = (now - this.started) / 1000;
    const framesPerSecond = elapsedSeconds > 0 ? this.done / elapsedSeconds : 0;
    const left = this.total - this.done;
    this.send({
      kind: 'progress',
      stage: this.stage,
      done: this.done,
      failed: this.failed,
      total: this.total,
      elapsedSeconds,
      framesPerSecond,
      etaSeconds: framesPerSecond > 0 && this.done > 0 ? left / framesPerSecond : null,
    });
  }
}
