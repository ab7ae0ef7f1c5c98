/**
 * The browser mode's folder picker: sub-folders of the roots the user allowed when starting
 * `nightcal serve`, never anything outside them (symbolic links resolved first). Each folder
 * says how many FITS files the scan would find in it, sub-folders included, counted up to a
 * limit over a bounded walk: a night keeps its frames in Lights/, Darks/….
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FolderEntry, FolderListing } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import { isInside, realLocation } from '../outputs/output-paths';
import { OUTPUT_MARKER_FILE } from '../outputs/output-marker';
import { outsideAllowedRoots } from './allowed-roots';
import { isFitsName } from '../pipeline/find-fits-files';

const MAX_ENTRIES = 2000;

/** How far one count goes: past `files` FITS files it says "100+"; it reads at most `folders` folders. */
export interface FitsCountLimits {
  readonly files: number;
  readonly folders: number;
}

/** The folder browser's limits: enough to tell a night from an empty folder, cheap on a big disk. */
export const LISTING_COUNT_LIMITS: FitsCountLimits = { files: 100, folders: 200 };

/** FITS files found under a folder, whether the count stopped early, and how many folders were read. */
export interface FitsCount {
  readonly files: number;
  /** True when the count reached its limit or the walk its folder cap: there may be more. */
  readonly more: boolean;
  readonly folders: number;
}

export async function listFolder(allowedRoots: readonly string[] | null, path: string | undefined): Promise<FolderListing> {
  if (!allowedRoots) throw new ApiError('forbidden', 'folder browsing is only offered in browser mode; use the folder dialog');
  if (path === undefined) {
    const entries = await Promise.all(allowedRoots.map((root) => entryFor(root, basename(root) || root)));
    return { path: null, parent: null, entries };
  }
  const real = realLocation(path);
  const root = allowedRoots.find((candidate) => isInside(real, realLocation(candidate)));
  if (!root) throw outsideAllowedRoots(path, 'browse');
  const dirents = await readDirents(path);
  const folders = dirents.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).slice(0, MAX_ENTRIES);
  const entries = await Promise.all(folders.map((entry) => entryFor(join(path, entry.name), entry.name)));
  const parent = realLocation(path) === realLocation(root) ? null : dirname(path);
  return { path, parent, entries: entries.sort((a, b) => a.name.localeCompare(b.name)) };
}

/**
 * FITS files under `root` as the scan walks it (hidden folders and NightCal's own output
 * folders left out; linked folders not followed here), breadth first, within `limits`.
 */
export async function countFitsFiles(root: string, limits: FitsCountLimits): Promise<FitsCount> {
  let files = 0;
  let folders = 0;
  const queue = [root];
  while (queue.length > 0) {
    if (files >= limits.files || folders >= limits.folders) return { files: Math.min(files, limits.files), more: true, folders };
    const dir = queue.shift()!;
    const dirents = await readdir(dir, { withFileTypes: true }).catch(() => null);
    folders += 1;
    if (!dirents || (dir !== root && dirents.some((entry) => entry.name === OUTPUT_MARKER_FILE))) continue;
    for (const entry of dirents) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) queue.push(join(dir, entry.name));
      else if ((entry.isFile() || entry.isSymbolicLink()) && isFitsName(entry.name)) files += 1;
    }
  }
  return { files: Math.min(files, limits.files), more: files > limits.files, folders };
}

async function entryFor(path: string, name: string): Promise<FolderEntry> {
  const count = await countFitsFiles(path, LISTING_COUNT_LIMITS);
  return { name, path, fitsFiles: count.files, moreFits: count.more };
}

async function readDirents(path: string): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    throw new ApiError('not-found', `cannot list ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
