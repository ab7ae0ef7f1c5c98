/**
 * What a watch has done so far, as its `watch` events say it: counts, the newest light and its
 * latency, the files that never completed, how files are found; sent at most every `intervalMs`
 * (the last change always goes out, a moment later).
 */
import { performance } from 'node:perf_hooks';
import type { FrameRunState, WatchMode, WatchState } from '../../shared/contract';
import type { NightcalError } from '../../shared/errors';

/** Files that never completed, as many as the UI lists (the count goes on). */
const INCOMPLETE_LISTED = 50;

export class WatchTally {
  active = false;
  error: NightcalError | null = null;
  arriving = 0;
  calibrationWaiting = 0;
  outputDir: string | null = null;
  private watchMode: WatchMode | null = null;
  private modeNote: string | null = null;
  private calibrated = 0;
  private kept = 0;
  private redone = 0;
  private failed = 0;
  private masters = 0;
  private newest: WatchState['newest'] = null;
  private lastNotice: WatchState['lastNotice'] = null;
  private readonly incomplete: { path: string; missing: string }[] = [];
  private notes: string[] = [];
  private lastSent = -Infinity;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs = 250) {}

  start(): void {
    this.active = true;
    this.error = null;
  }

  stop(): void {
    this.active = false;
  }

  mode(mode: WatchMode, note: string): void {
    this.watchMode = mode;
    this.modeNote = note;
  }

  mastersBuilt(count: number): void {
    this.masters = count;
  }

  incompleteFile(path: string, missing: string): void {
    if (this.incomplete.length < INCOMPLETE_LISTED) this.incomplete.push({ path, missing });
  }

  /** A problem of one arrival (an unreadable new file): said, and the watch goes on. */
  note(message: string): void {
    this.notes = [...this.notes.slice(-9), message];
  }

  /** `notice`: the light's quality jump, if any (decided by the watch run from the lights before it). */
  finished(outcome: FrameRunState, redo: boolean, latencyMs: number, notice: string | null = null): void {
    if (outcome.status === 'failed') this.failed += 1;
    else if (outcome.status === 'skipped') this.kept += 1;
    else if (outcome.status === 'done') {
      if (redo) this.redone += 1;
      else this.calibrated += 1;
    } else return;
    if (outcome.status === 'done' || outcome.status === 'skipped') {
      this.newest = { frameId: outcome.frameId, latencyMs: outcome.status === 'done' ? Math.round(latencyMs) : null, quality: outcome.quality, notice };
      if (notice !== null) this.lastNotice = { frameId: outcome.frameId, text: notice };
    }
  }

  state(queued: number, oldestSince: number | null): WatchState {
    return {
      active: this.active,
      outputDir: this.outputDir,
      mode: this.watchMode,
      modeNote: this.modeNote,
      queued,
      arriving: this.arriving,
      calibrationWaiting: this.calibrationWaiting,
      calibrated: this.calibrated,
      kept: this.kept,
      redone: this.redone,
      failed: this.failed,
      masters: this.masters,
      behindSeconds: oldestSince === null ? 0 : Math.max(0, (performance.now() - oldestSince) / 1000),
      newest: this.newest,
      lastNotice: this.lastNotice,
      incomplete: [...this.incomplete],
      notes: [...this.notes],
      error: this.error,
    };
  }

  /** Calls `send` now when the last one is old enough (or `now`), else once, a moment later. */
  throttle(now: boolean, send: () => void): void {
    const at = performance.now();
    if (now || at - this.lastSent >= this.intervalMs) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.lastSent = at;
      send();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastSent = performance.now();
      send();
    }, this.intervalMs - (at - this.lastSent));
  }
}
