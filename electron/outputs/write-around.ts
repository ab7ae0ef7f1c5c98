/**
 * Writing an output while its header is still being decided: the body of the file goes out
 * first, in libuv's thread pool, while the worker's own thread does something else (measures the
 * light it just calibrated); then the head, which that work may have changed in place, is written
 * over the file's first bytes. The rules are writeImageAtomicSync's and writeFileAtomicSync's:
 * a hidden partial file renamed into place only when complete, O_DIRECT where asked for and
 * taken, else buffered. The head's length never changes (the quality cards are written with no
 * values first), so the body's bytes are final from the start.
 */
import { closeSync, constants, fsyncSync, ftruncateSync, rmSync, write, writeSync } from 'node:fs';
import { openPartialSync, placeOutputSync, type AtomicWriteOptions } from './atomic-write';
import { DIRECT_IO_ALIGN, DIRECT_IO_REFUSED, writeImageAtomicSync, type WriteMode } from './direct-write';

/** Work done while the body is written; it may change the head's bytes (never their number). */
export type WhileWriting = () => void;

/**
 * writeImageAtomicSync of the first `length` bytes of `image`, whose first `headBytes` are written
 * last: `meanwhile` runs while the rest goes out. With O_DIRECT the body starts at the block
 * holding the head's end, and that block is written again with the head.
 */
export async function writeImageAround(finalPath: string, image: Buffer, length: number, headBytes: number, meanwhile: WhileWriting, options: AtomicWriteOptions & { readonly direct?: boolean } = {}): Promise<WriteMode> {
  const direct = options.direct === true && constants.O_DIRECT !== undefined;
  const end = direct ? Math.ceil(length / DIRECT_IO_ALIGN) * DIRECT_IO_ALIGN : length;
  if (direct && (image.byteOffset % DIRECT_IO_ALIGN !== 0 || image.length < end)) {
    throw new RangeError(`direct write of ${finalPath}: the image must start block-aligned and hold ${end} bytes`);
  }
  const split = direct ? Math.floor(headBytes / DIRECT_IO_ALIGN) * DIRECT_IO_ALIGN : headBytes;
  const headEnd = direct ? Math.min(end, Math.ceil(headBytes / DIRECT_IO_ALIGN) * DIRECT_IO_ALIGN) : headBytes;
  let fd = -1;
  let partial: string | null = null;
  let ran = false;
  try {
    ({ fd, partial } = openPartialSync(finalPath, direct ? constants.O_DIRECT : 0));
    const body = writeAllAsync(fd, image, split, end);
    ran = true;
    const failed = runMeanwhile(meanwhile);
    await body;
    if (failed) throw failed.error;
    for (let at = 0; at < headEnd; ) at += writeSync(fd, image, at, headEnd - at, at);
    if (direct) ftruncateSync(fd, length);
    if (options.durable) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    placeOutputSync(partial, finalPath, options.replaces);
    return direct ? 'direct' : 'buffered';
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    if (partial !== null) rmSync(partial, { force: true });
    if (direct && DIRECT_IO_REFUSED.has((error as NodeJS.ErrnoException).code ?? '')) {
      // The filesystem refuses O_DIRECT: the same bytes, buffered (the work was done meanwhile, or is done now).
      if (!ran) {
        const failed = runMeanwhile(meanwhile);
        if (failed) throw failed.error;
      }
      return writeImageAtomicSync(finalPath, image, length, { ...options, direct: false });
    }
    throw error;
  }
}

/** writeFileAtomicSync of `head` then `body`, the body written while `meanwhile` runs and the head after it. */
export async function writeChunksAround(finalPath: string, head: Buffer, body: Buffer, meanwhile: WhileWriting, options: AtomicWriteOptions = {}): Promise<void> {
  let fd = -1;
  let partial: string | null = null;
  try {
    ({ fd, partial } = openPartialSync(finalPath));
    const writing = writeAllAsync(fd, body, 0, body.length, head.length);
    const failed = runMeanwhile(meanwhile);
    await writing;
    if (failed) throw failed.error;
    for (let at = 0; at < head.length; ) at += writeSync(fd, head, at, head.length - at, at);
    if (options.durable) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    placeOutputSync(partial, finalPath, options.replaces);
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    if (partial !== null) rmSync(partial, { force: true });
    throw error;
  }
}

/** Runs the work; what it threw, once the write it overlaps has ended (never before: the fd is in use). */
function runMeanwhile(meanwhile: WhileWriting): { error: unknown } | null {
  try {
    meanwhile();
    return null;
  } catch (error) {
    return { error };
  }
}

/** bytes[from, to) written at file position `position` (default `from`), in as many writes as it takes. */
async function writeAllAsync(fd: number, bytes: Buffer, from: number, to: number, position = from): Promise<void> {
  let offset = from;
  while (offset < to) {
    const written = await new Promise<number>((resolve, reject) => {
      write(fd, bytes, offset, to - offset, position + (offset - from), (error, count) => (error ? reject(error) : resolve(count)));
    });
    if (written <= 0) throw new Error(`write of ${to - offset} bytes wrote nothing`);
    offset += written;
  }
}

