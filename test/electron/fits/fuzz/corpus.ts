/**
 * The files the fuzz test starts from: small generated images of every BITPIX (scaled,
 * with BLANK, in an extension, gzip-wrapped, tile-compressed by fpack when it is installed)
 * and, when the folder is on this machine, real camera frames (read-only: only their bytes
 * are used, mutated copies go to a temporary folder).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeHeader, formatCard } from '../../../../electron/fits/write-fits';
import { encodeStored, imageCards, run, sampleStored, tools, type Bitpix } from '../fits-fixtures';

export const REAL_DATA = '/work/shared/data/real';

export interface Seed {
  readonly name: string;
  readonly bytes: Buffer;
  /** For a gzip seed, the plain FITS inside it (mutated, then gzipped again). */
  readonly plain?: Buffer;
}

const CAMERA_CARDS = [
  formatCard('IMAGETYP', 'Light Frame'),
  formatCard('EXPTIME', 60),
  formatCard('FILTER', 'L'),
  formatCard('DATE-OBS', '2026-03-14T21:00:00'),
  formatCard('XBINNING', 1),
  formatCard('OBJECT', 'M 51'),
];

function image(bitpix: Bitpix, width: number, height: number, extra: { bzero?: number; bscale?: number; blank?: number } = {}): Buffer {
  const stored = sampleStored(bitpix, width * height);
  if (bitpix === 16 && extra.bzero === 32768) for (let i = 0; i < stored.length; i++) stored[i] = Math.max(-32768, Math.min(32767, stored[i]));
  return Buffer.concat([encodeHeader(imageCards({ bitpix, width, height, stored, ...extra, extraCards: CAMERA_CARDS })), encodeStored(bitpix, stored)]);
}

/** An empty primary HDU and the image in an IMAGE extension. */
function imageInExtension(): Buffer {
  const primary = encodeHeader([formatCard('SIMPLE', true), formatCard('BITPIX', 8), formatCard('NAXIS', 0), formatCard('EXTEND', true)]);
  const stored = sampleStored(-32, 20 * 12);
  const header = encodeHeader([
    formatCard('XTENSION', 'IMAGE'),
    formatCard('BITPIX', -32),
    formatCard('NAXIS', 2),
    formatCard('NAXIS1', 20),
    formatCard('NAXIS2', 12),
    formatCard('PCOUNT', 0),
    formatCard('GCOUNT', 1),
    ...CAMERA_CARDS,
  ]);
  return Buffer.concat([primary, header, encodeStored(-32, stored)]);
}

/** Generated seeds; `scratch` is a folder for fpack's input and output. */
export function generatedSeeds(scratch: string): Seed[] {
  const seeds: Seed[] = [
    { name: 'uint16 camera', bytes: image(16, 64, 48, { bzero: 32768 }) },
    { name: 'int8', bytes: image(8, 33, 21) },
    { name: 'int32 scaled', bytes: image(32, 17, 9, { bzero: 10, bscale: 0.5 }) },
    { name: 'int64 with BLANK', bytes: image(64, 16, 16, { blank: -1 }) },
    { name: 'float32', bytes: image(-32, 40, 30) },
    { name: 'float64', bytes: image(-64, 12, 40) },
    { name: 'image extension', bytes: imageInExtension() },
  ];
  const plain = image(16, 96, 64, { bzero: 32768 });
  seeds.push({ name: 'gzip-wrapped', bytes: gzipSync(plain), plain });
  if (tools.fpack) {
    for (const [flag, name] of [['-r', 'rice'], ['-g', 'gzip1'], ['-h', 'hcompress']] as const) {
      const source = join(scratch, `seed-${name}.fits`);
      const packed = `${source}.fz`;
      writeFileSync(source, image(16, 80, 60, { bzero: 32768 }));
      run('fpack', [flag, '-O', packed, source]);
      seeds.push({ name: `fpack ${name}`, bytes: readFileSync(packed) });
    }
  }
  return seeds;
}

/** Up to `limit` real frames (smallest first, one per folder), or none when the folder is absent. */
export function realSeeds(limit: number): Seed[] {
  if (!existsSync(REAL_DATA)) return [];
  const byFolder = new Map<string, { path: string; size: number }>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const info = statSync(path);
      if (info.isDirectory()) walk(path);
      else if (/\.(fits?|fts)$/i.test(name)) {
        const best = byFolder.get(dir);
        if (!best || info.size < best.size) byFolder.set(dir, { path, size: info.size });
      }
    }
  };
  walk(REAL_DATA);
  return [...byFolder.values()]
    .sort((a, b) => a.size - b.size)
    .slice(0, limit)
    .map(({ path }) => ({ name: `real ${relative(REAL_DATA, path)}`, bytes: readFileSync(path) }));
}
