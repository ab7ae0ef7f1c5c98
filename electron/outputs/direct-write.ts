/**
 * Writing an output file around the page cache (O_DIRECT, Linux), still atomically (partial
 * file, then rename). Why: a night's outputs are gigabytes that nobody reads back at once, and
 * buffered writes must first get a page of memory for every 4 KiB. On a virtual machine whose
 * host takes freed memory back (this one), a new page costs a host fault: 30 × 16.8 MB took
 * 1.2 s buffered and 0.33 s with O_DIRECT, one thread (0.12 s buffered when freed pages were at
 * hand). On a desktop with memory to spare, buffered writes are faster for a small night, and
 * about as fast for a large one (past the kernel's dirty-page limit both wait for the disk),
 * while direct writes leave the page cache to the raw frames. Direct writes are the default
 * where the platform has them; `--no-direct-io` turns them off.
 *
 * O_DIRECT moves whole blocks from block-aligned memory: the file's bytes must lie in one run
 * that starts DIRECT_IO_ALIGN-aligned in memory (an arena slot's image) with room up to the next
 * block; that many bytes are written and the file is then cut to its length. Where the
 * filesystem refuses O_DIRECT (tmpfs before Linux 6.6, some network and FUSE filesystems:
 * EINVAL or EOPNOTSUPP), or the platform has no O_DIRECT, the same bytes are written buffered.
 */
import { closeSync, constants, fsyncSync, ftruncateSync, rmSync, writeSync } from 'node:fs';
import { openPartialSync, placeOutputSync, writeFileAtomicSync, type AtomicWriteOptions } from './atomic-write';

/** Memory, length and file offset alignment of direct writes: covers 512-byte and 4 KiB devices. */
export const DIRECT_IO_ALIGN = 4096;

/** Errors by which a filesystem refuses O_DIRECT (at open or at the first write). */
export const DIRECT_IO_REFUSED: ReadonlySet<string> = new Set(['EINVAL', 'EOPNOTSUPP', 'ENOTSUP']);
const REFUSED = DIRECT_IO_REFUSED;

/** How a file was written. */
export type { WriteMode } from '../../shared/contract';
import type { WriteMode } from '../../shared/contract';

/**
 * Writes the first `length` bytes of `image` to `finalPath` through its partial file: with
 * O_DIRECT when `direct` is set and the platform and filesystem take it, else buffered. With
 * `direct`, `image` must start DIRECT_IO_ALIGN-aligned in memory (a view at an aligned offset
 * of a WebAssembly memory, whose base is page-aligned) and hold `length` rounded up to a block.
 */
export function writeImageAtomicSync(finalPath: string, image: Buffer, length: number, options: AtomicWriteOptions & { readonly direct?: boolean } = {}): WriteMode {
  const blocks = Math.ceil(length / DIRECT_IO_ALIGN) * DIRECT_IO_ALIGN;
  if (!options.direct || constants.O_DIRECT === undefined) return buffered(finalPath, image, length, options);
  if (image.byteOffset % DIRECT_IO_ALIGN !== 0 || image.length < blocks) {
    throw new RangeError(`direct write of ${finalPath}: the image must start block-aligned and hold ${blocks} bytes`);
  }
  let fd = -1;
  let partial: string | null = null;
  try {
    ({ fd, partial } = openPartialSync(finalPath, constants.O_DIRECT));
    for (let written = 0; written < blocks; ) written += writeSync(fd, image, written, blocks - written, written);
    ftruncateSync(fd, length);
    if (options.durable) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    placeOutputSync(partial, finalPath, options.replaces);
    return 'direct';
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    if (partial !== null) rmSync(partial, { force: true });
    if (REFUSED.has((error as NodeJS.ErrnoException).code ?? '')) return buffered(finalPath, image, length, options);
    throw error;
  }
}

function buffered(finalPath: string, image: Buffer, length: number, options: AtomicWriteOptions): WriteMode {
  writeFileAtomicSync(finalPath, [image.subarray(0, length)], options);
  return 'buffered';
}

/** Whether outputs are written direct unless asked otherwise: where the platform has O_DIRECT (Linux). */
export function directIoByDefault(): boolean {
  return constants.O_DIRECT !== undefined;
}
