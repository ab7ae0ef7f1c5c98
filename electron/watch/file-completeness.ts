/**
 * Whether a FITS file a capture program is writing holds everything its header declares: the
 * whole header up to END, then the data unit of BITPIX × NAXIS1 × NAXIS2… bytes padded to whole
 * 2880-byte blocks (for .fz, the compressed table the header declares). A file cut short is not
 * an error while it is being written: it is "not yet", with what is missing.
 */
import { stat } from 'node:fs/promises';
import { FitsError } from '../fits/fits-error';
import { paddedSize } from '../fits/image-layout';
import { readFitsHeader } from '../fits/read-header';

/** What a look at a file found. */
export type Completeness =
  | { readonly complete: true; readonly sizeBytes: number; readonly mtimeMs: number }
  | { readonly complete: false; readonly sizeBytes: number; readonly mtimeMs: number; readonly missing: string; readonly gone: boolean };

/** The file as it is now: complete when its header reads and the file holds its whole (padded) data unit. */
export async function checkCompleteness(path: string): Promise<Completeness> {
  let sizeBytes = 0;
  let mtimeMs = 0;
  try {
    const info = await stat(path);
    sizeBytes = info.size;
    mtimeMs = info.mtimeMs;
    if (!info.isFile()) return { complete: false, sizeBytes, mtimeMs, missing: 'not a regular file', gone: false };
    if (sizeBytes === 0) return { complete: false, sizeBytes, mtimeMs, missing: 'empty so far', gone: false };
    const fits = await readFitsHeader(path);
    if (fits.storage === 'fits') {
      const wanted = fits.layout.dataOffset + paddedSize(fits.layout.planeBytes * fits.layout.planes);
      if (fits.fileSize < wanted) return { complete: false, sizeBytes, mtimeMs, missing: `${wanted - fits.fileSize} of its ${wanted} bytes still to come`, gone: false };
    }
    // .fz: read-header.ts refuses a compressed table cut short; .gz: only a stable size tells.
    return { complete: true, sizeBytes, mtimeMs };
  } catch (error) {
    // Cut short (no END yet, data short) is a file being written; anything else may still change
    // while it is written too (a header half there reads as garbage): "not yet", until the timeout.
    const message = error instanceof FitsError || error instanceof Error ? error.message : String(error);
    const gone = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' || (error instanceof FitsError && message.endsWith('file not found'));
    return { complete: false, sizeBytes, mtimeMs, missing: gone ? 'removed or renamed' : message, gone };
  }
}
