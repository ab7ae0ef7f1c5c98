/**
 * Raw data is sacred, per file: before anything is written under an output folder, every
 * folder on the way is checked to be a real folder (never a symbolic link that could lead out,
 * say onto a night's raw frames), and every output path to be free or to hold a file NightCal
 * wrote. A file NightCal wrote is one whose FITS header carries its SOFTWARE card; anything
 * else at an output path (a raw frame, another program's file, a link) is never replaced.
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { SOFTWARE_NAME } from '../../shared/version';

/** Why an output cannot be written where it should go. */
export class OutputError extends Error {
  constructor(
    /** 'output-refused': something NightCal did not write is in the way; 'output-vanished': the output folder is gone. */
    readonly code: 'output-refused' | 'output-vanished',
    message: string,
  ) {
    super(message);
    this.name = 'OutputError';
  }
}

/** What is at an output path now. */
export type OutputTarget =
  | { readonly kind: 'absent' }
  /** A regular file NightCal wrote: it may be replaced (a rerun). `ino` guards against a swap before the rename. */
  | { readonly kind: 'own'; readonly ino: number; readonly size: number }
  | { readonly kind: 'foreign'; readonly why: string };

/** Header bytes read to find the SOFTWARE card: outputs keep the raw header, which can be long. */
const HEADER_SCAN_BYTES = 2880 * 40;
const OWN_CARD = Buffer.from(`SOFTWARE= '${SOFTWARE_NAME} `, 'latin1');
const END_CARD = Buffer.from('END'.padEnd(80, ' '), 'latin1');

/** Looks at `path` without following a link. */
export function inspectOutputTarget(path: string): OutputTarget {
  let info;
  try {
    info = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  if (info.isSymbolicLink()) return { kind: 'foreign', why: 'a symbolic link' };
  if (info.isDirectory()) return { kind: 'foreign', why: 'a folder' };
  if (!info.isFile()) return { kind: 'foreign', why: 'not a regular file' };
  return writtenByNightcal(path) ? { kind: 'own', ino: info.ino, size: info.size } : { kind: 'foreign', why: /\.(fits?|fts)$/i.test(path) ? 'a FITS file NightCal did not write' : 'a file NightCal did not write' };
}

/** The refusal for a foreign target, naming the file. */
export function refusal(path: string, target: Extract<OutputTarget, { kind: 'foreign' }>): OutputError {
  return new OutputError('output-refused', `${path}: refusing to write here: it is ${target.why} (raw data is never replaced); move it away or choose another output folder`);
}

/** True when the file's primary header carries NightCal's SOFTWARE card (before END). */
function writtenByNightcal(path: string): boolean {
  let fd: number | null = null;
  try {
    // O_NONBLOCK: a FIFO swapped in after the lstat must not hang the run.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const bytes = Buffer.alloc(HEADER_SCAN_BYTES);
    const got = readSync(fd, bytes, 0, bytes.length, 0);
    for (let card = 0; card + 80 <= got; card += 80) {
      const text = bytes.subarray(card, card + 80);
      if (text.equals(END_CARD)) return false;
      if (text.subarray(0, OWN_CARD.length).equals(OWN_CARD)) return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Makes every folder of `dirs` (absolute, inside `root`) one level at a time, and checks that
 * each level, existing or new, is a real folder: never a symbolic link. `root` itself must be
 * real (as claimOutputFolder gives it).
 */
export function ensureOutputFolders(root: string, dirs: Iterable<string>): void {
  assertRealFolder(root);
  const done = new Set<string>([root]);
  for (const dir of dirs) {
    const rel = relative(root, dir);
    if (rel.startsWith('..') || rel.includes(`..${sep}`)) throw new Error(`bug: ${dir} is outside the output folder ${root}`);
    let current = root;
    for (const part of rel === '' ? [] : rel.split(sep)) {
      current = join(current, part);
      if (done.has(current)) continue;
      try {
        mkdirSync(current);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw vanished(root);
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const info = lstatSync(current);
      if (info.isSymbolicLink() || !info.isDirectory()) {
        throw new OutputError('output-refused', `${current}: refusing to write through it: it is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a folder'} inside the output folder ${root}`);
      }
      done.add(current);
    }
  }
}

/**
 * The folder a file is about to be written in is still a real folder at its own path (no link
 * swapped in on the way), right before the write; OutputError 'output-vanished' when it is gone.
 */
export function assertRealFolder(dir: string): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw vanished(dir);
    throw error;
  }
  if (real !== dir) throw new OutputError('output-refused', `${dir}: refusing to write through it: it leads to ${real} (a symbolic link on the way)`);
}

/** The output folder, or a folder in it, is gone. */
export function vanished(dir: string): OutputError {
  return new OutputError('output-vanished', `the output folder ${dir} no longer exists: it was removed while NightCal was writing into it`);
}

/** The folder a file goes into, checked (for writers). */
export function checkedFolderOf(path: string): string {
  const dir = dirname(path);
  assertRealFolder(dir);
  return dir;
}
