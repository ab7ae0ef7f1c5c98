/**
 * Outputs appear whole or not at all: bytes go to a hidden partial file beside the target,
 * which is renamed over the target only once complete. A crash, a kill or a full disk leaves
 * at most a partial file, never a half-written FITS under the final name, and the partial
 * file's name is known so the caller can remove it.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The partial file a write to `finalPath` goes through. */
export function partialPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.nightcal-partial`);
}

export interface AtomicWriteOptions {
  /** fsync before the rename, so the file also survives a power cut (slower). */
  readonly durable?: boolean;
}

/** Writes `chunks` to `finalPath` through its partial file (synchronous: worker hot path). */
export function writeFileAtomicSync(finalPath: string, chunks: readonly Uint8Array[], options: AtomicWriteOptions = {}): void {
  const partial = partialPathFor(finalPath);
  mkdirSync(dirname(finalPath), { recursive: true });
  let fd = -1;
  try {
    fd = openSync(partial, 'w', 0o644);
    writeAllSync(fd, chunks);
    if (options.durable) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(partial, finalPath);
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Same, asynchronous (main process: manifests, masters written off the hot path). */
export async function writeFileAtomic(finalPath: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const partial = partialPathFor(finalPath);
  await mkdir(dirname(finalPath), { recursive: true });
  const handle = await open(partial, 'w', 0o644);
  try {
    await handle.writeFile(data);
    if (options.durable) await handle.sync();
    await handle.close();
    await rename(partial, finalPath);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

/** Removes the partial file of an interrupted write, if any. */
export function removePartialSync(finalPath: string): void {
  rmSync(partialPathFor(finalPath), { force: true });
}

// writev may write less than asked (large buffers, signals): loop until every byte is out.
function writeAllSync(fd: number, chunks: readonly Uint8Array[]): void {
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
