/**
 * Step 3, the calibration run, as main holds it (RunState): every light's outcome in a stable
 * order, the latest totals and, once it ended, the summary or why it failed. The slice applies
 * its own events; main announces a run's start and a failed end ('run'), so every window shows
 * the same run. Frames are kept in a record keyed by id so that a row of the list can select
 * exactly its own frame.
 */
import type { FrameRunState, FrameRunStatus, NightcalEvent, NightcalError, NightView, ProgressEvent, RunDestination, RunState, RunSummary } from '../../shared/contract';
import { frameState } from '../../shared/run-views';
import { lightTreatments, type LightTreatment } from '../../shared/run/light-treatment';
import { builtWith } from '../masters/masters-slice';
import { errorMessage } from '../error-message';
import { isConnectionLost } from '../transport/connection';
import type { AppState, SliceCreator } from '../store';

export interface RunSlice {
  /** Null until a run is known (started here or elsewhere, or found in a snapshot). */
  readonly runStage: 'masters' | 'calibrate' | null;
  /** True while a run goes on (started here, in another window, or found in a snapshot). */
  readonly runActive: boolean;
  /** Light ids in list order. */
  readonly runFrameIds: readonly string[];
  readonly runFrames: Readonly<Record<string, FrameRunState>>;
  readonly progress: ProgressEvent | null;
  readonly summary: RunSummary | null;
  /** Why main's run ended without a summary (every window shows it, until the next run). */
  readonly runFailure: NightcalError | null;
  /** What this window's own last request about a run was refused with ("another step is running"), until the run state changes. */
  readonly runError: string | null;
  readonly cancelRequested: boolean;
  /** True while this window waits for main to answer its calibrate request. */
  readonly calibrateRequested: boolean;
  /** Where the next run would write, as main decides it (null until asked). */
  readonly destination: RunDestination | null;
  /** The output folder chosen in this window; null for the night's default. */
  readonly outputChoice: string | null;
  /** Calibrate; `redo` writes every light again, even those an earlier run of the same settings wrote. */
  calibrate(options?: { readonly redo?: boolean }): Promise<void>;
  cancelRun(): Promise<void>;
  /** Ask main where the next run would write (after anything that decides it changed). */
  refreshDestination(): Promise<void>;
  setOutputChoice(path: string | null): void;
}

type RunData = Pick<RunSlice, 'runStage' | 'runActive' | 'runFrameIds' | 'runFrames' | 'progress' | 'summary' | 'runFailure'>;

export const initialRunState = {
  runStage: null,
  runActive: false,
  runFrameIds: [],
  runFrames: {},
  progress: null,
  summary: null,
  runFailure: null,
  runError: null,
  cancelRequested: false,
  calibrateRequested: false,
  destination: null,
  outputChoice: null,
} satisfies Partial<RunSlice>;

/** Frames per status, plus the total. */
export type StatusCounts = Readonly<Record<FrameRunStatus, number>> & { readonly total: number };

/** A queued state for a light that has not started. */
export function queuedFrame(frameId: string): FrameRunState {
  return frameState(frameId, 'queued');
}

const treatmentCache = new WeakMap<NightView, { readonly ids: readonly string[]; readonly treatments: ReadonlyMap<string, LightTreatment>; readonly blocked: number }>();

function planned(night: NightView) {
  let entry = treatmentCache.get(night);
  if (!entry) {
    const treatments = lightTreatments(night);
    entry = { ids: [...treatments.keys()], treatments, blocked: [...treatments.values()].filter((t) => t.blocked).length };
    treatmentCache.set(night, entry);
  }
  return entry;
}

/** The lights a run covers, in the order main takes them (the shared rule): a run's list before it starts. */
export function lightIdsOf(night: NightView): readonly string[] {
  return planned(night).ids;
}

/** What each light gets, as the plan decided it (shared/run/light-treatment.ts), computed once per night. */
export function treatmentsOf(night: NightView | null): ReadonlyMap<string, LightTreatment> | null {
  return night ? planned(night).treatments : null;
}

/** The lights a run will calibrate, and those it cannot (listed as failed with the reason). */
export function lightCounts(night: NightView): { readonly calibratable: number; readonly blocked: number } {
  const entry = planned(night);
  return { calibratable: entry.ids.length - entry.blocked, blocked: entry.blocked };
}

/** The frames the run step lists: the run's, or before any run the lights it would take, queued. */
export function shownFrameIds(s: Pick<AppState, 'runStage' | 'runFrameIds' | 'night'>): readonly string[] {
  if (s.runStage !== null || !s.night) return s.runFrameIds;
  return lightIdsOf(s.night);
}

/** The run part of a snapshot (or of a 'run' event): its frames in main's order. */
export function runStateFromSnapshot(run: RunState | null): RunData {
  if (!run) {
    const { runStage, runActive, runFrameIds, runFrames, progress, summary, runFailure } = initialRunState;
    return { runStage, runActive, runFrameIds, runFrames, progress, summary, runFailure };
  }
  const runFrames: Record<string, FrameRunState> = {};
  for (const frame of run.frames) runFrames[frame.frameId] = frame;
  return {
    runStage: run.stage,
    runActive: run.active,
    runFrameIds: run.frames.map((frame) => frame.frameId),
    runFrames,
    progress: run.progress,
    summary: run.summary,
    runFailure: run.error,
  };
}

/**
 * The run slice's change for a batch of events, made in one pass: the frame record is copied
 * once per batch (on the first write), not once per event, so 1,000 frame events cost one copy.
 */
export function runAfterEvents(state: AppState, events: readonly NightcalEvent[]): Partial<RunSlice> {
  const patch: { -readonly [K in keyof RunSlice]?: RunSlice[K] } = {};
  let frames: Record<string, FrameRunState> | null = null;
  let frameIds: string[] | null = null;
  for (const event of events) {
    switch (event.kind) {
      case 'run':
        // A run started (or ended without a summary) here or elsewhere: what this window showed of the last one is over.
        Object.assign(patch, runStateFromSnapshot(event.run), { runError: null, cancelRequested: false });
        frames = null;
        frameIds = null;
        break;
      case 'frame': {
        frames ??= { ...(patch.runFrames ?? state.runFrames) };
        const { kind: _kind, ...outcome } = event;
        if (!(event.frameId in frames)) {
          frameIds ??= [...(patch.runFrameIds ?? state.runFrameIds)];
          frameIds.push(event.frameId);
        }
        frames[event.frameId] = outcome;
        // Lights under way: the run is calibrating, whatever masters are still being written.
        if (patch.runActive ?? state.runActive) patch.runStage = 'calibrate';
        break;
      }
      case 'progress':
        patch.progress = event;
        break;
      case 'done':
        patch.summary = event.summary;
        patch.runActive = false;
        patch.runError = null;
        patch.cancelRequested = false;
        break;
      case 'scan':
      case 'master':
        break;
    }
  }
  if (frames) patch.runFrames = frames;
  if (frameIds) patch.runFrameIds = frameIds;
  return patch;
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
 * The overall progress in whole percent, the one number the text, the bar and its ARIA value
 * show: floored, so 100 means every frame dealt with. From the summary once the run ended (a
 * cancelled run stays short of 100), else from the frames' own outcomes (one event per frame,
 * never behind main's throttled totals).
 */
export function progressPercent(counts: StatusCounts, summary: RunSummary | null): number {
  const [finished, total] = summary ? [summary.done + summary.failed + summary.skipped, summary.total] : [processedCount(counts), counts.total];
  if (total === 0) return summary ? 100 : 0;
  return Math.floor((100 * finished) / total);
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

/** The ids whose lights are (or will be) calibrated incompletely, as the plan decided: failed ones have no calibration. */
export function idsCalibratedIncompletely(ids: readonly string[], frames: Readonly<Record<string, FrameRunState>>, treatments: ReadonlyMap<string, LightTreatment> | null): readonly string[] {
  if (!treatments) return [];
  return ids.filter((id) => {
    const treatment = treatments.get(id);
    const status = frames[id]?.status ?? 'queued';
    return treatment !== undefined && !treatment.blocked && !treatment.complete && status !== 'failed' && status !== 'cancelled';
  });
}

/** Creates the run slice over a client. */
export const createRunSlice: SliceCreator<RunSlice> = (set, get, client) => {
  // Only the latest question's answer is shown (settings may change while one travels).
  let destinationAsked = 0;
  return {
    ...initialRunState,
    async calibrate(options = {}) {
      const state = get();
      if (!state.night) return;
      // The run's own state comes from main ('run' first, then every light): nothing is guessed here.
      set({ runError: null, cancelRequested: false, calibrateRequested: true });
      try {
        const summary = await client.calibrate({
          // The masters as they are built: a method other than theirs would make main rebuild them.
          combine: builtWith(state) ?? state.combine,
          ...(state.outputChoice !== null ? { outputDir: state.outputChoice } : {}),
          ...(options.redo ? { redo: true } : {}),
        });
        set({ summary, runActive: false });
      } catch (error) {
        // The run goes on in main: the snapshot loaded on reconnecting tells where it stands.
        if (!isConnectionLost(error)) set({ runError: errorMessage(error) });
      } finally {
        set({ calibrateRequested: false });
      }
    },
    async cancelRun() {
      set({ cancelRequested: true });
      try {
        await client.cancelRun();
      } catch (error) {
        set({ runError: errorMessage(error), cancelRequested: false });
      }
    },
    async refreshDestination() {
      const state = get();
      if (!state.night) return;
      const asked = (destinationAsked += 1);
      try {
        const destination = await client.runDestination({
          combine: builtWith(state) ?? state.combine,
          ...(state.outputChoice !== null ? { outputDir: state.outputChoice } : {}),
        });
        if (asked === destinationAsked) set({ destination });
      } catch (error) {
        if (asked === destinationAsked && !isConnectionLost(error)) set({ destination: { wanted: state.outputChoice ?? state.night.outputDir, outputDir: null, passedOver: null, refused: errorMessage(error) } });
      }
    },
    setOutputChoice: (path) => set({ outputChoice: path, destination: null }),
  };
};
