/**
 * Adding masters: storeMaster never overwrites a file and stores byte-identical bytes once, and
 * several NightCal processes adding to and reading one library at once (each a real process,
 * library-worker.ts) never see a master that is not whole nor an index naming what is not there.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeIndex, type IndexEntry } from '../../../electron/library/index-file';
import { acquireLibraryLock, LIBRARY_META_DIR, openLibraryIndex, saveLibraryIndex, storeMaster, tryAcquireLibraryLock } from '../../../electron/library/library-index';
import { numberedName } from '../../../electron/library/store-master';
import { masterDarkBytes, sha256Of, WRITER_MASTERS, writeLibrary } from './library-fixtures';

const WORKER = resolve('test/electron/library/library-worker.ts');
let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'nightcal-store-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const darkDir = (root: string): string => join(root, 'masters', 'dark');
const visible = (dir: string): string[] => readdirSync(dir).filter((name) => !name.startsWith('.')).sort();

describe('storeMaster', () => {
  test('stores a master under masters/<kind>/, never over a file of that name, and byte-identical bytes once', async () => {
    const root = join(temp, 'one');
    writeLibrary(root);
    const lock = await acquireLibraryLock(root);
    try {
      let index = await openLibraryIndex(root, { utcOffsetHours: 0, lock });
      const first = await storeMaster(index, lock, { kind: 'dark', fileName: 'master_dark_300s.fits', bytes: masterDarkBytes(1) });
      expect(first).toMatchObject({ relativePath: 'masters/dark/master_dark_300s.fits', stored: true });
      index = first.index;
      const before = readFileSync(join(darkDir(root), 'master_dark_300s.fits'));
      const second = await storeMaster(index, lock, { kind: 'dark', fileName: 'master_dark_300s.fits', bytes: masterDarkBytes(2) });
      expect(second).toMatchObject({ relativePath: 'masters/dark/master_dark_300s-2.fits', stored: true });
      expect(readFileSync(join(darkDir(root), 'master_dark_300s.fits')).equals(before)).toBe(true);
      index = second.index;
      // The same bytes under another name: already there, nothing written.
      const again = await storeMaster(index, lock, { kind: 'dark', fileName: 'other_name.fits', bytes: masterDarkBytes(2) });
      expect(again).toMatchObject({ relativePath: 'masters/dark/master_dark_300s-2.fits', stored: false });
      // A raw frame of the library with the same bytes counts too (bytes anywhere in it).
      const raw = readFileSync(join(root, 'darks/g100_-10C/dark_300s_1.fits'));
      expect((await storeMaster(again.index, lock, { kind: 'dark', fileName: 'x.fits', bytes: [raw] })).stored).toBe(false);
      expect(visible(darkDir(root))).toEqual(['master_dark_300s-2.fits', 'master_dark_300s.fits']);
      expect(readdirSync(darkDir(root)).filter((name) => name.startsWith('.'))).toEqual([]); // no partial left
      const entry = again.index.files.find((file) => file.relativePath === 'masters/dark/master_dark_300s-2.fits')!;
      expect(entry.sha256).toBe(sha256Of(Buffer.concat(masterDarkBytes(2))));
      expect(entry.frame.facts?.master).toMatchObject({ kind: 'dark', frames: 20, program: 'NightCal' });
      expect(await saveLibraryIndex(again.index, lock)).toBe(true);
    } finally {
      lock.release();
    }
    const saved = decodeIndex(readFileSync(join(root, LIBRARY_META_DIR, 'index.json'), 'utf8')) as IndexEntry[];
    expect(saved.filter((entry) => entry.relativePath.startsWith('masters/dark/')).map((entry) => entry.relativePath)).toEqual(['masters/dark/master_dark_300s-2.fits', 'masters/dark/master_dark_300s.fits']);
  });

  test('a file edited since it was indexed proves nothing: the same bytes are stored anew', async () => {
    const root = join(temp, 'edited');
    writeLibrary(root);
    const lock = await acquireLibraryLock(root);
    try {
      const stored = await storeMaster(await openLibraryIndex(root, { utcOffsetHours: 0, lock }), lock, { kind: 'dark', fileName: 'm.fits', bytes: masterDarkBytes(5) });
      const path = join(darkDir(root), 'm.fits');
      chmodSync(path, 0o644);
      writeFileSync(path, Buffer.alloc(statSync(path).size, 0x20)); // someone else's edit
      const again = await storeMaster(stored.index, lock, { kind: 'dark', fileName: 'm.fits', bytes: masterDarkBytes(5) });
      expect(again).toMatchObject({ relativePath: 'masters/dark/m-2.fits', stored: true });
    } finally {
      lock.release();
    }
  });

  test('refuses names that are paths, hidden or not FITS, and an index opened without the lock', async () => {
    const root = join(temp, 'names');
    writeLibrary(root);
    const lock = await acquireLibraryLock(root);
    try {
      const index = await openLibraryIndex(root, { utcOffsetHours: 0, lock });
      for (const fileName of ['../x.fits', 'a/b.fits', '.hidden.fits', 'notes.txt', '']) {
        await expect(storeMaster(index, lock, { kind: 'bias', fileName, bytes: masterDarkBytes(1) })).rejects.toThrow(/cannot store a master/);
      }
      const unlocked = await openLibraryIndex(root, { utcOffsetHours: 0 });
      await expect(storeMaster(unlocked, lock, { kind: 'bias', fileName: 'b.fits', bytes: masterDarkBytes(1) })).rejects.toThrow(/opened under the same lock/);
      expect(tryAcquireLibraryLock(root)).toBeNull(); // held by us
    } finally {
      lock.release();
    }
    lock.release();
    expect(numberedName('x.fits.fz', 3)).toBe('x-3.fits.fz');
  });
});

/** Runs library-worker.ts ROLE in its own process; resolves with its one JSON line. */
function worker(role: string, ...args: string[]): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, role, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>) : fail(new Error(`${role} exited ${code}: ${err}`))));
  });
}

/** Masters the writer stores once each: every third repeats the one before. */
const UNIQUE_MASTERS = WRITER_MASTERS - Math.floor(WRITER_MASTERS / 3);

describe('several processes at once', () => {
  test('two readers opening in a loop while a writer adds: every open sees whole masters and a valid index', async () => {
    const root = join(temp, 'readers');
    const dir = join(temp, 'readers-signals');
    writeLibrary(root);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const [a, b, w] = await Promise.all([worker('reader', root, dir), worker('reader', root, dir), worker('writer', root, dir, '2')]);
    for (const reader of [a, b]) {
      expect(reader.problems).toEqual([]);
      expect(reader.opens as number).toBeGreaterThan(2);
      expect((reader.mastersSeen as number[]).length).toBeGreaterThan(1); // it saw the library grow
    }
    expect((w.results as { stored: boolean }[]).filter((r) => r.stored)).toHaveLength(UNIQUE_MASTERS);
    expect(visible(darkDir(root))).toHaveLength(UNIQUE_MASTERS);
  }, 120_000);

  test('two writers adding the same masters at once store each once, and the index names every one', async () => {
    const root = join(temp, 'writers');
    const dir = join(temp, 'writers-signals');
    writeLibrary(root);
    mkdirSync(dir);
    const [first, second] = await Promise.all([worker('writer', root, dir, '0'), worker('writer', root, dir, '0')]);
    const stored = [...(first.results as { stored: boolean }[]), ...(second.results as { stored: boolean }[])].filter((r) => r.stored);
    expect(stored).toHaveLength(UNIQUE_MASTERS);
    const names = visible(darkDir(root));
    expect(names).toHaveLength(UNIQUE_MASTERS);
    const hashes = new Set(names.map((name) => sha256Of(readFileSync(join(darkDir(root), name)))));
    expect(hashes.size).toBe(UNIQUE_MASTERS);
    const index = await openLibraryIndex(root, { utcOffsetHours: 0 });
    expect(index.notes).toEqual([]);
    expect(index.files.filter((file) => file.relativePath.startsWith('masters/dark/')).map((file) => file.relativePath.slice('masters/dark/'.length))).toEqual(names);
  }, 120_000);
});
