/**
 * FITS files made in code for the FITS-layer tests: any BITPIX from stored values, raw card
 * lists for broken headers, and the outside tools (astropy, fpack, fitsverify) when installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeHeader, formatCard } from '../../../electron/fits/write-fits';

export type Bitpix = 8 | 16 | 32 | 64 | -32 | -64;

/** A fresh folder under the system's temp folder. */
export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `nightcal-${prefix}-`));
}

/** Remove a folder made by tempFolder, with everything in it. */
export function removeFolder(folder: string | undefined): void {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
}

function runs(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Outside tools the tests use for second opinions, each optional. */
export const tools = {
  fitsverify: runs('sh', ['-c', 'command -v fitsverify']),
  fpack: runs('sh', ['-c', 'command -v fpack && command -v funpack']),
  gzip: runs('sh', ['-c', 'command -v gzip']),
  astropy: runs('/usr/bin/python3', ['-c', 'import astropy, numpy']),
};

/** Run a command; throws with its output when it fails. */
export function run(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export interface ImageSpec {
  readonly bitpix: Bitpix;
  readonly width: number;
  readonly height: number;
  /** Stored (not physical) values, row-major. */
  readonly stored: ArrayLike<number>;
  readonly bzero?: number;
  readonly bscale?: number;
  readonly blank?: number;
  /** Write NAXIS = 3 with this NAXIS3 (the data still holds one plane unless repeated). */
  readonly naxis3?: number;
  readonly extraCards?: readonly string[];
}

/** Header cards of an image with the given structure. */
export function imageCards(spec: ImageSpec): string[] {
  const cards = [formatCard('SIMPLE', true), formatCard('BITPIX', spec.bitpix), formatCard('NAXIS', spec.naxis3 === undefined ? 2 : 3)];
  cards.push(formatCard('NAXIS1', spec.width), formatCard('NAXIS2', spec.height));
  if (spec.naxis3 !== undefined) cards.push(formatCard('NAXIS3', spec.naxis3));
  if (spec.bzero !== undefined) cards.push(formatCard('BZERO', spec.bzero));
  if (spec.bscale !== undefined) cards.push(formatCard('BSCALE', spec.bscale));
  if (spec.blank !== undefined) cards.push(formatCard('BLANK', spec.blank));
  return [...cards, ...(spec.extraCards ?? [])];
}

/** Big-endian bytes of stored values, padded to 2880. */
export function encodeStored(bitpix: Bitpix, stored: ArrayLike<number>, planes = 1): Buffer {
  const size = Math.abs(bitpix) / 8;
  const bytes = stored.length * size * planes;
  const data = Buffer.alloc(Math.ceil(bytes / 2880) * 2880);
  for (let plane = 0; plane < planes; plane++) {
    for (let i = 0; i < stored.length; i++) {
      const at = (plane * stored.length + i) * size;
      const v = stored[i];
      if (bitpix === 8) data.writeUInt8(v, at);
      else if (bitpix === 16) data.writeInt16BE(v, at);
      else if (bitpix === 32) data.writeInt32BE(v, at);
      else if (bitpix === 64) data.writeBigInt64BE(BigInt(v), at);
      else if (bitpix === -32) data.writeFloatBE(v, at);
      else data.writeDoubleBE(v, at);
    }
  }
  return data;
}

/** Write an image file from stored values; returns its path. */
export function writeImageFile(path: string, spec: ImageSpec): string {
  writeFileSync(path, Buffer.concat([encodeHeader(imageCards(spec)), encodeStored(spec.bitpix, spec.stored, spec.naxis3 ?? 1)]));
  return path;
}

/** Bytes of a file made of header card lists and data, as given (no END added when `end` is false). */
export function rawHeaderBytes(cards: readonly string[], end = true): Buffer {
  const text = cards.map((card) => card.padEnd(80)).join('') + (end ? 'END'.padEnd(80) : '');
  const padded = text.padEnd(Math.ceil(text.length / 2880) * 2880, ' ');
  return Buffer.from(padded, 'latin1');
}

/** Deterministic stored values for a BITPIX: a spread over its range, negatives included where allowed. */
export function sampleStored(bitpix: Bitpix, count: number): Float64Array {
  const values = new Float64Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const u = state / 2 ** 32;
    if (bitpix === 8) values[i] = Math.floor(u * 256);
    else if (bitpix === 16) values[i] = Math.floor(u * 65536) - 32768;
    else if (bitpix === 32) values[i] = Math.floor(u * 2 ** 32) - 2 ** 31;
    else if (bitpix === 64) values[i] = Math.floor((u - 0.5) * 2 ** 40);
    else values[i] = (u - 0.3) * 1e4;
  }
  return values;
}

/** Float32 values of a little-endian raw file (what the Python helper writes). */
export function float32FromRaw(bytes: Buffer): Float32Array {
  const copy = new Float32Array(bytes.length / 4);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}

/** Indices where two float arrays differ (NaN equals NaN); at most `limit` of them. */
export function differences(a: Float32Array, b: Float32Array, limit = 5): number[] {
  const found: number[] = [];
  if (a.length !== b.length) return [-1];
  for (let i = 0; i < a.length && found.length < limit; i++) {
    if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) found.push(i);
  }
  return found;
}
