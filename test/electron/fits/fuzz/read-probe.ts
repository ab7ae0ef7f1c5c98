/**
 * One fuzz case, as the app reads a file: both header readers, then the pixels through every
 * reader that applies (readImage; for plain FITS also readImageSync, readStoredSync and
 * readRows). The outcome is data: an image that passed the checks, or the error raised,
 * with what the readers allocated from the header (never more than the file can hold).
 */
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { isFitsError } from '../../../../electron/fits/fits-error';
import type { FitsFileInfo } from '../../../../electron/fits/fits-file';
import { MAX_PIXELS } from '../../../../electron/fits/image-layout';
import { DEFLATE_MAX_RATIO } from '../../../../electron/fits/header-blocks';
import { readFitsHeader, readFitsHeaderSync } from '../../../../electron/fits/read-header';
import { createPixelBuffers, readImage, readImageSync, readRows, readStoredSync } from '../../../../electron/fits/read-pixels';


export type ProbeOutcome =
  | { readonly kind: 'image'; readonly storage: string; readonly width: number; readonly height: number; readonly bitpix: number }
  | { readonly kind: 'fits-error'; readonly code: string; readonly stage: string }
  /** Anything else: a bug (a foreign error, a check that failed). */
  | { readonly kind: 'bug'; readonly stage: string; readonly message: string };

export interface ProbeReport {
  readonly outcome: ProbeOutcome;
  /** Largest scratch or pixel buffer a reader kept from this file, in bytes. */
  readonly largestBuffer: number;
  readonly fileSize: number;
}

class Bug extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Bug(message);
}

/** Reads `path` every way the app does; never throws. */
export async function probeFile(path: string): Promise<ProbeReport> {
  const fileSize = statSync(path).size;
  let stage = 'readFitsHeaderSync';
  let largestBuffer = 0;
  try {
    const syncResult = settle(() => readFitsHeaderSync(path));
    stage = 'readFitsHeader';
    const asyncResult = await readFitsHeader(path).then(
      (info) => ({ info, error: null }),
      (error: unknown) => ({ info: null, error }),
    );
    stage = 'header readers agree';
    // The synchronous gzip reader inflates whole 16 KB steps of the stream, the asynchronous one
    // stops as soon as END is found: damage further in the stream may fail only the first.
    // Pixels are then read through the whole stream, which must fail as a FitsError too.
    const gzip = readFileSync(path).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]));
    const syncSawLaterDamage = gzip && Boolean(syncResult.error) && ['io', 'truncated'].includes(codeOf(syncResult.error)!);
    if (syncSawLaterDamage) expectFitsError(syncResult.error, path);
    if (asyncResult.error || (syncResult.error && !syncSawLaterDamage)) {
      for (const error of [syncResult.error, asyncResult.error]) if (error) expectFitsError(error, path);
      if (!syncSawLaterDamage) check(codeOf(syncResult.error) === codeOf(asyncResult.error), `sync header gave ${codeOf(syncResult.error)}, async ${codeOf(asyncResult.error)}`);
      return { outcome: { kind: 'fits-error', code: codeOf(asyncResult.error)!, stage: 'header' }, largestBuffer, fileSize };
    }
    const info = asyncResult.info!;
    if (!syncSawLaterDamage) check(JSON.stringify(syncResult.info!.layout) === JSON.stringify(info.layout), 'sync and async layouts differ');
    stage = 'layout';
    checkLayout(info, fileSize);

    const buffers = createPixelBuffers();
    const count = info.layout.width * info.layout.height;
    stage = 'readImage';
    const image = await readImage(info, null, buffers);
    check(image.length === count, `readImage gave ${image.length} pixels for ${count}`);
    largestBuffer = Math.max(largestBuffer, image.byteLength, buffers.raw.length);
    if (info.storage === 'fits') {
      stage = 'readImageSync';
      check(readImageSync(info, null, buffers).length === count, 'readImageSync length');
      stage = 'readStoredSync';
      const stored = readStoredSync(info, buffers);
      check(stored === null ? info.layout.bitpix === 64 : stored.values.length === count, 'readStoredSync length');
      stage = 'readRows';
      const rows = new Float32Array(info.layout.width * Math.min(3, info.layout.height));
      const fd = openSync(path, 'r');
      try {
        readRows(fd, info, info.layout.height - rows.length / info.layout.width, rows.length / info.layout.width, rows, buffers);
      } finally {
        closeSync(fd);
      }
      largestBuffer = Math.max(largestBuffer, buffers.raw.length);
    }
    return { outcome: { kind: 'image', storage: info.storage, width: info.layout.width, height: info.layout.height, bitpix: info.layout.bitpix }, largestBuffer, fileSize };
  } catch (error) {
    if (error instanceof Bug) return { outcome: { kind: 'bug', stage, message: error.message }, largestBuffer, fileSize };
    if (isFitsError(error) && (error as { file: string }).file === path && error.message.startsWith(`${path}: `)) {
      return { outcome: { kind: 'fits-error', code: error.code, stage }, largestBuffer, fileSize };
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { outcome: { kind: 'bug', stage, message }, largestBuffer, fileSize };
  }
}

/** The header's promise about the pixels is bounded by what the file can hold. */
function checkLayout(info: FitsFileInfo, fileSize: number): void {
  const { width, height, planes, planeBytes, dataOffset, bitpix } = info.layout;
  check(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1, `size ${width} × ${height}`);
  check(planes === 1, `${planes} planes`);
  check(width * height <= MAX_PIXELS, `${width * height} pixels`);
  check(planeBytes === width * height * (Math.abs(bitpix) / 8), 'planeBytes');
  if (info.storage === 'fits') check(dataOffset + planeBytes <= fileSize, `plain data of ${planeBytes} bytes from ${dataOffset} in a file of ${fileSize}`);
  if (info.storage === 'gz') check(planeBytes <= fileSize * DEFLATE_MAX_RATIO, `gzip data of ${planeBytes} bytes from a ${fileSize}-byte file`);
}

function settle<T>(action: () => T): { info: T | null; error: unknown } {
  try {
    return { info: action(), error: null };
  } catch (error) {
    return { info: null, error };
  }
}

function codeOf(error: unknown): string | null {
  return isFitsError(error) ? error.code : error ? 'foreign' : null;
}

function expectFitsError(error: unknown, path: string): void {
  if (!isFitsError(error)) throw error;
  check((error as { file: string }).file === path && error.message.startsWith(`${path}: `), `FitsError does not name the file: ${error.message}`);
}
