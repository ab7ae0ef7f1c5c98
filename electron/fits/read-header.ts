/**
 * Reading a FITS file's header, never its pixels: plain FITS block by block, gzip-wrapped
 * files (found by their magic bytes, whatever the name) inflated only up to END, and
 * tile-compressed `.fz` files presented as the image they hold.
 */
import { closeSync, fstatSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { openInput, openInputSync } from './open-input';
import type { FitsFileInfo } from './fits-file';
import { FitsError, toFitsError } from './fits-error';
import { fileReader, fileReaderSync, gzipReader, gzipReaderSync, isGzipMagic, readFullySync, type StreamingReader } from './byte-sources';
import { DEFLATE_MAX_RATIO, findImageHdu, runAsync, runSync, type ImageHdu } from './header-blocks';
import { imageLayout } from './image-layout';

/** The header and pixel layout of a FITS file (.fits/.fit/.fts, .fz, .gz). */
export async function readFitsHeader(path: string): Promise<FitsFileInfo> {
  let handle: FileHandle | null = null;
  let gzipStream: StreamingReader | null = null;
  try {
    handle = await openInput(path);
    const stats = await handle.stat();
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    const gzip = isGzipMagic(magic);
    if (gzip) gzipStream = gzipReader(handle, path);
    const read = gzipStream?.read ?? fileReader(handle);
    return fileInfo(path, gzip, stats.size, await runAsync(findImageHdu(path), read));
  } catch (error) {
    throw toFitsError(error, path);
  } finally {
    gzipStream?.dispose();
    await handle?.close();
  }
}

/** readFitsHeader, synchronously (for worker threads, where blocking is the point). */
export function readFitsHeaderSync(path: string): FitsFileInfo {
  let fd: number | null = null;
  try {
    fd = openInputSync(path);
    const stats = fstatSync(fd);
    const magic = Buffer.alloc(2);
    readFullySync(fd, magic, 0);
    const gzip = isGzipMagic(magic);
    const read = gzip ? gzipReaderSync(fd, stats.size, path) : fileReaderSync(fd);
    return fileInfo(path, gzip, stats.size, runSync(findImageHdu(path), read));
  } catch (error) {
    throw toFitsError(error, path);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function fileInfo(path: string, gzip: boolean, fileSize: number, hdu: ImageHdu): FitsFileInfo {
  if (gzip && hdu.compressed) {
    throw new FitsError('unsupported', path, 'a tile-compressed image inside gzip; gunzip the file first');
  }
  const storage = gzip ? 'gz' : hdu.compressed ? 'fz' : 'fits';
  if (storage === 'fz' && hdu.dataOffset + hdu.compressedBytes > fileSize) {
    throw new FitsError(
      'truncated',
      path,
      `compressed data cut short: the header describes ${hdu.compressedBytes} bytes from byte ${hdu.dataOffset}, the file has ${Math.max(0, fileSize - hdu.dataOffset)}`,
    );
  }
  const plain = storage === 'fits';
  const layout = imageLayout(path, hdu.values, plain ? hdu.dataOffset : -1, plain ? fileSize : null);
  // A gzip header promising more pixels than the file could inflate to is refused before any
  // buffer is sized from it (a 5 KB file claiming 6 MB of pixels, found by the fuzz test).
  if (storage === 'gz' && layout.planeBytes > fileSize * DEFLATE_MAX_RATIO) {
    throw new FitsError('truncated', path, `pixel data cut short: the header describes ${layout.planeBytes} bytes, more than a ${fileSize}-byte gzip file can hold`);
  }
  return { path, storage, fileSize, header: { cards: hdu.cards, values: hdu.values }, layout };
}
