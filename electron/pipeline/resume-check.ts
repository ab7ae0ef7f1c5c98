/**
 * Which outputs of an earlier run of the same identity a run may keep: one whose file is whole
 * (its size and checksum as recorded), whose input is unchanged (the same size, times and inode,
 * or, when those moved, the same checksum of its stored bytes) and whose masters have the same
 * pixels as this run's. Anything else is calibrated again. The checksums are read on the pool,
 * so checking a resumed night of hundreds of lights keeps both cores busy, each within the I/O
 * deadline: a file that gives no answer is calibrated again (and fails there, by that deadline).
 */
import { lstatSync, statSync } from 'node:fs';
import type { LightPlan } from '../../shared/night/frames';
import type { InputRecord, ManifestFrame, RunManifest } from '../outputs/run-manifest';
import { TaskDeadlineError, type CalibrationPool } from '../pool/calibration-pool';
import type { WorkerTask } from '../pool/task-messages';
import type { ScannedFrame } from './scan-night';

export class ResumeCheck {
  constructor(
    private readonly previous: RunManifest | null,
    private readonly pool: CalibrationPool,
    /** This run's checksum of a master's final pixels, once they are final. */
    private readonly masterChecksum: (masterId: string) => string | null,
    /** The I/O deadline of each checksum read (--io-timeout), null for none. */
    private readonly deadlineMs: number | null = null,
  ) {}

  /** The record to keep for this light, or null to calibrate it. */
  async reusable(plan: LightPlan, scanned: ScannedFrame, outputPath: string): Promise<ManifestFrame | null> {
    const record = this.previous?.frames[plan.frameId];
    if (!record || (record.status !== 'done' && record.status !== 'skipped') || record.outputPath !== outputPath) return null;
    if (!record.output || !record.input || !record.masters || !scanned.fits) return null;
    const masters = { bias: plan.biasId, dark: plan.darkId, flat: plan.flatId };
    for (const role of ['bias', 'dark', 'flat'] as const) {
      const id = masters[role];
      if ((id === null ? null : this.masterChecksum(id)) !== record.masters[role]) return null;
    }
    if (!sizeIs(outputPath, record.output.sizeBytes)) return null;
    const input = await this.unchangedInput(record.input, scanned);
    if (input === null) return null;
    const written = await this.checksum({ kind: 'checksum-file', path: outputPath, part: 'whole' });
    if (written === null || written !== record.output.checksum) return null;
    return { ...record, input };
  }

  /** The input's record now when its content is the one recorded, else null. */
  private async unchangedInput(recorded: InputRecord, scanned: ScannedFrame): Promise<InputRecord | null> {
    let now;
    try {
      now = statSync(scanned.frame.path);
    } catch {
      return null;
    }
    if (now.size !== recorded.sizeBytes) return null;
    if (now.mtimeMs === recorded.mtimeMs && now.ctimeMs === recorded.ctimeMs && now.ino === recorded.ino) return recorded;
    // Touched, copied or its mode changed: the stored bytes decide.
    const read = await this.checksum({ kind: 'checksum-file', path: scanned.frame.path, part: { input: scanned.fits! } });
    if (read === null || read !== recorded.checksum) return null;
    return { sizeBytes: now.size, mtimeMs: now.mtimeMs, ctimeMs: now.ctimeMs, ino: now.ino, checksum: read };
  }

  /** A file's checksum read on the pool; null when unreadable or past the deadline. */
  private async checksum(task: Extract<WorkerTask, { kind: 'checksum-file' }>): Promise<string | null> {
    try {
      return (await this.pool.run(task, undefined, this.deadlineMs)).checksum;
    } catch (error) {
      if (error instanceof TaskDeadlineError) return null;
      throw error;
    }
  }
}

function sizeIs(path: string, size: number): boolean {
  try {
    const info = lstatSync(path);
    return info.isFile() && info.size === size;
  } catch {
    return false;
  }
}
