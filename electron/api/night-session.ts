/**
 * The state behind the API: the open night, the user's overrides, the pool with its shared
 * masters, and the run. One stage runs at a time; every step is delegated to the pipeline.
 */
import { directIoByDefault } from '../outputs/direct-write';
import { setMaxListeners } from 'node:events';
import type { CombineMethod, MasterView, NightView, NightcalEvent, RunState } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import type { FrameOverride } from '../../shared/night/frame-overrides';
import { buildMasters } from '../pipeline/build-masters';
import { scanNight, type ScannedFrame, type ScannedNight } from '../pipeline/scan-night';
import { defaultOutputDir } from '../outputs/output-paths';
import { allocateMasters } from '../pool/arena';
import { CalibrationPool, defaultWorkerCount } from '../pool/calibration-pool';
import { deriveNightView } from './night-view';

export interface SessionSettings {
  readonly utcOffsetHours: number;
  readonly workers: number;
  readonly combine: CombineMethod;
  readonly memoryMB: number;
  readonly version: string;
  /** fsync every output before it is renamed into place. */
  readonly durable: boolean;
  /** Write outputs around the page cache (O_DIRECT, Linux; see outputs/direct-write.ts); on by default where the platform has it. */
  readonly directIo: boolean;
}

export const DEFAULT_MEMORY_MB = 1024;

export function defaultSettings(version: string): SessionSettings {
  return {
    utcOffsetHours: -new Date().getTimezoneOffset() / 60,
    workers: defaultWorkerCount(),
    combine: 'median',
    memoryMB: DEFAULT_MEMORY_MB,
    version,
    durable: false,
    directIo: directIoByDefault(),
  };
}

/** The masters built for one plan with one method, living in the pool's shared buffers. */
interface BuiltMasters {
  readonly pool: CalibrationPool;
  readonly method: CombineMethod;
  readonly outputDir: string;
  readonly views: readonly MasterView[];
}

export class NightSession {
  scanned: ScannedNight | null = null;
  view: NightView | null = null;
  run: RunState | null = null;
  private overrides = new Map<string, FrameOverride>();
  private pool: CalibrationPool | null = null;
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

  get masters(): readonly MasterView[] {
    if (this.built) return this.built.views;
    return (this.view?.plan.masters ?? []).map(
      (spec) => this.masterViews.get(spec.id) ?? { spec, status: 'planned', path: null, stats: null, histogram: null, seconds: null, error: null },
    );
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
      await this.resetPool();
      this.scanned = scanned;
      this.overrides = new Map();
      this.run = null;
      this.view = deriveNightView(scanned, this.overrides, outputDir);
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

  async setOverride(frameId: string, override: FrameOverride): Promise<NightView> {
    return this.exclusive(async () => {
      const { scanned, view } = this.requireNight();
      if (!view.frames.some((frame) => frame.id === frameId)) throw new ApiError('not-found', `no frame '${frameId}' in this night`);
      const merged = { ...this.overrides.get(frameId), ...override };
      if (merged.type === undefined && !merged.excluded) this.overrides.delete(frameId);
      else this.overrides.set(frameId, merged);
      const next = deriveNightView(scanned, this.overrides, view.outputDir);
      // Masters survive an override that leaves every master as it was (a light excluded, say).
      if (JSON.stringify(next.plan.masters) !== JSON.stringify(view.plan.masters)) await this.resetPool();
      this.view = next;
      return this.view;
    });
  }

  /** Builds the masters unless the same plan, method and folder already have them (inside an exclusive stage). */
  /** Builds the planned masters (or gives those already built); `onUsable` hears each master whose pixels are final. */
  async buildMastersNow(
    options: { combine?: CombineMethod; memoryMB?: number; workers?: number; outputDir?: string },
    signal: AbortSignal,
    onUsable?: (masterId: string, failure: string | null) => void,
  ): Promise<readonly MasterView[]> {
    const { view } = this.requireNight();
    const method = options.combine ?? this.settings.combine;
    const outputDir = options.outputDir ?? view.outputDir;
    const pool = await this.ensurePool(options.workers);
    const built = this.built;
    if (built && built.pool === pool && built.method === method && built.outputDir === outputDir && built.views.every((m) => m.status === 'done')) {
      for (const view of built.views) onUsable?.(view.spec.id, null);
      return built.views;
    }
    this.built = null;
    this.masterViews.clear();
    const views = await buildMasters(view.plan, this.framesById(), pool, {
      outputDir,
      method,
      memoryBytes: (options.memoryMB ?? this.settings.memoryMB) * 1024 * 1024,
      version: this.settings.version,
      directIo: this.settings.directIo,
      signal,
      onUsable,
      onEvent: (event) => {
        // Recorded before it is sent: whoever hears 'done' may ask for the master at once.
        if (event.master) this.masterViews.set(event.masterId, event.master);
        this.emit(event);
      },
    });
    this.built = { pool, method, outputDir, views };
    return views;
  }

  /** The pool for the current plan, created with its shared masters on first use. */
  async ensurePool(workers = this.settings.workers): Promise<CalibrationPool> {
    const { view } = this.requireNight();
    if (this.pool && this.pool.workers === workers) return this.pool;
    // Reuse the shared masters already built when only the number of workers changes (with
    // more workers than the arena has slots, the extra ones calibrate with the JavaScript kernel).
    const memory = this.pool ? this.pool.memory : allocateMasters(view.plan.masters, { workers });
    const previous = this.pool;
    this.pool = new CalibrationPool({ workers, memory });
    if (this.built && this.built.pool === previous) this.built = { ...this.built, pool: this.pool };
    await previous?.destroy();
    return this.pool;
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

  async dispose(): Promise<void> {
    this.cancel();
    await this.resetPool();
  }

  private async resetPool(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    this.built = null;
    this.masterViews.clear();
    await pool?.destroy();
  }
}
