/**
 * Calibration: every light goes to the pool as a small task; each worker reads its frame,
 * calibrates it against the shared masters and writes it. One event per frame change, and
 * throttled totals; a crashed worker's frame is retried once; a read that hangs fails after the
 * I/O deadline; an output folder that is full, read-only or gone stops the run cleanly; a frame
 * whose header makes a number non-finite fails alone.
 */
import { setMaxListeners } from 'node:events';
import { lstatSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FrameEvent, FrameRunState, ProgressEvent } from '../../shared/contract';
import type { FrameError, LightPlan } from '../../shared/night/frames';
import { qualityInputs } from '../../shared/quality/quality-inputs';
import { frameState } from '../../shared/run-views';
import { removePartialSync } from '../outputs/atomic-write';
import type { InputRecord, ManifestFrame, ManifestRecorder } from '../outputs/run-manifest';
import { TaskDeadlineError, type CalibrationPool } from '../pool/calibration-pool';
import type { CalibrateFrameResult } from '../pool/task-messages';
import { ProgressThrottle } from './progress-throttle';
import type { ScannedFrame } from './scan-night';

/** How long a cancel waits for the frames in hand (tens of milliseconds each when the disks answer). */
const CANCEL_GRACE_MS = 5_000;

export interface CalibrateLightsOptions {
  readonly outputPaths: ReadonlyMap<string, string>;
  /** Provenance cards for one light (built by the caller, which knows the masters' files); may throw for a header value that cannot be written. */
  readonly provenanceFor: (plan: LightPlan) => readonly string[];
  /**
   * Waits until the light's masters are usable (null) or says why it cannot be calibrated; the
   * masters may still be building when the lights start (default: all usable).
   */
  readonly mastersReady?: (plan: LightPlan) => Promise<FrameError | null>;
  /** The earlier output to keep for this light (its masters final), or null to calibrate it (default: never reuse). */
  readonly reuse?: (plan: LightPlan) => Promise<ManifestFrame | null>;
  /** Checksums of the masters' pixels a light is calibrated with, for its manifest record. */
  readonly masterChecksums?: (plan: LightPlan) => ManifestFrame['masters'];
  /** Lights calibrated at once (the memory budget may hold fewer than the workers); default: workers + 1 queued. */
  readonly inFlight?: number;
  /** A frame whose worker task takes longer fails (a read stuck on a dead mount); null: no deadline. */
  readonly ioTimeoutMs?: number | null;
  readonly durable: boolean;
  readonly directIo: boolean;
  /** Measure every light's quality in its worker (default true). */
  readonly measureQuality?: boolean;
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
  /** Frames through the workers per second of the light stage (its first frame to its last); null when none was. */
  readonly framesPerSecond: number | null;
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
  // A cancel lets the frames in hand finish, for a few seconds: a frame stuck on I/O is then given up.
  const abandon = new AbortController();
  setMaxListeners(0, abandon.signal); // every task in flight listens to it
  let graceTimer: NodeJS.Timeout | null = null;
  stop.signal.addEventListener('abort', () => {
    graceTimer = setTimeout(() => abandon.abort(), CANCEL_GRACE_MS);
  }, { once: true });
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  let stoppedBecause: FrameError | null = null;

  const settle = (state: FrameRunState, record: Partial<ManifestFrame> = {}): void => {
    states.set(state.frameId, state);
    options.onEvent({ kind: 'frame', ...state });
    progress.count(state.status, state.ms !== null && state.status !== 'skipped');
    const facts = frames.get(state.frameId)?.frame.facts ?? null;
    options.manifest?.recordFrame({ input: null, output: null, masters: null, calstat: null, filter: facts?.filter ?? null, dateObs: facts?.dateObs ?? null, ...record, ...state });
  };
  const measure = options.measureQuality ?? true;

  const queue: LightPlan[] = [];
  for (const plan of lights) {
    const blocked = plan.blocked ?? (frames.get(plan.frameId)?.fits ? null : unreadable(plan.frameId, frames));
    if (blocked) settle(frameState(plan.frameId, 'failed', { error: blocked }));
    else queue.push(plan);
  }

  // One task per worker, plus one waiting so no worker idles while main handles a result (fewer
  // when the memory budget says so). Cancelling stops feeding and lets the frames in hand finish
  // (a frame takes tens of milliseconds): killing a worker mid-write could leave its frame
  // written yet reported cancelled, or a partial file behind.
  const inFlight = Math.max(1, options.inFlight ?? pool.workers + 1);
  let next = 0;
  async function feeder(): Promise<void> {
    while (next < queue.length && !stop.signal.aborted) {
      const plan = queue[next++];
      await calibrateOne(plan);
    }
  }

  async function calibrateOne(plan: LightPlan): Promise<void> {
    const scanned = frames.get(plan.frameId)!;
    const outputPath = options.outputPaths.get(plan.frameId)!;
    const noMasters = (await options.mastersReady?.(plan)) ?? null;
    if (stop.signal.aborted) return; // cancelled while its masters were building
    if (noMasters) return settle(frameState(plan.frameId, 'failed', { error: noMasters }));
    const kept = (await options.reuse?.(plan)) ?? null;
    if (kept) return settle(frameState(plan.frameId, 'skipped', { outputPath, ms: kept.ms, quality: kept.quality ?? null }), { ...kept, status: 'skipped' });
    if (stop.signal.aborted) return;

    let provenanceCards: readonly string[];
    try {
      provenanceCards = options.provenanceFor(plan);
    } catch (error) {
      const message = `${scanned.frame.path}: ${error instanceof Error ? error.message : String(error)}`;
      return settle(frameState(plan.frameId, 'failed', { error: { code: 'bad-value', message } }));
    }
    const input = inputRecord(scanned.frame.path);
    options.onEvent({ kind: 'frame', ...frameState(plan.frameId, 'running') });
    progress.running();
    const task = {
      kind: 'calibrate-frame' as const,
      frame: scanned.fits!,
      outputPath,
      biasId: plan.biasId,
      darkId: plan.darkId,
      darkScale: plan.darkScale,
      flatId: plan.flatId,
      provenanceCards,
      durable: options.durable,
      directIo: options.directIo,
      // what the measurement needs to know of the light, decided here once
      quality: measure ? qualityInputs(scanned.frame.facts, scanned.fits!.layout) : null,
    };
    for (let attempt = 1; ; attempt += 1) {
      let result: CalibrateFrameResult;
      try {
        result = await pool.run(task, abandon.signal, options.ioTimeoutMs ?? null);
      } catch (error) {
        removePartialSync(outputPath);
        if (abandon.signal.aborted) return settle(frameState(plan.frameId, 'cancelled'));
        if (error instanceof TaskDeadlineError) {
          const seconds = Math.round(options.ioTimeoutMs! / 1000);
          const message = `${scanned.frame.path}: no answer within ${seconds} s (--io-timeout): is the file on a disk or network share that stopped responding?`;
          return settle(frameState(plan.frameId, 'failed', { error: { code: 'timeout', message } }));
        }
        if (attempt < 2 && !stop.signal.aborted) continue; // a worker that died mid-frame: piscina replaced it; try once more
        const message = `${scanned.frame.path}: worker failed twice (${error instanceof Error ? error.message : String(error)})`;
        return settle(frameState(plan.frameId, 'failed', { error: { code: 'worker-crashed', message } }));
      }
      if (result.status === 'done') {
        const done = frameState(plan.frameId, 'done', { ms: result.ms, outputPath, kernel: result.kernel, write: result.write, quality: result.quality });
        return settle(done, {
          input: input && { ...input, checksum: result.inputChecksum },
          output: { sizeBytes: result.bytesWritten, checksum: result.outputChecksum },
          masters: options.masterChecksums?.(plan) ?? null,
          calstat: plan.calstat,
          measureMs: result.measureMs,
        });
      }
      removePartialSync(outputPath);
      if (result.stopRun && !stoppedBecause) {
        const folder = result.error.code === 'output-vanished' ? '' : `the output folder ${dirname(outputPath)} cannot take more files: `;
        stoppedBecause = { code: result.error.code, message: `${folder}${result.error.message}` };
        stop.abort();
      }
      return settle(frameState(plan.frameId, 'failed', { ms: result.ms, error: result.error }));
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, queue.length) }, feeder));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (graceTimer) clearTimeout(graceTimer);
  }
  for (const plan of queue) {
    if (!states.has(plan.frameId)) settle(frameState(plan.frameId, 'cancelled'));
  }
  for (const amended of vanishedOutputs(states.values())) {
    progress.amend(states.get(amended.frameId)!.status, amended.status);
    states.set(amended.frameId, amended);
    options.onEvent({ kind: 'frame', ...amended });
    if (options.manifest) recordVanished(options.manifest, amended);
  }
  const framesPerSecond = progress.finish();
  return {
    frames: lights.map((plan) => states.get(plan.frameId)!),
    cancelled: options.signal?.aborted ?? false,
    stoppedBecause,
    seconds: (performance.now() - started) / 1000,
    framesPerSecond,
  };
}

/**
 * A run never says it wrote what is not there: every output it counts as done or kept must
 * still be a file when it says so (an output folder removed during the run takes them with it).
 * Returns the failed states of those that are gone. The light stage asks at its end, the run
 * again after its last write (calibration-run.ts).
 */
export function vanishedOutputs(states: Iterable<FrameRunState>): FrameRunState[] {
  const missing: FrameRunState[] = [];
  for (const state of states) {
    if ((state.status !== 'done' && state.status !== 'skipped') || state.outputPath === null) continue;
    let present = false;
    try {
      present = lstatSync(state.outputPath).isFile();
    } catch {
      present = false;
    }
    if (!present) {
      const error = { code: 'output-vanished' as const, message: `${state.outputPath}: written, then removed before the run ended` };
      missing.push(frameState(state.frameId, 'failed', { ms: state.ms, error }));
    }
  }
  return missing;
}

/** A light's record once its output is found gone: failed, with no output, its input as it was read. */
export function recordVanished(manifest: ManifestRecorder, amended: FrameRunState): void {
  const record: Partial<ManifestFrame> | undefined = manifest.manifest.frames[amended.frameId];
  manifest.recordFrame({ input: null, masters: null, calstat: null, filter: null, dateObs: null, ...record, ...amended, output: null });
}

/** What identifies the input now, before it is read (its checksum comes with the result). */
function inputRecord(path: string): Omit<InputRecord, 'checksum'> | null {
  try {
    const info = statSync(path);
    return { sizeBytes: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
  } catch {
    return null;
  }
}

function unreadable(frameId: string, frames: ReadonlyMap<string, ScannedFrame>): FrameError {
  const frame = frames.get(frameId)?.frame;
  return frame?.error ?? { code: 'io', message: `${frame?.path ?? frameId}: header could not be read` };
}
