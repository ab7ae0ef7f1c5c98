/**
 * A separate NightCal process working on a library, for the tests that need several at once
 * (run with `node --import tsx library-worker.ts ROLE LIBRARY [DIR]`; it prints one JSON line):
 *
 *   open    opens the library once and reports what it found (the read-only test runs it as another user)
 *   reader  opens the library in a loop until DIR/writer.done exists, checking every open
 *   writer  once every DIR/reader-*.ready exists, adds masters in sessions under the lock
 *   usage   appends usage records one call at a time
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeIndex } from '../../../electron/library/index-file';
import { acquireLibraryLock, openLibraryIndex, recordUsage, saveLibraryIndex, storeMaster, type LibraryIndex } from '../../../electron/library/library-index';
import { MASTER_ROWS, masterDarkBytes, sleep, WRITER_MASTERS, WRITER_SESSION } from './library-fixtures';


const [role, library, dir] = process.argv.slice(2);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const seedOf = (i: number): number => (i % 3 === 2 ? i - 1 : i) + 1;

/** The bytes a master file must have, from the seed its header names; null when the header names none (not whole). */
function expectedMasterSha(path: string): string | null {
  const head = readFileSync(path).subarray(0, 2880).toString('latin1');
  const seed = /OBJECT  = 'seed (\d+)/.exec(head);
  return seed ? sha256(Buffer.concat(masterDarkBytes(Number(seed[1]), MASTER_ROWS))) : null;
}

/** Every way this open, or index.json as it is now, shows a master that is not whole or a file that is not there. */
function problemsOf(index: LibraryIndex): string[] {
  const problems: string[] = [];
  for (const note of index.notes) if (/could not be used|could not be saved/.test(note)) problems.push(`note: ${note}`);
  for (const file of index.files) {
    if (!existsSync(file.frame.path)) problems.push(`${file.relativePath}: in the open index, not on disk`);
    else if (file.relativePath.startsWith('masters/dark/') && file.sha256 !== expectedMasterSha(file.frame.path)) problems.push(`${file.relativePath}: indexed with a hash that is not the whole master's`);
    if (file.relativePath.startsWith('masters/dark/') && file.frame.facts?.master?.kind !== 'dark') problems.push(`${file.relativePath}: its header was not read as a master dark`);
  }
  const masters = join(library, 'masters', 'dark');
  for (const name of existsSync(masters) ? readdirSync(masters) : []) {
    if (name.startsWith('.')) continue;
    const path = join(masters, name);
    if (sha256(readFileSync(path)) !== expectedMasterSha(path)) problems.push(`masters/dark/${name}: on disk but not whole`);
  }
  let text: string | null = null;
  try {
    text = readFileSync(join(library, '.nightcal-library', 'index.json'), 'utf8');
  } catch {
    // not saved yet
  }
  if (text !== null) {
    const saved = decodeIndex(text);
    if (typeof saved === 'string') problems.push(`index.json: ${saved}`);
    else {
      for (const entry of saved) {
        const path = join(library, entry.relativePath);
        if (!existsSync(path)) problems.push(`index.json names ${entry.relativePath}, which is not on disk`);
        else if (entry.relativePath.startsWith('masters/dark/') && entry.sha256 !== sha256(readFileSync(path))) problems.push(`index.json: ${entry.relativePath} has another hash than its file`);
      }
    }
  }
  return problems;
}

async function reader(): Promise<void> {
  let opens = 0;
  const problems: string[] = [];
  const mastersSeen = new Set<number>();
  for (let last = false; ; ) {
    last = existsSync(join(dir, 'writer.done'));
    const index = await openLibraryIndex(library, { utcOffsetHours: 0 });
    opens += 1;
    mastersSeen.add(index.files.filter((file) => file.relativePath.startsWith('masters/dark/')).length);
    problems.push(...problemsOf(index).map((p) => `open ${opens}: ${p}`));
    if (opens === 1) writeFileSync(join(dir, `reader-${process.pid}.ready`), '');
    if (last) break;
  }
  console.log(JSON.stringify({ opens, problems, mastersSeen: [...mastersSeen].sort((a, b) => a - b) }));
}

async function writer(): Promise<void> {
  while (readdirSync(dir).filter((name) => name.endsWith('.ready')).length < Number(process.argv[5] ?? 2)) await sleep(20);
  const results: { relativePath: string; stored: boolean }[] = [];
  for (let first = 0; first < WRITER_MASTERS; first += WRITER_SESSION) {
    const lock = await acquireLibraryLock(library, { waitSeconds: 30 });
    try {
      let index = await openLibraryIndex(library, { utcOffsetHours: 0, lock });
      for (let i = first; i < first + WRITER_SESSION; i++) {
        const stored = await storeMaster(index, lock, { kind: 'dark', fileName: 'master_dark_300s.fits', bytes: masterDarkBytes(seedOf(i), MASTER_ROWS) });
        results.push({ relativePath: stored.relativePath, stored: stored.stored });
        index = stored.index;
        await sleep(30); // a reader's open falls between two masters of one session
      }
      await saveLibraryIndex(index, lock);
    } finally {
      lock.release();
    }
    await sleep(100);
  }
  writeFileSync(join(dir, 'writer.done'), '');
  console.log(JSON.stringify({ results }));
}

async function usage(): Promise<void> {
  const count = Number(dir);
  let recorded = 0;
  for (let i = 0; i < count; i++) {
    const result = await recordUsage(library, [{ relativePath: `masters/dark/m${i}.fits`, sha256: sha256(Buffer.from(`${process.pid}:${i}`)), run: `/runs/${process.pid}/${i}`, night: '/nights/n1', at: new Date().toISOString() }]);
    recorded += result.recorded;
  }
  console.log(JSON.stringify({ recorded }));
}

async function open(): Promise<void> {
  const index = await openLibraryIndex(library, { utcOffsetHours: 0 });
  console.log(JSON.stringify({ writable: index.writable, notes: index.notes, files: index.files.map((file) => ({ relativePath: file.relativePath, sha256: file.sha256, type: file.frame.classification.type })) }));
}

const roles: Record<string, () => Promise<void>> = { reader, writer, usage, open };
if (!roles[role]) throw new Error(`unknown role '${role}'`);
await roles[role]();
