/**
 * Where a calibration library keeps what it knows about itself: the hidden folder
 * `.nightcal-library` inside the library (the index, the usage log, the lock), never walked as
 * frames since the walk skips hidden folders. A library that cannot be written (read-only
 * media, another user's folder) is still read; it just keeps no index on disk.
 */
import { constants } from 'node:fs';
import { access, mkdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../shared/contract';

/** The hidden folder inside a library root holding index.json, usage.jsonl and the lock. */
export const LIBRARY_META_DIR = '.nightcal-library';

/** The folder of masters NightCal stores: `masters/<kind>/`. */
export const LIBRARY_MASTERS_DIR = 'masters';

/** The default library of a host: `<dataDir>/library` (dataDir: the CLI's appDataDir(), the desktop's userData). */
export function defaultLibraryDir(dataDir: string): string {
  return join(dataDir, 'library');
}

/** `.nightcal-library` of a library root. */
export function metaDirOf(root: string): string {
  return join(root, LIBRARY_META_DIR);
}

/** The library's real path; ApiError naming the path when it is not a folder that can be read. */
export async function resolveLibraryRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('not-found', `no library folder at ${root}`);
    throw new ApiError('io', `cannot open the library folder ${root}: ${code ?? String(error)}`);
  }
  if (!(await stat(real)).isDirectory()) throw new ApiError('bad-request', `the library ${root} is not a folder: a library is a folder of calibration frames and masters`);
  try {
    await access(real, constants.R_OK | constants.X_OK);
  } catch (error) {
    throw new ApiError('io', `cannot read the library folder ${root}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return real;
}

/** Error codes of a folder that cannot be written into. */
const READ_ONLY_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

/** True when `code` says the file system refuses writes here (not that something is wrong). */
export function isReadOnlyCode(code: string | undefined): boolean {
  return code !== undefined && READ_ONLY_CODES.has(code);
}

/**
 * Makes `.nightcal-library` when it is missing and says whether the library can be written: the
 * root and its meta folder both writable. A root made read-only is read only, even when its
 * meta folder was left writable: the owner said so.
 */
export async function prepareMetaDir(root: string): Promise<boolean> {
  const meta = metaDirOf(root);
  try {
    await access(root, constants.W_OK);
    await mkdir(meta).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await access(meta, constants.W_OK);
    return (await stat(meta)).isDirectory();
  } catch (error) {
    if (isReadOnlyCode((error as NodeJS.ErrnoException).code)) return false;
    throw new ApiError('io', `cannot prepare ${meta}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
