/**
 * The worker's kept decode of a compressed file: one decode for many tiles of the same file, a
 * new one when the file on disk is another (replaced, rewritten) or after the idle time, and a
 * failed decode not kept.
 */
import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DecodedImageCache } from '../../../../electron/pool/tasks/decoded-image-cache';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'nightcal-decoded-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

/** A decoder that counts its calls and gives `value` in every pixel. */
function decoder(value: number) {
  const calls = { count: 0 };
  const decode = () => {
    calls.count += 1;
    return Promise.resolve(new Float32Array(4).fill(value));
  };
  return { calls, decode };
}

describe('DecodedImageCache', () => {
  it('decodes a file once for any number of tiles', async () => {
    const path = join(folder, 'a.fits.fz');
    writeFileSync(path, 'one');
    const cache = new DecodedImageCache(60_000);
    const { calls, decode } = decoder(1);
    const images = await Promise.all(Array.from({ length: 6 }, () => cache.image(path, decode)));
    expect(calls.count).toBe(1);
    expect(new Set(images).size).toBe(1);
    expect(images[0][0]).toBe(1);
    cache.clear();
  });

  it('decodes again when the file is another: replaced by a rename, or rewritten in place', async () => {
    const path = join(folder, 'b.fits.gz');
    writeFileSync(path, 'first');
    const cache = new DecodedImageCache(60_000);
    expect((await cache.image(path, decoder(1).decode))[0]).toBe(1);
    writeFileSync(join(folder, 'b.new'), 'second');
    renameSync(join(folder, 'b.new'), path);
    expect((await cache.image(path, decoder(2).decode))[0]).toBe(2);
    // same inode and size, another modification time
    writeFileSync(path, 'third!');
    utimesSync(path, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect((await cache.image(path, decoder(3).decode))[0]).toBe(3);
    const again = decoder(4);
    expect((await cache.image(path, again.decode))[0]).toBe(3);
    expect(again.calls.count).toBe(0);
    // another file is another image
    const other = join(folder, 'c.fits.gz');
    writeFileSync(other, 'third!');
    expect((await cache.image(other, decoder(5).decode))[0]).toBe(5);
    cache.clear();
  });

  it('lets the image go after the idle time, each use starting it again', async () => {
    vi.useFakeTimers();
    const path = join(folder, 'd.fits.fz');
    writeFileSync(path, 'x');
    const cache = new DecodedImageCache(1000);
    const { calls, decode } = decoder(7);
    await cache.image(path, decode);
    vi.advanceTimersByTime(900);
    await cache.image(path, decode);
    vi.advanceTimersByTime(900);
    await cache.image(path, decode);
    expect(calls.count).toBe(1);
    vi.advanceTimersByTime(1001);
    await cache.image(path, decode);
    expect(calls.count).toBe(2);
    cache.clear();
  });

  it('does not keep a failed decode: the next tile tries again', async () => {
    const path = join(folder, 'e.fits.fz');
    writeFileSync(path, 'bad');
    const cache = new DecodedImageCache(60_000);
    await expect(cache.image(path, () => Promise.reject(new Error('e.fits.fz: truncated')))).rejects.toThrow('truncated');
    const { calls, decode } = decoder(9);
    expect((await cache.image(path, decode))[0]).toBe(9);
    expect(calls.count).toBe(1);
    cache.clear();
  });
});
