/**
 * A night run assembled from the pipeline's parts, the way run-calibration.ts does it, for
 * tests that need the pool in their hands (a faulty worker module, memory probes): scan, plan,
 * masters, then calibrateLights.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FrameEvent, ProgressEvent } from '../../../shared/contract';
import { ensureOutputFolders } from '../../../electron/outputs/output-target';
import type { FrameError, LightPlan } from '../../../shared/night/frames';
import { deriveNightView } from '../../../electron/api/night-view';
import { lightsToCalibrate } from '../../../shared/night/lights-to-calibrate';
import { defaultOutputDir, calibratedPaths } from '../../../electron/outputs/output-paths';
import { formatCard } from '../../../electron/fits/write-fits';
import { buildMasters } from '../../../electron/pipeline/build-masters';
import { calibrateLights, type CalibrateLightsResult } from '../../../electron/pipeline/calibrate-lights';
import { scanNight, type ScannedFrame } from '../../../electron/pipeline/scan-night';
import { allocateMasters } from '../../../electron/pool/arena';
import { CalibrationPool } from '../../../electron/pool/calibration-pool';

/** The test worker that wraps the real one (see test/support/faulty-worker.mjs). */
export const FAULTY_WORKER = new URL('../../support/faulty-worker.mjs', import.meta.url).pathname;

export interface PreparedNight {
  readonly pool: CalibrationPool;
  readonly lights: readonly LightPlan[];
  readonly frames: ReadonlyMap<string, ScannedFrame>;
}

/** Scans `night`, builds its masters into `outputDir` on a new pool of `workers` threads. */
export async function prepareNight(night: string, outputDir: string, options: { workers?: number; workerFilename?: string } = {}): Promise<PreparedNight> {
  const scanned = await scanNight(night, { utcOffsetHours: 0 });
  const view = deriveNightView(scanned, new Map(), defaultOutputDir(night));
  const frames = new Map(scanned.frames.map((entry) => [entry.frame.id, entry]));
  const workers = options.workers ?? 2;
  const pool = new CalibrationPool({ workers, memory: allocateMasters(view.plan.masters, { workers }), workerFilename: options.workerFilename });
  mkdirSync(outputDir, { recursive: true });
  const masters = await buildMasters(view.plan, frames, pool, { outputDir, method: 'median', memoryBytes: 1024 * 1024 * 1024, version: 'test', onEvent: () => undefined });
  if (masters.some((master) => master.status !== 'done')) throw new Error(`masters failed: ${JSON.stringify(masters.map((m) => m.error))}`);
  return { pool, lights: lightsToCalibrate(view), frames };
}

/** Calibrates every light of a prepared night into `outputDir`. */
export function calibrateAll(
  prepared: PreparedNight,
  outputDir: string,
  options: {
    signal?: AbortSignal;
    onEvent?: (event: FrameEvent | ProgressEvent) => void;
    directIo?: boolean;
    mastersReady?: (plan: LightPlan) => Promise<FrameError | null>;
  } = {},
): Promise<CalibrateLightsResult> {
  const { pool, lights, frames } = prepared;
  const outputPaths = calibratedPaths(outputDir, lights.map((light) => light.frameId));
  // A run makes its folders before the lights (calibration-run.ts); writers never do.
  mkdirSync(outputDir, { recursive: true });
  ensureOutputFolders(outputDir, [...new Set([...outputPaths.values()].map((path) => dirname(path)))]);
  return calibrateLights(lights, frames, pool, {
    outputPaths,
    // Only the SOFTWARE card (it marks the outputs as NightCal's), no time stamps: a retried frame is byte-identical.
    provenanceFor: () => [formatCard('SOFTWARE', 'NightCal test')],
    durable: false,
    directIo: options.directIo ?? false,
    mastersReady: options.mastersReady,
    manifest: null,
    signal: options.signal,
    onEvent: options.onEvent ?? (() => undefined),
  });
}
