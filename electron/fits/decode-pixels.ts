/**
 * Big-endian FITS pixels → physical float32 values (float64 where float32 cannot hold them
 * exactly: the viewer's readout of 32- and 64-bit data). The bytes are swapped in bulk in place
 * (Buffer.swap16/32/64), then read through an aligned typed-array view in one tight loop.
 * Reading a 4096² int16 frame this way (header + pixels, reused buffers) takes ~40 ms against
 * 140–200 ms for fitsjs-ng's parse + getFrame, whose per-pixel DataView loop and copies also
 * leave an Int32Array still to convert (test/bench/fits-io-bench.ts, 2-core machine).
 */
import { endianness } from 'node:os';
import type { ImageLayout } from './fits-file';

/** How stored numbers become physical values: BZERO + BSCALE × stored; integer BLANK → NaN. */
export interface PixelScaling {
  readonly bitpix: ImageLayout['bitpix'];
  readonly bzero: number;
  readonly bscale: number;
  /** The stored value that marks a missing pixel (integer BITPIX only), or null. */
  readonly blank: number | null;
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Physical values as decoded: float32 for the pipeline, float64 where every digit is wanted. */
export type PhysicalPixels = Float32Array | Float64Array;

/** Bytes per stored pixel. */
export function bytesPerPixel(bitpix: ImageLayout['bitpix']): number {
  return Math.abs(bitpix) / 8;
}

/**
 * True when float32 holds every physical value of this scaling exactly: 8- and 16-bit integers
 * with a whole BZERO and BSCALE 1 (|value| < 2²⁴), and unscaled float32. 32- and 64-bit
 * integers past 2²⁴, float64 and scaled values need float64 to be read as stored.
 */
export function exactInFloat32(scaling: PixelScaling): boolean {
  if (isPlainFloat32(scaling)) return true;
  return (scaling.bitpix === 8 || scaling.bitpix === 16) && scaling.bscale === 1 && Number.isInteger(scaling.bzero) && Math.abs(scaling.bzero) <= 2 ** 24 - 2 ** 16;
}

/** True when the stored float32 values are the physical ones (no scaling): they can be read straight into the output. */
export function isPlainFloat32(scaling: PixelScaling): boolean {
  return scaling.bitpix === -32 && scaling.bzero === 0 && scaling.bscale === 1;
}

/** Swap big-endian float32 bytes read straight into `out` to host order, in place. */
export function float32FromBigEndianInPlace(out: Float32Array): void {
  if (LITTLE_ENDIAN_HOST) Buffer.from(out.buffer, out.byteOffset, out.byteLength).swap32();
}

/**
 * Decode `out.length` pixels from `raw` (big-endian, as in the file) into `out`. `raw` is
 * swapped in place (it is scratch) and must start at a multiple of 8 bytes in its ArrayBuffer.
 */
export function decodeBigEndianPixels(raw: Buffer, scaling: PixelScaling, out: PhysicalPixels): void {
  const count = out.length;
  const bytes = count * bytesPerPixel(scaling.bitpix);
  if (raw.length < bytes) throw new RangeError(`decode: ${raw.length} bytes given for ${count} pixels of BITPIX ${scaling.bitpix}`);
  if (raw.byteOffset % 8 !== 0) throw new RangeError('decode: scratch bytes must be 8-byte aligned for typed views');
  const held = raw.subarray(0, bytes);
  if (LITTLE_ENDIAN_HOST) swapInPlace(held, scaling.bitpix);
  const { buffer, byteOffset } = held;
  switch (scaling.bitpix) {
    case 8:
      return scaleIntegers(new Uint8Array(buffer, byteOffset, count), scaling, out);
    case 16:
      return scaleIntegers(new Int16Array(buffer, byteOffset, count), scaling, out);
    case 32:
      return scaleIntegers(new Int32Array(buffer, byteOffset, count), scaling, out);
    case 64:
      return scaleInt64(new BigInt64Array(buffer, byteOffset, count), scaling, out);
    case -32:
      return scaleReals(new Float32Array(buffer, byteOffset, count), scaling, out);
    case -64:
      return scaleReals(new Float64Array(buffer, byteOffset, count), scaling, out);
  }
}

/**
 * The stored numbers of big-endian `raw` as a host-order typed view over the same bytes
 * (swapped in place; `raw` is scratch and must be 8-byte aligned). BITPIX 64 is not viewed.
 */
export function storedView(raw: Buffer, bitpix: Exclude<ImageLayout['bitpix'], 64>, count: number): Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array {
  const bytes = raw.subarray(0, count * bytesPerPixel(bitpix));
  if (raw.byteOffset % 8 !== 0) throw new RangeError('storedView: scratch bytes must be 8-byte aligned for typed views');
  if (LITTLE_ENDIAN_HOST) swapInPlace(bytes, bitpix);
  const { buffer, byteOffset } = bytes;
  switch (bitpix) {
    case 8:
      return new Uint8Array(buffer, byteOffset, count);
    case 16:
      return new Int16Array(buffer, byteOffset, count);
    case 32:
      return new Int32Array(buffer, byteOffset, count);
    case -32:
      return new Float32Array(buffer, byteOffset, count);
    case -64:
      return new Float64Array(buffer, byteOffset, count);
  }
}

function swapInPlace(bytes: Buffer, bitpix: ImageLayout['bitpix']): void {
  const size = bytesPerPixel(bitpix);
  if (size === 2) bytes.swap16();
  else if (size === 4) bytes.swap32();
  else if (size === 8) bytes.swap64();
}

function scaleIntegers(stored: Uint8Array | Int16Array | Int32Array, scaling: PixelScaling, out: PhysicalPixels): void {
  const { bzero, bscale, blank } = scaling;
  const n = out.length;
  if (blank === null && bscale === 1) {
    for (let i = 0; i < n; i++) out[i] = stored[i] + bzero;
  } else if (blank === null) {
    for (let i = 0; i < n; i++) out[i] = stored[i] * bscale + bzero;
  } else {
    for (let i = 0; i < n; i++) {
      const v = stored[i];
      out[i] = v === blank ? NaN : v * bscale + bzero;
    }
  }
}

function scaleInt64(stored: BigInt64Array, scaling: PixelScaling, out: PhysicalPixels): void {
  const { bzero, bscale } = scaling;
  const blank = scaling.blank === null ? null : BigInt(scaling.blank);
  // Adding an integer BZERO in 64-bit integers first keeps values beyond 2^53 exact (as fitsjs-ng does).
  const exactZero = bscale === 1 && Number.isSafeInteger(bzero) ? BigInt(bzero) : null;
  for (let i = 0; i < out.length; i++) {
    const v = stored[i];
    if (v === blank) out[i] = NaN;
    else out[i] = exactZero !== null ? Number(v + exactZero) : Number(v) * bscale + bzero;
  }
}

function scaleReals(stored: Float32Array | Float64Array, scaling: PixelScaling, out: PhysicalPixels): void {
  const { bzero, bscale } = scaling;
  const n = out.length;
  if (bzero === 0 && bscale === 1) {
    if (stored instanceof Float32Array || out instanceof Float64Array) out.set(stored.subarray(0, n));
    else for (let i = 0; i < n; i++) out[i] = stored[i];
  } else {
    for (let i = 0; i < n; i++) out[i] = stored[i] * bscale + bzero;
  }
}
