/**
 * nightcal-run.json: what a run used and what became of every frame, recorded as the run goes
 * (so a cancelled or crashed run can be resumed) and rewritten atomically each time. Every
 * written output is recorded with its size and checksum, and every input with what identified
 * it when it was read (size, times, inode, checksum of its stored bytes), so that a later run
 * reuses an output only when it is whole and made from the same input with the same masters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CombineMethod, FrameRunState, FrameVerdict, ImageStats, RunSummary } from '../../shared/contract';
import type { FrameGroup, FrameInfo, LightPlan, MasterKind, Problem } from '../../shared/night/frames';
import { writeFileAtomic } from './atomic-write';
import { MANIFEST_FILE } from './output-paths';

export const MANIFEST_FORMAT = 'nightcal-run/2';

export interface ManifestSettings {
  readonly combine: CombineMethod;
  readonly memoryMB: number;
  readonly workers: number;
}

export interface ManifestMaster {
  readonly id: string;
  readonly kind: MasterKind;
  readonly path: string;
  readonly frameIds: readonly string[];
  readonly stats: ImageStats | null;
  readonly seconds: number | null;
  /** Checksum of the master's float32 pixels once final: lights made with other pixels are redone. */
  readonly pixelsChecksum: string | null;
  /** Strips combined by each kernel (null: fitted, or not built). */
  readonly kernels?: Readonly<Record<'wasm-simd' | 'javascript', number>> | null;
}

/** What identified an input file when it was read. */
export interface InputRecord {
  readonly sizeBytes: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  /** Checksum of its stored bytes, taken while it was read (file-checksums.ts inputChecksum). */
  readonly checksum: string | null;
}

/** A frame's record: its outcome (with its quality), the input it was made from, the output as written. */
export interface ManifestFrame extends FrameRunState {
  /** The light's filter and start of exposure, from its header (for the report and the review). */
  readonly filter: string | null;
  readonly dateObs: string | null;
  readonly input: InputRecord | null;
  readonly output: { readonly sizeBytes: number; readonly checksum: string } | null;
  /** Checksums of the masters' pixels it was calibrated with, by role. */
  readonly masters: { readonly bias: string | null; readonly dark: string | null; readonly flat: string | null } | null;
  readonly calstat: string | null;
  /** Milliseconds the worker's measurement of its quality took (while its data was written), when measured by this run. */
  readonly measureMs?: number | null;
}

/** The rejections' settings of a run's folder, kept across reruns (a resume keeps every decision by hand). */
export interface ManifestReview {
  /** The rules in force, as text (parseRejectionRules reads them back). */
  rules: string[];
  /** Decisions by hand, by frame id. */
  verdicts: Record<string, FrameVerdict>;
}

export interface RunManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly software: { readonly name: 'NightCal'; readonly version: string };
  readonly night: string;
  readonly outputDir: string;
  /**
   * Fingerprint of everything that decides the pixels (masters' input files, plan, combine
   * method): a run with the same identity may reuse this run's finished frames.
   */
  readonly identity: string;
  readonly startedAt: string;
  finishedAt: string | null;
  readonly settings: ManifestSettings;
  readonly inputs: readonly { readonly id: string; readonly sizeBytes: number; readonly mtimeMs: number; readonly type: string }[];
  readonly groups: readonly FrameGroup[];
  readonly problems: readonly Problem[];
  /** The lights planned; a watch adds those that land. */
  lights: readonly LightPlan[];
  masters: ManifestMaster[];
  frames: Record<string, ManifestFrame>;
  summary: RunSummary | null;
  review: ManifestReview;
}

export function manifestPath(outputDir: string): string {
  return join(outputDir, MANIFEST_FILE);
}

/**
 * The manifest in `outputDir`, or null when there is none, it cannot be read, or it is of an older
 * format. One written before lights had a quality record and a review reads with none.
 */
export function readManifest(outputDir: string): RunManifest | null {
  const path = manifestPath(outputDir);
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as RunManifest;
    if (parsed.format !== MANIFEST_FORMAT) return null;
    const frames: Record<string, ManifestFrame> = {};
    for (const [id, frame] of Object.entries(parsed.frames ?? {})) frames[id] = { ...frame, quality: frame.quality ?? null, filter: frame.filter ?? null, dateObs: frame.dateObs ?? null };
    return { ...parsed, frames, review: { rules: parsed.review?.rules ?? [], verdicts: parsed.review?.verdicts ?? {} } };
  } catch {
    return null;
  }
}

/** True when `outputDir` holds a manifest of any NightCal format (an older run's folder is still NightCal's). */
export function hasManifest(outputDir: string): boolean {
  return existsSync(manifestPath(outputDir));
}

/** The inputs as the manifest lists them. */
export function manifestInputs(frames: readonly FrameInfo[]): RunManifest['inputs'] {
  return frames.map((f) => ({ id: f.id, sizeBytes: f.sizeBytes, mtimeMs: f.mtimeMs, type: f.excluded ? 'excluded' : f.classification.type }));
}

/**
 * Keeps the manifest of a run and writes it at most every `intervalMs` (and on flush), so
 * recording 1,000 frames costs a handful of small writes.
 */
export class ManifestRecorder {
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly manifest: RunManifest, private readonly intervalMs = 1000) {}

  recordFrame(frame: ManifestFrame): void {
    this.manifest.frames[frame.frameId] = frame;
    this.schedule();
  }

  recordMasters(masters: ManifestMaster[]): void {
    this.manifest.masters = masters;
    this.schedule();
  }

  /** Writes now and waits for it; throws if this write failed (a background write that failed is simply redone). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    const snapshot = JSON.stringify(this.manifest, null, 1);
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(manifestPath(this.manifest.outputDir), snapshot, { replaces: 'run-file' }));
    await this.writing;
  }

  /** Stops background writes (the run is over and its last flush was made, or failed). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // A failed background write is redone by the next flush, which reports its own failure.
      if (this.dirty) this.flush().catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
  }
}
