/**
 * When a file a capture program writes is complete: its header and whole data unit are there
 * (file-completeness.ts) and its size and time stopped changing over `settleMs`. Every sighting
 * (a notification, a poll) re-arms one timer per file, so a file written in pieces is looked at
 * once its writer pauses, never in a loop. A file still incomplete `incompleteTimeoutMs` after it
 * was first seen is reported once and left alone until its size changes again.
 */
import { checkCompleteness, type Completeness } from './file-completeness';

export interface ArrivalSettings {
  /** Quiet time before a file is looked at, and between the two looks that must agree. */
  readonly settleMs: number;
  /** A file not complete this long after it was first seen is reported and no longer waited for. */
  readonly incompleteTimeoutMs: number;
}

export interface ArrivalListener {
  /** The file is complete and has stopped changing. */
  complete(path: string, sizeBytes: number): void;
  /** The file did not complete in time: what was still missing. */
  gaveUp(path: string, missing: string): void;
}

interface Tracked {
  readonly firstSeen: number;
  timer: NodeJS.Timeout | null;
  deadline: NodeJS.Timeout | null;
  /** The last look: a complete file is taken when the next look finds it the same. */
  last: Completeness | null;
  /** Settled: taken ('complete') or reported ('gave-up', with the size then). */
  outcome: { readonly kind: 'complete' | 'gave-up'; readonly sizeBytes: number } | null;
  checking: boolean;
}

export class ArrivalTracker {
  private readonly files = new Map<string, Tracked>();
  private closed = false;

  constructor(
    private readonly settings: ArrivalSettings,
    private readonly listener: ArrivalListener,
    private readonly check: (path: string) => Promise<Completeness> = checkCompleteness,
  ) {}

  /** Files seen and not yet complete nor given up. */
  get pending(): number {
    let count = 0;
    for (const file of this.files.values()) if (file.outcome === null) count += 1;
    return count;
  }

  /** Something happened to `path` (created, written, renamed into place): look again once it is quiet. */
  saw(path: string): void {
    if (this.closed) return;
    let file = this.files.get(path);
    if (file?.outcome?.kind === 'complete') return; // a frame is taken once; a rewritten raw frame is the resume check's business
    if (!file) {
      file = { firstSeen: Date.now(), timer: null, deadline: null, last: null, outcome: null, checking: false };
      this.files.set(path, file);
      this.armDeadline(path, file);
    }
    this.arm(path, file, this.settings.settleMs);
  }

  /** A file known complete already (the scan read it whole): later sightings are ignored. */
  known(path: string, sizeBytes: number): void {
    this.files.set(path, { firstSeen: Date.now(), timer: null, deadline: null, last: null, outcome: { kind: 'complete', sizeBytes }, checking: false });
  }

  close(): void {
    this.closed = true;
    for (const file of this.files.values()) this.disarm(file);
  }

  private arm(path: string, file: Tracked, delayMs: number): void {
    if (file.timer) clearTimeout(file.timer);
    file.timer = setTimeout(() => void this.look(path, file), delayMs);
  }

  private armDeadline(path: string, file: Tracked): void {
    const left = file.firstSeen + this.settings.incompleteTimeoutMs - Date.now();
    file.deadline = setTimeout(() => void this.giveUpUnlessComplete(path, file), Math.max(0, left));
  }

  private disarm(file: Tracked): void {
    if (file.timer) clearTimeout(file.timer);
    if (file.deadline) clearTimeout(file.deadline);
    file.timer = file.deadline = null;
  }

  private async look(path: string, file: Tracked): Promise<void> {
    file.timer = null;
    if (this.closed || file.checking) return;
    file.checking = true;
    const now = await this.check(path).finally(() => (file.checking = false));
    if (this.closed || this.files.get(path) !== file) return;
    const before = file.last;
    file.last = now;
    if (file.outcome?.kind === 'gave-up') {
      if (now.sizeBytes === file.outcome.sizeBytes) return; // still as it was reported: left alone
      // It changed after all: waited for once more, from now.
      this.files.delete(path);
      this.saw(path);
      return;
    }
    if (!now.complete) {
      if (now.gone) this.forget(path, file); // renamed away or removed: its new name is another file
      return; // the writer goes on: its next write is another sighting
    }
    if (before?.complete && before.sizeBytes === now.sizeBytes && before.mtimeMs === now.mtimeMs) {
      this.disarm(file);
      file.outcome = { kind: 'complete', sizeBytes: now.sizeBytes };
      this.listener.complete(path, now.sizeBytes);
      return;
    }
    this.arm(path, file, this.settings.settleMs); // complete at first look: confirmed by a second one
  }

  private async giveUpUnlessComplete(path: string, file: Tracked): Promise<void> {
    file.deadline = null;
    if (this.closed || file.outcome) return;
    if (file.timer) return this.armDeadlineSoon(path, file); // a look is due: judged after it
    const now = await this.check(path);
    if (this.closed || file.outcome || this.files.get(path) !== file) return;
    if (now.complete) return this.arm(path, file, 0); // completed in the last moment: the look takes it
    if (now.gone) return this.forget(path, file);
    if (file.timer) clearTimeout(file.timer);
    file.timer = null;
    file.outcome = { kind: 'gave-up', sizeBytes: now.sizeBytes };
    this.listener.gaveUp(path, now.missing);
  }

  private armDeadlineSoon(path: string, file: Tracked): void {
    file.deadline = setTimeout(() => void this.giveUpUnlessComplete(path, file), this.settings.settleMs * 2);
  }

  private forget(path: string, file: Tracked): void {
    this.disarm(file);
    this.files.delete(path);
  }
}
