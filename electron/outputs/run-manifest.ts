/**
 * nightcal-run.json: what a run used and what became of every frame, recorded as the run
 * goes (so a cancelled or crashed run can be resumed) and rewritten atomically each time.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CombineMethod, FrameRunState, ImageStats, RunSummary } from '../../shared/contract';
import type { FrameGroup, FrameInfo, LightPlan, Problem } from '../../shared/night/frames';
import { writeFileAtomic } from './atomic-write';
import { MANIFEST_FILE } from './output-paths';

export const MANIFEST_FORMAT = 'nightcal-run/1';

export interface ManifestSettings {
  readonly combine: CombineMethod;
  readonly memoryMB: number;
  readonly workers: number;
}

export interface ManifestMaster {
  readonly id: string;
  readonly kind: string;
  readonly path: string;
  readonly frameIds: readonly string[];
  readonly stats: ImageStats | null;
  readonly seconds: number | null;
}

/** A frame's record: its outcome and the input it was made from. */
export interface ManifestFrame extends FrameRunState {
  readonly inputSizeBytes: number;
  readonly inputMtimeMs: number;
  readonly calstat: string | null;
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
  readonly lights: readonly LightPlan[];
  masters: ManifestMaster[];
  frames: Record<string, ManifestFrame>;
  summary: RunSummary | null;
}

export function manifestPath(outputDir: string): string {
  return join(outputDir, MANIFEST_FILE);
}

/** The manifest in `outputDir`, or null when there is none or it cannot be read. */
export function readManifest(outputDir: string): RunManifest | null {
  const path = manifestPath(outputDir);
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as RunManifest;
    return parsed.format === MANIFEST_FORMAT ? parsed : null;
  } catch {
    return null;
  }
}

/** True when `frame` was finished by a run with the same identity (or kept by one) and is unchanged since. */
export function isAlreadyCalibrated(manifest: RunManifest | null, identity: string, frame: Pick<FrameInfo, 'id' | 'sizeBytes' | 'mtimeMs'>): boolean {
  if (!manifest || manifest.identity !== identity) return false;
  const record = manifest.frames[frame.id];
  // 'skipped' is a frame an earlier run of this identity wrote and a resumed run kept: written too.
  if (!record || (record.status !== 'done' && record.status !== 'skipped') || !record.outputPath) return false;
  if (record.inputSizeBytes !== frame.sizeBytes || record.inputMtimeMs !== frame.mtimeMs) return false;
  try {
    return statSync(record.outputPath).size > 0;
  } catch {
    return false;
  }
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

  /** Writes now and waits for it. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    const snapshot = JSON.stringify(this.manifest, null, 1);
    this.writing = this.writing.then(() => writeFileAtomic(manifestPath(this.manifest.outputDir), snapshot));
    await this.writing;
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.dirty) this.flush().catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
  }
}
