/**
 * The library index: the first open reads every file (facts, classification, SHA-256), a warm
 * open reads none, what changes behind its back is noticed, and an index that cannot be trusted
 * is rebuilt. Header reads and hashes are counted through the scan module, so a test of "reads
 * nothing" fails the moment anything is read again.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { decodeIndex, encodeIndex, type IndexEntry } from '../../../electron/library/index-file';
import { LIBRARY_META_DIR, openLibraryIndex, SETTLE_MS, type LibraryIndex } from '../../../electron/library/library-index';
import * as scan from '../../../electron/pipeline/scan-night';
import { formatCard } from '../../../electron/fits/write-fits';
import { FOREIGN_MASTERS, rawCards, rawFrames, sha256Of, sha256OfFile, sleep, writeFits, writeLibrary } from './library-fixtures';

vi.mock('../../../electron/pipeline/scan-night', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../electron/pipeline/scan-night')>();
  return { ...original, scanFile: vi.fn(original.scanFile), hashFile: vi.fn(original.hashFile) };
});

const WORKER = resolve('test/electron/library/library-worker.ts');
const FILES = rawFrames().length + FOREIGN_MASTERS.length;
let temp: string;
/** One library per test that changes files: a file changed moments ago is read again at every open until it settles. */
const libraries: Record<'first' | 'added' | 'rewritten' | 'replaced' | 'removed' | 'fresh' | 'corrupt' | 'offsets', string> = { first: '', added: '', rewritten: '', replaced: '', removed: '', fresh: '', corrupt: '', offsets: '' };
let written: ReturnType<typeof writeLibrary>;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'nightcal-library-'));
  for (const name of Object.keys(libraries) as (keyof typeof libraries)[]) {
    libraries[name] = join(temp, name);
    written = writeLibrary(libraries[name]);
    // Whole-second mtimes, so that a test can put one back exactly (a Date holds milliseconds, a file nanoseconds).
    for (const path of written.keys()) utimesSync(join(libraries[name], path), 1_767_225_600, 1_767_225_600);
  }
  // Not frames: a note, a hidden folder's file, and the meta folder's own files.
  writeFileSync(join(libraries.first, 'notes.txt'), 'darks of January');
  writeFits(join(libraries.first, '.hidden', 'x.fits'), rawCards('DARK', 300, 100, -10, '2026-01-01T00:00:00'), 99);
  // A frame without SITELONG: its night depends on the run's UTC offset.
  writeFits(join(libraries.offsets, 'darks', 'no-site.fits'), [formatCard('IMAGETYP', 'DARK'), formatCard('EXPTIME', 60), formatCard('DATE-OBS', '2026-01-11T06:00:00')], 77);
  // Files read within SETTLE_MS of their last change are read again once: let them settle.
  await sleep(SETTLE_MS + 100);
}, 60_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const scanFile = vi.mocked(scan.scanFile);
const hashFile = vi.mocked(scan.hashFile);
beforeEach(() => {
  scanFile.mockClear();
  hashFile.mockClear();
});

const open = (root: string, utcOffsetHours = 0): Promise<LibraryIndex> => openLibraryIndex(root, { utcOffsetHours });
const indexFile = (root: string): string => join(root, LIBRARY_META_DIR, 'index.json');
const byPath = (index: LibraryIndex) => new Map(index.files.map((file) => [file.relativePath, file]));
const headersRead = (): string[] => scanFile.mock.calls.map(([file]) => file.id).sort();

describe('the first open', () => {
  test('indexes every FITS file: its facts, classification and SHA-256, and nothing else', async () => {
    const index = await open(libraries.first);
    expect(index.files.map((file) => file.relativePath)).toEqual([...written.keys()].sort());
    expect(index.changes).toEqual({ reused: 0, added: FILES, changed: 0, removed: 0 });
    expect(index.notes).toEqual([]);
    for (const file of index.files) {
      const { bytes, expected } = written.get(file.relativePath)!;
      const facts = file.frame.facts!;
      expect({ path: file.relativePath, type: file.frame.classification.type, rule: file.frame.classification.rule, exposure: facts.exposure, gain: facts.gain, temperature: facts.temperature }).toEqual({ path: file.relativePath, type: expected.type, rule: expected.rule, exposure: expected.exposure, gain: expected.gain, temperature: expected.temperature });
      expect(facts.master === null ? null : { kind: facts.master.kind, program: facts.master.program }).toEqual(expected.master);
      expect(file.sha256).toBe(sha256Of(bytes));
      expect(file.sizeBytes).toBe(bytes.length);
      expect(file.frame).toMatchObject({ id: file.relativePath, path: join(index.root, file.relativePath), error: null, duplicateOf: null });
    }
    expect(headersRead()).toHaveLength(FILES);
    expect(decodeIndex(readFileSync(indexFile(libraries.first), 'utf8'))).toHaveLength(FILES);
  });

  test('a byte-identical copy names the likeliest original, whatever its name sorts as', async () => {
    const root = join(temp, 'copies');
    const original = join(root, 'darks', 'dark_1.fits');
    writeFits(original, rawCards('DARK', 300, 100, -10, '2026-01-11T22:00:00'), 5);
    copyFileSync(original, join(root, 'darks', 'a copy of dark_1.fits'));
    copyFileSync(original, join(root, 'darks', 'dark_1 (2).fits'));
    const files = byPath(await open(root));
    expect(files.get('darks/dark_1.fits')!.frame.duplicateOf).toBeNull();
    expect(files.get('darks/a copy of dark_1.fits')!.frame.duplicateOf).toBe('darks/dark_1.fits');
    expect(files.get('darks/dark_1 (2).fits')!.frame.duplicateOf).toBe('darks/dark_1.fits');
  });

  test('a library that is not there, or not a folder, is an error naming it', async () => {
    await expect(open(join(temp, 'no-such-library'))).rejects.toThrow(`no library folder at ${join(temp, 'no-such-library')}`);
    writeFileSync(join(temp, 'a-file'), 'x');
    await expect(open(join(temp, 'a-file'))).rejects.toThrow(`the library ${join(temp, 'a-file')} is not a folder`);
  });
});

describe('a warm open', () => {
  test('reads no header, hashes nothing, and leaves the index file as it was', async () => {
    await open(libraries.first);
    const before = statSync(indexFile(libraries.first));
    scanFile.mockClear();
    hashFile.mockClear();
    const index = await open(libraries.first);
    expect(headersRead()).toEqual([]);
    expect(hashFile).not.toHaveBeenCalled();
    expect(index.changes).toEqual({ reused: FILES, added: 0, changed: 0, removed: 0 });
    const after = statSync(indexFile(libraries.first));
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });
  });

  test('takes what a file says from the index: an entry edited in a valid index is believed while its file is unchanged', async () => {
    await open(libraries.first);
    const entries = decodeIndex(readFileSync(indexFile(libraries.first), 'utf8')) as IndexEntry[];
    const edited = entries.map((entry) => (entry.relativePath === 'darks/g100_-10C/dark_300s_1.fits' ? { ...entry, facts: { ...entry.facts!, exposure: 999 } } : entry));
    writeFileSync(indexFile(libraries.first), encodeIndex(edited));
    const files = byPath(await open(libraries.first));
    expect(files.get('darks/g100_-10C/dark_300s_1.fits')!.frame.facts!.exposure).toBe(999);
    writeFileSync(indexFile(libraries.first), encodeIndex(entries));
  });

  test("computes each frame's observing night with this open's UTC offset, without reading it again", async () => {
    await open(libraries.offsets, 0);
    scanFile.mockClear();
    const utc = byPath(await open(libraries.offsets, 0)).get('darks/no-site.fits')!;
    const east = byPath(await open(libraries.offsets, 8)).get('darks/no-site.fits')!;
    expect([utc.frame.night, east.frame.night]).toEqual(['2026-01-10', '2026-01-11']);
    expect(headersRead()).toEqual([]);
  });
});

describe('changes behind its back', () => {

  test('a file added is read; only it', async () => {
    const root = (): string => libraries.added;
    await open(root());
    scanFile.mockClear();
    writeFits(join(root(), 'darks', 'new', 'dark_600s.fits'), rawCards('DARK', 600, 100, -10, '2026-02-01T22:00:00'), 1234);
    const index = await open(root());
    expect(headersRead()).toEqual(['darks/new/dark_600s.fits']);
    expect(index.changes).toMatchObject({ added: 1, changed: 0, removed: 0 });
    expect(byPath(index).get('darks/new/dark_600s.fits')!.frame.facts!.exposure).toBe(600);
  });

  test('a file rewritten in place with the same size and its mtime put back is read again (its ctime moved)', async () => {
    const root = (): string => libraries.rewritten;
    const rel = 'darks/g200_-20C/dark_300s_2.fits';
    const path = join(root(), rel);
    await open(root());
    const old = statSync(path);
    const bytes = readFileSync(path);
    const text = bytes.toString('latin1');
    const at = text.indexOf('EXPTIME =');
    const card = formatCard('EXPTIME', 450, '[s] Exposure duration');
    expect(card.length).toBe(80);
    bytes.write(card, at, 'latin1');
    await sleep(20); // a new ctime tick
    writeFileSync(path, bytes); // same inode, same size
    utimesSync(path, old.atime, old.mtime);
    expect(statSync(path)).toMatchObject({ size: old.size, mtimeMs: old.mtimeMs, ino: old.ino });
    scanFile.mockClear();
    const index = await open(root());
    expect(headersRead()).toEqual([rel]);
    const file = byPath(index).get(rel)!;
    expect(file.frame.facts!.exposure).toBe(450);
    expect(file.sha256).toBe(sha256Of(bytes));
    expect(index.changes).toMatchObject({ changed: 1, added: 0, removed: 0 });
  });

  test('a file replaced by another of the same size and mtime (a new inode) is read again', async () => {
    const root = (): string => libraries.replaced;
    const rel = 'bias/g100_-20C/bias_1.fits';
    const path = join(root(), rel);
    await open(root());
    const old = statSync(path);
    const replacement = join(root(), 'replacement.tmp');
    writeFits(replacement, rawCards('BIAS', 0, 300, -20, '2026-01-11T22:01:00'), 4242);
    expect(statSync(replacement).size).toBe(old.size);
    utimesSync(replacement, old.atime, old.mtime);
    renameSync(replacement, path);
    scanFile.mockClear();
    const index = await open(root());
    expect(headersRead()).toEqual([rel]);
    expect(byPath(index).get(rel)!.frame.facts!.gain).toBe(300);
    expect(byPath(index).get(rel)!.sha256).toBe(sha256OfFile(path));
  });

  test('a file removed is dropped', async () => {
    const root = (): string => libraries.removed;
    await open(root());
    rmSync(join(root(), 'APP', 'masterDark_ISO0_120s.fits'));
    scanFile.mockClear();
    const index = await open(root());
    expect(byPath(index).has('APP/masterDark_ISO0_120s.fits')).toBe(false);
    expect(index.changes).toMatchObject({ removed: 1, added: 0, changed: 0 });
    expect(headersRead()).toEqual([]);
    expect((decodeIndex(readFileSync(indexFile(root()), 'utf8')) as IndexEntry[]).some((entry) => entry.relativePath.startsWith('APP/'))).toBe(false);
  });

  test(`a file read within ${SETTLE_MS / 1000} s of its last change is read again at the next open, then trusted`, async () => {
    const root = (): string => libraries.fresh;
    const rel = 'darks/fresh/dark_1.fits';
    writeFits(join(root(), rel), rawCards('DARK', 300, 100, -10, '2026-03-01T22:00:00'), 31);
    const first = byPath(await open(root())).get(rel)!;
    expect(first.settled).toBe(false);
    await sleep(SETTLE_MS + 100);
    scanFile.mockClear();
    const second = byPath(await open(root())).get(rel)!;
    expect(headersRead()).toEqual([rel]);
    expect(second.settled).toBe(true);
    scanFile.mockClear();
    await open(root());
    expect(headersRead()).toEqual([]);
  });
});

describe('an index that cannot be trusted is rebuilt from the files', () => {
  const root = (): string => libraries.corrupt;
  let good: string;
  let entries: IndexEntry[];
  beforeAll(async () => {
    await open(root());
    good = readFileSync(indexFile(root()), 'utf8');
    entries = decodeIndex(good) as IndexEntry[];
  });

  const withEntry = (change: (entry: IndexEntry) => unknown): string => encodeIndex([...entries.slice(1), change(entries[0])] as IndexEntry[]);
  const cases: readonly (readonly [string, () => string, RegExp])[] = [
    ['cut short', () => good.slice(0, Math.floor(good.length / 2)), /checksum does not match/],
    ['not JSON at all', () => 'PK\u0003\u0004 a zip file', /not an index|not JSON/],
    ['another format', () => `${JSON.stringify({ format: 'something-else' })}\n[]`, /not a NightCal library index/],
    ['another format version', () => good.replace('"version":1', '"version":2'), /another format version \(2/],
    ['written by another NightCal', () => good.replace(/"nightcal":"[^"]*"/, '"nightcal":"0.0.1"'), /written by NightCal 0\.0\.1/],
    ['a flipped digit', () => good.replace('"sizeBytes":5760', '"sizeBytes":5761'), /checksum does not match/],
    ['an entry leading out of the library', () => withEntry((entry) => ({ ...entry, relativePath: '../../etc/passwd' })), /'\.\.\/\.\.\/etc\/passwd' leads outside the library/],
    ['an absolute path', () => withEntry((entry) => ({ ...entry, relativePath: '/etc/passwd' })), /'\/etc\/passwd' is an absolute path/],
    ['a size that is text', () => withEntry((entry) => ({ ...entry, sizeBytes: String(entry.sizeBytes) })), /'sizeBytes' is missing or of the wrong type/],
    ['facts of the wrong shape', () => withEntry((entry) => ({ ...entry, facts: { ...entry.facts!, exposure: '300' } })), /facts: 'exposure' is missing or of the wrong type/],
    ['an unknown field', () => withEntry((entry) => ({ ...entry, cards: ['SIMPLE  =                    T'] })), /unknown field 'cards'/],
    ['a file listed twice', () => encodeIndex([...entries, entries[0]]), /is listed twice/],
  ];

  test.each(cases)('%s', async (_name, corrupt, why) => {
    writeFileSync(indexFile(root()), corrupt());
    scanFile.mockClear();
    const index = await open(root());
    expect(index.notes).toHaveLength(1);
    expect(index.notes[0]).toMatch(/^the index could not be used \(.+\): rebuilt from the files$/);
    expect(index.notes[0]).toMatch(why);
    expect(headersRead()).toHaveLength(FILES);
    expect(index.files.map((file) => file.relativePath)).toEqual([...written.keys()].sort());
    const rebuilt = decodeIndex(readFileSync(indexFile(root()), 'utf8'));
    expect(Array.isArray(rebuilt) && rebuilt.length).toBe(FILES);
  });
});

describe('a library that cannot be written', () => {
  test('whose .nightcal-library cannot be made (a file of that name) is read, with a note', async () => {
    const root = join(temp, 'blocked');
    writeLibrary(root);
    writeFileSync(join(root, LIBRARY_META_DIR), 'not a folder');
    const index = await open(root);
    expect(index.writable).toBe(false);
    expect(index.files).toHaveLength(FILES);
    expect(index.notes).toEqual(['read-only library: the index is not saved']);
    expect(readFileSync(join(root, LIBRARY_META_DIR), 'utf8')).toBe('not a folder');
  });

  test('made read-only (chmod a-w) is read, with a note, and nothing is written into it', async (context) => {
    const root = join(temp, 'read-only');
    writeLibrary(root);
    const meta = join(root, LIBRARY_META_DIR);
    mkdirSync(meta);
    const asRoot = process.getuid?.() === 0;
    // Root writes through chmod: the library is then given to 'nobody' and opened by a process running as nobody.
    if (asRoot) for (const path of walkAll(temp)) chownSync(path, NOBODY, NOBODY);
    for (const dir of [root, meta]) chmodSync(dir, 0o555);
    try {
      const index = asRoot ? await openAsNobody(root, context) : await open(root);
      expect(index.writable).toBe(false);
      expect(index.files).toHaveLength(FILES);
      expect(index.notes).toEqual(['read-only library: the index is not saved']);
      expect(readdirSync(meta)).toEqual([]);
    } finally {
      for (const dir of [root, meta]) chmodSync(dir, 0o755);
    }
  });
});

const NOBODY = 65534;

/** Every folder and file under `dir`, `dir` first. */
function walkAll(dir: string): string[] {
  return [dir, ...readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walkAll(join(dir, entry.name)) : [join(dir, entry.name)]))];
}

/** Opens the library in a process running as 'nobody' (the test runs as root); skips, saying so, when that cannot be done. */
async function openAsNobody(root: string, context: { skip: (note?: string) => void }): Promise<Pick<LibraryIndex, 'writable' | 'notes' | 'files'>> {
  chmodSync(temp, 0o755);
  const child = spawnSync(process.execPath, ['--import', 'tsx', WORKER, 'open', root], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', env: { ...process.env, HOME: tmpdir() }, timeout: 60_000 });
  if (child.error || child.status !== 0) {
    context.skip(`running as root, and a process as 'nobody' could not open the library (${child.error?.message ?? child.stderr.trim().split('\n').at(-1)}): chmod a-w is not tested`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Pick<LibraryIndex, 'writable' | 'notes' | 'files'>;
}
