/**
 * Checksums of files on disk, by the definitions the calibration task records them with
 * (shared/pixels/checksum.ts): an input's stored bytes (a plain FITS file's data unit, or the
 * whole of a .gz/.fz file), and an output's whole file. Resuming a run reads them again to trust
 * only inputs that did not change and outputs that are whole.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { StreamChecksum } from '../../shared/pixels/checksum';
import { bytesPerPixel } from '../fits/decode-pixels';
import type { FitsFileInfo } from '../fits/fits-file';

/** Bytes read per call: a whole number of 16-byte checksum groups. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** The checksum of bytes [start, start + length) of `path` (to its end when length is null); null when the file is shorter or unreadable. */
export function checksumOfFileRange(path: string, start = 0, length: number | null = null): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return null;
    const end = length === null ? info.size : start + length;
    if (end > info.size) return null;
    const sum = new StreamChecksum();
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(16, end - start)));
    for (let position = start; position < end; ) {
      const got = readSync(fd, buffer, 0, Math.min(buffer.length, end - position), position);
      if (got === 0) return null;
      sum.update(buffer.subarray(0, got));
      position += got;
      if (got % 16 !== 0 && position < end) return null; // a short read mid-file: never on a regular file, refused rather than mis-summed
    }
    return sum.digest();
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** An input's checksum as calibration records it: a plain file's data unit, a compressed file whole. */
export function inputChecksum(frame: FitsFileInfo): string | null {
  if (frame.storage !== 'fits') return checksumOfFileRange(frame.path);
  const { dataOffset, width, height, bitpix } = frame.layout;
  return checksumOfFileRange(frame.path, dataOffset, width * height * bytesPerPixel(bitpix));
}

/** An output's checksum: the whole file. */
export function outputChecksum(path: string): string | null {
  return checksumOfFileRange(path);
}
