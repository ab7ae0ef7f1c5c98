/**
 * Adding a master to the library, under its lock: the bytes go to a hidden partial file, synced,
 * then take a free name with link(2), which never replaces anything; a name already taken gets
 * `-2`, `-3`… So a library file is never overwritten or changed, a half-written master never
 * appears under its name, and bytes already in the library (by SHA-256, anywhere in it) are
 * not stored twice (nor, for NightCal's own masters, bytes that differ only in the time they were
 * written: same-master.ts). The usual sequence:
 *
 *   const lock = await acquireLibraryLock(root);
 *   try {
 *     let index = await openLibraryIndex(root, { utcOffsetHours, lock });
 *     for (const master of masters) ({ index } = await storeMaster(index, lock, master));
 *     await saveLibraryIndex(index, lock);
 *   } finally {
 *     lock.release();
 *   }
 *
 * A reader meanwhile sees each master either absent or whole, and an index.json naming only
 * masters already whole (it is saved after them).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../shared/contract';
import type { MasterOrigin } from '../../shared/night/frames';
import { openPartialSync, writeAllSync } from '../outputs/atomic-write';
import type { FolderLock } from '../outputs/folder-lock';
import { ensureOutputFolders } from '../outputs/output-target';
import { isFitsName } from '../pipeline/find-fits-files';
import { scanFile } from '../pipeline/scan-night';
import type { IndexEntry } from './index-file';
import { makeIndex, stateOf, type IndexedFile, type LibraryIndex } from './index-state';
import { LIBRARY_MASTERS_DIR } from './library-folder';
import { differsOnlyInCreationDate } from './same-master';
import { assertLibraryLock } from './library-lock';

/** Names tried for one master before giving up: `name.fits`, `name-2.fits` … */
const MAX_NAMES = 1000;

/** A master to add: its kind (its folder), the name it should have, and its bytes (a whole FITS file). */
export interface MasterToStore {
  readonly kind: MasterOrigin['kind'];
  readonly fileName: string;
  readonly bytes: readonly Uint8Array[];
  /** NightCal's own master: a library master differing from it only in its DATE card (the time it was written) is the same one. */
  readonly ownMaster?: boolean;
}

export interface StoredMaster {
  /** Where the master is in the library: the new file, or the byte-identical one already there. */
  readonly relativePath: string;
  /** False when a byte-identical file was already in the library: nothing was written. */
  readonly stored: boolean;
  /** The index with the master in it (save it with saveLibraryIndex before releasing the lock). */
  readonly index: LibraryIndex;
}

/** Stores `master` into `<root>/masters/<kind>/`; `index` must have been opened under `lock`. */
export async function storeMaster(index: LibraryIndex, lock: FolderLock, master: MasterToStore): Promise<StoredMaster> {
  const state = stateOf(index);
  assertLibraryLock(index.root, lock);
  if (state.lock !== lock) throw new Error('bug: storeMaster needs an index opened under the same lock: openLibraryIndex(root, { lock })');
  const problem = fileNameProblem(master.fileName);
  if (problem) throw new ApiError('bad-request', `cannot store a master as '${master.fileName}': ${problem}`);
  if (!index.writable) throw new ApiError('io', `the library ${index.root} is read-only: ${master.fileName} cannot be stored in it`);

  const hash = createHash('sha256');
  for (const chunk of master.bytes) hash.update(chunk);
  const sha256 = hash.digest('hex');
  const same = index.files.find((file) => file.sha256 === sha256 && unchangedOnDisk(file)) ?? (master.ownMaster ? sameBuild(index, master) : undefined);
  if (same) return { relativePath: same.relativePath, stored: false, index };

  const dir = join(index.root, LIBRARY_MASTERS_DIR, master.kind);
  ensureOutputFolders(index.root, [dir]);
  const name = placeNewFile(dir, master.fileName, master.bytes);
  syncFolder(dir);
  const relativePath = `${LIBRARY_MASTERS_DIR}/${master.kind}/${name}`;
  const path = join(dir, name);
  const info = statSync(path);
  const { frame } = await scanFile({ id: relativePath, path, refusal: null }, index.utcOffsetHours);
  const entry: IndexEntry = {
    relativePath,
    sizeBytes: info.size,
    mtimeMs: info.mtimeMs,
    ctimeMs: info.ctimeMs,
    ino: info.ino,
    sha256,
    // Written here from bytes hashed here, and no one else has it open for writing: its hash is right.
    settled: true,
    storage: frame.storage,
    facts: frame.facts,
    classification: frame.classification,
    error: frame.error,
  };
  const entries = new Map(state.entries).set(relativePath, entry);
  const changes = { ...index.changes, added: index.changes.added + 1 };
  const next = makeIndex({ ...index, changes }, { entries, stamp: state.stamp, needsSave: true, lock });
  return { relativePath, stored: true, index: next };
}

/** Why `name` cannot be a master's file name in the library; null when it can. */
function fileNameProblem(name: string): string | null {
  if (name === '' || name !== name.trim()) return 'an empty name, or spaces around it';
  if (/[/\\\0]/.test(name)) return 'a file name, not a path, is expected';
  if (name.startsWith('.')) return 'hidden names are not read as frames';
  if (!isFitsName(name)) return 'not a FITS file name (.fits, .fit, .fts, optionally .fz or .gz)';
  if (Buffer.byteLength(name) > 240) return 'longer than file systems allow with a -N suffix';
  return null;
}

/** The file is still as the index saw it (else its hash proves nothing now). */
function unchangedOnDisk(file: IndexedFile): boolean {
  try {
    const info = statSync(file.frame.path);
    return info.size === file.sizeBytes && info.mtimeMs === file.mtimeMs && info.ctimeMs === file.ctimeMs && info.ino === file.ino;
  } catch {
    return false;
  }
}

/** A library master of the same kind and size whose bytes differ from `master`'s only in its DATE card. */
function sameBuild(index: LibraryIndex, master: MasterToStore): IndexedFile | undefined {
  const size = master.bytes.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  let bytes: Buffer | null = null;
  return index.files.find((file) => {
    if (file.sizeBytes !== size || file.frame.facts?.master?.kind !== master.kind || !unchangedOnDisk(file)) return false;
    bytes ??= Buffer.concat(master.bytes);
    try {
      return differsOnlyInCreationDate(readFileSync(file.frame.path), bytes);
    } catch {
      return false;
    }
  });
}

/** `name-2.fits` for n = 2 (the FITS extensions kept together: `x.fits.fz` → `x-2.fits.fz`). */
export function numberedName(name: string, n: number): string {
  if (n === 1) return name;
  const match = /^(.+?)(\.(?:fits?|fts)(?:\.(?:fz|gz))?|\.fz)$/i.exec(name);
  return match ? `${match[1]}-${n}${match[2]}` : `${name}-${n}`;
}

/** Writes the partial file once, synced, then links it to the first free name; the partial is gone afterwards either way. */
function placeNewFile(dir: string, fileName: string, chunks: readonly Uint8Array[]): string {
  const { fd, partial } = openPartialSync(join(dir, fileName));
  try {
    try {
      writeAllSync(fd, chunks);
      fsyncSync(fd); // a master lasts months: it survives a power cut before the index names it
    } finally {
      closeSync(fd);
    }
    for (let n = 1; n <= MAX_NAMES; n++) {
      const name = numberedName(fileName, n);
      const target = join(dir, name);
      try {
        linkSync(partial, target);
        return name;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error;
        // No hard links here (FAT, exFAT): rename to a name free a moment ago, under the lock no NightCal writes meanwhile.
        if (exists(target)) continue;
        renameSync(partial, target);
        return name;
      }
    }
    throw new ApiError('io', `${dir}: ${MAX_NAMES} files are named like ${fileName} already: the master was not stored`);
  } finally {
    rmSync(partial, { force: true });
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the new name durable too, where the platform can sync a folder. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows and some file systems cannot sync a folder: the file itself is synced.
  }
}
