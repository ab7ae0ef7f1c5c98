/**
 * A watch of a night as a capture program writes it: every light already there is calibrated
 * (those an earlier watch finished are kept, by the resume check), then each new light as soon
 * as its file is complete. Calibration frames that arrive wait until their series has been quiet
 * for `calibrationSettleMs` (twenty flats at dawn make one new master, not twenty); the night is
 * then planned again with the session's plan options, the masters rebuilt, and every light whose
 * masters changed redone once (atomically: the new output replaces the old one in one rename).
 * Complete lights wait in a queue, never dropped; its depth and how far behind it is are in
 * every `watch` event. The watch holds its output folder from start to stop.
 */
import { masterWords } from '../../shared/night/choose-masters';
import { JUMP_WINDOW, qualityJump } from '../../shared/quality/quality-jump';
import { LiveReview } from './live-review';
import { writeReview } from './run-review';
import { REQUEST_LIMITS } from '../../shared/request-limits';
import { createHash } from 'node:crypto';
import { dirname, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FrameQuality, FrameRunState, NightcalEvent, RunReview, RunState, WatchState } from '../../shared/contract';
import { asNightcalError } from '../../shared/errors';
import type { LightPlan } from '../../shared/night/frames';
import { lightsToCalibrate } from '../../shared/night/lights-to-calibrate';
import type { NightSession } from '../api/night-session';
import { claimOutputFolder, type OutputFolder } from '../outputs/output-folder';
import { calibratedPaths, masterPath } from '../outputs/output-paths';
import { ensureOutputFolders } from '../outputs/output-target';
import type { ManifestRecorder } from '../outputs/run-manifest';
import type { CalibrationPool } from '../pool/calibration-pool';
import { ArrivalTracker, type ArrivalSettings } from '../watch/arrival-tracker';
import { FolderWatcher } from '../watch/folder-watcher';
import { calibrateLights } from './calibrate-lights';
import { manifestMasters, outputFolderError, startRunManifest, withRefusedOutput } from './calibration-run';
import { lightProvenanceCards } from './provenance';
import { ResumeCheck } from './resume-check';
import type { RunSettings } from './run-settings';
import { scanFile, type ScannedFrame } from './scan-night';
import { WatchTally } from './watch-tally';

/** How a watch waits: for files to complete, for calibration series to end, between listings. */
export interface WatchSettings extends ArrivalSettings {
  readonly calibrationSettleMs: number;
  readonly pollMs: number;
  readonly pollOnly: boolean;
}

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  settleMs: 100,
  incompleteTimeoutMs: REQUEST_LIMITS.watchIncompleteSeconds.default * 1000,
  calibrationSettleMs: REQUEST_LIMITS.watchSettleSeconds.default * 1000,
  pollMs: REQUEST_LIMITS.watchPollSeconds.default * 1000,
  pollOnly: false,
};

interface Queued {
  readonly frameId: string;
  /** When its file was complete (performance.now()), for how far behind the watch is. */
  readonly since: number;
  readonly redo: boolean;
}

export class WatchRun {
  private readonly tally = new WatchTally();
  private readonly queue: Queued[] = [];
  private readonly inHand = new Map<string, Queued>();
  private readonly states = new Map<string, FrameRunState>();
  /** Lights already redone once: never a second time. */
  private readonly redone = new Set<string>();
  private readonly checksums = new Map<string, string>();
  /** The session's night took files since the last watch event (sent with the next one). */
  private nightChanged = false;
  private pendingCalibration: ScannedFrame[] = [];
  private calibrationTimer: NodeJS.Timeout | null = null;
  /** Arrivals and replans, one after another, once the lights already there are queued. */
  private chain: Promise<void>;
  private ready!: () => void;
  private replanning = false;
  private pool: CalibrationPool | null = null;
  private folder: OutputFolder | null = null;
  private recorder: ManifestRecorder | null = null;
  /** The quality of the lights measured so far, by filter (the last few: what a jump is judged against). */
  private readonly measured = new Map<string | null, FrameQuality[]>();
  /** The review of the lights written so far, sent live as they are measured (the quality plot grows). */
  private review: RunReview | null = null;
  private readonly live = new LiveReview(
    () => this.recorder?.manifest ?? null,
    (review) => {
      this.review = review;
      this.emit({ kind: 'review', review });
    },
  );
  private resume: ResumeCheck | null = null;
  private lights = new Map<string, LightPlan>();
  private outputPaths: ReadonlyMap<string, string> = new Map();
  private frames = new Map<string, ScannedFrame>();
  private idle: (() => void) | null = null;

  constructor(
    private readonly session: NightSession,
    private readonly settings: RunSettings,
    private readonly watchSettings: WatchSettings,
    private readonly emit: (event: NightcalEvent) => void,
  ) {
    this.chain = new Promise((resolve) => (this.ready = resolve));
  }

  get state(): WatchState {
    return this.tally.state(this.queue.length, this.oldestSince());
  }

  /** The watch's lights as the Calibrate step lists them (and previews find their outputs). */
  get runState(): RunState {
    return { stage: 'calibrate', active: this.tally.active, frames: [...this.states.values()], progress: null, summary: null, error: this.tally.error, review: this.review };
  }

  /** Watches until `signal` aborts; resolves with the last state (the frames in hand finished, the manifest written). */
  async run(signal: AbortSignal): Promise<WatchState> {
    const { view } = this.session.requireNight();
    this.tally.start();
    // Every window lists the watch's lights from now on (new ones join them as they land).
    this.emit({ kind: 'run', run: this.runState });
    this.tally.outputDir = this.settings.outputDir;
    this.changed();
    const tracker = new ArrivalTracker(this.watchSettings, {
      complete: (path) => {
        this.tally.arriving = tracker.pending;
        this.serially(() => this.arrived(path, performance.now()));
      },
      gaveUp: (path, missing) => {
        this.tally.arriving = tracker.pending;
        this.tally.incompleteFile(path, missing);
        this.changed();
      },
    });
    const watcher = new FolderWatcher(view.root, {
      skipDirs: [view.outputDir, this.settings.outputDir],
      pollMs: this.watchSettings.pollMs,
      pollOnly: this.watchSettings.pollOnly,
      onSighting: (path) => {
        tracker.saw(path);
        this.tally.arriving = tracker.pending;
      },
      onMode: (mode, note) => {
        this.tally.mode(mode, note);
        this.changed();
      },
    });
    try {
      this.folder = this.claim();
      this.tally.outputDir = this.folder.path;
      this.recorder = await startRunManifest(this.folder, view, this.settings, lightsToCalibrate(view));
      // Files already there: taken as the scan read them; one cut short is one still being written.
      for (const { frame } of this.session.scanned!.frames) {
        if (frame.error?.code === 'truncated' || frame.error?.code === 'bad-header') tracker.saw(frame.path);
        else tracker.known(frame.path, frame.sizeBytes);
      }
      await watcher.start();
      for (const path of watcher.listed()) tracker.saw(path); // written between the scan and the listing (the scan's own are known)
      await this.buildMasters(signal);
      this.resume = this.settings.redo ? null : new ResumeCheck(this.folder.previous, this.pool!, (id) => this.checksums.get(id) ?? null, this.ioTimeoutMs());
      const started = performance.now();
      for (const light of this.lights.values()) this.enqueue({ frameId: light.frameId, since: started, redo: false });
      this.changed(true); // every window hears the queue as it stands now, not a throttled moment later
      this.ready();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    } catch (error) {
      if (!signal.aborted) this.tally.error = asNightcalError(error, 'io');
    } finally {
      this.ready();
      watcher.close();
      tracker.close();
      if (this.calibrationTimer) clearTimeout(this.calibrationTimer);
      this.queue.length = 0; // still queued: the next watch takes them (nothing of theirs was written)
      await this.chain.catch(() => undefined);
      await this.drained();
      if (this.recorder) {
        this.recorder.manifest.finishedAt = new Date().toISOString();
        // Stopped: the final review, and the kept lists of every filter beside the outputs, as a run ends.
        if (this.settings.measureQuality) {
          try {
            this.review = writeReview(this.recorder.manifest);
            this.emit({ kind: 'review', review: this.review });
          } catch (error) {
            this.tally.note(`the kept lists could not be written: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        await this.recorder.flush().catch(() => undefined);
        this.recorder.stop();
        this.live.stop();
      }
      this.folder?.release();
      this.tally.stop();
      // Every window's run ends with the watch: its lists stay, its controls are free again.
      this.emit({ kind: 'run', run: this.runState });
      this.changed(true);
    }
    return this.state;
  }

  private claim(): OutputFolder {
    const { view } = this.session.requireNight();
    try {
      return claimOutputFolder(this.settings.outputDir, { identity: watchIdentity(view.root, this.settings), nightRoot: view.root, inputs: view.frames });
    } catch (error) {
      throw outputFolderError(this.settings.outputDir, error);
    }
  }

  /** A file complete: a light is queued now; a calibration frame waits for its series to end. */
  private async arrived(path: string, since: number): Promise<void> {
    const { view } = this.session.requireNight();
    const id = relative(view.root, path).split(sep).join('/');
    const scanned = await scanFile({ id, path, refusal: null }, this.session.settings.utcOffsetHours);
    const type = scanned.frame.classification.type;
    if (type === 'bias' || type === 'dark' || type === 'flat' || type === 'darkflat') {
      this.pendingCalibration.push(scanned);
      this.tally.calibrationWaiting = this.pendingCalibration.length;
      if (this.calibrationTimer) clearTimeout(this.calibrationTimer);
      this.calibrationTimer = setTimeout(() => this.serially(() => this.admitCalibration()), this.watchSettings.calibrationSettleMs);
      this.changed();
      return;
    }
    await this.replan([scanned]);
    const copyOf = this.session.view?.frames.find((frame) => frame.id === id)?.duplicateOf ?? null;
    if (copyOf !== null) {
      this.tally.note(`${id}: a byte-identical copy of ${copyOf}, not calibrated again`);
      this.changed();
    } else if (this.lights.has(id)) this.enqueue({ frameId: id, since, redo: false });
  }

  private async admitCalibration(): Promise<void> {
    const arrived = this.pendingCalibration;
    this.pendingCalibration = [];
    this.tally.calibrationWaiting = 0;
    await this.replan(arrived);
  }

  /** The night planned again with `arrived`; new masters are built with no light in hand, and the lights they change redone once. */
  private async replan(arrived: readonly ScannedFrame[]): Promise<void> {
    const next = await this.session.viewWith(arrived);
    const mastersChange = JSON.stringify(next.view.plan.masters) !== JSON.stringify(this.session.view?.plan.masters);
    this.nightChanged = true; // every window's night view takes the files, with the next watch event
    if (!mastersChange) {
      await this.session.adopt(next);
      this.takePlan();
      this.changed();
      return;
    }
    this.replanning = true;
    try {
      await this.drained();
      await this.session.adopt(next);
      await this.buildMasters(new AbortController().signal);
      this.resume = this.settings.redo ? null : new ResumeCheck(this.folder!.previous, this.pool!, (id) => this.checksums.get(id) ?? null, this.ioTimeoutMs());
      const now = performance.now();
      for (const [frameId, state] of this.states) {
        if ((state.status !== 'done' && state.status !== 'skipped') || this.redone.has(frameId)) continue;
        const plan = this.lights.get(frameId);
        const record = this.recorder!.manifest.frames[frameId];
        if (!plan || !record?.masters) continue;
        const made = { bias: record.masters.bias, dark: record.masters.dark, flat: record.masters.flat };
        const nowWith = { bias: checksumOf(this.checksums, plan.biasId), dark: checksumOf(this.checksums, plan.darkId), flat: checksumOf(this.checksums, plan.flatId) };
        if (made.bias === nowWith.bias && made.dark === nowWith.dark && made.flat === nowWith.flat) continue;
        this.redone.add(frameId);
        this.enqueue({ frameId, since: now, redo: true });
      }
    } finally {
      this.replanning = false;
    }
    this.pump();
  }

  /** The session's plan as this watch's lights, output paths and frames. */
  private takePlan(): void {
    const { view } = this.session.requireNight();
    const lights = lightsToCalibrate(view);
    this.outputPaths = calibratedPaths(this.folder!.path, lights.map((light) => light.frameId));
    ensureOutputFolders(this.folder!.path, [...new Set([...this.outputPaths.values()].map((path) => dirname(path)))]);
    this.lights = new Map(lights.map((light) => [light.frameId, withRefusedOutput(light, this.outputPaths.get(light.frameId)!)]));
    this.frames = this.session.framesById();
    // The manifest plans the lights that landed too: its review (the quality plot) and a resume see them.
    this.recorder!.manifest.lights = [...this.lights.values()];
    this.recorder!.manifest.frames = { ...this.recorder!.manifest.frames };
  }

  private async buildMasters(signal: AbortSignal): Promise<void> {
    this.takePlan();
    this.pool = await this.session.pool(this.settings.workers);
    const pool = this.pool;
    this.checksums.clear();
    const masters = await this.session.build(this.settings, this.folder!.path, signal, (id, failure) => {
      if (failure === null) this.checksums.set(id, pool.masterChecksum(id));
    });
    this.recorder!.recordMasters(manifestMasters(masters, this.checksums));
    this.tally.mastersBuilt(masters.filter((master) => master.status === 'done').length);
    this.changed();
  }

  private enqueue(item: Queued): void {
    const status = this.states.get(item.frameId)?.status;
    // A light is calibrated once (and redone at most once): never twice because it was seen twice.
    if (!item.redo && (this.inHand.has(item.frameId) || status === 'done' || status === 'skipped' || status === 'failed')) return;
    if (this.queue.some((queued) => queued.frameId === item.frameId)) return;
    this.queue.push(item);
    this.states.set(item.frameId, { frameId: item.frameId, status: 'queued', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null });
    this.changed();
    this.pump();
  }

  /** Feeds the pool: one light per worker and one waiting, none while masters are rebuilt. */
  private pump(): void {
    const limit = (this.pool?.workers ?? 1) + 1;
    while (!this.replanning && this.pool && this.inHand.size < limit && this.queue.length > 0 && this.tally.active) {
      const item = this.queue.shift()!;
      if (this.inHand.has(item.frameId)) {
        this.queue.push(item); // its first calibration is still in hand: the redo comes after
        break;
      }
      this.inHand.set(item.frameId, item);
      void this.calibrateOne(item).finally(() => {
        this.inHand.delete(item.frameId);
        this.changed();
        if (this.inHand.size === 0) this.idle?.();
        this.pump();
      });
    }
  }

  private async calibrateOne(item: Queued): Promise<void> {
    const plan = this.lights.get(item.frameId);
    if (!plan) return;
    const folder = this.folder!;
    const resume = item.redo ? null : this.resume;
    const result = await calibrateLights([plan], this.frames, this.pool!, {
      outputPaths: this.outputPaths,
      provenanceFor: (light) =>
        lightProvenanceCards({
          plan: light,
          version: this.settings.version,
          masterOf: (id) => {
            const spec = this.session.requireNight().view.plan.masters.find((m) => m.id === id)!;
            return { path: masterPath(folder.path, spec), file: spec.file, words: masterWords(spec) };
          },
        }),
      measureQuality: this.settings.measureQuality,
      reuse: resume ? (light) => resume.reusable(light, this.frames.get(light.frameId)!, this.outputPaths.get(light.frameId)!) : undefined,
      masterChecksums: (light) => ({ bias: checksumOf(this.checksums, light.biasId), dark: checksumOf(this.checksums, light.darkId), flat: checksumOf(this.checksums, light.flatId) }),
      ioTimeoutMs: this.ioTimeoutMs(),
      durable: this.settings.durable,
      directIo: this.settings.directIo,
      manifest: this.recorder,
      onEvent: (event) => {
        if (event.kind === 'frame') this.emit(event); // the run's own totals are the watch's: its progress events stay here
      },
    });
    const outcome = result.frames[0];
    this.states.set(outcome.frameId, outcome);
    this.tally.finished(outcome, item.redo, performance.now() - item.since, outcome.status === 'done' ? this.qualityNotice(outcome) : null);
    if (outcome.status === 'done' && outcome.quality !== null) this.live.measured();
  }

  /** The newest light's jump against the lights of its filter measured before it; it joins them. */
  private qualityNotice(outcome: FrameRunState): string | null {
    if (outcome.quality === null) return null;
    const filter = this.frames.get(outcome.frameId)?.frame.facts?.filter ?? null;
    const earlier = this.measured.get(filter) ?? [];
    const notice = qualityJump(earlier, outcome.quality);
    this.measured.set(filter, [...earlier.slice(-JUMP_WINDOW + 1), outcome.quality]);
    return notice;
  }

  /** Resolves once no light is in hand. */
  private drained(): Promise<void> {
    if (this.inHand.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = () => {
        this.idle = null;
        resolve();
      };
    });
  }

  private serially(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => {
      this.tally.note(error instanceof Error ? error.message : String(error));
      this.changed();
    });
  }

  private oldestSince(): number | null {
    let oldest: number | null = null;
    for (const item of [...this.queue, ...this.inHand.values()]) if (oldest === null || item.since < oldest) oldest = item.since;
    return oldest;
  }

  private ioTimeoutMs(): number | null {
    return this.settings.ioTimeoutSeconds > 0 ? this.settings.ioTimeoutSeconds * 1000 : null;
  }

  private changed(now = false): void {
    this.tally.throttle(now, () => {
      // The night first: a window shows the new lights' filters and treatments by the time it lists them.
      if (this.nightChanged && this.session.view) this.emit({ kind: 'night', night: this.session.view });
      this.nightChanged = false;
      this.emit({ kind: 'watch', watch: this.state });
    });
  }
}

/** A watch's identity: its night and what decides its masters' pixels; its lights' own records decide what is kept. */
export function watchIdentity(root: string, settings: Pick<RunSettings, 'combine' | 'version'>): string {
  return createHash('sha256').update(JSON.stringify({ watch: root, method: settings.combine, version: settings.version })).digest('hex').slice(0, 32);
}

function checksumOf(checksums: ReadonlyMap<string, string>, id: string | null): string | null {
  return id === null ? null : (checksums.get(id) ?? null);
}
