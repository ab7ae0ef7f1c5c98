/**
 * The browser mode's folder picker: sub-folders of the roots the user allowed when starting
 * `nightcal serve`, never anything outside them (symbolic links resolved first).
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FolderEntry, FolderListing } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import { isInside, realLocation } from '../outputs/output-paths';
import { outsideAllowedRoots } from './allowed-roots';
import { isFitsName } from '../pipeline/find-fits-files';

const MAX_ENTRIES = 2000;

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

async function entryFor(path: string, name: string): Promise<FolderEntry> {
  const dirents = await readDirents(path).catch(() => []);
  return { name, path, fitsFiles: dirents.filter((entry) => entry.isFile() && isFitsName(entry.name)).length };
}

async function readDirents(path: string): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    throw new ApiError('not-found', `cannot list ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
