/**
 * One run, start to finish, in one place: its settings (resolved once, run-settings.ts), its
 * output folder (claimed and locked), its manifest, its masters and lights (pipelined: a light
 * starts once its own masters' pixels are final), its state as every window sees it, and its
 * events. The session holds what outlives a run (the night, the pool and its masters).
 */
import { lstatSync } from 'node:fs';
import { recordLibraryUse } from '../library/library-usage';
import { dirname } from 'node:path';
import type { FrameRunState, MasterView, NightcalEvent, NightView, ProgressEvent, RunDestination, RunReview, RunState, RunSummary } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import { asNightcalError, type NightcalError, type RunError } from '../../shared/errors';
import type { LightPlan, MasterSpec } from '../../shared/night/frames';
import { masterWords } from '../../shared/night/choose-masters';
import { lightsToCalibrate } from '../../shared/night/lights-to-calibrate';
import { lightConcurrency } from '../../shared/pixels/memory-budget';
import { frameState, plannedMaster } from '../../shared/run-views';
import { countNotes, lightTreatments } from '../../shared/run/light-treatment';
import { claimOutputFolder, forecastOutputFolder, type OutputFolder } from '../outputs/output-folder';
import { calibratedPaths, masterPath } from '../outputs/output-paths';
import { ensureOutputFolders, inspectOutputTarget, OutputError } from '../outputs/output-target';
import { manifestInputs, manifestPath, ManifestRecorder, MANIFEST_FORMAT, type ManifestMaster, type RunManifest } from '../outputs/run-manifest';
import type { CalibrationPool } from '../pool/calibration-pool';
import { calibrateLights, recordVanished, vanishedOutputs } from './calibrate-lights';
import { MasterReadiness } from './master-readiness';
import { lightProvenanceCards } from './provenance';
import { ResumeCheck } from './resume-check';
import { rulesText, writeReview } from './run-review';
import { LiveReview } from './live-review';
import { DEFAULT_REJECTION_RULES } from '../../shared/quality/rejection-rules';
import { runIdentity } from './run-identity';
import type { RunSettings } from './run-settings';
import type { ScannedFrame } from './scan-night';

/** Where a run gets its pool and masters: the session, which keeps them between runs. */
export interface MasterSource {
  pool(workers: number): Promise<CalibrationPool>;
  /** Builds the night's masters into `outputDir` (or gives those already built there); `onUsable` hears each master whose pixels are final. */
  build(settings: RunSettings, outputDir: string, signal: AbortSignal, onUsable: (masterId: string, failure: NightcalError | null) => void): Promise<readonly MasterView[]>;
  /** The masters as they stand. */
  readonly views: readonly MasterView[];
}

export interface RunContext {
  readonly night: NightView;
  readonly frames: ReadonlyMap<string, ScannedFrame>;
  readonly settings: RunSettings;
  readonly masters: MasterSource;
  readonly emit: (event: NightcalEvent) => void;
}

export class CalibrationRun {
  private stage: RunState['stage'] = 'masters';
  private active = false;
  private summary: RunSummary | null = null;
  private progress: ProgressEvent | null = null;
  private failure: NightcalError | null = null;
  private review: RunReview | null = null;
  private readonly states = new Map<string, FrameRunState>();
  /** The lights this run covers, in the order it takes them. */
  readonly lights: readonly LightPlan[];

  constructor(private readonly context: RunContext) {
    this.lights = lightsToCalibrate(context.night);
    for (const light of this.lights) this.states.set(light.frameId, frameState(light.frameId, 'queued'));
  }

  /** The run as every window renders it (live while it runs, final after). */
  get state(): RunState {
    return { stage: this.stage, active: this.active, frames: [...this.states.values()], progress: this.progress, summary: this.summary, error: this.failure, review: this.review };
  }

  /** The run's review after a verdict or the rules changed (run-review.ts changeReview). */
  showReview(review: RunReview): void {
    this.review = review;
    this.context.emit({ kind: 'review', review });
  }

  /** Builds the masters into the output folder and records them in its manifest (no lights). */
  async buildMasters(signal: AbortSignal): Promise<readonly MasterView[]> {
    const folder = this.claim();
    try {
      const recorder = await this.startManifest(folder, []);
      const masters = await this.context.masters.build(this.context.settings, folder.path, signal, () => undefined);
      recorder.recordMasters(manifestMasters(masters, new Map()));
      await recorder.flush();
      return masters;
    } finally {
      folder.release();
    }
  }

  /** Masters, then every light; resolves with the summary once the run ended (finished, stopped or cancelled). */
  async calibrate(signal: AbortSignal): Promise<RunSummary> {
    const { settings, night, frames } = this.context;
    this.active = true;
    // Every window starts showing this run now: its lights queued, the previous run's end forgotten.
    this.context.emit({ kind: 'run', run: this.state });
    const recorderRef: { current: ManifestRecorder | null } = { current: null };
    const claimed: { folder: OutputFolder | null } = { folder: null };
    const live = new LiveReview(() => recorderRef.current?.manifest ?? null, (review) => {
      this.review = review;
      this.context.emit({ kind: 'review', review });
    });
    try {
      const folder = (claimed.folder = this.claim());
      const outputPaths = calibratedPaths(folder.path, this.lights.map((light) => light.frameId));
      try {
        ensureOutputFolders(folder.path, [...new Set([...outputPaths.values()].map((path) => dirname(path)))]);
      } catch (error) {
        throw outputFolderError(folder.path, error); // a link or a file where a folder goes: said, not a stack trace
      }
      const lights = this.lights.map((light) => withRefusedOutput(light, outputPaths.get(light.frameId)!));
      const recorder = (recorderRef.current = await this.startManifest(folder, lights));
      // Within --memory: as many workers as lights fit beside the masters, since every worker's
      // arena slot fills with the lights it takes (two slots of 4096² lights outgrow 512 MB).
      const concurrency = this.lightConcurrency(settings.workers);
      const workers = concurrency.inFlight;
      const pool = await this.context.masters.pool(workers);
      const pixelsChecksums = new Map<string, string>();
      const readiness = new MasterReadiness(night.plan.masters.map((spec) => spec.id));
      const specs = new Map(night.plan.masters.map((spec) => [spec.id, spec]));
      const usable = new Set<string>();
      const building = this.context.masters
        .build({ ...settings, workers }, folder.path, signal, (id, failure) => {
          if (failure === null) {
            usable.add(id);
            pixelsChecksums.set(id, pool.masterChecksum(id));
          }
          readiness.settle(id, failure?.message ?? null);
        })
        .finally(() => readiness.settleAll('the masters were not built'));
      const ioTimeoutMs = settings.ioTimeoutSeconds > 0 ? settings.ioTimeoutSeconds * 1000 : null;
      const resume = settings.redo ? null : new ResumeCheck(folder.previous, pool, (id) => pixelsChecksums.get(id) ?? null, ioTimeoutMs);
      const calibrating = calibrateLights(lights, frames, pool, {
        outputPaths,
        provenanceFor: (plan) => lightProvenanceCards({ plan, version: settings.version, masterOf: (id) => { const spec = specs.get(id)!; return { path: masterPath(folder.path, spec), file: spec.file, words: masterWords(spec) }; } }),
        mastersReady: (plan) => readiness.forLight(plan),
        reuse: resume ? (plan) => resume.reusable(plan, frames.get(plan.frameId)!, outputPaths.get(plan.frameId)!) : undefined,
        masterChecksums: (plan) => ({ bias: checksumOf(pixelsChecksums, plan.biasId), dark: checksumOf(pixelsChecksums, plan.darkId), flat: checksumOf(pixelsChecksums, plan.flatId) }),
        ioTimeoutMs,
        durable: settings.durable,
        directIo: settings.directIo,
        measureQuality: settings.measureQuality,
        manifest: recorder,
        signal,
        onEvent: (event) => {
          if (event.kind === 'frame') {
            const { kind: _kind, ...state } = event;
            this.states.set(event.frameId, state);
            if (settings.measureQuality && state.quality !== null) live.measured();
          } else {
            this.progress = event;
          }
          this.context.emit(event);
        },
      });
      const [mastersResult, result] = await Promise.allSettled([
        building.then((views) => {
          this.stage = 'calibrate';
          return views;
        }),
        calibrating,
      ]);
      if (result.status === 'rejected') throw result.reason;
      // Cancelled while the last masters were being written, lights under way: a cancelled run like
      // any other, with the masters as far as they got. Cancelled before any light: thrown.
      const lightsStarted = result.value.frames.some((f) => f.status === 'done' || f.status === 'failed');
      if (mastersResult.status === 'rejected' && !(signal.aborted && lightsStarted)) throw mastersResult.reason;
      let masters = withVanishedMasters(mastersResult.status === 'fulfilled' ? mastersResult.value : this.context.masters.views);
      recorder.recordMasters(manifestMasters(masters, pixelsChecksums));

      const { stoppedBecause, cancelled, seconds } = result.value;
      let outcomes = result.value.frames;
      for (const outcome of outcomes) this.states.set(outcome.frameId, outcome);
      const errors: RunError[] = [];
      if (stoppedBecause) errors.push({ scope: 'run', error: { ...stoppedBecause, message: `run stopped: ${stoppedBecause.message}` } });
      for (const master of masters) {
        // A master that failed only while being measured or written had final pixels: its lights are calibrated, and the failure is reported.
        if (master.status === 'failed' && master.error) errors.push({ scope: 'master', masterId: master.spec.id, error: master.error });
      }
      for (const outcome of outcomes) if (outcome.status === 'failed' && outcome.error) errors.push({ scope: 'frame', frameId: outcome.frameId, error: outcome.error });
      const notes = [folder.passedOver && `${folder.passedOver}: this run writes to ${folder.path}`, concurrency.limitedBy].filter((note): note is string => !!note);
      // Each library remembers which runs used its masters (`nightcal library list`); a library that cannot be written says so here.
      notes.push(...(await recordLibraryUse(masters, folder.path, night.root)));
      const conclude = (): RunSummary => {
        const lightNotes = countNotes(lightTreatments(night), outcomes.filter((f) => f.status === 'done' || f.status === 'skipped').map((f) => f.frameId));
        const summary = summarize(folder.path, outcomes, masters, errors, notes, cancelled || stoppedBecause !== null, seconds, { framesPerSecond: result.value.framesPerSecond, lightNotes });
        recorder.manifest.summary = summary;
        return summary;
      };
      let summary = conclude();
      recorder.manifest.finishedAt = new Date().toISOString();
      // The rejections and the kept lists, from every light's quality (this run's and an earlier one's).
      if (settings.measureQuality) {
        live.stop();
        try {
          this.review = writeReview(recorder.manifest);
          this.context.emit({ kind: 'review', review: this.review });
        } catch (error) {
          errors.push({ scope: 'run', error: { code: 'write-failed', message: outputFolderError(folder.path, error).message } });
        }
      }
      // The frames are written (or the run stopped on a full disk): a manifest that cannot be
      // recorded is reported with the rest, not thrown over the summary.
      const flush = (): Promise<void> =>
        recorder.flush().catch((error: unknown) => {
          errors.push({ scope: 'run', error: { code: 'write-failed', message: outputFolderError(folder.path, error).message } });
        });
      await flush();
      // The last check comes after the last write: an output folder removed while the kept lists or
      // the manifest were written took lights and masters with it, and the summary says so.
      const goneLights = vanishedOutputs(outcomes);
      const left = withVanishedMasters(masters);
      const goneMasters = left.filter((master, at) => master !== masters[at]);
      if (goneLights.length > 0 || goneMasters.length > 0) {
        const amended = new Map(goneLights.map((state) => [state.frameId, state]));
        outcomes = outcomes.map((outcome) => amended.get(outcome.frameId) ?? outcome);
        for (const state of goneLights) {
          this.states.set(state.frameId, state);
          this.context.emit({ kind: 'frame', ...state });
          recordVanished(recorder, state);
          errors.push({ scope: 'frame', frameId: state.frameId, error: state.error! });
        }
        for (const master of goneMasters) errors.push({ scope: 'master', masterId: master.spec.id, error: master.error! });
        masters = left;
        recorder.recordMasters(manifestMasters(masters, pixelsChecksums));
        summary = conclude();
        await flush();
      }
      this.summary = summary;
      this.context.emit({ kind: 'done', summary });
      return summary;
    } catch (error) {
      this.failure = runFailure(error, signal, this.stage);
      throw error;
    } finally {
      live.stop();
      recorderRef.current?.stop();
      this.active = false;
      claimed.folder?.release();
      // A run that ended without a summary ends for every window too, saying why.
      if (this.failure) this.context.emit({ kind: 'run', run: this.state });
    }
  }

  /** Where this run would write, found by claim()'s rules with no side effect (the app shows it before a run). */
  destination(): RunDestination {
    const { night, frames, settings } = this.context;
    const wanted = settings.outputDir;
    try {
      const forecast = forecastOutputFolder(wanted, { identity: this.identity(), nightRoot: night.root, inputs: [...frames.values()].map((entry) => entry.frame) });
      return { wanted, outputDir: forecast.path, passedOver: forecast.passedOver, refused: null };
    } catch (error) {
      return { wanted, outputDir: null, passedOver: null, refused: error instanceof Error ? error.message : String(error) };
    }
  }

  private identity(): string {
    const { night, settings } = this.context;
    return runIdentity(night.plan, new Map(night.frames.map((frame) => [frame.id, frame])), settings.combine, settings.version);
  }

  private claim(): OutputFolder {
    const { night, frames, settings } = this.context;
    const identity = this.identity();
    try {
      return claimOutputFolder(settings.outputDir, { identity, nightRoot: night.root, inputs: [...frames.values()].map((entry) => entry.frame) });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw outputFolderError(settings.outputDir, error);
    }
  }

  private startManifest(folder: OutputFolder, lights: readonly LightPlan[]): Promise<ManifestRecorder> {
    return startRunManifest(folder, this.context.night, this.context.settings, lights);
  }

  /** How many lights the memory budget holds at once, beside the shared masters. */
  private lightConcurrency(workers: number) {
    const { night, frames, settings } = this.context;
    const sizes = this.lights.map((light) => frames.get(light.frameId)?.fits?.layout).filter((layout) => layout !== undefined);
    const largest = sizes.reduce((most, layout) => Math.max(most, layout.width * layout.height), 0);
    const rawBytes = sizes.reduce((most, layout) => Math.max(most, Math.abs(layout.bitpix) / 8), 2);
    return lightConcurrency({
      budgetBytes: settings.memoryMB * 1024 * 1024,
      workers,
      masterBytes: night.plan.masters.reduce((sum, spec: MasterSpec) => sum + spec.width * spec.height * 4, 0),
      pixelsPerLight: Math.max(1, largest),
      bytesPerRawPixel: rawBytes,
    });
  }
}

/** The manifest of a run (or a watch), on disk before anything else is written: the output folder is known to take files. */
export async function startRunManifest(folder: OutputFolder, night: NightView, settings: RunSettings, lights: readonly LightPlan[]): Promise<ManifestRecorder> {
  const manifest: RunManifest = {
    format: MANIFEST_FORMAT,
    software: { name: 'NightCal', version: settings.version },
    night: night.root,
    outputDir: folder.path,
    identity: folder.identity,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    settings: { combine: settings.combine, workers: settings.workers, memoryMB: settings.memoryMB },
    inputs: manifestInputs(night.frames),
    groups: night.groups,
    problems: night.problems,
    lights,
    masters: manifestMasters(night.plan.masters.map(plannedMaster), new Map()),
    // Frames finished by an interrupted run of the same identity stay on record until redone (resume).
    frames: folder.previous ? { ...folder.previous.frames } : {},
    summary: null,
    // Decisions by hand stay; the rules are the ones asked for, else the earlier run's, else the defaults.
    review: {
      rules: settings.rejectRules ? rulesText(settings.rejectRules) : folder.previous?.review.rules.length ? folder.previous.review.rules : rulesText(DEFAULT_REJECTION_RULES),
      verdicts: { ...folder.previous?.review.verdicts },
    },
  };
  const recorder = new ManifestRecorder(manifest);
  await recorder.flush().catch((error: unknown) => {
    throw outputFolderError(folder.path, error);
  });
  return recorder;
}

/** A light whose output path holds something NightCal did not write fails alone, before anything is read. */
export function withRefusedOutput(light: LightPlan, outputPath: string): LightPlan {
  if (light.blocked) return light;
  const target = inspectOutputTarget(outputPath);
  if (target.kind !== 'foreign') return light;
  return { ...light, blocked: { code: 'output-refused', message: `${outputPath}: refusing to write here: it is ${target.why} (raw data is never replaced); move it away or choose another output folder` } };
}

/**
 * A master counted as written must still be a file at the end, as every light is (an output
 * folder removed during the run takes the masters with it): one that is gone is failed, so the
 * summary and the manifest never point at it.
 */
function withVanishedMasters(masters: readonly MasterView[]): MasterView[] {
  return masters.map((master) => {
    if (master.status !== 'done' || master.path === null || isFile(master.path)) return master;
    return { ...master, status: 'failed', path: null, error: { code: 'output-vanished', message: `${master.path}: written, then removed before the run ended` } };
  });
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** `lights`: the light stage's own rate (the masters before it are not lights) and what its lights went without. */
function summarize(outputDir: string, outcomes: readonly FrameRunState[], masters: readonly MasterView[], errors: readonly RunError[], notes: readonly string[], cancelled: boolean, seconds: number, lights: Pick<RunSummary, 'lightNotes'> & { readonly framesPerSecond: number | null }): RunSummary {
  const done = outcomes.filter((f) => f.status === 'done').length;
  const count = <K extends string>(keys: readonly K[], of: (f: FrameRunState) => K | null): Record<K, number> =>
    Object.fromEntries(keys.map((key) => [key, outcomes.filter((f) => f.status === 'done' && of(f) === key).length])) as Record<K, number>;
  return {
    outputDir,
    manifestPath: manifestPath(outputDir),
    total: outcomes.length,
    done,
    failed: outcomes.filter((f) => f.status === 'failed').length,
    skipped: outcomes.filter((f) => f.status === 'skipped').length,
    cancelled,
    seconds,
    framesPerSecond: lights.framesPerSecond ?? 0,
    masters: masters.filter((m) => m.path).map((m) => ({ id: m.spec.id, path: m.path! })),
    kernels: count(['wasm-simd', 'javascript'] as const, (f) => f.kernel),
    writes: count(['direct', 'buffered'] as const, (f) => f.write),
    errors,
    lightNotes: lights.lightNotes,
    notes,
  };
}

/** Why a run ended without a summary, as every window shows it. */
function runFailure(error: unknown, signal: AbortSignal, stage: RunState['stage']): NightcalError {
  if (signal.aborted) return { code: 'cancelled', message: 'cancelled by the user' };
  return asNightcalError(error, stage === 'masters' ? 'master-failed' : 'io');
}

/** The masters as the manifest records them, with their pixels' checksums once final. */
export function manifestMasters(masters: readonly MasterView[], checksums: ReadonlyMap<string, string>): ManifestMaster[] {
  return masters.map((m) => ({ id: m.spec.id, kind: m.spec.kind, path: m.path ?? '', frameIds: m.spec.frameIds, stats: m.stats, seconds: m.seconds, pixelsChecksum: checksums.get(m.spec.id) ?? null, kernels: m.kernels }));
}

function checksumOf(checksums: ReadonlyMap<string, string>, id: string | null): string | null {
  return id === null ? null : (checksums.get(id) ?? null);
}

/** A write into the output folder that failed (full, read-only, no permission, gone), as an error naming the folder. */
export function outputFolderError(outputDir: string, error: unknown): ApiError {
  if (error instanceof OutputError) return new ApiError('io', error.message);
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError('io', `cannot write to the output folder ${outputDir}: ${reason}`);
}
