/**
 * Reading plane 0 of a FITS image as physical float32 values, into a buffer the caller owns
 * (float64 for the viewer's blocks of data float32 cannot hold: readExactRows, readExactImage).
 * Plain FITS goes through the hand decoder (positional reads into reused scratch); gzip is
 * inflated then decoded the same way; tile-compressed `.fz` is decoded by fitsjs-ng.
 */
import { closeSync } from 'node:fs';
import { openInput, openInputSync, readInputFile } from './open-input';
import { CompressedImage, FITS, FITSError, Image, type TypedArray } from 'fitsjs-ng';
import type { FitsFileInfo } from './fits-file';
import { FitsError, toFitsError } from './fits-error';
import { bufferReader, gunzipWhole, isGzipMagic, readFully, readFullySync } from './byte-sources';
import { findImageHdu, MAX_HEADER_CARDS, runSync } from './header-blocks';
import { bytesPerPixel, decodeBigEndianPixels, exactInFloat32, float32FromBigEndianInPlace, isPlainFloat32, storedView, type PhysicalPixels, type PixelScaling } from './decode-pixels';

/** A worker's reusable scratch bytes: grow-only, each Buffer its own ArrayBuffer so typed views are aligned. */
export interface PixelBuffers {
  /** Raw big-endian bytes as read from the file. */
  raw: Buffer;
}

/** Empty scratch buffers, grown on first use. */
export function createPixelBuffers(): PixelBuffers {
  return { raw: Buffer.allocUnsafeSlow(0) };
}

/**
 * Sees the bytes the pixels are decoded from, once, before they are decoded: a plain file's data
 * unit as stored, or the whole of a .gz/.fz file (to checksum an input as it is read).
 */
export type StoredBytesHook = (bytes: Uint8Array) => void;

/** Plane 0 as physical values (BZERO/BSCALE applied, integer BLANK → NaN) into `out`; any storage. */
export async function readImage(info: FitsFileInfo, out: Float32Array | null, buffers: PixelBuffers, onStoredBytes?: StoredBytesHook): Promise<Float32Array> {
  const target = outputFor(info, out);
  try {
    if (info.storage === 'fits') {
      const handle = await openInput(info.path);
      try {
        await readPlainRows(info, 0, info.layout.height, target, buffers, (bytes, position) => readFully(handle, bytes, position), onStoredBytes);
      } finally {
        await handle.close();
      }
    } else if (info.storage === 'gz') {
      await readGzipImage(info, target, buffers, onStoredBytes);
    } else {
      const pixels = await readImageWithFitsjs(info.path, onStoredBytes);
      if (pixels.length !== target.length) {
        throw new FitsError('bad-header', info.path, `decoded ${pixels.length} pixels where the header says ${target.length}`);
      }
      target.set(pixels);
    }
    return target;
  } catch (error) {
    throw toFitsError(error, info.path);
  }
}

/** readImage for plain FITS, synchronously (worker hot path); FitsError 'unsupported' for .fz/.gz. */
export function readImageSync(info: FitsFileInfo, out: Float32Array | null, buffers: PixelBuffers): Float32Array {
  if (info.storage !== 'fits') {
    throw new FitsError('unsupported', info.path, `${info.storage} storage is read with readImage, not readImageSync`);
  }
  const target = outputFor(info, out);
  let fd: number | null = null;
  try {
    fd = openInputSync(info.path);
    readRows(fd, info, 0, info.layout.height, target, buffers);
    return target;
  } catch (error) {
    throw toFitsError(error, info.path);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Rows [rowStart, rowStart + rowCount) of plane 0 of a plain FITS file into out[0 .. rowCount × width). */
export function readRows(fd: number, info: FitsFileInfo, rowStart: number, rowCount: number, out: PhysicalPixels, buffers: PixelBuffers): void {
  if (info.storage !== 'fits') {
    throw new FitsError('unsupported', info.path, `rows cannot be read from ${info.storage} storage; use readImage`);
  }
  const { width, height } = info.layout;
  if (!Number.isInteger(rowStart) || !Number.isInteger(rowCount) || rowStart < 0 || rowCount < 0 || rowStart + rowCount > height) {
    throw new RangeError(`readRows: rows ${rowStart}..${rowStart + rowCount} are outside 0..${height} of ${info.path}`);
  }
  if (out.length < rowCount * width) throw new RangeError(`readRows: out holds ${out.length} values, ${rowCount * width} needed`);
  const rows = out.subarray(0, rowCount * width);
  try {
    void readPlainRows(info, rowStart, rowCount, rows, buffers, (bytes, position) => readFullySync(fd, bytes, position));
  } catch (error) {
    throw toFitsError(error, info.path);
  }
}

/** Stored pixel values of plane 0, in host byte order, with how to scale them (see readStoredSync). */
export interface StoredPixels {
  readonly values: Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  readonly scaling: PixelScaling;
}

/**
 * Plane 0 of a plain FITS file as its stored numbers (not yet scaled), in a view over
 * `buffers`' scratch: for callers that scale and calibrate in one pass (the light hot path).
 * Returns null for BITPIX 64, which callers read with readImageSync.
 */
export function readStoredSync(info: FitsFileInfo, buffers: PixelBuffers, onStoredBytes?: StoredBytesHook): StoredPixels | null {
  if (info.storage !== 'fits') {
    throw new FitsError('unsupported', info.path, `${info.storage} storage is read with readImage, not readStoredSync`);
  }
  const scaling = storedScaling(info);
  if (scaling.bitpix === 64) return null;
  const count = info.layout.width * info.layout.height;
  const raw = scratch(buffers, count * bytesPerPixel(scaling.bitpix));
  readStoredBytesSync(info, raw);
  onStoredBytes?.(raw);
  return { values: storedView(raw, scaling.bitpix, count), scaling };
}

/**
 * `target.length` bytes of a plain FITS file's pixel data as stored (big-endian), from the
 * start of row `rowStart` (default 0), into `target`: FitsError 'truncated' when the file holds fewer.
 */
export function readStoredBytesSync(info: FitsFileInfo, target: Uint8Array, rowStart = 0): void {
  if (info.storage !== 'fits') {
    throw new FitsError('unsupported', info.path, `${info.storage} storage is read with readImage, not readStoredBytesSync`);
  }
  const bytes = target.length;
  const position = info.layout.dataOffset + rowStart * info.layout.width * bytesPerPixel(info.layout.bitpix);
  let fd: number | null = null;
  try {
    fd = openInputSync(info.path);
    const got = readFullySync(fd, target, position);
    if (got < bytes) throw new FitsError('truncated', info.path, `pixel data ends at byte ${position + got}, ${bytes - got} bytes short`);
  } catch (error) {
    throw toFitsError(error, info.path);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Plane 0 decoded by fitsjs-ng: the reference for the hand decoder, and the .fz decoder (BLANK not applied). */
export async function readImageWithFitsjs(path: string, onFileBytes?: StoredBytesHook): Promise<Float32Array> {
  return toFloat32(await fitsjsFrame(path, onFileBytes));
}

/**
 * Plane 0 as physical values with every digit the file stores: float32 where that holds them
 * exactly (exactInFloat32), float64 otherwise, in a new array; any storage. For the viewer's
 * blocks and readout, not the pipeline (which computes in float32).
 */
export async function readExactImage(info: FitsFileInfo, buffers: PixelBuffers): Promise<PhysicalPixels> {
  if (exactInFloat32(storedScaling(info))) return readImage(info, null, buffers);
  const out = new Float64Array(info.layout.width * info.layout.height);
  try {
    if (info.storage === 'fits') {
      const handle = await openInput(info.path);
      try {
        await readPlainRows(info, 0, info.layout.height, out, buffers, (bytes, position) => readFully(handle, bytes, position));
      } finally {
        await handle.close();
      }
    } else if (info.storage === 'gz') {
      await readGzipImage(info, out, buffers);
    } else {
      const frame = await fitsjsFrame(info.path);
      if (frame.length !== out.length) throw new FitsError('bad-header', info.path, `decoded ${frame.length} pixels where the header says ${out.length}`);
      for (let i = 0; i < out.length; i++) out[i] = Number(frame[i]);
    }
    return out;
  } catch (error) {
    throw toFitsError(error, info.path);
  }
}

/**
 * Rows of a plain FITS file as physical values with every digit stored (see readExactImage): in
 * `float32Room(count)` where float32 holds them, else in a new float64 array.
 */
export function readExactRows(fd: number, info: FitsFileInfo, rowStart: number, rowCount: number, buffers: PixelBuffers, float32Room: (count: number) => Float32Array): PhysicalPixels {
  const count = rowCount * info.layout.width;
  const out = exactInFloat32(storedScaling(info)) ? float32Room(count) : new Float64Array(count);
  readRows(fd, info, rowStart, rowCount, out, buffers);
  return out;
}

async function fitsjsFrame(path: string, onFileBytes?: StoredBytesHook): Promise<TypedArray> {
  try {
    const options = { maxHeaderLines: MAX_HEADER_CARDS + 1, onWarning: () => undefined };
    const head = Buffer.alloc(2);
    const handle = await openInput(path);
    try {
      await handle.read(head, 0, 2, 0);
    } finally {
      await handle.close();
    }
    // fitsjs-ng finds no HDU at all in gzip bytes, without an error: inflate first. Plain files
    // are read whole too, never as a Blob: fitsjs-ng slices a Blob at offsets computed from the
    // header, and Node aborts the whole process on a fractional or NaN offset (a native
    // assertion no catch can stop; a table with NAXIS1 = 0, found by the fuzz test).
    const bytes = await readInputFile(path);
    onFileBytes?.(bytes);
    const fits = FITS.fromArrayBuffer(ownArrayBuffer(isGzipMagic(head) ? await gunzipWhole(bytes, path) : bytes), options);
    const data = fits.hdus.map((hdu) => hdu.data).find((unit) => unit instanceof Image || unit instanceof CompressedImage);
    if (data === undefined) throw new FitsError('no-data', path, 'no image HDU found');
    if (data instanceof CompressedImage && data.zcmptype === 'PLIO_1') {
      throw new FitsError('unsupported', path, 'PLIO_1 tile compression is not supported (its decoder here gives wrong pixels)');
    }
    if (data instanceof CompressedImage && data.zcmptype === 'GZIP_1' && data.zbitpix < 0 && (data.columns ?? []).includes('ZSCALE')) {
      throw new FitsError('unsupported', path, 'quantized floating-point pixels in GZIP_1 tiles are not supported (its decoder here gives wrong pixels)');
    }
    return await data.getFrame(0);
  } catch (error) {
    if (error instanceof FITSError) throw new FitsError('bad-header', path, `fitsjs-ng cannot read it: ${error.message}`);
    throw toFitsError(error, path);
  }
}

type FillBytes<R> = (bytes: Buffer, position: number) => R;

/** Read and decode rows of a plain file; synchronous when `fill` is, else a promise. */
function readPlainRows(
  info: FitsFileInfo,
  rowStart: number,
  rowCount: number,
  out: PhysicalPixels,
  buffers: PixelBuffers,
  fill: FillBytes<number> | FillBytes<Promise<number>>,
  onStoredBytes?: StoredBytesHook,
): void | Promise<void> {
  const scaling = storedScaling(info);
  const rowBytes = info.layout.width * bytesPerPixel(scaling.bitpix);
  const bytes = rowCount * rowBytes;
  const position = info.layout.dataOffset + rowStart * rowBytes;
  // Unscaled float32 is read straight into the output and swapped there: no scratch, no copy.
  const direct = out instanceof Float32Array && isPlainFloat32(scaling);
  const destination = direct ? Buffer.from(out.buffer, out.byteOffset, bytes) : scratch(buffers, bytes);
  const finish = (got: number): void => {
    if (got < bytes) {
      throw new FitsError('truncated', info.path, `pixel data ends at byte ${position + got}, ${bytes - got} bytes short`);
    }
    onStoredBytes?.(destination);
    if (direct) float32FromBigEndianInPlace(out as Float32Array);
    else decodeBigEndianPixels(destination, scaling, out);
  };
  const got = fill(destination, position);
  return typeof got === 'number' ? finish(got) : got.then(finish);
}

async function readGzipImage(info: FitsFileInfo, out: PhysicalPixels, buffers: PixelBuffers, onFileBytes?: StoredBytesHook): Promise<void> {
  const compressed = await readInputFile(info.path);
  onFileBytes?.(compressed);
  const inflated = await gunzipWhole(compressed, info.path);
  const { dataOffset } = runSync(findImageHdu(info.path), bufferReader(inflated));
  const bytes = out.length * bytesPerPixel(info.layout.bitpix);
  if (dataOffset + bytes > inflated.length) {
    throw new FitsError('truncated', info.path, `pixel data cut short: ${bytes} bytes expected from byte ${dataOffset}, ${inflated.length - dataOffset} inflated`);
  }
  // Copy into aligned scratch: zlib's output gives no alignment guarantee for typed views.
  const raw = scratch(buffers, bytes);
  inflated.copy(raw, 0, dataOffset, dataOffset + bytes);
  decodeBigEndianPixels(raw, storedScaling(info), out);
}

/** How `info`'s stored numbers become physical values (BITPIX, BZERO, BSCALE, integer BLANK). */
export function storedScaling(info: FitsFileInfo): PixelScaling {
  const { bitpix, bzero, bscale } = info.layout;
  const blank = info.header.values.BLANK;
  const integerBlank = bitpix > 0 && typeof blank === 'number' && Number.isInteger(blank) ? blank : null;
  return { bitpix, bzero, bscale, blank: integerBlank };
}

function scratch(buffers: PixelBuffers, bytes: number): Buffer {
  if (buffers.raw.length < bytes) buffers.raw = Buffer.allocUnsafeSlow(bytes);
  return buffers.raw.subarray(0, bytes);
}

function outputFor(info: FitsFileInfo, out: Float32Array | null): Float32Array {
  const count = info.layout.width * info.layout.height;
  if (out !== null && out.length >= count) return out.subarray(0, count);
  return new Float32Array(count);
}

function ownArrayBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return copy;
}

function toFloat32(frame: TypedArray): Float32Array {
  if (frame instanceof Float32Array) return frame;
  if (frame instanceof BigInt64Array || frame instanceof BigUint64Array) {
    return Float32Array.from(frame, (value) => Number(value));
  }
  return Float32Array.from(frame);
}
