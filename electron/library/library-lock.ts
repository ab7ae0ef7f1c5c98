/**
 * One writer at a time per library: the folder lock of outputs (folder-lock.ts: made whole with
 * link(2), a dead holder's lock taken over), kept in `.nightcal-library/`. Whoever adds
 * masters or saves the index holds it; readers never need it to read, and a reader that finds
 * it busy simply does not save.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../shared/contract';
import { FolderLock, LOCK_FILE, lockHolder } from '../outputs/folder-lock';
import { isReadOnlyCode, metaDirOf } from './library-folder';

/** Time between two tries while waiting for the lock. */
const POLL_MS = 50;

/** Takes the library's lock now, or null when another NightCal holds it; ApiError when the library cannot be written. */
export function tryAcquireLibraryLock(root: string): FolderLock | null {
  try {
    // The real path, so that the lock names the library as openLibraryIndex does.
    const meta = metaDirOf(realpathSync(root));
    try {
      mkdirSync(meta);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return FolderLock.tryAcquire(meta);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ApiError('not-found', `no library folder at ${root}`);
    if (isReadOnlyCode(code)) throw new ApiError('io', `the library ${root} is read-only (${code}): nothing can be added to it`);
    throw error;
  }
}

/**
 * Takes the library's lock, waiting up to `waitSeconds` (default 10) for the holder to finish (a
 * reader saving the index holds it for milliseconds); then ApiError('busy') naming the holder.
 */
export async function acquireLibraryLock(root: string, options: { readonly waitSeconds?: number; readonly signal?: AbortSignal } = {}): Promise<FolderLock> {
  const deadline = performance.now() + (options.waitSeconds ?? 10) * 1000;
  for (;;) {
    options.signal?.throwIfAborted();
    const lock = tryAcquireLibraryLock(root);
    if (lock) return lock;
    if (performance.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const holder = lockHolder(metaDirOf(realpathSync(root)));
  const who = holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}${holder.command ? `: ${holder.command}` : ''})` : '';
  throw new ApiError('busy', `the library ${root} is being added to by another NightCal${who}: wait for it to finish, then try again`);
}

/** Throws unless `lock` is held and is `root`'s library lock (a bug otherwise, never the user's). */
export function assertLibraryLock(root: string, lock: FolderLock): void {
  if (!lock.held) throw new Error(`bug: the lock of the library ${root} was released before its work was done`);
  if (lock.path !== join(metaDirOf(root), LOCK_FILE)) throw new Error(`bug: ${lock.path} is not the lock of the library ${root}`);
}
