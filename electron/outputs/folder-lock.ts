/**
 * One run per output folder: an advisory lock file holding who runs (pid, host, start, command).
 * It is made with link(2) from a file already written, so the lock appears whole or not at all
 * and two runs cannot both take it; a lock left by a process that is gone (same host, pid not
 * alive) is taken over. A lock from another host (a network share) is never judged stale: its
 * message says which host holds it.
 */
import { linkSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../shared/contract';

export const LOCK_FILE = '.nightcal-lock';

/** Who holds a lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
}

/** A held lock; release() is idempotent and also runs when the process exits. */
export class FolderLock {
  private released = false;
  private readonly onExit = (): void => this.release();

  private constructor(
    readonly path: string,
    private readonly content: string,
  ) {
    process.once('exit', this.onExit);
  }

  /** Takes the lock of `folder`, or throws ApiError('busy') naming the run that holds it. */
  static acquire(folder: string, command = process.argv.slice(1).join(' ')): FolderLock {
    const taken = FolderLock.take(folder, command);
    if (taken instanceof FolderLock) return taken;
    if (taken !== null) {
      throw new ApiError('busy', `the output folder ${folder} is in use by NightCal (pid ${taken.pid} on ${taken.host}, since ${taken.startedAt}): wait for that run to end, or choose another output folder`);
    }
    throw new ApiError('busy', `the output folder ${folder} is being locked by another NightCal run at this moment: try again`);
  }

  /** Takes the lock of `folder` when it is free (or stale); null, without waiting, when another run holds it. */
  static tryAcquire(folder: string, command = process.argv.slice(1).join(' ')): FolderLock | null {
    const taken = FolderLock.take(folder, command);
    return taken instanceof FolderLock ? taken : null;
  }

  /** The lock, else who holds it, else null (taken and released around us three times). */
  private static take(folder: string, command: string): FolderLock | LockHolder | null {
    const path = join(folder, LOCK_FILE);
    const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: command.slice(0, 200) };
    const content = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (tryCreate(path, content)) return new FolderLock(path, content);
      const current = readHolder(path);
      if (current === 'gone') continue; // released between our try and our read
      if (current !== null && !isStale(current)) return current;
      // Stale (or unreadable, i.e. cut by a crash while written): taken over only if it is still the one we judged.
      const judged = readRaw(path);
      if (judged !== null && readRaw(path) === judged) rmSync(path, { force: true });
    }
    return null;
  }

  /** True until release(). */
  get held(): boolean {
    return !this.released;
  }

  /** Removes the lock file if it is still this lock's. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    if (readRaw(this.path) === this.content) rmSync(this.path, { force: true });
  }
}

/** Who holds the lock of `folder` now; null when nobody does (or its file cannot be read). */
export function lockHolder(folder: string): LockHolder | null {
  const current = readHolder(join(folder, LOCK_FILE));
  return current === 'gone' ? null : current;
}

/** Creates `path` holding `content` only if no lock is there: write a private file, then link it. */
function tryCreate(path: string, content: string): boolean {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, content, { flag: 'wx', mode: 0o644 });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // A filesystem without hard links (FAT, exFAT): exclusive create, written in one call.
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeFileSync(fd, content);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The holder, null when the file cannot be parsed, 'gone' when there is no file. */
function readHolder(path: string): LockHolder | null | 'gone' {
  const raw = readRaw(path);
  if (raw === null) return 'gone';
  try {
    const parsed = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? '?'), command: String(parsed.command ?? '') };
  } catch {
    return null;
  }
}

/** A holder on this host whose process no longer exists. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false; // this process holds it (another run of this API)
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
