/**
 * Scan: walk the night, read every file's header (never its pixels), and describe each file
 * as a FrameInfo: header facts, classification, observing night, errors, duplicates.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { classifyFrame } from '../../shared/night/classify-frame';
import type { FrameError, FrameInfo, FrameStorage } from '../../shared/night/frames';
import { frameFacts } from '../../shared/night/header-facts';
import { observingNight } from '../../shared/night/observing-night';
import { FitsError } from '../fits/fits-error';
import type { FitsFileInfo } from '../fits/fits-file';
import { readFitsHeader } from '../fits/read-header';
import { findFitsFiles, type FoundFile } from './find-fits-files';

/** Header reads in flight at once: enough to hide disk latency, few enough to bound memory. */
const PARALLEL_READS = 32;

export interface ScanOptions {
  /** Hours east of UTC for frames without SITELONG (noon-to-noon nights). */
  readonly utcOffsetHours: number;
  /** Folders never to scan (the output folder when it lies inside the night). */
  readonly skipDirs?: readonly string[];
  readonly onProgress?: (filesRead: number, filesFound: number) => void;
}

/** A scanned file: what the UI sees, and the header the pixel tasks need. */
export interface ScannedFrame {
  readonly frame: FrameInfo;
  readonly fits: FitsFileInfo | null;
}

export interface ScannedNight {
  readonly root: string;
  readonly frames: readonly ScannedFrame[];
  readonly seconds: number;
}

export async function scanNight(root: string, options: ScanOptions): Promise<ScannedNight> {
  const started = performance.now();
  const found = await findFitsFiles(root, options.skipDirs);
  const scanned: ScannedFrame[] = new Array(found.length);
  let next = 0;
  let read = 0;
  options.onProgress?.(0, found.length);
  async function reader(): Promise<void> {
    while (next < found.length) {
      const index = next++;
      scanned[index] = await scanFile(found[index], options.utcOffsetHours);
      read += 1;
      if (read % 50 === 0) options.onProgress?.(read, found.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, found.length) }, reader));
  const frames = await markDuplicates(scanned);
  options.onProgress?.(found.length, found.length);
  return { root, frames, seconds: (performance.now() - started) / 1000 };
}

/** One file's header read, facts, classification and night (as the scan describes it; a file a watch saw complete too); an unreadable file becomes a frame with its error. */
export async function scanFile(file: FoundFile, utcOffsetHours: number): Promise<ScannedFrame> {
  let sizeBytes = 0;
  let mtimeMs = 0;
  try {
    const info = statSync(file.path);
    sizeBytes = info.size;
    mtimeMs = info.mtimeMs;
    if (file.refusal) throw file.refusal;
    const fits = await readFitsHeader(file.path);
    const facts = frameFacts(fits.header, fits.layout);
    const classification = classifyFrame({ imagetyp: facts.imagetyp, relPath: file.id, facts });
    const night = observingNight(facts.dateObs, facts.siteLongitude, utcOffsetHours);
    const frame: FrameInfo = {
      id: file.id,
      path: file.path,
      sizeBytes,
      mtimeMs,
      storage: fits.storage,
      facts,
      classification,
      night,
      error: null,
      duplicateOf: null,
      excluded: false,
    };
    return { frame, fits };
  } catch (error) {
    const frame: FrameInfo = {
      id: file.id,
      path: file.path,
      sizeBytes,
      mtimeMs,
      storage: storageFromName(file.path),
      facts: null,
      classification: classifyFrame({ imagetyp: null, relPath: file.id }),
      night: null,
      error: toFrameError(error, file.path),
      duplicateOf: null,
      excluded: false,
    };
    return { frame, fits: null };
  }
}

/** A failure at the I/O edge as data for the user: FitsErrors keep their code. */
export function toFrameError(error: unknown, path: string): FrameError {
  if (error instanceof FitsError) return { code: error.code, message: error.message };
  if (isRefusal(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'io', message: message.includes(path) ? message : `${path}: ${message}` };
}

/** A FoundFile's refusal, thrown as it is. */
function isRefusal(error: unknown): error is FrameError {
  return typeof error === 'object' && error !== null && !(error instanceof Error) && 'code' in error && 'message' in error;
}

function storageFromName(path: string): FrameStorage {
  if (/\.fz$/i.test(path)) return 'fz';
  if (/\.gz$/i.test(path)) return 'gz';
  return 'fits';
}

/**
 * Byte-identical copies must not count twice in a master. Files with the same size and the
 * same header are hashed in full; of identical files one is kept and the others become its
 * duplicates (see originalFirst).
 */
async function markDuplicates(scanned: ScannedFrame[]): Promise<ScannedFrame[]> {
  const candidates = new Map<string, ScannedFrame[]>();
  for (const entry of scanned) {
    if (!entry.fits) continue;
    const key = `${entry.frame.sizeBytes}:${createHash('sha1').update(entry.fits.header.cards.join('')).digest('hex')}`;
    const list = candidates.get(key) ?? [];
    list.push(entry);
    candidates.set(key, list);
  }
  const duplicateOf = new Map<string, string>();
  for (const list of candidates.values()) {
    if (list.length < 2) continue;
    const firstByHash = new Map<string, string>();
    for (const entry of [...list].sort(originalFirst)) {
      const hash = await hashFile(entry.frame.path);
      const first = firstByHash.get(hash);
      if (first) duplicateOf.set(entry.frame.id, first);
      else firstByHash.set(hash, entry.frame.id);
    }
  }
  if (duplicateOf.size === 0) return scanned;
  return scanned.map((entry) => {
    const original = duplicateOf.get(entry.frame.id);
    return original ? { ...entry, frame: { ...entry.frame, duplicateOf: original } } : entry;
  });
}

/** Words people give a copy: 'M51 (copy).fit', 'Rejected_M76…', 'frame(2).fits', 'x.fits~'. */
const COPY_NAME = /(^|[^a-z])(copy|kopie|copie|rejected|duplicate|dup)([^a-z]|$)|\(\d+\)|~$/i;

/** Of byte-identical files, the one kept is the likeliest original: no copy-like name, then the oldest, then by id. */
export function originalFirst(a: Pick<ScannedFrame, 'frame'>, b: Pick<ScannedFrame, 'frame'>): number {
  const copyA = COPY_NAME.test(basename(a.frame.id)) ? 1 : 0;
  const copyB = COPY_NAME.test(basename(b.frame.id)) ? 1 : 0;
  if (copyA !== copyB) return copyA - copyB;
  if (a.frame.mtimeMs !== b.frame.mtimeMs) return a.frame.mtimeMs - b.frame.mtimeMs;
  return a.frame.id < b.frame.id ? -1 : a.frame.id > b.frame.id ? 1 : 0;
}

/** SHA-256 of the whole file, streamed, in hex. */
export function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20, signal })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
