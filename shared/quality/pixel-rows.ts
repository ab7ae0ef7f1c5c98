/**
 * Where the quality measurement reads a frame's pixels from. It never walks a whole frame (at
 * 6248×4176 merely touching every cache line costs ~15 ms on the bench machine, the whole
 * budget), so every read is a short row segment copied into a small scratch: host-order float32
 * arrays, the big-endian bytes the light kernel leaves in a worker's slot (no 100 MB byte swap
 * first), and 2×2 superpixels of a Bayer mosaic all look the same to the code above.
 */
import type { WasmMemory } from '../pixels/wasm-api';
import { qualityKernelOf } from './quality-simd';

/** A read-only image that hands out row segments as float32 values (NaN where a pixel is blank). */
export interface PixelRows {
  readonly width: number;
  readonly height: number;
  /** out[at + i] = pixel (x0 + i·step, y) for i < count; the caller keeps inside the image. */
  readRow(y: number, x0: number, count: number, out: Float32Array, at: number, step?: number): void;
  /** The host-order pixels themselves, row-major, when that is where they are: hot loops read them in place. */
  readonly host?: Float32Array;
  /** Pixels of row y at or above `level`, as readRow's values would count them, where that is cheaper than reading them. */
  countAtLeast?(y: number, level: number): number;
  /** Whether a pixel of columns x0…x1 and rows y0…y1 (inside the image) is at or above `level`, as readRow's values would compare, where that is cheaper than reading them. */
  anyAtLeast?(x0: number, x1: number, y0: number, y1: number, level: number): boolean;
  /** Where the pixels lie in a WebAssembly memory, for the kernels that read them there (quality-simd.ts). */
  readonly wasm?: WasmPixels;
}

/** Float32 pixels, row-major, in a shared WebAssembly memory, and room for a kernel's rows beside them. */
export interface WasmPixels {
  readonly memory: WasmMemory;
  /** Byte offset of pixel (0, 0). */
  readonly byteOffset: number;
  readonly bigEndian: boolean;
  /** Byte offset and size of scratch in the same memory that nothing else uses meanwhile. */
  readonly scratch: number;
  readonly scratchBytes: number;
}

/** Rows of big-endian float32 pixels that lie in a WebAssembly memory (a worker's arena slot): bigEndianPixelRows, and where they are. */
export function wasmPixelRows(bytes: Uint8Array, width: number, height: number, wasm: Omit<WasmPixels, 'byteOffset' | 'bigEndian'>): PixelRows {
  if (bytes.buffer !== wasm.memory.buffer) throw new RangeError('wasmPixelRows: the bytes are not in the memory given');
  const rows = bigEndianPixelRows(bytes, width, height, { bitpix: -32 });
  // Literals, not spreads: every frame makes new rows, and a spread's objects change their hidden
  // class after a few frames, which threw the optimised measurement code away in every worker.
  return {
    width,
    height,
    countAtLeast: rows.countAtLeast,
    readRow: rows.readRow,
    wasm: { memory: wasm.memory, scratch: wasm.scratch, scratchBytes: wasm.scratchBytes, byteOffset: bytes.byteOffset, bigEndian: true },
  };
}

/**
 * Rows of big-endian raw values that lie in a WebAssembly memory (a worker's arena slot):
 * bigEndianPixelRows, with 16-bit values counted against a level by the kernel (quality-simd.ts).
 */
export function wasmRawRows(bytes: Uint8Array, width: number, height: number, layout: BigEndianLayout, memory: WasmMemory): PixelRows {
  const rows = bigEndianPixelRows(bytes, width, height, layout);
  const bzero = layout.bzero ?? 0;
  const bscale = layout.bscale ?? 1;
  const kernel = layout.bitpix === 16 && bscale > 0 && bytes.buffer === memory.buffer && bytes.byteOffset % 2 === 0 ? qualityKernelOf(memory) : null;
  if (kernel === null) return rows;
  const shorts = new Uint16Array(bytes.buffer, bytes.byteOffset, width * height);
  let countedLevel = NaN;
  let least = 0;
  const whole = width - (width % 8);
  return {
    width,
    height,
    readRow: rows.readRow,
    countAtLeast(y, level) {
      if (level !== countedLevel) {
        countedLevel = level;
        least = leastStoredAtLeast(level, bzero, bscale);
      }
      if (least > 32767) return 0;
      const start = y * width;
      return kernel.countAtLeast16(bytes.byteOffset + 2 * start, width, least) + countShortsAtLeast(shorts, start + whole, width - whole, least);
    },
    anyAtLeast(x0, x1, y0, y1, level) {
      if (level !== countedLevel) {
        countedLevel = level;
        least = leastStoredAtLeast(level, bzero, bscale);
      }
      if (least > 32767) return false;
      return kernel.anyAtLeast16(bytes.byteOffset + 2 * (y0 * width + x0), 2 * width, y1 - y0 + 1, x1 - x0 + 1, least);
    },
  };
}

/** Rows of a host-order Float32Array holding width × height pixels, row-major. */
export function hostPixelRows(pixels: Float32Array, width: number, height: number): PixelRows {
  checkSize(width, height, pixels.length, 'pixels');
  return {
    width,
    height,
    host: pixels,
    countAtLeast(y, level) {
      let n = 0;
      for (let i = y * width, end = i + width; i < end; i++) if (pixels[i] >= level) n++;
      return n;
    },
    readRow(y, x0, count, out, at, step = 1) {
      const start = y * width + x0;
      // a plain loop: subarray() allocates a view per call, which costs more than copying a short segment
      if (step === 1 && count > 512) out.set(pixels.subarray(start, start + count), at);
      else for (let i = 0, j = start; i < count; i++, j += step) out[at + i] = pixels[j];
    },
  };
}

/** Stored numbers in host order (a frame as read, before scaling): raw values to test saturation on. */
export interface StoredRowsLayout {
  readonly bzero: number;
  readonly bscale: number;
  /** The stored value of a blank pixel (integer data), or null. */
  readonly blank: number | null;
}

/** Rows of stored numbers, scaled as calibrate.ts scales them: bzero + bscale × stored, NaN where blank. */
export function storedPixelRows(values: ArrayLike<number>, width: number, height: number, layout: StoredRowsLayout): PixelRows {
  checkSize(width, height, values.length, 'stored values');
  const { bzero, bscale, blank } = layout;
  return {
    width,
    height,
    countAtLeast(y, level) {
      let n = 0;
      for (let j = y * width, end = j + width; j < end; j++) {
        const v = values[j];
        if (v !== blank && Math.fround(v * bscale + bzero) >= level) n++;
      }
      return n;
    },
    readRow(y, x0, count, out, at, step = 1) {
      for (let i = 0, j = y * width + x0; i < count; i++, j += step) {
        const v = values[j];
        out[at + i] = v === blank ? NaN : v * bscale + bzero;
      }
    },
  };
}

/** How stored big-endian values become physical ones: BITPIX 16 or −32 with BZERO and BSCALE. */
export interface BigEndianLayout {
  readonly bitpix: 16 | -32;
  readonly bzero?: number;
  readonly bscale?: number;
}

/**
 * Rows of big-endian FITS data (the bytes after the header), decoded on the fly: calibrated
 * float32 output as the light kernel writes it, or 16-bit raw values to test saturation on.
 */
export function bigEndianPixelRows(bytes: Uint8Array, width: number, height: number, layout: BigEndianLayout): PixelRows {
  const size = layout.bitpix === 16 ? 2 : 4;
  checkSize(width, height, Math.floor(bytes.length / size), `${bytes.length} bytes of BITPIX ${layout.bitpix}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bzero = layout.bzero ?? 0;
  const bscale = layout.bscale ?? 1;
  // A 4-byte-aligned float32 image (the kernel's output always is) is read as whole words,
  // byte-swapped as integers straight into the output's bytes: a third of a DataView read each.
  const words = size === 4 && bzero === 0 && bscale === 1 && bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4)) : null;
  // the integer view of the last output array read into (the caller reuses a few)
  let lastOut: Float32Array | null = null;
  let outWords: Uint32Array = new Uint32Array(0);
  // 16-bit values as whole (byte-swapped) integers, compared with the smallest stored value at the level
  const shorts = size === 2 && bscale > 0 && bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2)) : null;
  let countedLevel = NaN;
  let leastStored = 0;
  let row = new Float32Array(0);
  return {
    width,
    height,
    countAtLeast(y, level) {
      if (shorts !== null) {
        if (level !== countedLevel) {
          countedLevel = level;
          leastStored = leastStoredAtLeast(level, bzero, bscale);
        }
        return countShortsAtLeast(shorts, y * width, width, leastStored);
      }
      if (row.length < width) row = new Float32Array(width);
      this.readRow(y, 0, width, row, 0);
      let n = 0;
      for (let i = 0; i < width; i++) if (row[i] >= level) n++;
      return n;
    },
    readRow(y, x0, count, out, at, step = 1) {
      const start = y * width + x0;
      if (words !== null && out.byteOffset % 4 === 0) {
        if (out !== lastOut) {
          lastOut = out;
          outWords = new Uint32Array(out.buffer, out.byteOffset, out.length);
        }
        swapWords(words, start, step, count, outWords, at);
        return;
      }
      let offset = start * size;
      const advance = step * size;
      if (size === 2) for (let i = 0; i < count; i++, offset += advance) out[at + i] = view.getInt16(offset, false) * bscale + bzero;
      else for (let i = 0; i < count; i++, offset += advance) out[at + i] = view.getFloat32(offset, false) * bscale + bzero;
    },
  };
}

/** The smallest 16-bit stored value s with float32(s·bscale + bzero) ≥ level (bscale > 0), or 32768 when none is. */
function leastStoredAtLeast(level: number, bzero: number, bscale: number): number {
  const at = (s: number) => Math.fround(s * bscale + bzero) >= level;
  if (!at(32767)) return 32768;
  let lo = -32768;
  let hi = 32767; // at(hi) holds; the values grow with s
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Big-endian int16 values of shorts[start, start + count) at or above `least`. */
function countShortsAtLeast(shorts: Uint16Array, start: number, count: number, least: number): number {
  let n = 0;
  for (let j = start, end = start + count; j < end; j++) {
    const v = shorts[j];
    if (((((v & 0xff) << 24) >> 16) | (v >>> 8)) >= least) n++;
  }
  return n;
}

/** out[at + i] = words[start + i·step] with its bytes reversed. */
function swapWords(words: Uint32Array, start: number, step: number, count: number, out: Uint32Array, at: number): void {
  for (let i = 0, j = start; i < count; i++, j += step) {
    const v = words[j];
    out[at + i] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
  }
}

/**
 * The 2×2 superpixels of a Bayer mosaic: each value is the sum of one cell of every colour, so a
 * star keeps its shape whatever its colour (measured on the mosaic itself it would be a
 * checkerboard). Half the width and height; a last odd row or column is left out.
 */
export function superpixelRows(mosaic: PixelRows): PixelRows {
  const width = mosaic.width >> 1;
  const height = mosaic.height >> 1;
  let pair = new Float32Array(0);
  return {
    width,
    height,
    readRow(y, x0, count, out, at, step = 1) {
      // Both mosaic rows of superpixels x0, x0 + step, …: every column pair, even where step > 1 skips some.
      const span = 2 * ((count - 1) * step + 1);
      if (pair.length < 2 * span) pair = new Float32Array(2 * span);
      mosaic.readRow(2 * y, 2 * x0, span, pair, 0);
      mosaic.readRow(2 * y + 1, 2 * x0, span, pair, span);
      for (let i = 0, j = 0; i < count; i++, j += 2 * step) out[at + i] = pair[j] + pair[j + 1] + pair[span + j] + pair[span + j + 1];
    },
  };
}

function checkSize(width: number, height: number, available: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`quality: width and height must be positive integers, got ${width}×${height}`);
  }
  if (available < width * height) throw new RangeError(`quality: ${what} hold fewer than ${width}×${height} pixels`);
}
