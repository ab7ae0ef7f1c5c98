/**
 * The rate and the time left of a light stage, measured as a person expects: from the stage's
 * own frames (the masters before it are not lights), over its recent frames (the last 3 s, or
 * the last 20 frames when those took longer, never more than the last 10 s), and not at all
 * until enough frames were measured. Pure: the clock is passed in, so a test scripts it.
 */

/** A rate (frames per second) and the seconds left at it; nulls while not meaningful. */
export interface RateEstimate {
  readonly framesPerSecond: number | null;
  readonly etaSeconds: number | null;
}

/**
 * What the rate is measured over: the last `minMs`, stretched back to take in the last
 * `frames` frames (a slow run), never further back than `maxMs`.
 */
export interface RateWindow {
  readonly frames: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** At least 3 s (two workers finish frames in bursts: a shorter window jumps), 20 frames, at most 10 s. */
export const RATE_WINDOW: RateWindow = { frames: 20, minMs: 3_000, maxMs: 10_000 };
/** No rate before 5 frames and 1 s of the stage: a first frame failing at once once read "1,839 fr/s". */
export const RATE_SETTLE = { frames: 5, ms: 1_000 } as const;

const NONE: RateEstimate = { framesPerSecond: null, etaSeconds: null };

export class RateEstimator {
  private startedAt: number | null = null;
  /** When the recent frames finished, oldest first: those of the last `maxMs`, and at least one more than `frames`. */
  private readonly finishedAt: number[] = [];
  private lastFinishedAt: number | null = null;
  private worked = 0;

  constructor(
    /** Milliseconds, monotonic. */
    private readonly clock: () => number,
    private readonly window: RateWindow = RATE_WINDOW,
    private readonly settle: { readonly frames: number; readonly ms: number } = RATE_SETTLE,
  ) {}

  /** A frame went to a worker: the stage starts with the first one. */
  started(): void {
    this.startedAt ??= this.clock();
  }

  /** A frame a worker spent time on finished (written or failed). */
  finished(): void {
    const now = this.clock();
    this.startedAt ??= now;
    this.finishedAt.push(now);
    while (this.finishedAt.length > this.window.frames + 1 && this.finishedAt[0] <= now - this.window.maxMs) this.finishedAt.shift();
    this.lastFinishedAt = now;
    this.worked += 1;
  }

  /** The rate now, over the window, and the time left for `left` frames at it. */
  estimate(left: number): RateEstimate {
    const now = this.clock();
    if (this.startedAt === null || this.worked < this.settle.frames || now - this.startedAt < this.settle.ms) return NONE;
    const times = this.finishedAt;
    // The frame before the last `frames` ones finished here (or the stage began): back to there if that is longer ago.
    const framesBack = times.length > this.window.frames ? times[times.length - this.window.frames - 1] : this.startedAt;
    const since = Math.max(this.startedAt, now - this.window.maxMs, Math.min(now - this.window.minMs, framesBack));
    const count = times.filter((at) => at > since).length;
    const seconds = (now - since) / 1000;
    if (seconds <= 0) return NONE;
    const framesPerSecond = count / seconds;
    return { framesPerSecond, etaSeconds: etaAt(framesPerSecond, left) };
  }

  /** The whole stage's rate: frames worked over the time from its start to its last frame; null without one. */
  average(): number | null {
    if (this.startedAt === null || this.lastFinishedAt === null) return null;
    const seconds = (this.lastFinishedAt - this.startedAt) / 1000;
    return seconds > 0 ? this.worked / seconds : null;
  }
}

function etaAt(framesPerSecond: number, left: number): number | null {
  if (left <= 0) return 0;
  return framesPerSecond > 0 ? left / framesPerSecond : null;
}
