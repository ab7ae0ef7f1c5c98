/**
 * Walks a night folder for FITS files (.fits .fit .fts, optionally .fz or .gz, any case),
 * skipping hidden folders and folders NightCal wrote (they hold the output marker). Symbolic
 * links are followed only when they stay inside the night.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { OUTPUT_MARKER_FILE } from '../outputs/output-marker';
import { isInside } from '../outputs/output-paths';

const FITS_NAME = /\.(fits?|fts)(\.(fz|gz))?$|\.fz$/i;

/** True for names NightCal reads as FITS frames. */
export function isFitsName(name: string): boolean {
  return FITS_NAME.test(name);
}

export interface FoundFile {
  /** Path relative to the night, with forward slashes: the frame's id. */
  readonly id: string;
  readonly path: string;
}

export async function findFitsFiles(root: string, skipDirs: readonly string[] = []): Promise<FoundFile[]> {
  const realRoot = await realpath(root);
  const skip = await Promise.all(skipDirs.map((dir) => realpath(dir).catch(() => dir)));
  const found: FoundFile[] = [];
  const visited = new Set<string>();

  async function walk(dir: string): Promise<void> {
    const real = await realpath(dir);
    if (visited.has(real) || skip.some((s) => isInside(real, s))) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable sub-folder is not a night's frame; the rest still scans
    }
    if (dir !== root && entries.some((entry) => entry.name === OUTPUT_MARKER_FILE)) return;
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await realpath(path).catch(() => null);
        if (!target || !isInside(target, realRoot)) continue;
        const info = await stat(target);
        isDir = info.isDirectory();
        isFile = info.isFile();
      }
      if (isDir) subdirs.push(path);
      else if (isFile && isFitsName(entry.name)) found.push({ id: relative(root, path).split(sep).join('/'), path });
    }
    for (const sub of subdirs) await walk(sub);
  }

  await walk(root);
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
