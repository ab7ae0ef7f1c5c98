/**
 * The library's index file, `.nightcal-library/index.json`: a one-line head (format, version,
 * the NightCal that read the headers, the SHA-256 of the body) and the body, one JSON array of
 * entries. Nothing in it is trusted: a head of another format or version, a body whose checksum
 * differs (a cut write, a flipped bit, a hand edit), or any entry of the wrong shape (a path
 * that is absolute or leads out of the library, a field of the wrong type) rejects the whole
 * file, with the reason, and the library is read again from its files.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Classification, FrameError, FrameFacts, FrameStorage } from '../../shared/night/frames';
import { NIGHTCAL_VERSION } from '../../shared/version';

export const INDEX_FILE = 'index.json';
const FORMAT = 'nightcal-library-index';
const FORMAT_VERSION = 1;

/** What identifies a library file's state on disk, and its hash. */
export interface FileStamp {
  /** Path under the library root, with forward slashes. */
  readonly relativePath: string;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  /** SHA-256 of the whole file, in hex; null when it could not be read. */
  readonly sha256: string | null;
  /** False when the file was read within a timestamp tick or two of its last change: it is read again next time. */
  readonly settled: boolean;
}

/** One file as the index keeps it: its stamp, and what its header said. */
export interface IndexEntry extends FileStamp {
  readonly storage: FrameStorage;
  readonly facts: FrameFacts | null;
  readonly classification: Classification;
  readonly error: FrameError | null;
}

/** Which version of index.json was read: a save is skipped when another process saved since. */
export interface IndexStamp {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly size: number;
}

export type IndexRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'rejected'; readonly stamp: IndexStamp; readonly why: string }
  | { readonly kind: 'read'; readonly stamp: IndexStamp; readonly entries: readonly IndexEntry[] };

/** The index file's text for `entries`. */
export function encodeIndex(entries: readonly IndexEntry[]): string {
  const body = JSON.stringify(entries);
  const head = { format: FORMAT, version: FORMAT_VERSION, nightcal: NIGHTCAL_VERSION, files: entries.length, sha256: sha256Text(body) };
  return `${JSON.stringify(head)}\n${body}\n`;
}

/** Reads and checks the index file; its stamp comes from the same open file as its bytes. */
export function readIndexFile(path: string): IndexRead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' }; // ENOTDIR: .nightcal-library is a file (a read-only library)
    return { kind: 'rejected', stamp: { ino: -1, mtimeMs: -1, size: -1 }, why: `it cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  try {
    const info = fstatSync(fd);
    const stamp = { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size };
    const checked = decodeIndex(readFileSync(fd, 'utf8'));
    return typeof checked === 'string' ? { kind: 'rejected', stamp, why: checked } : { kind: 'read', stamp, entries: checked };
  } finally {
    closeSync(fd);
  }
}

/** The entries, or why the text is not a valid index. */
export function decodeIndex(text: string): readonly IndexEntry[] | string {
  const newline = text.indexOf('\n');
  if (newline < 0) return 'not an index: no head line';
  let head: unknown;
  try {
    head = JSON.parse(text.slice(0, newline));
  } catch (error) {
    return `its head is not JSON: ${(error as Error).message}`;
  }
  if (!isRecord(head) || head.format !== FORMAT) return 'not a NightCal library index';
  if (head.version !== FORMAT_VERSION) return `of another format version (${JSON.stringify(head.version)}; this NightCal reads ${FORMAT_VERSION})`;
  if (head.nightcal !== NIGHTCAL_VERSION) return `written by NightCal ${String(head.nightcal)}: headers are read again by ${NIGHTCAL_VERSION}`;
  const body = text.slice(newline + 1).replace(/\n$/, '');
  if (head.sha256 !== sha256Text(body)) return 'its checksum does not match its content (cut short or changed)';
  let entries: unknown;
  try {
    entries = JSON.parse(body);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  if (!Array.isArray(entries)) return 'its body is not a list of files';
  if (head.files !== entries.length) return `its head counts ${String(head.files)} files, its body ${entries.length}`;
  const seen = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const why = entryProblem(entries[i]);
    if (why) return `entry ${i}: ${why}`;
    const path = (entries[i] as IndexEntry).relativePath;
    if (seen.has(path)) return `entry ${i}: '${path}' is listed twice`;
    seen.add(path);
  }
  return entries as IndexEntry[];
}

function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Anything that makes a path other than plain, relative and visible: absolute, NUL, empty or
 * dot segments, hidden parts; on Windows also backslashes, which are separators there (on
 * other systems a backslash is a character a file name may hold).
 */
const NOT_PLAIN = process.platform === 'win32' ? /^\/|\0|\/\/|\/$|(^|\/)\.|\\|:/ : /^\/|\0|\/\/|\/$|(^|\/)\./;

/** A relative path inside the library, with forward slashes, that names a visible file: else why not. */
export function relativePathProblem(path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return 'no path';
  if (!NOT_PLAIN.test(path)) return null; // the common case, in one test: thousands of paths per open
  if (path.startsWith('/')) return `'${path}' is an absolute path`;
  if (path.includes('\0')) return `'${path.replace(/\0/g, '\\0')}' holds a NUL character`;
  if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) return `'${path}' leads outside the library or is not a plain path`;
  if (/(^|\/)\./.test(path)) return `'${path}' is inside a hidden folder or hidden`;
  return `'${path}' is not a relative path with forward slashes`;
}

type Check = (value: unknown) => boolean;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const orNull = (check: Check): Check => (v) => v === null || check(v);
const oneOf = (...values: readonly unknown[]): Check => (v) => values.includes(v);
const strings: Check = (v) => Array.isArray(v) && v.every(str);
const shape = <T>(fields: { readonly [K in keyof T]-?: Check }): Check => {
  const exact = exactly(fields as Readonly<Record<string, Check>>);
  return (v) => exact(v) === null;
};

const BAYER = shape<NonNullable<FrameFacts['bayer']>>({ pattern: oneOf('RGGB', 'BGGR', 'GRBG', 'GBRG'), xOffset: num, yOffset: num, rowOrder: oneOf('top-down', 'bottom-up', null) });
const PRECALIBRATION = shape<FrameFacts['precalibrated']>({ bias: bool, dark: bool, flat: bool, pedestal: orNull(num), evidence: strings });
const MASTER = shape<NonNullable<FrameFacts['master']>>({ kind: oneOf('bias', 'dark', 'darkflat', 'flat'), frames: orNull(num), program: orNull(str), evidence: str, biasSubtracted: orNull(bool), flatNorm: oneOf('single', 'per-channel', null) });

/** Every field of FrameFacts and its type (the compiler keeps this list complete). */
const FACT_FIELDS: { readonly [K in keyof FrameFacts]-?: Check } = {
  imagetyp: orNull(str), indiFrame: orNull(str), exposure: orNull(num), filter: orNull(str),
  binX: num, binY: num, width: num, height: num,
  subframe: orNull(shape<NonNullable<FrameFacts['subframe']>>({ x: num, y: num })),
  camera: orNull(str), readoutMode: orNull(str), ccdTemp: orNull(num), setTemp: orNull(num), temperature: orNull(num),
  temperatureSource: oneOf('SET-TEMP', 'CCD-TEMP', null), gain: orNull(num), offset: orNull(num),
  bayer: orNull(BAYER), precalibrated: PRECALIBRATION, stacked: orNull(str), master: orNull(MASTER),
  celestialWcs: bool, pixelScale: orNull(num), saturation: orNull(num), dateObs: orNull(str), dateEnd: orNull(str),
  siteLongitude: orNull(num), object: orNull(str), implausible: strings,
};

const FACTS = exactly(FACT_FIELDS);

const CLASSIFICATION = shape<Classification>({
  type: oneOf('bias', 'dark', 'darkflat', 'flat', 'light', 'unknown'),
  rule: oneOf('imagetyp', 'header', 'folder', 'filename', 'user', 'none'),
  reason: str,
});

const ENTRY = exactly<IndexEntry>({
  relativePath: (v) => relativePathProblem(v) === null,
  sizeBytes: (v) => num(v) && (v as number) >= 0,
  mtimeMs: num,
  ctimeMs: num,
  ino: num,
  sha256: (v) => v === null || (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)),
  settled: bool,
  storage: oneOf('fits', 'fz', 'gz'),
  facts: (v) => v === null || isRecord(v), // its fields: FACTS, in entryProblem
  classification: CLASSIFICATION,
  error: orNull(shape<FrameError>({ code: (v) => str(v) && v !== '', message: str })),
});

function entryProblem(entry: unknown): string | null {
  if (!isRecord(entry)) return 'not an object';
  const pathProblem = relativePathProblem(entry.relativePath);
  if (pathProblem) return pathProblem;
  const facts = isRecord(entry.facts) ? FACTS(entry.facts) : null;
  const problem = ENTRY(entry) ?? (facts && `facts: ${facts}`);
  return problem && `'${entry.relativePath as string}': ${problem}`;
}

/**
 * A check that a value is an object of exactly `fields`, each of its type: it answers what is
 * wrong (a field missing, of the wrong type, or unknown), or null. Thousands of entries are
 * checked at every open, so the field list is prepared once.
 */
function exactly<T>(fields: { readonly [K in keyof T]-?: Check }): (value: unknown) => string | null {
  const keys = Object.keys(fields);
  const checks = keys.map((key) => (fields as Readonly<Record<string, Check>>)[key]);
  return (value) => {
    if (!isRecord(value)) return 'not an object';
    for (let i = 0; i < keys.length; i++) if (!checks[i](value[keys[i]]) || !(keys[i] in value)) return `'${keys[i]}' is missing or of the wrong type`;
    let count = 0;
    for (const key in value) if (Object.hasOwn(value, key)) count += 1;
    if (count === keys.length) return null;
    return `unknown field '${Object.keys(value).find((key) => !keys.includes(key)) ?? '?'}'`;
  };
}
