/**
 * Which runs used which library masters: `.nightcal-library/usage.jsonl`, one JSON record a
 * line, appended with one write(2) on an O_APPEND descriptor so that runs recording at once
 * never interleave (no lock needed). Recording never fails a run: a library that cannot be
 * written gives a note instead. Reading skips lines that do not parse (a write cut by a crash).
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type MasterView } from '../../shared/contract';
import { relativePathProblem } from './index-file';
import { metaDirOf } from './library-folder';

const USAGE_FILE = 'usage.jsonl';

/** One use of a library file by a run. */
export interface UsageRecord {
  /** The library file, relative to the library root. */
  readonly relativePath: string;
  readonly sha256: string;
  /** The run's output folder. */
  readonly run: string;
  /** The night folder calibrated. */
  readonly night: string;
  /** When, ISO 8601. */
  readonly at: string;
}

export interface UsageLog {
  readonly records: readonly UsageRecord[];
  /** Lines that are not a record (cut short, edited): left out. */
  readonly skippedLines: number;
}

/** Why `value` is not a usage record; null when it is. */
function recordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  const path = relativePathProblem(record.relativePath);
  if (path) return path;
  if (typeof record.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(record.sha256)) return 'sha256 is not a SHA-256 in hex';
  for (const key of ['run', 'night'] as const) if (typeof record[key] !== 'string' || record[key] === '') return `${key} is not a folder`;
  if (typeof record.at !== 'string' || !Number.isFinite(Date.parse(record.at))) return 'at is not a date';
  return null;
}

/** Appends `records` to the library's usage log; a note instead of an error when the library cannot be written. */
export async function recordUsage(root: string, records: readonly UsageRecord[]): Promise<{ readonly recorded: number; readonly note: string | null }> {
  records.forEach((record, i) => {
    const problem = recordProblem(record);
    if (problem) throw new ApiError('bad-request', `usage record ${i}: ${problem}`);
  });
  if (records.length === 0) return { recorded: 0, note: null };
  const lines = records.map(({ relativePath, sha256, run, night, at }) => `${JSON.stringify({ relativePath, sha256, run, night, at })}\n`).join('');
  const path = join(metaDirOf(root), USAGE_FILE);
  let fd: number | null = null;
  try {
    try {
      mkdirSync(metaDirOf(root));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o644);
    // A line cut by a crash is closed first, so that it spoils only itself.
    const size = fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const cut = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    const bytes = Buffer.from(cut ? `\n${lines}` : lines);
    const written = writeSync(fd, bytes);
    if (written !== bytes.length) return { recorded: 0, note: `the usage log ${path} took ${written} of ${bytes.length} bytes (disk full?): which runs used these masters is not fully recorded` };
    return { recorded: records.length, note: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { recorded: 0, note: `the library's usage log ${path} cannot be written (${code}): this run's use of its masters is not recorded` };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The usage log's records, oldest first; an absent log is an empty one. */
export async function readUsage(root: string): Promise<UsageLog> {
  const path = join(metaDirOf(root), USAGE_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skippedLines: 0 };
    throw new ApiError('io', `cannot read the library's usage log ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const records: UsageRecord[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (recordProblem(value) === null) {
        const { relativePath, sha256, run, night, at } = value as UsageRecord;
        records.push({ relativePath, sha256, run, night, at });
        continue;
      }
    } catch {
      // not JSON: counted below
    }
    skippedLines += 1;
  }
  return { records, skippedLines };
}

/** Records the use of every library master the run applied, by library; returns the notes of libraries that could not record it. */
export async function recordLibraryUse(masters: readonly MasterView[], run: string, nightRoot: string): Promise<string[]> {
  const at = new Date().toISOString();
  const byLibrary = new Map<string, UsageRecord[]>();
  for (const { spec, status } of masters) {
    if (!spec.file || status !== 'done') continue;
    const records = byLibrary.get(spec.file.library) ?? [];
    records.push({ relativePath: spec.file.relativePath, sha256: spec.file.sha256, run, night: nightRoot, at });
    byLibrary.set(spec.file.library, records);
  }
  const notes: string[] = [];
  for (const [library, records] of byLibrary) {
    const { note } = await recordUsage(library, records);
    if (note) notes.push(`calibration library ${library}: ${note}`);
  }
  return notes;
}
