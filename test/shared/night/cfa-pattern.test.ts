/**
 * The Bayer convention: which colour each stored pixel has, for every pattern, row order and
 * offset, checked by hand on small cases and against Siril's own reading (its extraction of
 * the red pixels) when siril-cli is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bayerLayout, cfaChannelAt, layoutFromOrigin } from '../../../shared/night/cfa-pattern';
import type { BayerLayout, BayerPattern } from '../../../shared/night/frames';

const PATTERNS: readonly BayerPattern[] = ['RGGB', 'BGGR', 'GRBG', 'GBRG'];
const layout = (pattern: BayerPattern, rowOrder: BayerLayout['rowOrder'], xOffset = 0, yOffset = 0): BayerLayout => ({ pattern, xOffset, yOffset, rowOrder });
/** The colours of the first two stored rows' first two pixels, as 'RG/GB'. */
const corner = (bayer: BayerLayout, height: number) =>
  [0, 1].map((y) => [0, 1].map((x) => cfaChannelAt(bayer, x, y, height).channel).join('')).join('/');

describe('cfaChannelAt', () => {
  test('top-down: the pattern reads from the first row stored; cells are numbered as the letters are written', () => {
    const bayer = layout('RGGB', 'top-down');
    expect([0, 1, 2, 3].map((i) => cfaChannelAt(bayer, i % 2, i >> 1, 6))).toEqual([
      { channel: 'R', cell: 0 }, { channel: 'G', cell: 1 }, { channel: 'G', cell: 2 }, { channel: 'B', cell: 3 },
    ]);
    expect(corner(layout('GBRG', 'top-down'), 6)).toBe('GB/RG');
  });

  test('no ROWORDER reads as top-down (Siril\'s default)', () => {
    for (const pattern of PATTERNS) expect(corner(layout(pattern, null), 6)).toBe(corner(layout(pattern, 'top-down'), 6));
  });

  test('bottom-up: the last row stored is the top, so the height decides', () => {
    expect(corner(layout('RGGB', 'bottom-up'), 6)).toBe('GB/RG');
    expect(corner(layout('RGGB', 'bottom-up'), 5)).toBe('RG/GB');
    for (const pattern of PATTERNS) {
      for (const height of [4, 5]) {
        for (let y = 0; y < height; y++) {
          expect(cfaChannelAt(layout(pattern, 'bottom-up'), 1, y, height)).toEqual(cfaChannelAt(layout(pattern, 'top-down'), 1, height - 1 - y, height));
        }
      }
    }
  });

  test('XBAYROFF and YBAYROFF shift the pattern (odd offsets only matter)', () => {
    expect(corner(layout('RGGB', 'top-down', 1, 0), 6)).toBe('GR/BG');
    expect(corner(layout('RGGB', 'top-down', 0, 1), 6)).toBe('GB/RG');
    expect(corner(layout('RGGB', 'top-down', 1, 1), 6)).toBe('BG/GR');
    expect(corner(layout('RGGB', 'top-down', 2, 2), 6)).toBe('RG/GB');
  });

  test('every 2×2 cell holds one red, one blue and two greens, wherever it starts', () => {
    for (const pattern of PATTERNS) {
      for (const rowOrder of ['top-down', 'bottom-up', null] as const) {
        const bayer = layout(pattern, rowOrder, 1, 0);
        for (const [x0, y0] of [[0, 0], [3, 2], [6, 3]]) {
          const cell = [0, 1, 2, 3].map((i) => cfaChannelAt(bayer, x0 + (i % 2), y0 + (i >> 1), 7).channel).sort().join('');
          expect(cell, `${pattern} ${rowOrder} at ${x0},${y0}`).toBe('BGGR'.split('').sort().join(''));
        }
      }
    }
  });

  test('a pixel outside the image is an error, not a colour', () => {
    expect(() => cfaChannelAt(layout('RGGB', 'top-down'), 0, 6, 6)).toThrow(RangeError);
    expect(() => cfaChannelAt(layout('RGGB', 'top-down'), -1, 0, 6)).toThrow(RangeError);
  });
});

describe('layoutFromOrigin', () => {
  test('a block cut out anywhere sees every pixel in the colour the whole image gives it (offsets, both row orders, odd heights)', () => {
    for (const pattern of ['RGGB', 'BGGR', 'GRBG', 'GBRG'] as const) {
      for (const rowOrder of ['top-down', 'bottom-up', null] as const) {
        for (const [xOffset, yOffset] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
          const bayer: BayerLayout = { pattern, xOffset, yOffset, rowOrder };
          for (const height of [7, 8]) {
            for (const [x0, y0] of [[0, 0], [1, 2], [3, 3], [2, 5]]) {
              const block = layoutFromOrigin(bayer, x0, y0, height);
              for (let y = 0; y < height - y0; y++) for (let x = 0; x < 3; x++) {
                expect(cfaChannelAt(block, x, y, height - y0), `${pattern} ${rowOrder} ${xOffset},${yOffset} h${height} at ${x0},${y0} + ${x},${y}`).toEqual(cfaChannelAt(bayer, x0 + x, y0 + y, height));
              }
            }
          }
        }
      }
    }
  });
});

describe('bayerLayout', () => {
  test('BAYERPAT, else CFAIMAGE, else COLORTYP naming a pattern; offsets and ROWORDER', () => {
    expect(bayerLayout({ BAYERPAT: 'rggb ', XBAYROFF: 1, YBAYROFF: 0, ROWORDER: 'BOTTOM-UP' }, 1)).toEqual(layout('RGGB', 'bottom-up', 1, 0));
    expect(bayerLayout({ CFAIMAGE: 'GBRG', ROWORDER: 'TOP-DOWN' }, 1)).toEqual(layout('GBRG', 'top-down'));
    expect(bayerLayout({ COLORTYP: 'BGGR' }, 1)).toEqual(layout('BGGR', null));
    expect(bayerLayout({ BAYERPAT: 'GRBG', XBAYROFF: '1' }, 1)).toEqual(layout('GRBG', null, 1, 0));
  });

  test('no pattern: mono, APP\'s CFAIMAGE = \'no\', a colour type that is no pattern, a colour cube', () => {
    expect(bayerLayout({}, 1)).toBeNull();
    expect(bayerLayout({ CFAIMAGE: 'no' }, 1)).toBeNull();
    expect(bayerLayout({ COLORTYP: 'RGB' }, 1)).toBeNull();
    expect(bayerLayout({ BAYERPAT: 'GRBG' }, 3)).toBeNull();
  });
});

const SIRIL = spawnSync('siril-cli', ['--version'], { encoding: 'utf8' }).status === 0;
const WIDTH = 8;

/** A 16-bit FITS file whose pixel (x, y) holds 1000 + 10·y + x, so every value says where it came from. */
function writeCoded(path: string, height: number, keywords: readonly string[]): void {
  const cards = ['SIMPLE  =                    T', 'BITPIX  =                   16', 'NAXIS   =                    2', `NAXIS1  = ${String(WIDTH).padStart(20)}`, `NAXIS2  = ${String(height).padStart(20)}`, ...keywords, 'END'];
  const header = Buffer.from(cards.map((card) => card.padEnd(80)).join('').padEnd(2880), 'latin1');
  const data = Buffer.alloc(2880);
  for (let y = 0; y < height; y++) for (let x = 0; x < WIDTH; x++) data.writeInt16BE(1000 + 10 * y + x, 2 * (y * WIDTH + x));
  writeFileSync(path, Buffer.concat([header, data]));
}

/** The pixels of a 16-bit or float32 FITS image Siril wrote. */
function readPixels(path: string): number[] {
  const bytes = readFileSync(path);
  const values: Record<string, number> = {};
  let at = 0;
  for (; ; at += 80) {
    const card = bytes.subarray(at, at + 80).toString('latin1');
    if (card.startsWith('END')) break;
    const match = /^([A-Z0-9_-]{1,8})\s*=\s*([-+.\dEe]+)/.exec(card);
    if (match) values[match[1]] = Number(match[2]);
  }
  const start = Math.ceil((at + 80) / 2880) * 2880;
  const count = values.NAXIS1 * values.NAXIS2;
  const read = (i: number) => (values.BITPIX === 16 ? bytes.readInt16BE(start + 2 * i) : bytes.readFloatBE(start + 4 * i));
  return Array.from({ length: count }, (_, i) => (values.BZERO ?? 0) + (values.BSCALE ?? 1) * read(i));
}

describe.skipIf(!SIRIL)(`against Siril's reading of the pattern${SIRIL ? '' : ' (skipped: siril-cli is not installed)'}`, () => {
  test('the pixels Siril extracts as red are exactly those cfaChannelAt calls red', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nightcal-siril-cfa-'));
    try {
      const cases: { name: string; bayer: BayerLayout; height: number }[] = [];
      for (const pattern of PATTERNS) {
        for (const rowOrder of ['top-down', 'bottom-up', null] as const) {
          for (const height of [6, 5]) cases.push({ name: `${pattern}_${rowOrder ?? 'none'}_${height}`, bayer: layout(pattern, rowOrder), height });
        }
      }
      for (const rowOrder of ['top-down', 'bottom-up'] as const) {
        for (const [x, y] of [[1, 0], [0, 1], [1, 1]]) cases.push({ name: `RGGB_${rowOrder}_5_off${x}${y}`, bayer: layout('RGGB', rowOrder, x, y), height: 5 });
      }
      const script = ['requires 1.0.0'];
      for (const { name, bayer, height } of cases) {
        const keywords = [`BAYERPAT= '${bayer.pattern}'`, `XBAYROFF= ${String(bayer.xOffset).padStart(20)}`, `YBAYROFF= ${String(bayer.yOffset).padStart(20)}`];
        if (bayer.rowOrder !== null) keywords.push(`ROWORDER= '${bayer.rowOrder.toUpperCase()}'`);
        writeCoded(join(folder, `${name}.fits`), height, keywords);
        script.push(`load ${name}`, 'extract_Ha');
      }
      writeFileSync(join(folder, 'cfa.ssf'), `${script.join('\n')}\n`);
      // A fresh HOME: Siril's saved preferences (debayer orientation…) must not change the answer.
      const run = spawnSync('siril-cli', ['-d', folder, '-s', join(folder, 'cfa.ssf')], { encoding: 'utf8', env: { ...process.env, HOME: folder, XDG_CONFIG_HOME: folder } });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      for (const { name, bayer, height } of cases) {
        const red = readPixels(join(folder, `Ha_${name}.fit`));
        expect(red, name).toHaveLength((WIDTH / 2) * Math.floor(height / 2));
        for (const value of red) {
          const x = (value - 1000) % 10;
          const y = Math.floor((value - 1000) / 10);
          expect(cfaChannelAt(bayer, x, y, height).channel, `${name}: Siril took (${x}, ${y}) as red`).toBe('R');
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
