/**
 * Where header bytes come from: a plain file read at an offset, or the inflated start of a
 * gzip-wrapped file. Every reader returns the bytes asked for, fewer only at the end of the data.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzip, gunzipSync, type ZlibOptions } from 'node:zlib';
import { FitsError } from './fits-error';

/** Bytes [offset, offset + length) of the data, or what exists of them. */
export type ReadBytesSync = (offset: number, length: number) => Buffer;
/** ReadBytesSync's asynchronous twin. */
export type ReadBytes = (offset: number, length: number) => Promise<Buffer>;

/** Compressed bytes inflated per step when looking for the end of a header (doubles each step). */
const GZIP_FIRST_READ = 16 * 1024;
// SYNC_FLUSH makes zlib hand back what a prefix of the stream holds instead of failing on it.
const PREFIX_OPTIONS: ZlibOptions = { finishFlush: zlibConstants.Z_SYNC_FLUSH };

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Fill `target` from `position`, looping over short reads; returns the bytes read. */
export function readFullySync(fd: number, target: Uint8Array, position: number): number {
  let done = 0;
  while (done < target.length) {
    const n = readSync(fd, target, done, target.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** A plain file, read synchronously at any offset. */
export function fileReaderSync(fd: number): ReadBytesSync {
  return (offset, length) => {
    const buffer = Buffer.allocUnsafe(length);
    return buffer.subarray(0, readFullySync(fd, buffer, offset));
  };
}

/** readFullySync's asynchronous twin. */
export async function readFully(handle: FileHandle, target: Uint8Array, position: number): Promise<number> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** A plain file, read asynchronously at any offset. */
export function fileReader(handle: FileHandle): ReadBytes {
  return async (offset, length) => {
    const buffer = Buffer.allocUnsafe(length);
    return buffer.subarray(0, await readFully(handle, buffer, offset));
  };
}

/** Bytes already in memory (a whole inflated file). */
export function bufferReader(data: Buffer): ReadBytesSync {
  return (offset, length) => data.subarray(offset, Math.min(data.length, offset + length));
}

/**
 * The inflated content of a gzip file, synchronously: zlib has no synchronous stream, so
 * a growing prefix of the file (16 KB, then doubling) is inflated with SYNC_FLUSH until the
 * reads are satisfied. A header is found after a few kilobytes, never the whole image.
 */
export function gzipReaderSync(fd: number, fileSize: number, file: string): ReadBytesSync {
  const state = new GzipPrefix(fileSize, file);
  return (offset, length) => {
    while (state.lacks(offset + length)) {
      const chunk = Buffer.allocUnsafe(state.nextReadLength());
      state.addCompressed(chunk.subarray(0, readFullySync(fd, chunk, state.compressedLength)));
      state.setInflated(inflateOrFail(() => gunzipSync(state.compressed, PREFIX_OPTIONS), file));
    }
    if (state.needsEndCheck(offset + length)) {
      // A read past the end of the inflated data: fail as cut short if the gzip stream is.
      state.setInflated(inflateOrFail(() => gunzipSync(state.compressed), file));
    }
    return state.slice(offset, length);
  };
}

/** An asynchronous reader that holds resources until disposed. */
export interface StreamingReader {
  readonly read: ReadBytes;
  /** Stop inflating and release the stream (the file handle stays the caller's). */
  dispose(): void;
}

/**
 * The inflated content of a gzip file as a stream that is stopped as soon as the reads are
 * satisfied: finding a header inflates a few kilobytes, never the whole image.
 */
export function gzipReader(handle: FileHandle, file: string): StreamingReader {
  const gunzipper = createGunzip();
  const source = handle.createReadStream({ start: 0, highWaterMark: GZIP_FIRST_READ, autoClose: false });
  pipeline(source, gunzipper, () => undefined);
  const chunks = gunzipper[Symbol.asyncIterator]();
  let inflated = Buffer.alloc(0);
  let ended = false;
  const read: ReadBytes = async (offset, length) => {
    while (!ended && inflated.length < offset + length) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw gzipError(error, file);
      }
      if (next.done) ended = true;
      else inflated = Buffer.concat([inflated, next.value]);
    }
    return inflated.subarray(offset, Math.min(inflated.length, offset + length));
  };
  return {
    read,
    dispose: () => {
      source.destroy();
      gunzipper.destroy();
    },
  };
}

/** The whole inflated content of gzip data (for reading pixels). */
export async function gunzipWhole(compressed: Buffer, file: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) =>
    gunzip(compressed, (error, result) => (error ? reject(gzipError(error, file)) : resolve(result))),
  );
}

/** The compressed start of a gzip file read so far, and what it inflates to. */
class GzipPrefix {
  private joined: Buffer = Buffer.alloc(0);
  private inflated: Buffer = Buffer.alloc(0);
  private readLength = GZIP_FIRST_READ;
  private endChecked = false;
  compressedLength = 0;

  constructor(
    private readonly fileSize: number,
    private readonly file: string,
  ) {}

  /** True while the inflated prefix is shorter than `end` and more of the file remains. */
  lacks(end: number): boolean {
    return this.inflated.length < end && this.compressedLength < this.fileSize;
  }

  /** True once, when a read reaches past everything the whole file inflates to. */
  needsEndCheck(end: number): boolean {
    if (this.endChecked || this.inflated.length >= end || this.compressedLength < this.fileSize) return false;
    this.endChecked = true;
    return true;
  }

  nextReadLength(): number {
    const length = Math.min(this.readLength, this.fileSize - this.compressedLength);
    this.readLength *= 2;
    return length;
  }

  addCompressed(chunk: Buffer): void {
    if (chunk.length === 0) throw new FitsError('io', this.file, 'the file shrank while it was being read');
    this.compressedLength += chunk.length;
    this.joined = Buffer.concat([this.joined, chunk]);
  }

  get compressed(): Buffer {
    return this.joined;
  }

  setInflated(inflated: Buffer): void {
    this.inflated = inflated;
  }

  slice(offset: number, length: number): Buffer {
    return this.inflated.subarray(offset, Math.min(this.inflated.length, offset + length));
  }
}

function inflateOrFail(inflate: () => Buffer, file: string): Buffer {
  try {
    return inflate();
  } catch (error) {
    throw gzipError(error, file);
  }
}

function gzipError(error: unknown, file: string): FitsError {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end/i.test(message)) return new FitsError('truncated', file, 'the gzip data is cut short');
  return new FitsError('io', file, `cannot decompress the gzip data: ${message}`);
}
