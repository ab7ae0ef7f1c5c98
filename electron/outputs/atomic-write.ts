/**
 * Outputs appear whole or not at all, and only where nothing else is: bytes go to a hidden
 * partial file beside the target (created exclusively, never through a link), which becomes the
 * target only once complete. A free target is taken with link(2), which never replaces a file
 * that appeared meanwhile; a target NightCal wrote before (a rerun) is replaced with rename(2);
 * anything else is refused, naming the file (output-target.ts). A crash, a kill or a full disk
 * leaves at most a partial file, never a half-written FITS under the final name. Writers never
 * create the output folders: a folder removed during a run stops it instead of coming back empty.
 */
import { closeSync, constants, fsyncSync, linkSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
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
      const target = inspectOutputTarget(finalPath);
      if (target.kind === 'foreign' && !(replaces === 'run-file' && target.why.endsWith('did not write'))) throw refusal(finalPath, target);
      if (target.kind !== 'absent') {
        renameSync(partial, finalPath);
        return;
      }
      try {
        linkSync(partial, finalPath);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue; // something appeared meanwhile: look again
        if (code === 'ENOENT') throw vanished(dirname(finalPath));
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error;
        renameSync(partial, finalPath); // no hard links here (FAT, exFAT): the target was free a moment ago
        return;
      }
    }
    throw new OutputError('output-refused', `${finalPath}: another program keeps writing at this path; refusing to replace it`);
  } finally {
    rmSync(partial, { force: true });
  }
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
 * Same, for main's small files (manifests, markers): written synchronously too, since they are a
 * few kilobytes and the checks around them are synchronous; a promise so callers can chain it.
 */
export async function writeFileAtomic(finalPath: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  writeFileAtomicSync(finalPath, [typeof data === 'string' ? Buffer.from(data) : data], options);
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
