/**
 * Step 3, the calibration run: every light's outcome in a stable order, the throttled totals
 * and, once it ended, the summary. Frames are kept in a record keyed by id so that a row of
 * the list can select exactly its own frame.
 */
import type { FrameRunState, FrameRunStatus, NightView, ProgressEvent, RunState, RunSummary } from '../../shared/contract';
import { lightsToCalibrate } from '../../shared/night/lights-to-calibrate';
import { frameState } from '../../shared/run-views';
import { builtWith } from '../masters/masters-slice';
import { errorMessage } from '../error-message';
import { isConnectionLost } from '../transport/connection';
import type { SliceCreator } from '../store';

export interface RunSlice {
  readonly runStage: 'masters' | 'calibrate' | null;
  /** True while a run goes on (started here, in another window, or found in a snapshot). */
  readonly runActive: boolean;
  /** Light ids in list order. */
  readonly runFrameIds: readonly string[];
  readonly runFrames: Readonly<Record<string, FrameRunState>>;
  readonly progress: ProgressEvent | null;
  readonly summary: RunSummary | null;
  readonly runError: string | null;
  readonly cancelRequested: boolean;
  calibrate(): Promise<void>;
  cancelRun(): Promise<void>;
}

type RunData = Pick<RunSlice, 'runStage' | 'runActive' | 'runFrameIds' | 'runFrames' | 'progress' | 'summary'>;

export const initialRunState = {
  runStage: null,
  runActive: false,
  runFrameIds: [],
  runFrames: {},
  progress: null,
  summary: null,
  runError: null,
  cancelRequested: false,
} satisfies Partial<RunSlice>;

/** Frames per status, plus the total. */
export type StatusCounts = Readonly<Record<FrameRunStatus, number>> & { readonly total: number };

/** A queued state for a light that has not started. */
export function queuedFrame(frameId: string): FrameRunState {
  return frameState(frameId, 'queued');
}

const lightIdsCache = new WeakMap<NightView, readonly string[]>();

/** The lights a run calibrates, in the order main takes them (the shared rule), so "601 lights" before a run is the run's 601. */
export function lightIdsOf(night: NightView): readonly string[] {
  const cached = lightIdsCache.get(night);
  if (cached) return cached;
  const ids = lightsToCalibrate(night).map((light) => light.frameId);
  lightIdsCache.set(night, ids);
  return ids;
}

/** A run about to start: every light queued. */
export function queuedRun(frameIds: readonly string[]): RunData {
  const runFrames: Record<string, FrameRunState> = {};
  for (const id of frameIds) runFrames[id] = queuedFrame(id);
  return { runStage: 'calibrate', runActive: true, runFrameIds: frameIds, runFrames, progress: null, summary: null };
}

/** The run part of a snapshot: its frames in the snapshot's order. */
export function runStateFromSnapshot(run: RunState | null): RunData {
  if (!run) return { ...initialRunState };
  const runFrames: Record<string, FrameRunState> = {};
  for (const frame of run.frames) runFrames[frame.frameId] = frame;
  return {
    runStage: run.stage,
    runActive: run.active,
    runFrameIds: run.frames.map((frame) => frame.frameId),
    runFrames,
    progress: null,
    summary: run.summary,
  };
}

/** Counts the frames of the list by status. */
export function countFrameStatuses(ids: readonly string[], frames: Readonly<Record<string, FrameRunState>>): StatusCounts {
  const counts = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, skipped: 0, total: ids.length };
  for (const id of ids) {
    const frame = frames[id];
    counts[frame ? frame.status : 'queued'] += 1;
  }
  return counts;
}

/** Frames the run has dealt with: written, failed, or skipped as already written (not cancelled ones). */
export function processedCount(counts: StatusCounts): number {
  return counts.done + counts.failed + counts.skipped;
}

/**
 * The overall progress of calibration in percent (0..100): from the summary once the run
 * ended (a cancelled run stays short of 100); else from the frames' own outcomes, which come
 * one event per frame and are never behind main's throttled totals (those lagged the list by
 * up to a quarter of a second, "46 / 601 frames · 0 %"); main's totals only when no frame is
 * known.
 */
export function overallPercent(progress: ProgressEvent | null, counts: StatusCounts, summary: RunSummary | null): number {
  if (summary) return summary.total > 0 ? (100 * (summary.done + summary.failed + summary.skipped)) / summary.total : 100;
  if (counts.total > 0) return (100 * processedCount(counts)) / counts.total;
  if (progress && progress.stage === 'calibrate' && progress.total > 0) {
    // main's `done` counts failed frames too (electron/pipeline/progress-throttle.ts)
    return Math.min(100, (100 * progress.done) / progress.total);
  }
  return 0;
}

/** Least time a rate must be measured over before it is shown (a first frame failing at once gave "1,839 fr/s"). */
export const RATE_SETTLE_SECONDS = 1;

/** Main's rate and time left, once measured long enough to mean something; nulls before. */
export function settledRate(progress: ProgressEvent | null): { readonly framesPerSecond: number | null; readonly etaSeconds: number | null } {
  if (!progress || progress.stage !== 'calibrate' || progress.elapsedSeconds < RATE_SETTLE_SECONDS) return { framesPerSecond: null, etaSeconds: null };
  return { framesPerSecond: progress.framesPerSecond, etaSeconds: progress.etaSeconds };
}

/** The ids whose status is in `statuses` (all ids for an empty filter, the same array). */
export function idsWithStatus(
  ids: readonly string[],
  frames: Readonly<Record<string, FrameRunState>>,
  statuses: readonly FrameRunStatus[],
): readonly string[] {
  if (statuses.length === 0) return ids;
  return ids.filter((id) => statuses.includes(frames[id]?.status ?? 'queued'));
}

/** Creates the run slice over a client. */
export const createRunSlice: SliceCreator<RunSlice> = (set, get, client) => ({
  ...initialRunState,
  async calibrate() {
    const { night } = get();
    if (!night) return;
    set({ ...queuedRun(lightIdsOf(night)), runError: null, cancelRequested: false });
    try {
      // The masters as they are built: a method other than theirs would make main rebuild them.
      const state = get();
      const summary = await client.calibrate({ combine: builtWith(state) ?? state.combine });
      set({ summary, runActive: false });
    } catch (error) {
      // The run goes on in main: the snapshot loaded on reconnecting tells where it stands.
      if (isConnectionLost(error)) return;
      set({ runError: errorMessage(error), runActive: false });
    }
  },
  async cancelRun() {
    set({ cancelRequested: true });
    try {
      await client.cancelRun();
    } catch (error) {
      set({ runError: errorMessage(error) });
    }
  },
});
