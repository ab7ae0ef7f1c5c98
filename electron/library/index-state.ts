/**
 * A library index in memory: the files as frames (path under the root as opened now, the
 * observing night for this run's UTC offset, byte-identical copies marked), and what only the
 * library's own code sees: the entries to save, which version of index.json they came from,
 * and the lock they were read under.
 */
import { statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { FrameInfo } from '../../shared/night/frames';
import { observingNight } from '../../shared/night/observing-night';
import type { FolderLock } from '../outputs/folder-lock';
import { writeFileAtomic } from '../outputs/atomic-write';
import { originalFirst } from '../pipeline/scan-night';
import { encodeIndex, INDEX_FILE, type FileStamp, type IndexEntry, type IndexStamp } from './index-file';
import { metaDirOf } from './library-folder';
import { assertLibraryLock } from './library-lock';

/** One file of the library. */
export interface IndexedFile extends FileStamp {
  /** The file as a frame: id = relativePath, path = the absolute path under the root as opened now. */
  readonly frame: FrameInfo;
}

/** What opening a library found. */
export interface LibraryIndex {
  /** Absolute real path of the library. */
  readonly root: string;
  /** Whether the library can be written (its index saved, masters added). */
  readonly writable: boolean;
  /** Sorted by relativePath. */
  readonly files: readonly IndexedFile[];
  /** Things a person should know, e.g. "the index could not be used (…): rebuilt from the files". */
  readonly notes: readonly string[];
  /** Files taken from the index unread, read for the first time, read again, and gone since the index was saved. */
  readonly changes: { readonly reused: number; readonly added: number; readonly changed: number; readonly removed: number };
  readonly seconds: number;
  /** Hours east of UTC the frames' observing nights were computed with. */
  readonly utcOffsetHours: number;
}

/** What the library's code knows of an index beyond what it shows. */
export interface IndexState {
  readonly entries: ReadonlyMap<string, IndexEntry>;
  /** index.json as this index's entries were checked against: null when there was none. */
  stamp: IndexStamp | null;
  /** The entries differ from index.json. */
  needsSave: boolean;
  /** The library lock the index was opened under, if any: only then may masters be stored into it. */
  readonly lock: FolderLock | null;
}

const states = new WeakMap<LibraryIndex, IndexState>();

/** The hidden state of an index openLibraryIndex (or storeMaster) made. */
export function stateOf(index: LibraryIndex): IndexState {
  const state = states.get(index);
  if (!state) throw new Error('bug: this LibraryIndex was not made by openLibraryIndex');
  return state;
}

/** The path of the index file. */
export function indexPathOf(root: string): string {
  return join(metaDirOf(root), INDEX_FILE);
}

export interface IndexParts {
  readonly root: string;
  readonly writable: boolean;
  readonly notes: readonly string[];
  readonly changes: LibraryIndex['changes'];
  readonly seconds: number;
  readonly utcOffsetHours: number;
}

/** The index of `entries`: frames made, byte-identical copies marked after the likeliest original. */
export function makeIndex(parts: IndexParts, state: IndexState): LibraryIndex {
  const files = sortedEntries(state.entries).map((entry) => indexedFile(parts.root, entry, parts.utcOffsetHours));
  const index: LibraryIndex = { ...parts, files: markDuplicates(files) };
  states.set(index, state);
  return index;
}

/** The absolute path of a (checked) relative path: plain concatenation, as join's normalising costs thousands of calls per open. */
function pathUnder(root: string, relativePath: string): string {
  const native = sep === '/' ? relativePath : relativePath.split('/').join(sep);
  return root.endsWith(sep) ? root + native : root + sep + native;
}

function sortedEntries(entries: ReadonlyMap<string, IndexEntry>): IndexEntry[] {
  return [...entries.values()].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

function indexedFile(root: string, entry: IndexEntry, utcOffsetHours: number): IndexedFile {
  const facts = entry.facts;
  const frame: FrameInfo = {
    id: entry.relativePath,
    path: pathUnder(root, entry.relativePath),
    sizeBytes: entry.sizeBytes,
    mtimeMs: entry.mtimeMs,
    storage: entry.storage,
    facts,
    classification: entry.classification,
    night: facts && entry.error === null ? observingNight(facts.dateObs, facts.siteLongitude, utcOffsetHours) : null,
    error: entry.error,
    duplicateOf: null,
    excluded: false,
  };
  const { relativePath, sizeBytes, mtimeMs, ctimeMs, ino, sha256, settled } = entry;
  return { relativePath, sizeBytes, mtimeMs, ctimeMs, ino, sha256, settled, frame };
}

/** Of files with the same SHA-256, all but the likeliest original (scan-night's rule) name it in duplicateOf. */
function markDuplicates(files: IndexedFile[]): IndexedFile[] {
  const byHash = new Map<string, IndexedFile[]>();
  for (const file of files) {
    if (file.sha256 === null) continue;
    const same = byHash.get(file.sha256);
    if (same) same.push(file);
    else byHash.set(file.sha256, [file]);
  }
  const duplicateOf = new Map<string, string>();
  for (const same of byHash.values()) {
    if (same.length < 2) continue;
    const [original, ...copies] = [...same].sort(originalFirst);
    for (const copy of copies) duplicateOf.set(copy.relativePath, original.relativePath);
  }
  if (duplicateOf.size === 0) return files;
  return files.map((file) => {
    const original = duplicateOf.get(file.relativePath);
    return original ? { ...file, frame: { ...file.frame, duplicateOf: original } } : file;
  });
}

function stampOf(path: string): IndexStamp | null {
  try {
    const info = statSync(path);
    return { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size };
  } catch {
    return null;
  }
}

function sameStamp(a: IndexStamp | null, b: IndexStamp | null): boolean {
  return a === b || (a !== null && b !== null && a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.size === b.size);
}

/**
 * Saves the index under the held library lock, atomically, when its entries differ from
 * index.json; true when it wrote. Nothing is written when the library is read-only, or when
 * index.json changed since this index was read (another process saved a newer view: the next
 * open reconciles it with the files).
 */
export async function saveLibraryIndex(index: LibraryIndex, lock: FolderLock): Promise<boolean> {
  return saveIndexState(index.root, index.writable, stateOf(index), lock);
}

/** saveLibraryIndex, for an index not made yet (openLibraryIndex saves before it makes its answer). */
export async function saveIndexState(root: string, writable: boolean, state: IndexState, lock: FolderLock): Promise<boolean> {
  assertLibraryLock(root, lock);
  if (!state.needsSave || !writable) return false;
  const path = indexPathOf(root);
  if (!sameStamp(stampOf(path), state.stamp)) return false;
  await writeFileAtomic(path, encodeIndex(sortedEntries(state.entries)), { replaces: 'run-file' });
  state.stamp = stampOf(path);
  state.needsSave = false;
  return true;
}
