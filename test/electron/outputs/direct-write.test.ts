/**
 * Direct writes: the file holds exactly the image's first `length` bytes (a length that is not a
 * whole number of blocks, as FITS files are not), through the partial file, on a filesystem that
 * takes O_DIRECT; buffered, with the same bytes, on one that refuses it and when not asked.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// A filesystem that refuses O_DIRECT, for paths under a 'refuse-direct' folder.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = (path: Parameters<typeof fs.openSync>[0], flags: Parameters<typeof fs.openSync>[1], mode?: Parameters<typeof fs.openSync>[2]) => {
    if (String(path).includes('refuse-direct') && typeof flags === 'number' && (flags & (fs.constants.O_DIRECT ?? 0)) !== 0) {
      throw Object.assign(new Error(`EINVAL: invalid argument, open '${String(path)}'`), { code: 'EINVAL' });
    }
    return fs.openSync(path, flags, mode);
  };
  return { ...fs, openSync, default: { ...fs, openSync } };
});
import { DIRECT_IO_ALIGN, writeImageAtomicSync } from '../../../electron/outputs/direct-write';
import { removeFolder, tempFolder } from '../fits/fits-fixtures';
import { directIoSupported } from './direct-io-probe';

let folder: string;
/** A block-aligned image: WebAssembly memory starts on a page, so offset 0 is aligned. */
const memory = new WebAssembly.Memory({ initial: 4 });
const image = Buffer.from(memory.buffer, 0, 3 * 65536);
const LENGTH = 3 * 2880 + 2 * 2880 * 7; // 48,960 bytes: 11.95 blocks
for (let i = 0; i < image.length; i++) image[i] = (i * 7 + 3) & 0xff;
// A header card saying NightCal wrote it: a later write may replace such a file (outputs/output-target.ts).
image.write(`SOFTWARE= 'NightCal test'`.padEnd(80, ' '), 0, 'latin1');

beforeAll(() => {
  folder = tempFolder('direct-write');
  // Writers never make folders (a run makes and checks them first).
  for (const sub of ['night', 'refuse-direct']) mkdirSync(join(folder, sub));
});
afterAll(() => removeFolder(folder));

function expectWritten(path: string): void {
  expect(statSync(path).size).toBe(LENGTH);
  expect(readFileSync(path).equals(image.subarray(0, LENGTH))).toBe(true);
  expect(readdirSync(join(path, '..')).filter((name) => name.includes('nightcal-partial'))).toEqual([]);
}

describe('writeImageAtomicSync', () => {
  test('writes around the page cache where the filesystem allows, and the file is exactly the bytes asked for', () => {
    const path = join(folder, 'night', 'light.fits');
    const mode = writeImageAtomicSync(path, image, LENGTH, { direct: true, durable: true });
    expect(mode).toBe(directIoSupported(folder) ? 'direct' : 'buffered');
    expectWritten(path);
    // Over an existing file: replaced whole.
    writeImageAtomicSync(path, image, LENGTH, { direct: true });
    expectWritten(path);
  });

  test('writes buffered when not asked to, with the same bytes', () => {
    const path = join(folder, 'buffered.fits');
    expect(writeImageAtomicSync(path, image, LENGTH)).toBe('buffered');
    expectWritten(path);
  });

  test('falls back to a buffered write where the filesystem refuses O_DIRECT (EINVAL, as older tmpfs and some network filesystems)', () => {
    const path = join(folder, 'refuse-direct', 'light.fits');
    expect(writeImageAtomicSync(path, image, LENGTH, { direct: true })).toBe('buffered');
    expectWritten(path);
  });

  test.runIf(directIoSupported(tmpdir()))('refuses an image that is not block-aligned or too short to round up', () => {
    const path = join(folder, 'unaligned.fits');
    expect(() => writeImageAtomicSync(path, image.subarray(16), LENGTH, { direct: true })).toThrow(/block-aligned/);
    expect(() => writeImageAtomicSync(path, image.subarray(0, LENGTH), LENGTH, { direct: true })).toThrow(new RegExp(`${Math.ceil(LENGTH / DIRECT_IO_ALIGN) * DIRECT_IO_ALIGN} bytes`));
    expect(existsSync(path)).toBe(false);
  });
});
