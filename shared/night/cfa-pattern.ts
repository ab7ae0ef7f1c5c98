/**
 * The colour filter array of one-shot-colour cameras: which keyword names the Bayer pattern,
 * and which colour each stored pixel has.
 *
 * The convention, and where it comes from:
 * - Pixels are addressed as stored: x = 0..NAXIS1-1 along a row, y = 0 the first row in the
 *   file. astropy does the same (`hdu.data[y, x]`, `data[0]` is the first row stored) and reads
 *   neither ROWORDER nor BAYERPAT. The FITS standard recommends storing the bottom row first
 *   (the first pixel "displayed in the lower-left corner"); most camera drivers store the top
 *   row first instead.
 * - A pattern such as 'RGGB' names the 2×2 cell as the camera reads it out, starting at the
 *   top-left of the image: 'RG' is the top row, 'GB' the one below.
 * - ROWORDER (proposed by Siril with CCDCiel; siril.readthedocs.io, File formats › FITS ›
 *   Orientation of FITS images) says which row is stored first. 'TOP-DOWN': the first row
 *   stored is the pattern's first row. N.I.N.A. always writes ROWORDER = 'TOP-DOWN' and the rows
 *   in readout order (NINA.Image/FileFormat/FITS/FITSHeader.cs). 'BOTTOM-UP': the last row stored
 *   is the top, so a stored row y is row height-1-y counted from the top, and the pattern seen
 *   from the first stored row depends on whether the height is even (Siril,
 *   src/algos/demosaicing.c, adjust_Bayer_pattern_orientation).
 * - No ROWORDER is read as top-down, as Siril does by default (preference "from the header,
 *   else top-down": most camera drivers write top-down).
 * - XBAYROFF / YBAYROFF shift the pattern: an odd XBAYROFF turns RGGB into GRBG, an odd
 *   YBAYROFF into GBRG, counted from the top-left (Siril, adjust_Bayer_pattern_offset).
 * The whole convention is checked against Siril's own extraction of the red pixels
 * (test/shared/night/cfa-pattern.test.ts).
 */
import type { BayerLayout, BayerPattern } from './frames';
import { firstOf, type HeaderValues, integerAtLeast, numberValue, textValue } from './header-keywords';

const PATTERNS: readonly BayerPattern[] = ['RGGB', 'BGGR', 'GRBG', 'GBRG'];

/**
 * The Bayer layout a header names: BAYERPAT (NINA, SharpCap, Seestar, DWARF), else CFAIMAGE
 * (APP; 'no' for a mono image), else COLORTYP when it names a pattern (SharpCap, MaxIm).
 * A colour cube of 3 planes is already debayered, whatever BAYERPAT is left in its header
 * (Seestar stacks keep BAYERPAT = 'GRBG'): it has no mosaic.
 */
export function bayerLayout(values: HeaderValues, planes: number): BayerLayout | null {
  if (planes > 1) return null;
  const pattern = firstOf(['BAYERPAT', 'CFAIMAGE', 'COLORTYP'], (key) => patternValue(textValue(values, key)));
  if (pattern === null) return null;
  return {
    pattern,
    xOffset: integerAtLeast(numberValue(values, 'XBAYROFF'), 0) ?? 0,
    yOffset: integerAtLeast(numberValue(values, 'YBAYROFF'), 0) ?? 0,
    rowOrder: rowOrderValue(textValue(values, 'ROWORDER')),
  };
}

/** The colour of a CFA pixel, and which of the pattern's four cells it is (0-3, in the order the pattern's letters are written). */
export interface CfaChannel {
  readonly channel: 'R' | 'G' | 'B';
  readonly cell: 0 | 1 | 2 | 3;
}

/**
 * The colour of the stored pixel (x, y): x from 0 along a row, y = 0 the first row in the file.
 * `height` (NAXIS2) matters only for a bottom-up image, whose pattern starts at the last row stored.
 */
export function cfaChannelAt(bayer: BayerLayout, x: number, y: number, height: number): CfaChannel {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || y >= height) {
    throw new RangeError(`pixel (${x}, ${y}) is not in an image of height ${height}`);
  }
  const rowFromTop = bayer.rowOrder === 'bottom-up' ? height - 1 - y : y;
  const row = (rowFromTop + bayer.yOffset) % 2;
  const column = (x + bayer.xOffset) % 2;
  const cell = (row * 2 + column) as CfaChannel['cell'];
  return { channel: bayer.pattern[cell] as CfaChannel['channel'], cell };
}

/**
 * The layout of a block cut out of a mosaic at stored (x0, y0), read as an image of its own
 * (top-down, offsets folded in): cfaChannelAt(block layout, x, y, any) is cfaChannelAt(bayer,
 * x0 + x, y0 + y, height) of the whole image. A bottom-up image's rows run the other way, and
 * only the parity of a row counts, so it becomes top-down with the parity of its last row.
 */
export function layoutFromOrigin(bayer: BayerLayout, x0: number, y0: number, height: number): BayerLayout {
  const firstRowFromTop = bayer.rowOrder === 'bottom-up' ? height - 1 - y0 : y0;
  return { pattern: bayer.pattern, xOffset: (x0 + bayer.xOffset) % 2, yOffset: (((firstRowFromTop + bayer.yOffset) % 2) + 2) % 2, rowOrder: 'top-down' };
}

function patternValue(text: string | null): BayerPattern | null {
  const upper = text?.toUpperCase() ?? '';
  return PATTERNS.find((pattern) => pattern === upper) ?? null;
}

function rowOrderValue(text: string | null): BayerLayout['rowOrder'] {
  const upper = text?.toUpperCase().replace(/[\s_]+/g, '-') ?? '';
  if (upper === 'TOP-DOWN') return 'top-down';
  if (upper === 'BOTTOM-UP') return 'bottom-up';
  return null;
}
