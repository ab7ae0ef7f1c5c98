/**
 * Outputs appear whole or not at all, and only where nothing else is: bytes go to a hidden
 * partial file beside the target (created exclusively, never through a link), which becomes the
 * target only once complete. A free target is taken with link(2), which never replaces a file
 * that appeared meanwhile; a target NightCal wrote before (a rerun) is replaced with rename(2);
 * anything else is refused, naming the file (output-target.ts). A crash, a kill or a full disk
 * leaves at most a partial file, never a half-written FITS under the final name. Writers never
 * create the output folders: a folder removed during a run stops it instead of coming back empty.
 */
import { closeSync, constants, fsync, fsyncSync, linkSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
import { link, rename, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { checkedFolderOf, inspectOutputTarget, OutputError, refusal, vanished } from './output-target';

/** The partial file a write to `finalPath` goes through. */
export function partialPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.nightcal-partial`);
}

export interface AtomicWriteOptions {
  /** fsync before the rename, so the file also survives a power cut (slower). */
  readonly durable?: boolean;
  /**
   * What may be replaced at the target: 'fits' (default) a FITS file whose header says NightCal
   * wrote it; 'run-file' a regular file of NightCal's own folder layout (manifest, marker).
   */
  readonly replaces?: 'fits' | 'run-file';
}

/** Flags of a partial file: created here or failing, never opened through a link. */
const PARTIAL_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Opens `finalPath`'s partial file for writing (after removing a stale one); OutputError when its folder is gone or not real. */
export function openPartialSync(finalPath: string, extraFlags = 0): { readonly fd: number; readonly partial: string } {
  const dir = checkedFolderOf(finalPath);
  const partial = partialPathFor(finalPath);
  rmSync(partial, { force: true }); // left by a crash; ours by its name
  try {
    return { fd: openSync(partial, PARTIAL_FLAGS | extraFlags, 0o644), partial };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw vanished(dir);
    throw error;
  }
}

/** Makes the complete partial file the target, by the rules above; the partial is gone afterwards either way. */
export function placeOutputSync(partial: string, finalPath: string, replaces: AtomicWriteOptions['replaces'] = 'fits'): void {
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (placementOf(finalPath, replaces) === 'rename') return renameSync(partial, finalPath);
      try {
        return linkSync(partial, finalPath);
      } catch (error) {
        if (afterLinkFailed(error, finalPath) === 'rename') return renameSync(partial, finalPath);
      }
    }
    throw anotherWriter(finalPath);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Same, with the link or rename in libuv's threads: main's event loop goes on meanwhile. A
 * rename over a file (ext4's replace-via-rename) starts the new file's writeback, which behind
 * a run's gigabytes of output took a quarter of a second a manifest, and main handed no light
 * to a worker all that time.
 */
export async function placeOutput(partial: string, finalPath: string, replaces: AtomicWriteOptions['replaces'] = 'fits'): Promise<void> {
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (placementOf(finalPath, replaces) === 'rename') return await rename(partial, finalPath);
      try {
        return await link(partial, finalPath);
      } catch (error) {
        if (afterLinkFailed(error, finalPath) === 'rename') return await rename(partial, finalPath);
      }
    }
    throw anotherWriter(finalPath);
  } finally {
    await rm(partial, { force: true });
  }
}

/** How the partial becomes `finalPath` as it is now: over NightCal's own file by rename, onto a free path by link; anything else refused. */
function placementOf(finalPath: string, replaces: AtomicWriteOptions['replaces']): 'rename' | 'link' {
  const target = inspectOutputTarget(finalPath);
  if (target.kind === 'foreign' && !(replaces === 'run-file' && target.why.endsWith('did not write'))) throw refusal(finalPath, target);
  return target.kind === 'absent' ? 'link' : 'rename';
}

/** After link(2) failed: 'again' when something appeared at the path meanwhile (look again), 'rename' where there are no hard links (FAT, exFAT: the target was free a moment ago); throws otherwise. */
function afterLinkFailed(error: unknown, finalPath: string): 'again' | 'rename' {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') return 'again';
  if (code === 'ENOENT') throw vanished(dirname(finalPath));
  if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EMLINK') return 'rename';
  throw error;
}

function anotherWriter(finalPath: string): OutputError {
  return new OutputError('output-refused', `${finalPath}: another program keeps writing at this path; refusing to replace it`);
}

/** Writes `chunks` to `finalPath` through its partial file (synchronous: worker hot path). */
export function writeFileAtomicSync(finalPath: string, chunks: readonly Uint8Array[], options: AtomicWriteOptions = {}): void {
  const { fd, partial } = openPartialSync(finalPath);
  let open = true;
  try {
    writeAllSync(fd, chunks);
    if (options.durable) fsyncSync(fd);
    closeSync(fd);
    open = false;
    placeOutputSync(partial, finalPath, options.replaces);
  } catch (error) {
    if (open) closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Same, for main's files (manifests, markers, the library's index): the checks and the writes
 * synchronous (into the page cache), the fsync and the placement in libuv's threads
 * (placeOutput), so main keeps handing lights to the workers while the disk is busy.
 */
export function writeFileAtomic(finalPath: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  // one at a time per path: two writes in flight would share its partial file
  const written = (inFlight.get(finalPath) ?? Promise.resolve()).catch(() => undefined).then(() => writeThroughPartial(finalPath, data, options));
  inFlight.set(finalPath, written);
  written.finally(() => inFlight.get(finalPath) === written && inFlight.delete(finalPath)).catch(() => undefined);
  return written;
}

/** The writeFileAtomic of each path still under way in this thread. */
const inFlight = new Map<string, Promise<void>>();

async function writeThroughPartial(finalPath: string, data: Uint8Array | string, options: AtomicWriteOptions): Promise<void> {
  const { fd, partial } = openPartialSync(finalPath);
  let open = true;
  try {
    writeAllSync(fd, [typeof data === 'string' ? Buffer.from(data) : data]);
    if (options.durable) await promisify(fsync)(fd);
    open = false;
    closeSync(fd);
  } catch (error) {
    if (open) closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
  await placeOutput(partial, finalPath, options.replaces);
}

/** Removes the partial file of an interrupted write, if any. */
export function removePartialSync(finalPath: string): void {
  rmSync(partialPathFor(finalPath), { force: true });
}

/** Writes every chunk to `fd` in order: writev may write less than asked (large buffers, signals), so it loops until every byte is out. */
export function writeAllSync(fd: number, chunks: readonly Uint8Array[]): void {
  let pending = chunks.filter((chunk) => chunk.byteLength > 0);
  while (pending.length > 0) {
    let written = writevSync(fd, pending as Uint8Array[]);
    const rest: Uint8Array[] = [];
    for (const chunk of pending) {
      if (written >= chunk.byteLength) {
        written -= chunk.byteLength;
      } else {
        rest.push(written > 0 ? chunk.subarray(written) : chunk);
        written = 0;
      }
    }
    pending = rest;
  }
}
