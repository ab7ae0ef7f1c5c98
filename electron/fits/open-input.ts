/**
 * Every input file is opened here, never blocking and only when it is a regular file: a FIFO,
 * a device or a socket put where a frame was (or swapped in after the scan) is that frame's
 * error, never a run that hangs on open(2). O_NONBLOCK does nothing to reads of a regular file.
 */
import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { FitsError } from './fits-error';

const INPUT_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a non-regular file is, in words. */
function kindOf(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** The refusal of a non-regular input. */
export function notAFile(path: string, what: string): FitsError {
  return new FitsError('not-a-file', path, `${what}, not a FITS file: skipped`);
}

/** Opens an input for reading (synchronous: worker hot path); FitsError 'not-a-file' when it is not a regular file. */
export function openInputSync(path: string): number {
  const fd = openSync(path, INPUT_FLAGS);
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw notAFile(path, kindOf(stat));
  }
  return fd;
}

/** The same, asynchronously. */
export async function openInput(path: string): Promise<FileHandle> {
  const handle = await open(path, INPUT_FLAGS);
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw notAFile(path, kindOf(stat));
  }
  return handle;
}

/** The whole of an input file. */
export async function readInputFile(path: string): Promise<Buffer> {
  const handle = await openInput(path);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export { kindOf as nonRegularKind };
