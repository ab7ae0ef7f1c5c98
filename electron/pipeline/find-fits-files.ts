/**
 * Walks a night folder for FITS files (.fits .fit .fts, optionally .fz or .gz, any case),
 * skipping hidden folders and folders NightCal wrote (they hold the output marker). Symbolic
 * links are followed only when they stay inside the night.
 */
import type { Dirent } from 'node:fs';
import type { FrameError } from '../../shared/night/frames';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { OUTPUT_MARKER_FILE } from '../outputs/output-marker';
import { isInside } from '../outputs/output-paths';

const FITS_NAME = /\.(fits?|fts)(\.(fz|gz))?$|\.fz$/i;
/** FITS files in a compression NightCal does not read: listed as unreadable, never passed over in silence. */
const OTHER_COMPRESSION = /\.(fits?|fts)\.(bz2|xz|zip|z|7z|lz4|zst|lzma|rar)$/i;
const COMPRESSION_NAMES: Readonly<Record<string, string>> = { bz2: 'bzip2', xz: 'xz', zip: 'zip', z: 'compress (.Z)', '7z': '7-Zip', lz4: 'LZ4', zst: 'Zstandard', lzma: 'LZMA', rar: 'RAR' };

/** True for names NightCal reads as FITS frames (trailing spaces, which some copies add, ignored). */
export function isFitsName(name: string): boolean {
  return FITS_NAME.test(name.trimEnd());
}

export interface FoundFile {
  /** Path relative to the night, with forward slashes: the frame's id. */
  readonly id: string;
  readonly path: string;
  /** Why the file is not read at all (a compression NightCal does not read, not a regular file): the scan lists it as unreadable. */
  readonly refusal: FrameError | null;
}

/** What a directory entry (or the target of a link) is. */
type FileKind = Pick<Dirent, 'isFile' | 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>;

/** Why a FITS-like name is not read, or null for one NightCal reads. */
function refusalOf(name: string, entry: FileKind | null): FrameError | null {
  const compression = OTHER_COMPRESSION.exec(name.trimEnd());
  if (compression) {
    const kind = COMPRESSION_NAMES[compression[2].toLowerCase()];
    return { code: 'unsupported', message: `${kind}-compressed: NightCal reads plain FITS, .fz (fpack) and .gz; decompress it first` };
  }
  if (entry && !entry.isFile() && !entry.isDirectory()) {
    const what = entry.isFIFO() ? 'a FIFO (named pipe)' : entry.isCharacterDevice() || entry.isBlockDevice() ? 'a device' : entry.isSocket() ? 'a socket' : 'not a regular file';
    return { code: 'not-a-file', message: `${what}, not a FITS file: skipped` };
  }
  return null;
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
      let kind: FileKind = entry;
      if (entry.isSymbolicLink()) {
        const target = await realpath(path).catch(() => null);
        if (!target || !isInside(target, realRoot)) continue;
        const info = await stat(target);
        isDir = info.isDirectory();
        isFile = info.isFile();
        kind = info;
      }
      if (isDir) {
        subdirs.push(path);
        continue;
      }
      const id = relative(root, path).split(sep).join('/');
      const refusal = refusalOf(entry.name, isFile ? null : kind);
      if (refusal !== null && (isFitsName(entry.name) || OTHER_COMPRESSION.test(entry.name.trimEnd()))) found.push({ id, path, refusal: { ...refusal, message: `${path}: ${refusal.message}` } });
      else if (isFile && isFitsName(entry.name)) found.push({ id, path, refusal: null });
    }
    for (const sub of subdirs) await walk(sub);
  }

  await walk(root);
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
