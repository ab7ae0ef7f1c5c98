/**
 * The folder a run writes into, claimed before anything is written: never the night or a folder
 * holding its frames (output-paths.ts), only a folder NightCal made or marked, or an empty one;
 * one run at a time (folder-lock.ts). A folder holding files NightCal did not write, or another
 * run's outputs, is passed over for `<folder>-2`, `-3`… and the run says so.
 */
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiError } from '../../shared/contract';
import type { FrameInfo } from '../../shared/night/frames';
import { writeFileAtomicSync } from './atomic-write';
import { FolderLock, LOCK_FILE } from './folder-lock';
import { OUTPUT_MARKER_FILE } from './output-marker';
import { assertSafeOutputDir, realLocation } from './output-paths';
import { hasManifest, readManifest, type RunManifest } from './run-manifest';

/** A claimed output folder: its real path, its lock, and what an earlier run of the same identity left there. */
export interface OutputFolder {
  /** The folder's real path (links resolved): every output path is built from it. */
  readonly path: string;
  /** The identity of the run it was claimed for. */
  readonly identity: string;
  /** The manifest of an earlier run of this identity in it (resume), else null. */
  readonly previous: RunManifest | null;
  /** Why the folder asked for was passed over, when it was. */
  readonly passedOver: string | null;
  release(): void;
}

/** The most `-N` folders tried before giving up (a folder of 10,000 runs is a mistake to report). */
const MAX_CANDIDATES = 10_000;

/** Claims `wanted` (or the first free `wanted-N`) for a run of `identity`. */
export function claimOutputFolder(wanted: string, options: { readonly identity: string; readonly nightRoot: string; readonly inputs: readonly Pick<FrameInfo, 'path'>[] }): OutputFolder {
  assertSafeOutputDir(wanted, options.nightRoot, options.inputs);
  let passedOver: string | null = null;
  for (let n = 1; n <= MAX_CANDIDATES; n += 1) {
    const candidate = candidatePath(wanted, n);
    const state = folderState(candidate);
    if (state === 'foreign') {
      passedOver ??= PASSED_OVER.foreign(wanted);
      continue;
    }
    if (state === 'absent') {
      mkdirSync(dirname(candidate), { recursive: true });
      try {
        mkdirSync(candidate);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // made by someone else meanwhile: look again as the next
        throw error;
      }
    }
    const path = realLocation(candidate);
    assertSafeOutputDir(path, options.nightRoot, options.inputs);
    const lock = FolderLock.acquire(path);
    const previous = readManifest(path);
    if (hasManifest(path) && previous?.identity !== options.identity) {
      lock.release();
      passedOver ??= PASSED_OVER.otherRun(wanted);
      continue;
    }
    try {
      removePartials(path);
      writeFileAtomicSync(join(path, OUTPUT_MARKER_FILE), [], { replaces: 'run-file' });
    } catch (error) {
      lock.release();
      throw error;
    }
    return { path, identity: options.identity, previous, passedOver: n === 1 ? null : passedOver, release: () => lock.release() };
  }
  throw new ApiError('io', `no free output folder next to ${wanted} (tried ${MAX_CANDIDATES})`);
}

/** Where a run would go, found without writing, locking or making anything. */
export interface OutputFolderForecast {
  /** The folder the run would write to: `wanted` or the first `wanted-N` it would claim. */
  readonly path: string;
  /** Why `wanted` would be passed over, when it would be. */
  readonly passedOver: string | null;
}

/**
 * The folder claimOutputFolder would claim for a run of `identity` now, by the same rules, with
 * no side effect: the app shows it before the run. Throws as the claim would for a refused folder.
 * (A folder another run holds locked at that moment is not known here: the claim then says so.)
 */
export function forecastOutputFolder(wanted: string, options: { readonly identity: string; readonly nightRoot: string; readonly inputs: readonly Pick<FrameInfo, 'path'>[] }): OutputFolderForecast {
  assertSafeOutputDir(wanted, options.nightRoot, options.inputs);
  let passedOver: string | null = null;
  for (let n = 1; n <= MAX_CANDIDATES; n += 1) {
    const candidate = candidatePath(wanted, n);
    const state = folderState(candidate);
    if (state === 'foreign') {
      passedOver ??= PASSED_OVER.foreign(wanted);
      continue;
    }
    if (state === 'ours' && hasManifest(candidate) && readManifest(candidate)?.identity !== options.identity) {
      passedOver ??= PASSED_OVER.otherRun(wanted);
      continue;
    }
    const path = realLocation(candidate);
    assertSafeOutputDir(path, options.nightRoot, options.inputs);
    return { path, passedOver: n === 1 ? null : passedOver };
  }
  throw new ApiError('io', `no free output folder next to ${wanted} (tried ${MAX_CANDIDATES})`);
}

/** The n-th folder a run may take: `wanted`, then `wanted-2`, `wanted-3`… (the claim and its forecast walk the same ones). */
function candidatePath(wanted: string, n: number): string {
  return n === 1 ? wanted : `${wanted}-${n}`;
}

/** Why a folder is passed over, in the same words for the claim and its forecast. */
const PASSED_OVER = {
  foreign: (wanted: string): string => `${wanted} holds files NightCal did not write`,
  otherRun: (wanted: string): string => `${wanted} holds the outputs of another run (other frames, masters or settings)`,
};

/** 'absent', 'ours' (NightCal's marker, or empty), or 'foreign' (anything else, or not a folder). */
function folderState(path: string): 'absent' | 'ours' | 'foreign' {
  try {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return folderState(realLocation(path));
    if (!info.isDirectory()) return 'foreign';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  const names = readdirSync(path);
  if (names.includes(OUTPUT_MARKER_FILE)) return 'ours';
  return names.every((name) => name === LOCK_FILE) ? 'ours' : 'foreign';
}

/**
 * Partial files left by a crash or a kill (this run holds the lock, so none is being written):
 * removed, they are NightCal's by their name.
 */
function removePartials(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.startsWith('.') && entry.name.endsWith('.nightcal-partial')) {
      rmSync(join(entry.parentPath, entry.name), { force: true });
    }
  }
}
