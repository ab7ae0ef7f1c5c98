/**
 * Calibration: every light goes to the pool as a small task; each worker reads its frame,
 * calibrates it against the shared masters and writes it. One event per frame change, and
 * throttled totals; a crashed worker's frame is retried once; a full or read-only output
 * stops the run cleanly.
 */
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FrameEvent, FrameRunState, ProgressEvent } from '../../shared/contract';
import type { FrameError, LightPlan } from '../../shared/night/frames';
import { removePartialSync } from '../outputs/atomic-write';
import type { ManifestRecorder } from '../outputs/run-manifest';
import type { CalibrationPool } from '../pool/calibration-pool';
import type { CalibrateFrameResult } from '../pool/tasks';
import { ProgressThrottle } from './progress-throttle';
import type { ScannedFrame } from './scan-night';

export interface CalibrateLightsOptions {
  readonly outputPaths: ReadonlyMap<string, string>;
  /** Provenance cards for one light (built by the caller, which knows the masters' files). */
  readonly provenanceFor: (plan: LightPlan) => readonly string[];
  /** True for lights an earlier run already calibrated with the same masters. */
  readonly alreadyDone: (frameId: string) => boolean;
  /** Lights whose masters failed, with the reason. */
  readonly unavailable: ReadonlyMap<string, FrameError>;
  /**
   * Waits until the light's masters are usable (null) or says why it cannot be calibrated; the
   * masters may still be building when the lights start (default: all usable).
   */
  readonly mastersReady?: (plan: LightPlan) => Promise<FrameError | null>;
  readonly durable: boolean;
  readonly directIo: boolean;
  readonly manifest: ManifestRecorder | null;
  readonly signal?: AbortSignal;
  readonly onEvent: (event: FrameEvent | ProgressEvent) => void;
}

export interface CalibrateLightsResult {
  readonly frames: readonly FrameRunState[];
  readonly cancelled: boolean;
  /** Why the run stopped early, when the output folder became unusable. */
  readonly stoppedBecause: FrameError | null;
  readonly seconds: number;
}

export async function calibrateLights(
  lights: readonly LightPlan[],
  frames: ReadonlyMap<string, ScannedFrame>,
  pool: CalibrationPool,
  options: CalibrateLightsOptions,
): Promise<CalibrateLightsResult> {
  const started = performance.now();
  const states = new Map<string, FrameRunState>();
  const progress = new ProgressThrottle('calibrate', lights.length, options.onEvent);
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  let stoppedBecause: FrameError | null = null;

  const settle = (state: FrameRunState): void => {
    states.set(state.frameId, state);
    options.onEvent({ kind: 'frame', ...state });
    progress.count(state.status, state.ms !== null);
    const scanned = frames.get(state.frameId);
    if (options.manifest && scanned) {
      options.manifest.recordFrame({ ...state, inputSizeBytes: scanned.frame.sizeBytes, inputMtimeMs: scanned.frame.mtimeMs, calstat: null });
    }
  };

  const queue: LightPlan[] = [];
  for (const plan of lights) {
    const outputPath = options.outputPaths.get(plan.frameId) ?? null;
    const blocked = plan.blocked ?? options.unavailable.get(plan.frameId) ?? (frames.get(plan.frameId)?.fits ? null : unreadable(plan.frameId, frames));
    if (blocked) settle({ frameId: plan.frameId, status: 'failed', ms: null, outputPath: null, error: blocked });
    else if (options.alreadyDone(plan.frameId)) settle({ frameId: plan.frameId, status: 'skipped', ms: null, outputPath, error: null });
    else queue.push(plan);
  }

  // One task per worker, plus one waiting so no worker idles while main handles a result.
  // Cancelling stops feeding and lets the frames in hand finish (a frame takes tens of
  // milliseconds): killing a worker mid-write could leave its frame written yet reported
  // cancelled, or a partial file behind.
  const inFlight = pool.workers + 1;
  let next = 0;
  async function feeder(): Promise<void> {
    while (next < queue.length && !stop.signal.aborted) {
      const plan = queue[next++];
      const state = await calibrateOne(plan);
      if (state) settle(state);
    }
  }

  async function calibrateOne(plan: LightPlan): Promise<FrameRunState | null> {
    const scanned = frames.get(plan.frameId)!;
    const outputPath = options.outputPaths.get(plan.frameId)!;
    const noMasters = (await options.mastersReady?.(plan)) ?? null;
    if (stop.signal.aborted) return null; // cancelled while its masters were building
    if (noMasters) return { frameId: plan.frameId, status: 'failed', ms: null, outputPath: null, error: noMasters };
    options.onEvent({ kind: 'frame', frameId: plan.frameId, status: 'running', ms: null, outputPath: null, error: null });
    const task = {
      kind: 'calibrate-frame' as const,
      frame: scanned.fits!,
      outputPath,
      biasId: plan.biasId,
      darkId: plan.darkId,
      darkScale: plan.darkScale,
      flatId: plan.flatId,
      provenanceCards: options.provenanceFor(plan),
      durable: options.durable,
      directIo: options.directIo,
    };
    for (let attempt = 1; ; attempt += 1) {
      let result: CalibrateFrameResult;
      try {
        result = await pool.run(task);
      } catch (error) {
        removePartialSync(outputPath);
        if (attempt < 2 && !stop.signal.aborted) continue; // a worker that died mid-frame: piscina replaced it; try once more
        const message = `${scanned.frame.path}: worker failed twice (${error instanceof Error ? error.message : String(error)})`;
        return { frameId: plan.frameId, status: 'failed', ms: null, outputPath: null, error: { code: 'worker-crashed', message } };
      }
      if (result.status === 'done') return { frameId: plan.frameId, status: 'done', ms: result.ms, outputPath, error: null };
      removePartialSync(outputPath);
      if (result.stopRun && !stoppedBecause) {
        stoppedBecause = { code: result.error.code, message: `the output folder ${dirname(outputPath)} cannot take more files: ${result.error.message}` };
        stop.abort();
      }
      return { frameId: plan.frameId, status: 'failed', ms: result.ms, outputPath: null, error: result.error };
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, queue.length) }, feeder));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  for (const plan of queue) {
    if (!states.has(plan.frameId)) settle({ frameId: plan.frameId, status: 'cancelled', ms: null, outputPath: null, error: null });
  }
  progress.finish();
  return {
    frames: lights.map((plan) => states.get(plan.frameId)!),
    cancelled: options.signal?.aborted ?? false,
    stoppedBecause,
    seconds: (performance.now() - started) / 1000,
  };
}

function unreadable(frameId: string, frames: ReadonlyMap<string, ScannedFrame>): FrameError {
  const frame = frames.get(frameId)?.frame;
  return frame?.error ?? { code: 'io', message: `${frame?.path ?? frameId}: header could not be read` };
}
