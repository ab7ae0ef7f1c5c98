/**
 * Expected failures at the file-format edge, as errors that turn into data: a code for
 * programs (a subset of FrameErrorCode) and a message naming the file and the problem.
 */
import type { FrameErrorCode } from '../../shared/night/frames';

/** Why a FITS file cannot be read. */
export type FitsErrorCode = 'not-fits' | 'truncated' | 'no-data' | 'unsupported' | 'bad-header' | 'io' | 'not-a-file';

// Fails to compile if a code above stops being a FrameErrorCode.
const everyCodeIsAFrameCode: FitsErrorCode extends FrameErrorCode ? true : never = true;
void everyCodeIsAFrameCode;

/** A file that is not usable FITS, or could not be read; `file` is the path as given. */
export class FitsError extends Error {
  readonly code: FitsErrorCode;
  readonly file: string;

  constructor(code: FitsErrorCode, file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'FitsError';
    this.code = code;
    this.file = file;
  }
}

/** True for a FitsError (also across realms, where instanceof may fail). */
export function isFitsError(error: unknown): error is FitsError {
  return error instanceof FitsError || (error instanceof Error && error.name === 'FitsError' && 'code' in error);
}

/** A Node file-system error as a FitsError 'io' naming the file; FitsErrors pass through. */
export function toFitsError(error: unknown, file: string): FitsError {
  if (isFitsError(error)) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') return new FitsError('io', file, 'file not found');
  if (code === 'EISDIR') return new FitsError('io', file, 'is a folder, not a file');
  if (code === 'EACCES' || code === 'EPERM') return new FitsError('io', file, 'permission denied');
  return new FitsError('io', file, `cannot read: ${reason}`);
}
