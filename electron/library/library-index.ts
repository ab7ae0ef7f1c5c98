/**
 * A calibration library's index: every FITS file of the library folder with its header facts,
 * classification and SHA-256, kept in `.nightcal-library/index.json` so that opening a library
 * of thousands of files reads no header twice. A file is taken from the index when its size,
 * mtime, ctime and inode are unchanged (rewriting a file, even with its mtime put back, moves
 * its ctime); anything else is read again. The index is saved only when it changed, only when
 * the library can be written, and only under the library lock, which a reader never waits for.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { FolderLock } from '../outputs/folder-lock';
import { findFitsFiles, type FoundFile } from '../pipeline/find-fits-files';
import { hashFile, scanFile } from '../pipeline/scan-night';
import { eachBounded, statFiles } from './file-stats';
import { readIndexFile, type IndexEntry } from './index-file';
import { indexPathOf, makeIndex, saveIndexState, type IndexState, type LibraryIndex } from './index-state';
import { prepareMetaDir, resolveLibraryRoot } from './library-folder';
import { assertLibraryLock, tryAcquireLibraryLock } from './library-lock';

export { LIBRARY_META_DIR, LIBRARY_MASTERS_DIR, defaultLibraryDir } from './library-folder';
export { acquireLibraryLock, tryAcquireLibraryLock } from './library-lock';
export { saveLibraryIndex, type IndexedFile, type LibraryIndex } from './index-state';
export { storeMaster, type MasterToStore, type StoredMaster } from './store-master';
export { readUsage, recordUsage, type UsageRecord } from './library-usage';

/** Header reads and hashes in flight at once (as scan-night). */
const PARALLEL_READS = 32;
/**
 * A file changed less than this before it was read may change again within the same timestamp
 * tick (1 s on some file systems, 2 s on FAT) without its stat showing it: it is read again next time.
 */
export const SETTLE_MS = 2000;
/** Failures that may pass by themselves: such a file is read again at every open. */
const PASSING_ERRORS = new Set(['io', 'timeout']);

export interface OpenLibraryOptions {
  /** Hours east of UTC for frames without SITELONG (noon-to-noon nights). */
  readonly utcOffsetHours: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The library lock, held by the caller who will add to the library (storeMaster): the index
   * is then read under it and saved with it. Without it, the index is saved only if the lock is
   * free at that moment.
   */
  readonly lock?: FolderLock;
}

/** Opens the library at `root`: walks it, takes unchanged files from the index, reads the rest. */
export async function openLibraryIndex(root: string, options: OpenLibraryOptions): Promise<LibraryIndex> {
  const started = performance.now();
  const realRoot = await resolveLibraryRoot(root);
  if (options.lock) assertLibraryLock(realRoot, options.lock);
  const writable = await prepareMetaDir(realRoot);
  const notes: string[] = [];
  const stored = readIndexFile(indexPathOf(realRoot));
  if (stored.kind === 'rejected') notes.push(`the index could not be used (${stored.why}): rebuilt from the files`);
  const known = new Map((stored.kind === 'read' ? stored.entries : []).map((entry) => [entry.relativePath, entry]));

  const found = await findFitsFiles(realRoot);
  options.signal?.throwIfAborted();
  const total = found.length;
  let done = 0;
  const progress = (): void => {
    done += 1;
    if (done % 200 === 0) options.onProgress?.(done, total);
  };
  options.onProgress?.(0, total);

  const entries = new Map<string, IndexEntry>();
  const toRead: FoundFile[] = [];
  let changed = 0;
  const candidates = found.filter((file) => file.refusal === null && known.has(file.id));
  const stats = await statFiles(candidates.map((file) => file.path), options.signal);
  const unchanged = new Set<string>();
  candidates.forEach((file, i) => {
    const before = known.get(file.id)!;
    const info = stats[i];
    if (info && isTrusted(before) && info.size === before.sizeBytes && info.mtimeMs === before.mtimeMs && info.ctimeMs === before.ctimeMs && info.ino === before.ino) unchanged.add(file.id);
  });
  for (const file of found) {
    if (unchanged.has(file.id)) {
      entries.set(file.id, known.get(file.id)!);
      progress();
    } else {
      if (known.has(file.id)) changed += 1;
      toRead.push(file);
    }
  }
  let differs = stored.kind !== 'read';
  await eachBounded(toRead, PARALLEL_READS, async (file) => {
    options.signal?.throwIfAborted();
    const entry = await readEntry(file, options.utcOffsetHours, options.signal);
    const before = known.get(file.id);
    progress();
    if (entry === null) return; // removed between the walk and the read
    if (!before || JSON.stringify(before) !== JSON.stringify(entry)) differs = true;
    entries.set(file.id, entry);
  });
  const removed = [...known.keys()].filter((path) => !entries.has(path)).length;
  options.onProgress?.(total, total);
  if (removed > 0) differs = true;

  const state: IndexState = { entries, stamp: stored.kind === 'absent' ? null : stored.stamp, needsSave: differs, lock: options.lock ?? null };
  if (state.needsSave) notes.push(...(await saveAfterOpen(realRoot, writable, state, options.lock)));
  const changes = { reused: entries.size - toRead.length, added: toRead.length - changed, changed, removed };
  return makeIndex({ root: realRoot, writable, notes, changes, utcOffsetHours: options.utcOffsetHours, seconds: (performance.now() - started) / 1000 }, state);
}

/** An entry is taken from the index only when it was read after the file had settled, and read whole. */
function isTrusted(entry: IndexEntry): boolean {
  return entry.settled && entry.sha256 !== null && !(entry.error && PASSING_ERRORS.has(entry.error.code));
}

/** Reads one file: its header (scan-night's per-file scan) and its hash; the stat is the one taken before reading. */
async function readEntry(file: FoundFile, utcOffsetHours: number, signal: AbortSignal | undefined): Promise<IndexEntry | null> {
  const readStarted = Date.now();
  let info: Stats | null = null;
  try {
    info = await stat(file.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  const { frame } = await scanFile(file, utcOffsetHours);
  let sha256: string | null = null;
  if (info?.isFile() && file.refusal === null) {
    try {
      sha256 = await hashFile(file.path, signal);
    } catch {
      signal?.throwIfAborted(); // unreadable: no hash, and the file is read again next time
    }
  }
  const lastChange = info ? Math.max(info.mtimeMs, info.ctimeMs) : readStarted;
  return {
    relativePath: file.id,
    sizeBytes: info?.size ?? frame.sizeBytes,
    mtimeMs: info?.mtimeMs ?? frame.mtimeMs,
    ctimeMs: info?.ctimeMs ?? 0,
    ino: info?.ino ?? 0,
    sha256,
    settled: readStarted - lastChange >= SETTLE_MS,
    storage: frame.storage,
    facts: frame.facts,
    classification: frame.classification,
    error: frame.error,
  };
}

/** Saves a changed index after an open: with the caller's lock, else with the lock if it is free; notes say why not. */
async function saveAfterOpen(root: string, writable: boolean, state: IndexState, callersLock: FolderLock | undefined): Promise<string[]> {
  if (!writable) return ['read-only library: the index is not saved'];
  let lock: FolderLock | null = callersLock ?? null;
  try {
    lock ??= tryAcquireLibraryLock(root);
    if (!lock) return ['another NightCal is adding to the library: the index is not saved this time'];
    await saveIndexState(root, writable, state, lock);
    return [];
  } catch (error) {
    return [`the index could not be saved: ${error instanceof Error ? error.message : String(error)}`];
  } finally {
    if (lock && lock !== callersLock) lock.release();
  }
}
