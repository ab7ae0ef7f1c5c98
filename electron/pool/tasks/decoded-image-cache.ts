/**
 * The last whole image a compressed file (.gz, .fz) decoded to in this worker, kept while the
 * viewer asks for its tiles: such a file cannot be read a block at a time, and decoding a 26 Mpx
 * one takes about a second, which every 512² tile of a 1:1 view paid again. The entry is the
 * file's identity (device, inode, size, modification time), so a file replaced on disk decodes
 * anew; it is dropped after a short idle time, so a worker does not hold a frame nobody looks at.
 */
import { statSync } from 'node:fs';
import type { PhysicalPixels } from '../../fits/decode-pixels';
import { toFitsError } from '../../fits/fits-error';

/** How long an image is kept after its last use. */
export const DECODED_IMAGE_IDLE_MS = 30_000;

export class DecodedImageCache {
  private entry: { readonly key: string; readonly pixels: Promise<PhysicalPixels> } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly idleMs = DECODED_IMAGE_IDLE_MS) {}

  /** The image of `path`: kept from the last call when the file is the same one, else `decode()`d (and kept). */
  image(path: string, decode: () => Promise<PhysicalPixels>): Promise<PhysicalPixels> {
    const key = identity(path);
    if (this.entry?.key !== key) {
      const pixels = decode();
      const entry = { key, pixels };
      this.entry = entry;
      // a failed decode is not kept: the next call tries again (and names the problem again)
      pixels.catch(() => {
        if (this.entry === entry) this.entry = null;
      });
    }
    this.keepFor(this.idleMs);
    return this.entry!.pixels;
  }

  /** Drops the kept image. */
  clear(): void {
    this.entry = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private keepFor(ms: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.clear(), ms);
    // an idle worker may exit with an image kept
    this.timer.unref?.();
  }
}

function identity(path: string): string {
  let stat;
  try {
    stat = statSync(path, { bigint: true });
  } catch (error) {
    throw toFitsError(error, path);
  }
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${path}`;
}
