/**
 * Runs with outputs: choose the output folder (never over inputs, never over another run's
 * outputs), build the masters, calibrate every light, and record it all in the manifest.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type BuildMastersRequest, type CalibrateRequest, type FrameRunState, type MasterView, type RunSummary } from '../../shared/contract';
import type { LightPlan, MasterSpec } from '../../shared/night/frames';
import { writeFileAtomic } from '../outputs/atomic-write';
import { OUTPUT_MARKER_FILE } from '../outputs/output-marker';
import { assertSafeOutputDir, calibratedPaths, masterPath } from '../outputs/output-paths';
import { isAlreadyCalibrated, manifestPath, ManifestRecorder, MANIFEST_FORMAT, readManifest, type ManifestMaster, type RunManifest } from '../outputs/run-manifest';
import { calibrateLights } from '../pipeline/calibrate-lights';
import { MasterReadiness } from '../pipeline/master-readiness';
import { lightProvenanceCards } from '../pipeline/provenance';
import { runIdentity } from '../pipeline/run-identity';
import type { NightSession } from './night-session';
import { lightsToCalibrate } from '../../shared/night/lights-to-calibrate';

/** Where a run writes and what it is. */
interface RunOutput {
  readonly outputDir: string;
  readonly identity: string;
  readonly previous: RunManifest | null;
  readonly request: Required<Pick<CalibrateRequest, 'combine' | 'workers' | 'memoryMB'>>;
}

/** Builds the masters into the run's output folder and records them in its manifest. */
export async function runMasters(session: NightSession, request: BuildMastersRequest & { outputDir?: string }, signal: AbortSignal): Promise<readonly MasterView[]> {
  const output = await prepareOutput(session, request);
  const masters = await session.buildMastersNow({ ...output.request, outputDir: output.outputDir }, signal);
  const recorder = new ManifestRecorder(newManifest(session, output, masters, lightsToCalibrate(session.requireNight().view)));
  await recorder.flush();
  return masters;
}

export async function runCalibration(session: NightSession, request: CalibrateRequest, signal: AbortSignal): Promise<RunSummary> {
  const { view } = session.requireNight();
  const frames = session.framesById();
  const output = await prepareOutput(session, request);
  const { outputDir, identity, previous } = output;
  const lights = lightsToCalibrate(view);
  session.run = { stage: 'masters', active: true, frames: lights.map((l) => ({ frameId: l.frameId, status: 'queued', ms: null, outputPath: null, error: null })), summary: null };

  // The manifest is on disk before anything else is written: the output folder is known to take files.
  const recorder = new ManifestRecorder(newManifest(session, output, view.plan.masters.map(plannedMaster), lights));
  await recorder.flush().catch((error: unknown) => {
    throw outputFolderError(outputDir, error);
  });

  // Masters and lights run together: each light starts once its own masters' pixels are final,
  // while the last masters are still being measured and written.
  const readiness = new MasterReadiness(view.plan.masters.map((spec) => spec.id));
  const usable = new Set<string>();
  const building = session
    .buildMastersNow({ ...output.request, outputDir }, signal, (id, failure) => {
      if (failure === null) usable.add(id);
      readiness.settle(id, failure);
    })
    .finally(() => readiness.settleAll('the masters were not built'));
  const states = new Map<string, FrameRunState>(session.run.frames.map((f) => [f.frameId, f]));
  const calibrating = calibrateLights(lights, frames, await session.ensurePool(output.request.workers), {
    outputPaths: calibratedPaths(outputDir, lights.map((l) => l.frameId)),
    provenanceFor: (plan) => lightProvenanceCards({ plan, version: session.settings.version, masterPathOf: (id) => masterPath(outputDir, { id }) }),
    alreadyDone: (frameId) => isAlreadyCalibrated(previous, identity, frames.get(frameId)!.frame),
    unavailable: new Map(),
    mastersReady: (plan) => readiness.forLight(plan),
    durable: session.settings.durable,
    directIo: session.settings.directIo,
    manifest: recorder,
    signal,
    onEvent: (event) => {
      if (event.kind === 'frame') states.set(event.frameId, { frameId: event.frameId, status: event.status, ms: event.ms, outputPath: event.outputPath, error: event.error });
      session.emit(event);
    },
  });
  const [mastersResult, result] = await Promise.allSettled([
    building.then((views) => {
      session.run = { ...session.run!, stage: 'calibrate' };
      return views;
    }),
    calibrating,
  ]);
  if (result.status === 'rejected') throw result.reason;
  // Cancelled while the last masters were being written, lights under way: a cancelled run like
  // any other, with the masters as far as they got. Cancelled before any light: as before, thrown.
  const lightsStarted = result.value.frames.some((f) => f.status === 'done' || f.status === 'failed');
  if (mastersResult.status === 'rejected' && !(signal.aborted && lightsStarted)) throw mastersResult.reason;
  const masters = mastersResult.status === 'fulfilled' ? mastersResult.value : session.masters;
  const masterPaths = new Map(masters.filter((m) => m.path).map((m) => [m.spec.id, m.path!]));
  recorder.recordMasters(manifestMasters(masters));

  const { frames: frameStates, stoppedBecause, cancelled, seconds } = result.value;
  const done = frameStates.filter((f) => f.status === 'done').length;
  const errors = frameStates.filter((f) => f.status === 'failed' && f.error).map((f) => ({ frameId: f.frameId, error: f.error! }));
  if (stoppedBecause) errors.unshift({ frameId: '', error: { ...stoppedBecause, message: `run stopped: ${stoppedBecause.message}` } });
  // A master that failed only while being measured or written had final pixels: its lights are calibrated, and the failure is reported.
  for (const master of masters.filter((m) => m.status === 'failed' && usable.has(m.spec.id))) errors.push({ frameId: '', error: { code: 'write-failed', message: `master ${master.spec.id}: ${master.error}` } });
  const summary: RunSummary = {
    outputDir,
    manifestPath: manifestPath(outputDir),
    total: lights.length,
    done,
    failed: frameStates.filter((f) => f.status === 'failed').length,
    skipped: frameStates.filter((f) => f.status === 'skipped').length,
    cancelled: cancelled || stoppedBecause !== null,
    seconds,
    framesPerSecond: seconds > 0 ? done / seconds : 0,
    masters: [...masterPaths].map(([id, path]) => ({ id, path })),
    errors,
  };
  recorder.manifest.finishedAt = new Date().toISOString();
  recorder.manifest.summary = summary;
  // The frames are written (or the run stopped on a full disk): a manifest that cannot be
  // recorded is reported with the rest, not thrown over the summary.
  await recorder.flush().catch((error: unknown) => {
    errors.push({ frameId: '', error: { code: 'write-failed', message: outputFolderError(outputDir, error).message } });
  });
  session.run = { stage: 'calibrate', active: false, frames: [...states.values()], summary };
  session.emit({ kind: 'done', summary });
  return summary;
}

async function prepareOutput(session: NightSession, request: CalibrateRequest): Promise<RunOutput> {
  const { view } = session.requireNight();
  const combine = request.combine ?? session.settings.combine;
  const identity = runIdentity(view.plan, new Map(view.frames.map((frame) => [frame.id, frame])), combine, session.settings.version);
  const outputDir = chooseOutputDir(request.outputDir ?? view.outputDir, identity);
  assertSafeOutputDir(outputDir, view.root, view.frames);
  await writeFileAtomic(join(outputDir, OUTPUT_MARKER_FILE), '').catch((error: unknown) => {
    throw outputFolderError(outputDir, error);
  });
  return {
    outputDir,
    identity,
    previous: readManifest(outputDir),
    request: { combine, workers: request.workers ?? session.settings.workers, memoryMB: request.memoryMB ?? session.settings.memoryMB },
  };
}

/**
 * A folder holding another run's outputs (a different identity) is never overwritten: the run
 * goes to `<folder>-2`, `-3`… instead. A folder of the same run is resumed.
 */
export function chooseOutputDir(wanted: string, identity: string): string {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? wanted : `${wanted}-${n}`;
    if (!existsSync(manifestPath(candidate))) return candidate;
    if (readManifest(candidate)?.identity === identity) return candidate;
  }
}

function newManifest(session: NightSession, output: RunOutput, masters: readonly MasterView[], lights: readonly LightPlan[]): RunManifest {
  const { view } = session.requireNight();
  const { previous, identity } = output;
  return {
    format: MANIFEST_FORMAT,
    software: { name: 'NightCal', version: session.settings.version },
    night: view.root,
    outputDir: output.outputDir,
    identity,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    settings: output.request,
    inputs: view.frames.map((f) => ({ id: f.id, sizeBytes: f.sizeBytes, mtimeMs: f.mtimeMs, type: f.excluded ? 'excluded' : f.classification.type })),
    groups: view.groups,
    problems: view.problems,
    lights,
    masters: manifestMasters(masters),
    // Frames finished by an interrupted run of the same identity stay on record (resume).
    frames: previous?.identity === identity ? { ...previous.frames } : {},
    summary: null,
  };
}

function manifestMasters(masters: readonly MasterView[]): ManifestMaster[] {
  return masters.map((m) => ({ id: m.spec.id, kind: m.spec.kind, path: m.path ?? '', frameIds: m.spec.frameIds, stats: m.stats, seconds: m.seconds }));
}

/** A master not built yet, as the manifest first records it. */
function plannedMaster(spec: MasterSpec): MasterView {
  return { spec, status: 'planned', path: null, stats: null, histogram: null, seconds: null, error: null };
}

/** A write into the output folder that failed (full, read-only, no permission), as an error naming the folder. */
function outputFolderError(outputDir: string, error: unknown): ApiError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError('io', `cannot write to the output folder ${outputDir}: ${reason}`);
}
