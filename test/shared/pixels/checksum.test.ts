import { describe, expect, it } from 'vitest';
import { checksumOf, StreamChecksum } from '../../../shared/pixels/checksum';
import { checksumInMemory } from '../../../shared/pixels/checksum-simd';
import { createCalibrateKernel } from '../../../shared/pixels/calibrate-simd';
import { createSharedMemory, wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { makeRandom } from './seeded-random';

function bytesOf(words: readonly number[]): Uint8Array {
  return new Uint8Array(Uint32Array.from(words).buffer);
}

function randomBytes(length: number, seed: number): Uint8Array {
  const random = makeRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

describe('the Fletcher-4×32 checksum', () => {
  it('sums two groups worked out by hand', () => {
    // a = w0 + w4 per lane; b = w0 + (w0 + w4) = 2·w0 + w4
    const sum = new StreamChecksum().update(bytesOf([1, 2, 3, 4, 10, 20, 30, 0xffffffff]));
    expect(Array.from(sum.state)).toEqual([11, 22, 33, 3, 12, 24, 36, 7]);
    expect(sum.digest()).toBe('f4x32:32:0000000b0000001600000021000000030000000c000000180000002400000007');
  });

  it('pads a last partial group with zeros, and says the length', () => {
    const three = Uint8Array.from([1, 0, 0, 0, 2]);
    expect(Array.from(new StreamChecksum().update(three).state)).toEqual([1, 2, 0, 0, 1, 2, 0, 0]);
    // Same sums as the zero-padded group, but not the same digest: the length is part of it.
    expect(checksumOf(three)).not.toBe(checksumOf(Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
  });

  it('is the same whole or in chunks of whole groups, and refuses to go on after a partial group', () => {
    const bytes = randomBytes(16 * 1000 + 7, 1);
    const chunked = new StreamChecksum();
    for (let start = 0; start < bytes.length; start += 16 * 37) chunked.update(bytes.subarray(start, Math.min(bytes.length, start + 16 * 37)));
    expect(chunked.digest()).toBe(checksumOf(bytes));
    expect(() => new StreamChecksum().update(bytes.subarray(0, 5)).update(bytes.subarray(5, 21))).toThrow(/partial group/);
  });

  it('takes a run of zeros in closed form exactly as the bytes themselves', () => {
    const head = randomBytes(16 * 50, 2);
    const zeros = new Uint8Array(16 * 12345);
    expect(new StreamChecksum().update(head).updateZeros(zeros.length).digest()).toBe(new StreamChecksum().update(head).update(zeros).digest());
    expect(() => new StreamChecksum().updateZeros(10)).toThrow(RangeError);
  });

  it('a header summed after its data gives the checksum of header then data (a tail ending in a partial group too)', () => {
    const head = randomBytes(2880 * 3, 3);
    for (const tailLength of [16 * 4000, 16 * 4000 + 9]) {
      const tail = randomBytes(tailLength, 4);
      const later = new StreamChecksum().update(head).append(new StreamChecksum().update(tail));
      expect(later.digest()).toBe(new StreamChecksum().update(head).update(tail).digest());
    }
    // the order matters: data then header is another stream
    const tail = randomBytes(16 * 10, 5);
    expect(new StreamChecksum().update(tail).append(new StreamChecksum().update(head)).digest()).not.toBe(new StreamChecksum().update(head).update(tail).digest());
  });

  it('changes when a byte changes, when two groups swap places, or when the data is cut', () => {
    const bytes = randomBytes(4096, 3);
    const reference = checksumOf(bytes);
    const changed = bytes.slice();
    changed[1234] ^= 0x10;
    const swapped = bytes.slice();
    swapped.set(bytes.subarray(32, 48), 16);
    swapped.set(bytes.subarray(16, 32), 32);
    expect(checksumOf(changed)).not.toBe(reference);
    expect(checksumOf(swapped)).not.toBe(reference);
    expect(checksumOf(bytes.subarray(0, 4080))).not.toBe(reference);
  });

  it('reads bytes that are not 4-byte aligned in their buffer', () => {
    const bytes = randomBytes(1001, 4);
    const shifted = new Uint8Array(1002);
    shifted.set(bytes, 1);
    expect(checksumOf(shifted.subarray(1))).toBe(checksumOf(bytes));
  });
});

describe.runIf(wasmSimdSupported())('the checksum kernel', () => {
  const memory = createSharedMemory(64)!;
  const kernel = createCalibrateKernel(memory)!;
  const scratch = 0;

  it.each([0, 15, 16, 17, 4096, 100_003, 1_000_000])('gives the JavaScript sums for %i bytes', (length) => {
    const bytes = randomBytes(length, length + 5);
    new Uint8Array(memory.buffer, 64, length).set(bytes);
    const sum = new StreamChecksum();
    checksumInMemory(kernel.checksum, memory, 64, length, scratch, sum);
    expect(sum.digest()).toBe(checksumOf(bytes));
  });

  it('goes on across calls (chunks of whole groups, then a tail)', () => {
    const bytes = randomBytes(16 * 999 + 9, 6);
    new Uint8Array(memory.buffer, 128, bytes.length).set(bytes);
    const sum = new StreamChecksum();
    for (let start = 0; start < bytes.length; start += 16 * 100) checksumInMemory(kernel.checksum, memory, 128 + start, Math.min(16 * 100, bytes.length - start), scratch, sum);
    expect(sum.digest()).toBe(checksumOf(bytes));
  });

  it('refuses a region outside the memory or a misaligned state', () => {
    expect(() => kernel.checksum(memory.buffer.byteLength - 8, 1, 0)).toThrow(RangeError);
    expect(() => kernel.checksum(0, 1, 8)).toThrow(RangeError);
  });
});
