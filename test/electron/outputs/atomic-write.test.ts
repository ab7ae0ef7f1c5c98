import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { partialPathFor, removePartialSync, writeFileAtomic, writeFileAtomicSync } from '../../../electron/outputs/atomic-write';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nightcal-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomicSync', () => {
  test('never makes the folder it writes into: a folder that is not there is an output folder removed', () => {
    const target = join(dir, 'a', 'b', 'out.fits');
    expect(() => writeFileAtomicSync(target, [Buffer.from('x')])).toThrow(expect.objectContaining({ code: 'output-vanished' }));
    expect(existsSync(join(dir, 'a'))).toBe(false);
  });

  test('writes all chunks in order and leaves no partial file', () => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const target = join(dir, 'a', 'b', 'out.fits');
    const chunks = [Buffer.from('head'), new Uint8Array(0), Buffer.alloc(100_000, 7), Buffer.from('tail')];
    writeFileAtomicSync(target, chunks);
    const bytes = readFileSync(target);
    expect(bytes.length).toBe(4 + 100_000 + 4);
    expect(bytes.subarray(0, 4).toString()).toBe('head');
    expect(bytes[50_000]).toBe(7);
    expect(bytes.subarray(-4).toString()).toBe('tail');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.fits']);
  });

  test('a failed write leaves neither the target nor the partial file, and an old target intact', () => {
    const target = join(dir, 'out.fits');
    writeFileSync(target, `SOFTWARE= 'NightCal test'`.padEnd(80) + 'previous');
    const notBytes = [{ byteLength: 5 } as unknown as Uint8Array];
    expect(() => writeFileAtomicSync(target, notBytes)).toThrow();
    expect(readFileSync(target, 'utf8')).toMatch(/previous$/);
    expect(existsSync(partialPathFor(target))).toBe(false);
  });

  test('durable writes fsync and still produce the same bytes', () => {
    const target = join(dir, 'durable.fits');
    writeFileAtomicSync(target, [Buffer.from('x'.repeat(2880))], { durable: true });
    expect(readFileSync(target, 'utf8')).toBe('x'.repeat(2880));
  });

  test('the partial file is hidden beside the target and can be removed after a crash', () => {
    const target = join(dir, 'frame.fits');
    const partial = partialPathFor(target);
    expect(partial).toBe(join(dir, '.frame.fits.nightcal-partial'));
    writeFileSync(partial, 'half a frame');
    removePartialSync(target);
    expect(existsSync(partial)).toBe(false);
  });
});

describe('writeFileAtomic', () => {
  test('writes strings and bytes', async () => {
    const target = join(dir, 'm.json');
    await writeFileAtomic(target, '{"a":1}');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ a: 1 });
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  test('writes to one path one at a time, in the order asked: every write lands, the last one wins, no partial is left', async () => {
    const target = join(dir, 'm.json');
    const writes = Array.from({ length: 20 }, (_, i) => writeFileAtomic(target, JSON.stringify({ i }), { replaces: 'run-file' }));
    await Promise.all(writes);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ i: 19 });
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  test('a failed write does not stop the next one to the same path', async () => {
    const target = join(dir, 'm.json');
    writeFileSync(target, 'a file NightCal did not write');
    const refused = writeFileAtomic(target, '{"a":1}'); // a FITS target by default: this is not one of NightCal's
    const next = writeFileAtomic(target, '{"a":2}', { replaces: 'run-file' });
    await expect(refused).rejects.toMatchObject({ code: 'output-refused' });
    await next;
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ a: 2 });
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  test('leaves the event loop free while the file is placed: a timer runs before the write is done', async () => {
    const target = join(dir, 'm.json');
    let ticked = false;
    setImmediate(() => (ticked = true));
    const written = writeFileAtomic(target, '{}');
    expect(existsSync(target)).toBe(false); // placed later, off this thread
    await written;
    expect(ticked).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('{}');
  });
});
