/**
 * FITS files as the end-to-end test checks them on disk, read independently of NightCal's own
 * FITS code: the header's 2880-byte blocks up to END, and whether the file is whole (the
 * header, then the primary data of BITPIX × NAXISn padded to a block, nothing missing or left
 * over: a cut-off write would be short).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const BLOCK = 2880;
const CARD = 80;

interface PrimaryHeader {
  /** Keyword → value as written (strings keep their quotes). */
  readonly values: ReadonlyMap<string, string>;
  /** Bytes of the header, END block included. */
  readonly bytes: number;
}

function readPrimaryHeader(fd: number, size: number): PrimaryHeader | string {
  const block = Buffer.alloc(BLOCK);
  const values = new Map<string, string>();
  let bytes = 0;
  while (bytes < size) {
    if (readSync(fd, block, 0, BLOCK, bytes) !== BLOCK) return `short read at ${bytes}`;
    bytes += BLOCK;
    for (let offset = 0; offset < BLOCK; offset += CARD) {
      const card = block.toString('latin1', offset, offset + CARD);
      const keyword = card.slice(0, 8).trimEnd();
      if (keyword === 'END') return { values, bytes };
      if (card.slice(8, 10) !== '= ') continue;
      const text = card.slice(10).trim();
      // A quoted string may hold a slash; anything else ends at the comment's slash.
      const value = text.startsWith("'") ? /^'(?:[^']|'')*'/.exec(text)?.[0] ?? text : text.split('/')[0].trim();
      values.set(keyword, value);
    }
  }
  return 'no END card';
}

/** Null for a whole single-HDU FITS file, else what is wrong with it. */
export function wholeFitsProblem(path: string): string | null {
  const size = statSync(path).size;
  if (size === 0 || size % BLOCK !== 0) return `size ${size} is not a whole number of 2880-byte blocks`;
  const fd = openSync(path, 'r');
  try {
    const header = readPrimaryHeader(fd, size);
    if (typeof header === 'string') return header;
    const { values } = header;
    if (values.get('SIMPLE') !== 'T') return 'SIMPLE is not T';
    const bitpix = Number(values.get('BITPIX'));
    const naxis = Number(values.get('NAXIS'));
    if (![8, 16, 32, 64, -32, -64].includes(bitpix)) return `BITPIX ${values.get('BITPIX')}`;
    let pixels = naxis > 0 ? 1 : 0;
    for (let axis = 1; axis <= naxis; axis += 1) pixels *= Number(values.get(`NAXIS${axis}`));
    const dataBytes = (pixels * Math.abs(bitpix)) / 8;
    const expected = header.bytes + Math.ceil(dataBytes / BLOCK) * BLOCK;
    return size === expected ? null : `size ${size}, but header ${header.bytes} + padded data ${expected - header.bytes} = ${expected}`;
  } finally {
    closeSync(fd);
  }
}

/** A keyword's value in the primary header, strings without their quotes; null when absent. */
export function fitsHeaderValue(path: string, keyword: string): string | null {
  const fd = openSync(path, 'r');
  try {
    const header = readPrimaryHeader(fd, statSync(path).size);
    if (typeof header === 'string') throw new Error(`${path}: ${header}`);
    const value = header.values.get(keyword);
    if (value === undefined) return null;
    return value.startsWith("'") ? value.slice(1, -1).replace(/''/g, "'").trimEnd() : value;
  } finally {
    closeSync(fd);
  }
}
