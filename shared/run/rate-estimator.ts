/**
 * The rate and the time left of a light stage, measured as a person expects: from the stage's
 * own frames (the masters before it are not lights), over its recent frames (the last 20, or the
 * last 10 s when those took longer), and not at all until enough frames were measured. Pure: the
 * clock is passed in, so a test scripts it.
 */

/** A rate (frames per second) and the seconds left at it; nulls while not meaningful. */
export interface RateEstimate {
  readonly framesPerSecond: number | null;
  readonly etaSeconds: number | null;
}

/** How recent the frames the rate is measured over are: at most this many, none older than this. */
export interface RateWindow {
  readonly frames: number;
  readonly ms: number;
}

/** The last 20 frames, or the last 10 s when those 20 took longer. */
export const RATE_WINDOW: RateWindow = { frames: 20, ms: 10_000 };
/** No rate before 5 frames and 1 s of the stage: a first frame failing at once once read "1,839 fr/s". */
export const RATE_SETTLE: RateWindow = { frames: 5, ms: 1_000 };

const NONE: RateEstimate = { framesPerSecond: null, etaSeconds: null };

export class RateEstimator {
  private startedAt: number | null = null;
  /** When the most recent frames finished, oldest first: one more than the window holds. */
  private readonly finishedAt: number[] = [];
  private lastFinishedAt: number | null = null;
  private worked = 0;

  constructor(
    /** Milliseconds, monotonic. */
    private readonly clock: () => number,
    private readonly window: RateWindow = RATE_WINDOW,
    private readonly settle: RateWindow = RATE_SETTLE,
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
    if (this.finishedAt.length > this.window.frames + 1) this.finishedAt.shift();
    this.lastFinishedAt = now;
    this.worked += 1;
  }

  /** The rate now, over the window, and the time left for `left` frames at it. */
  estimate(left: number): RateEstimate {
    const now = this.clock();
    if (this.startedAt === null || this.worked < this.settle.frames || now - this.startedAt < this.settle.ms) return NONE;
    const from = Math.max(this.startedAt, now - this.window.ms);
    let count = this.finishedAt.filter((at) => at > from).length;
    let since = from;
    if (count > this.window.frames) {
      // More than the window's frames in its time: over exactly the last ones, since the one before them.
      since = this.finishedAt[this.finishedAt.length - this.window.frames - 1];
      count = this.window.frames;
    }
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
