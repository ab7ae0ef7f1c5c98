/**
 * Writing while the header is still being filled in: the file holds the head as `meanwhile` left
 * it and the body as given, exactly `length` bytes (not a whole number of blocks, nor is the head),
 * direct where the filesystem takes it and buffered where it refuses; a failure of the work
 * leaves no partial file and no output.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// A filesystem that refuses O_DIRECT, for paths under a 'refuse-direct' folder (as direct-write.test.ts).
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
import { writeChunksAround, writeImageAround } from '../../../electron/outputs/write-around';
import { removeFolder, tempFolder } from '../fits/fits-fixtures';
import { directIoSupported } from './direct-io-probe';

let folder: string;
const memory = new WebAssembly.Memory({ initial: 4 });
const HEAD = 7 * 2880; // 20,160 bytes: ends inside the fifth 4096-byte block
const LENGTH = HEAD + 9 * 2880;
const image = Buffer.from(memory.buffer, 0, 3 * 65536);

/** The image as it starts: a head of '?' (values not yet known) with the SOFTWARE card, then a patterned body. */
function fillImage(): void {
  for (let i = 0; i < image.length; i++) image[i] = (i * 13 + 5) & 0xff;
  image.fill('?', 0, HEAD);
  image.write(`SOFTWARE= 'NightCal test'`.padEnd(80, ' '), 0, 'latin1');
}

/**
 * What `meanwhile` does: it takes a while (the body is on disk by then, so a head written over
 * too few blocks would show its old bytes), then the head's last card becomes known.
 */
const fillHead = (bytes: Buffer) => () => {
  const until = performance.now() + 150;
  while (performance.now() < until) {
    // the measurement's time
  }
  bytes.write('QFWHM   =                 3.25'.padEnd(80, ' '), HEAD - 80, 'latin1');
};

beforeAll(() => {
  folder = tempFolder('write-around');
  for (const sub of ['plain', 'refuse-direct']) mkdirSync(join(folder, sub));
});
afterAll(() => removeFolder(folder));

function expectFile(path: string, expected: Buffer): void {
  const written = readFileSync(path);
  expect(written.length).toBe(expected.length);
  expect(written.equals(expected)).toBe(true);
  expect(readdirSync(join(path, '..')).filter((name) => name.includes('nightcal-partial'))).toEqual([]);
}

describe('writeImageAround', () => {
  test.each([
    ['direct where taken', 'plain', true],
    ['buffered when not asked', 'plain', false],
    ['buffered where the filesystem refuses O_DIRECT', 'refuse-direct', true],
  ] as const)('%s: the head as the work left it, then the body', async (_, sub, direct) => {
    fillImage();
    const path = join(folder, sub, `light-${direct}.fits`);
    let ranWhileOpen = false;
    const mode = await writeImageAround(path, image, LENGTH, HEAD, () => {
      ranWhileOpen = readdirSync(join(folder, sub)).some((name) => name.includes('nightcal-partial')) || sub === 'refuse-direct';
      fillHead(image)();
    }, { direct });
    expect(ranWhileOpen).toBe(true);
    expect(mode).toBe(direct && sub === 'plain' && directIoSupported(folder) ? 'direct' : 'buffered');
    const expected = Buffer.from(image.subarray(0, LENGTH));
    expect(expected.toString('latin1', HEAD - 80, HEAD - 50)).toContain('QFWHM');
    expectFile(path, expected);
  });

  test('work that throws: the error, no output, no partial file', async () => {
    fillImage();
    const path = join(folder, 'plain', 'failed.fits');
    await expect(writeImageAround(path, image, LENGTH, HEAD, () => {
      throw new Error('the measurement broke');
    }, { direct: true })).rejects.toThrow('the measurement broke');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(folder, 'plain')).filter((name) => name.includes('nightcal-partial'))).toEqual([]);
  });
});

describe('writeChunksAround', () => {
  test('a separate head and body: the head as the work left it', async () => {
    const head = Buffer.alloc(HEAD, '?');
    head.write(`SOFTWARE= 'NightCal test'`.padEnd(80, ' '), 0, 'latin1');
    const body = Buffer.from(Array.from({ length: 3 * 2880 + 17 }, (_, i) => i & 0xff));
    const path = join(folder, 'plain', 'chunks.fits');
    await writeChunksAround(path, head, body, fillHead(head));
    expectFile(path, Buffer.concat([head, body]));
    expect(readFileSync(path).toString('latin1', HEAD - 80, HEAD - 50)).toContain('QFWHM');
  });
});
