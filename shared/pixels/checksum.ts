/**
 * The checksum NightCal records for every input it reads and every output it writes, so that a
 * resumed run trusts only outputs that are whole and inputs that did not change: Fletcher-4×32,
 * four interleaved Fletcher sums of 32-bit words. The bytes are taken as little-endian uint32
 * words in groups of four (16 bytes, one v128); for each group, a[i] += word[i] and then
 * b[i] += a[i], modulo 2^32. `b` weighs every word by its position, so truncation, reordering and
 * changed bytes all show; it is not a cryptographic hash (nobody forges a night's frames).
 *
 * Why not CRC32 or SHA-256: node's zlib.crc32 takes 13 ms and SHA-256 28 ms per 16.8 MB output
 * here, as long as the light itself (~23 ms read, calibrated and written); this sum is two vector
 * adds per 16 bytes, done by the WebAssembly kernel while the bytes are hot in cache
 * (checksum-simd.ts; costs in test/bench/pixels-bench.ts --only=checksum). This file is the
 * definition and the JavaScript path; the kernel gives the same state bit for bit.
 */

/** Bytes of the state as the kernel keeps it in memory: a[0..3] then b[0..3], uint32 each. */
export const CHECKSUM_STATE_BYTES = 32;

/** Bytes per group: four 32-bit words, one v128. */
export const CHECKSUM_GROUP_BYTES = 16;

/** The running checksum of a byte stream. */
export class StreamChecksum {
  /** a[0..3], b[0..3]. */
  readonly state = new Uint32Array(8);
  /** Bytes taken so far. */
  length = 0;

  /** Takes `bytes`; only the last update of a stream may have a length that is not a multiple of 16 (it is padded with zeros). */
  update(bytes: Uint8Array): this {
    this.requireWholeGroups();
    const whole = bytes.length - (bytes.length % CHECKSUM_GROUP_BYTES);
    const aligned = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, whole / 4) : wordsOf(bytes.subarray(0, whole));
    this.addWords(aligned);
    if (whole < bytes.length) {
      const tail = new Uint8Array(CHECKSUM_GROUP_BYTES);
      tail.set(bytes.subarray(whole));
      this.addWords(new Uint32Array(tail.buffer));
    }
    this.length += bytes.length;
    return this;
  }

  /** Takes `count` zero bytes (a multiple of 16: a data unit's padding) without touching memory: b += groups · a. */
  updateZeros(count: number): this {
    this.requireWholeGroups();
    if (count % CHECKSUM_GROUP_BYTES !== 0) throw new RangeError(`checksum: ${count} zero bytes are not whole 16-byte groups`);
    const groups = (count / CHECKSUM_GROUP_BYTES) >>> 0;
    const s = this.state;
    // groups · a, modulo 2^32 (Math.imul keeps the low 32 bits of the product).
    for (let i = 0; i < 4; i++) s[4 + i] = s[4 + i] + Math.imul(groups, s[i]);
    this.length += count;
    return this;
  }

  /**
   * This stream followed by `tail`, a stream summed from an empty state: the sums compose, as
   * a += a′ and b += b′ + groups(tail) · a. So a file's checksum can take its header after its
   * data was summed (the header's quality cards are filled in last).
   */
  append(tail: StreamChecksum): this {
    this.requireWholeGroups();
    const groups = Math.ceil(tail.length / CHECKSUM_GROUP_BYTES) >>> 0;
    const s = this.state;
    const t = tail.state;
    for (let i = 0; i < 4; i++) {
      s[4 + i] = s[4 + i] + t[4 + i] + Math.imul(groups, s[i]);
      s[i] = s[i] + t[i];
    }
    this.length += tail.length;
    return this;
  }

  /** `groups` groups taken by the kernel from memory into this state (see checksum-simd.ts). */
  advancedByKernel(groups: number): void {
    this.requireWholeGroups();
    this.length += groups * CHECKSUM_GROUP_BYTES;
  }

  /** 'f4x32:<bytes>:<eight words in hex>': the length and the sums. */
  digest(): string {
    return `f4x32:${this.length}:${Array.from(this.state, (word) => word.toString(16).padStart(8, '0')).join('')}`;
  }

  private requireWholeGroups(): void {
    if (this.length % CHECKSUM_GROUP_BYTES !== 0) throw new Error('checksum: a stream cannot go on after a final partial group');
  }

  private addWords(words: Uint32Array): void {
    const s = this.state;
    let a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3], b0 = s[4], b1 = s[5], b2 = s[6], b3 = s[7];
    for (let i = 0; i < words.length; i += 4) {
      a0 = (a0 + words[i]) >>> 0;
      a1 = (a1 + words[i + 1]) >>> 0;
      a2 = (a2 + words[i + 2]) >>> 0;
      a3 = (a3 + words[i + 3]) >>> 0;
      b0 = (b0 + a0) >>> 0;
      b1 = (b1 + a1) >>> 0;
      b2 = (b2 + a2) >>> 0;
      b3 = (b3 + a3) >>> 0;
    }
    s.set([a0, a1, a2, a3, b0, b1, b2, b3]);
  }
}

/** The checksum of `bytes` as one whole stream. */
export function checksumOf(bytes: Uint8Array): string {
  return new StreamChecksum().update(bytes).digest();
}

/** Little-endian words of bytes that are not 4-byte aligned in their buffer. */
function wordsOf(bytes: Uint8Array): Uint32Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Uint32Array(copy.buffer);
}
