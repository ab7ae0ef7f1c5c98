/**
 * What outlives a run: the open night, the user's overrides, the pool with its shared masters
 * (kept so that a second run with the same plan and method does not build them again), the last
 * run (for every window's snapshot), and the one stage in progress. Runs themselves are
 * pipeline/calibration-run.ts's.
 */
import { setMaxListeners } from 'node:events';
import { lstatSync } from 'node:fs';
import type { MasterView, NightView, NightcalEvent, RunState } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import type { NightcalError } from '../../shared/errors';
import type { FrameOverride } from '../../shared/night/frame-overrides';
import { plannedMaster } from '../../shared/run-views';
import { buildMasters } from '../pipeline/build-masters';
import type { CalibrationRun, MasterSource } from '../pipeline/calibration-run';
import type { WatchRun } from '../pipeline/watch-run';
import { librariesToUse, type RunSettings, type SessionSettings } from '../pipeline/run-settings';
import { hashFile, scanNight, type ScannedFrame, type ScannedNight } from '../pipeline/scan-night';
import { defaultOutputDir } from '../outputs/output-paths';
import { allocateMasters } from '../pool/arena';
import { CalibrationPool } from '../pool/calibration-pool';
import { openNightLibraries } from '../library/open-libraries';
import { deriveNightView, type NightLibraries } from './night-view';

/** The masters built for one plan with one method into one folder, living in the pool's shared memory. */
interface BuiltMasters {
  readonly pool: CalibrationPool;
  readonly method: RunSettings['combine'];
  readonly outputDir: string;
  readonly views: readonly MasterView[];
}

export class NightSession implements MasterSource {
  scanned: ScannedNight | null = null;
  view: NightView | null = null;
  /** The run going on, or the last one (what a reloaded window shows); a watch is one too. */
  run: (Pick<CalibrationRun, 'state'> & Partial<Pick<CalibrationRun, 'showReview'>>) | null = null;
  /** The watch going on, or the last one. */
  watch: WatchRun | null = null;
  private overrides = new Map<string, FrameOverride>();
  /** The calibration libraries as read when the night was opened; null when the session uses none. */
  private libraries: NightLibraries | null = null;
  /** SHA-256 of files a watch compared, by path (a light arriving is compared with those of its size). */
  private readonly hashes = new Map<string, string>();
  private currentPool: CalibrationPool | null = null;
  private built: BuiltMasters | null = null;
  /** Masters as the last build reported them, so a preview can follow each 'done' at once. */
  private masterViews = new Map<string, MasterView>();
  private stage: AbortController | null = null;

  constructor(
    readonly settings: SessionSettings,
    readonly emit: (event: NightcalEvent) => void,
  ) {}

  get busy(): boolean {
    return this.stage !== null;
  }

  get views(): readonly MasterView[] {
    if (this.built) return this.built.views;
    return (this.view?.plan.masters ?? []).map((spec) => this.masterViews.get(spec.id) ?? plannedMaster(spec));
  }

  /** The run as windows render it. */
  get runState(): RunState | null {
    return this.run?.state ?? null;
  }

  /** Scanned frames by id (the header the pixel tasks need). */
  framesById(): Map<string, ScannedFrame> {
    return new Map((this.scanned?.frames ?? []).map((entry) => [entry.frame.id, entry]));
  }

  async open(root: string, utcOffsetHours = this.settings.utcOffsetHours): Promise<NightView> {
    return this.exclusive(async () => {
      const outputDir = defaultOutputDir(root);
      const scanned = await scanNight(root, {
        utcOffsetHours,
        skipDirs: [outputDir],
        onProgress: (filesRead, filesFound) =>
          this.emit({ kind: 'scan', phase: 'progress', root, filesRead, filesFound, groups: 0, unclassified: 0, problems: 0 }),
      });
      // Read again with every night: a library grows between nights (`nightcal library add`).
      const folders = librariesToUse(this.settings);
      const libraries = folders.length > 0 ? await openNightLibraries(folders, { utcOffsetHours }) : null;
      await this.resetPool();
      this.scanned = scanned;
      this.libraries = libraries;
      this.hashes.clear();
      this.overrides = new Map();
      this.run = null;
      this.view = deriveNightView(scanned, this.overrides, outputDir, this.settings, libraries);
      const view = this.view;
      this.emit({
        kind: 'scan',
        phase: 'done',
        root,
        filesRead: scanned.frames.length,
        filesFound: scanned.frames.length,
        groups: view.groups.length,
        unclassified: view.unclassified.length,
        problems: view.problems.length,
      });
      return view;
    });
  }

  /** Plans the open night again with its libraries read again (a master was just added); frames, overrides and the last run stay. */
  async replanWithLibraries(): Promise<NightView | null> {
    return this.exclusive(async () => {
      if (!this.scanned || !this.view) return null;
      const folders = librariesToUse(this.settings);
      this.libraries = folders.length > 0 ? await openNightLibraries(folders, { utcOffsetHours: this.settings.utcOffsetHours }) : null;
      const next = deriveNightView(this.scanned, this.overrides, this.view.outputDir, this.settings, this.libraries);
      if (JSON.stringify(next.plan.masters) !== JSON.stringify(this.view.plan.masters)) await this.resetPool();
      this.view = next;
      return next;
    });
  }

  async setOverride(frameId: string, override: FrameOverride): Promise<NightView> {
    return this.exclusive(async () => {
      const { scanned, view } = this.requireNight();
      if (!view.frames.some((frame) => frame.id === frameId)) throw new ApiError('not-found', `no frame '${frameId}' in this night`);
      const merged = { ...this.overrides.get(frameId), ...override };
      if (merged.type === undefined && !merged.excluded) this.overrides.delete(frameId);
      else this.overrides.set(frameId, merged);
      const next = deriveNightView(scanned, this.overrides, view.outputDir, this.settings, this.libraries);
      // Masters survive an override that leaves every master as it was (a light excluded, say).
      if (JSON.stringify(next.plan.masters) !== JSON.stringify(view.plan.masters)) await this.resetPool();
      this.view = next;
      return this.view;
    });
  }

  /** The night as it would be with `arrived` added (a watch's new files), the user's overrides kept; nothing changes yet. */
  async viewWith(arrived: readonly ScannedFrame[]): Promise<{ readonly scanned: ScannedNight; readonly view: NightView }> {
    const { scanned, view } = this.requireNight();
    const byId = new Map(scanned.frames.map((entry) => [entry.frame.id, entry]));
    for (const entry of arrived) byId.set(entry.frame.id, await this.asCopyOf(entry, [...byId.values()]));
    const next = { ...scanned, frames: [...byId.values()] };
    return { scanned: next, view: deriveNightView(next, this.overrides, view.outputDir, this.settings, this.libraries) };
  }

  /**
   * A file that arrived as a byte-identical copy of a frame already in the night (a capture
   * program saving twice, a copy dropped in) is flagged as the scan flags one, never taken twice:
   * only files of the same size are hashed, each once.
   */
  private async asCopyOf(entry: ScannedFrame, night: readonly ScannedFrame[]): Promise<ScannedFrame> {
    const candidates = night.filter((other) => other.frame.id !== entry.frame.id && other.frame.duplicateOf === null && other.frame.error === null && other.frame.sizeBytes === entry.frame.sizeBytes);
    if (candidates.length === 0 || entry.frame.error !== null) return entry;
    const hash = await this.hashOf(entry.frame.path);
    for (const other of candidates) {
      if ((await this.hashOf(other.frame.path)) === hash) return { ...entry, frame: { ...entry.frame, duplicateOf: other.frame.id } };
    }
    return entry;
  }

  private async hashOf(path: string): Promise<string> {
    const known = this.hashes.get(path);
    if (known) return known;
    const hash = await hashFile(path);
    this.hashes.set(path, hash);
    return hash;
  }

  /** Takes a night from viewWith; a plan whose masters changed starts a new pool (the caller has no task on the old one). */
  async adopt(next: { readonly scanned: ScannedNight; readonly view: NightView }): Promise<boolean> {
    const changed = JSON.stringify(next.view.plan.masters) !== JSON.stringify(this.view?.plan.masters);
    if (changed) await this.resetPool();
    this.scanned = next.scanned;
    this.view = next.view;
    return changed;
  }

  /** MasterSource: the planned masters built into `outputDir`, or those already built there with the same method. */
  async build(settings: RunSettings, outputDir: string, signal: AbortSignal, onUsable: (masterId: string, failure: NightcalError | null) => void): Promise<readonly MasterView[]> {
    const { view } = this.requireNight();
    const pool = await this.pool(settings.workers);
    const built = this.built;
    if (built && built.pool === pool && built.method === settings.combine && built.outputDir === outputDir && built.views.every((m) => m.status === 'done' && m.path !== null && exists(m.path))) {
      for (const master of built.views) onUsable(master.spec.id, null);
      return built.views;
    }
    this.built = null;
    this.masterViews.clear();
    const views = await buildMasters(view.plan, this.framesById(), pool, {
      outputDir,
      method: settings.combine,
      memoryBytes: settings.memoryMB * 1024 * 1024,
      version: settings.version,
      directIo: settings.directIo,
      ioTimeoutMs: settings.ioTimeoutSeconds > 0 ? settings.ioTimeoutSeconds * 1000 : null,
      signal,
      onUsable,
      onEvent: (event) => {
        // Recorded before it is sent: whoever hears 'done' may ask for the master at once.
        if (event.master) this.masterViews.set(event.masterId, event.master);
        this.emit(event);
      },
    });
    this.built = { pool, method: settings.combine, outputDir, views };
    return views;
  }

  /** MasterSource: the pool for the current plan, created with its shared masters on first use. */
  async pool(workers = this.settings.workers): Promise<CalibrationPool> {
    const { view } = this.requireNight();
    if (this.currentPool && this.currentPool.workers === workers) return this.currentPool;
    // Reuse the shared masters already built when only the number of workers changes (with
    // more workers than the arena has slots, the extra ones calibrate with the JavaScript kernel).
    const memory = this.currentPool ? this.currentPool.memory : allocateMasters(view.plan.masters, { workers });
    const previous = this.currentPool;
    this.currentPool = new CalibrationPool({ workers, memory });
    if (this.built && this.built.pool === previous) this.built = { ...this.built, pool: this.currentPool };
    await previous?.destroy();
    return this.currentPool;
  }

  /** Runs `work` as the one stage in progress; cancelRun aborts its signal. */
  async exclusive<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.stage) throw new ApiError('busy', 'another step is running: wait for it or cancel it');
    const stage = new AbortController();
    // Every task in flight listens to the stage's signal; hundreds are normal, not a leak.
    setMaxListeners(0, stage.signal);
    this.stage = stage;
    try {
      return await work(stage.signal);
    } catch (error) {
      if (stage.signal.aborted) throw new ApiError('cancelled', 'cancelled by the user');
      throw error;
    } finally {
      this.stage = null;
    }
  }

  cancel(): void {
    this.stage?.abort();
  }

  requireNight(): { scanned: ScannedNight; view: NightView } {
    if (!this.scanned || !this.view) throw new ApiError('bad-request', 'no night is open: open a night folder first');
    return { scanned: this.scanned, view: this.view };
  }

  /** Stops any run and the workers; says how many threads did not stop (stuck in a read). */
  async dispose(): Promise<{ readonly stuckThreads: number }> {
    this.cancel();
    const pool = this.currentPool;
    await this.resetPool();
    return { stuckThreads: pool?.stuckThreads ?? 0 };
  }

  private async resetPool(): Promise<void> {
    const pool = this.currentPool;
    this.currentPool = null;
    this.built = null;
    this.masterViews.clear();
    await pool?.destroy();
  }
}

/** A master written before: reused only while its file is still there (an output folder removed behind the app's back is rebuilt). */
function exists(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}
