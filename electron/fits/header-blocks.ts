/**
 * Walking a FITS file's header blocks to the image: 2880-byte blocks of 80-character cards
 * until END, then, when the primary HDU holds no pixels, the extensions that follow.
 * Written once as a generator of byte requests, so the same code runs synchronously (workers)
 * and asynchronously (the scan), on plain files and on inflated gzip data.
 */
import type { CardValue } from './fits-file';
import { FitsError } from './fits-error';
import { cardKeyword, rawCardValue } from './header-cards';
import { logicalImageCards, parseHeaderValues } from './header-values';
import { integerValue, paddedSize } from './image-layout';

/** Bytes wanted at an offset; the generator receives what exists of them. */
export interface ByteRequest {
  readonly offset: number;
  readonly length: number;
}

/** Steps that read bytes and end with a value. */
export type ByteSteps<T> = Generator<ByteRequest, T, Buffer>;

/** The header that describes the image, wherever it sits in the file. */
export interface ImageHdu {
  /** The image's cards without END; for a tile-compressed HDU, the logical image header. */
  readonly cards: readonly string[];
  readonly values: Readonly<Record<string, CardValue>>;
  /** First byte of the data unit (the compressed table for a tile-compressed image). */
  readonly dataOffset: number;
  /** For a tile-compressed image, the bytes of its table and heap; 0 otherwise. */
  readonly compressedBytes: number;
  readonly compressed: boolean;
}

/** FITS's logical record: headers and data units come in whole blocks of this many bytes. */
export const BLOCK_BYTES = 2880;
/** More cards than this is refused as a broken header. */
export const MAX_HEADER_CARDS = 10_000;
const BLOCKS_PER_READ = 4;
/** DEFLATE inflates at most about 1032 bytes per compressed byte (its longest match, 258 bytes, in 2 bits). */
export const DEFLATE_MAX_RATIO = 1032;
/** HDUs looked at for an image after an empty primary. */
const MAX_HDUS = 16;
/** Tile compressions fitsjs-ng decodes like cfitsio's funpack (PLIO_1 it gets silently wrong). */
const SUPPORTED_COMPRESSION = new Set(['RICE_1', 'GZIP_1', 'HCOMPRESS_1']);

/** Run byte-reading steps against a synchronous reader. */
export function runSync<T>(steps: ByteSteps<T>, read: (offset: number, length: number) => Buffer): T {
  let step = steps.next();
  while (!step.done) step = steps.next(read(step.value.offset, step.value.length));
  return step.value;
}

/** Run byte-reading steps against an asynchronous reader. */
export async function runAsync<T>(
  steps: ByteSteps<T>,
  read: (offset: number, length: number) => Promise<Buffer>,
): Promise<T> {
  let step = steps.next();
  while (!step.done) step = steps.next(await read(step.value.offset, step.value.length));
  return step.value;
}

/** Find the image: the primary HDU, or the first IMAGE or tile-compressed extension after an empty one. */
export function* findImageHdu(file: string): ByteSteps<ImageHdu> {
  const primary = yield* readHeaderUnit(file, 0, 'SIMPLE');
  if (primary === null) throw new FitsError('not-fits', file, 'empty file');
  if (rawCardValue(primary.cards[0]) !== 'T') {
    throw new FitsError('not-fits', file, 'SIMPLE is not T: the file says it does not conform to FITS');
  }
  const values = parseHeaderValues(primary.cards, file);
  if (values.NAXIS !== 0) {
    return { cards: primary.cards, values, dataOffset: primary.dataOffset, compressedBytes: 0, compressed: false };
  }
  let offset = primary.dataOffset + paddedSize(dataUnitBytes(file, values));
  for (let hdu = 1; hdu < MAX_HDUS; hdu++) {
    const unit = yield* readHeaderUnit(file, offset, 'XTENSION');
    if (unit === null) break;
    const compressed = isCompressedImage(unit.cards);
    if (compressed) checkCompression(file, unit.cards);
    const unitValues = parseHeaderValues(unit.cards, file);
    if (compressed) {
      const cards = logicalImageCards(unit.cards, unitValues);
      const compressedBytes = dataUnitBytes(file, unitValues);
      checkTiles(file, unitValues, compressedBytes);
      return { cards, values: parseHeaderValues(cards, file), dataOffset: unit.dataOffset, compressedBytes, compressed };
    }
    if (unitValues.XTENSION === 'IMAGE' && unitValues.NAXIS !== 0) {
      return { cards: unit.cards, values: unitValues, dataOffset: unit.dataOffset, compressedBytes: 0, compressed };
    }
    offset = unit.dataOffset + paddedSize(dataUnitBytes(file, unitValues));
  }
  throw new FitsError('no-data', file, 'no image: the primary HDU has NAXIS = 0 and no image extension follows');
}

interface HeaderUnit {
  readonly cards: string[];
  readonly dataOffset: number;
}

/** The cards of the header starting at `offset`; null when the data ends exactly there. */
function* readHeaderUnit(file: string, offset: number, firstKeyword: 'SIMPLE' | 'XTENSION'): ByteSteps<HeaderUnit | null> {
  const cards: string[] = [];
  let position = offset;
  for (;;) {
    const requested = BLOCK_BYTES * BLOCKS_PER_READ;
    const chunk = yield { offset: position, length: requested };
    if (chunk.length === 0 && position === offset) return null;
    const wholeBlocks = Math.floor(chunk.length / BLOCK_BYTES) * BLOCK_BYTES;
    if (position === offset) checkFirstCard(file, chunk, offset, firstKeyword);
    for (let at = 0; at < wholeBlocks; at += 80) {
      const card = chunk.toString('latin1', at, at + 80);
      if (card.startsWith('END     ')) {
        return { cards, dataOffset: position + Math.ceil((at + 80) / BLOCK_BYTES) * BLOCK_BYTES };
      }
      cards.push(card);
      if (cards.length > MAX_HEADER_CARDS) {
        throw new FitsError('bad-header', file, `no END card within ${MAX_HEADER_CARDS} header cards`);
      }
    }
    position += wholeBlocks;
    if (wholeBlocks < chunk.length) {
      throw new FitsError('truncated', file, `the file ends inside a header block, at byte ${position + chunk.length - wholeBlocks}, before END`);
    }
    if (chunk.length < requested) {
      throw new FitsError('truncated', file, `no END card: the header stops at byte ${position}, the end of the data`);
    }
  }
}

function checkFirstCard(file: string, chunk: Buffer, offset: number, keyword: 'SIMPLE' | 'XTENSION'): void {
  const expected = keyword.padEnd(8) + '= ';
  const start = chunk.toString('latin1', 0, Math.min(10, chunk.length));
  if (start === expected) return;
  if (start.length < expected.length && expected.startsWith(start)) {
    throw new FitsError('truncated', file, `the file ends inside a header block, at byte ${offset + start.length}, before END`);
  }
  if (keyword === 'SIMPLE') throw new FitsError('not-fits', file, 'not a FITS file: it does not start with SIMPLE = T');
  throw new FitsError('bad-header', file, `expected an XTENSION header at byte ${offset} after the previous HDU`);
}

function isCompressedImage(cards: readonly string[]): boolean {
  return cards.some((card) => cardKeyword(card) === 'ZIMAGE' && rawCardValue(card) === 'T');
}

function checkCompression(file: string, cards: readonly string[]): void {
  const card = cards.find((c) => cardKeyword(c) === 'ZCMPTYPE');
  const method = (rawCardValue(card ?? '') ?? '').replace(/^'|'$/g, '').trim();
  if (method === 'PLIO_1') {
    throw new FitsError('unsupported', file, 'PLIO_1 tile compression is not supported (its decoder here gives wrong pixels); funpack the file first');
  }
  if (!SUPPORTED_COMPRESSION.has(method)) {
    throw new FitsError('unsupported', file, `tile compression '${method || 'none given'}' is not supported (RICE_1, GZIP_1 and HCOMPRESS_1 are)`);
  }
  if (method === 'GZIP_1' && isQuantizedFloat(cards)) {
    throw new FitsError('unsupported', file, 'quantized floating-point pixels in GZIP_1 tiles are not supported (its decoder here gives wrong pixels); funpack the file first');
  }
  checkCompressionParameters(file, method, cards);
}

/**
 * The algorithm parameters, against the values the tiled-image convention allows: fitsjs-ng's
 * decoders trust them, and a Rice BLOCKSIZE of 0 makes it loop forever (found by
 * test/electron/fits/fuzz.test.ts). Tile sizes are checked by checkTiles.
 */
function checkCompressionParameters(file: string, method: string, cards: readonly string[]): void {
  const raw = (keyword: string): string | null => {
    const card = cards.find((c) => cardKeyword(c) === keyword);
    return card === undefined ? null : (rawCardValue(card) ?? '').replace(/^'|'$/g, '').trim();
  };
  const refuse = (what: string): never => {
    throw new FitsError('bad-header', file, `tile compression: ${what}`);
  };
  const parameters = new Map<string, string>();
  for (let n = 1; raw(`ZNAME${n}`) !== null; n++) parameters.set(raw(`ZNAME${n}`)!.toUpperCase(), raw(`ZVAL${n}`) ?? '');
  const allowed: Record<string, readonly string[]> =
    method === 'RICE_1' ? { BLOCKSIZE: ['16', '32'], BYTEPIX: ['1', '2', '4', '8'] } : method === 'HCOMPRESS_1' ? { SMOOTH: ['0', '1'] } : {};
  for (const [name, values] of Object.entries(allowed)) {
    const value = parameters.get(name);
    if (value !== undefined && !values.includes(value)) refuse(`${method} ${name} = ${value} is not one of ${values.join(', ')}`);
  }
  const scale = parameters.get('SCALE');
  if (method === 'HCOMPRESS_1' && scale !== undefined && !(Number(scale.replace(/[dD]/, 'E')) >= 0)) refuse(`HCOMPRESS_1 SCALE = ${scale} is not a number ≥ 0`);
}

/**
 * The logical image a tile-compressed table claims, against the table itself: one row per
 * tile (of at least one pixel), and no more pixels than the compressed bytes can hold (a tile
 * of 0 rows also made fitsjs-ng loop forever). The image buffer is sized from
 * ZNAXISn before the tiles are decoded, so a 17 KB file whose ZNAXISn say 16384 × 16384 would
 * otherwise cost 1 GB (found by the fuzz test). Rice and gzip tiles cannot shrink data more
 * than DEFLATE's ~1032:1; HCOMPRESS can (a blank tile is a few bytes), so only its tile count
 * and MAX_PIXELS bound it.
 */
function checkTiles(file: string, values: Readonly<Record<string, CardValue>>, compressedBytes: number): void {
  const axes = integerValue(file, values, 'ZNAXIS', 0, 999);
  let tiles = 1;
  let pixels = 1;
  for (let axis = 1; axis <= axes; axis++) {
    const length = integerValue(file, values, `ZNAXIS${axis}`, 0, 2 ** 31 - 1);
    const tile = values[`ZTILE${axis}`] === undefined ? (axis === 1 ? length : 1) : integerValue(file, values, `ZTILE${axis}`, 1, 2 ** 31 - 1);
    tiles *= Math.ceil(length / Math.max(1, tile));
    pixels *= length;
  }
  // Each row holds at least one 8-byte heap descriptor (a P column), or the table is not a tile table.
  if (integerValue(file, values, 'NAXIS1', 0, 2 ** 31 - 1) < 8) throw new FitsError('bad-header', file, `tile compression: rows of ${String(values.NAXIS1)} bytes cannot hold a tile`);
  const rows = integerValue(file, values, 'NAXIS2', 0, 2 ** 31 - 1);
  if (tiles !== rows) {
    throw new FitsError('bad-header', file, `tile compression: ZNAXISn and ZTILEn make ${tiles} tiles, the table has ${rows} rows`);
  }
  const bytes = pixels * (Math.abs(Number(values.ZBITPIX)) / 8);
  const method = String(values.ZCMPTYPE ?? '').trim();
  if (method !== 'HCOMPRESS_1' && bytes > compressedBytes * DEFLATE_MAX_RATIO) {
    throw new FitsError('bad-header', file, `tile compression: ${pixels} pixels cannot come from ${compressedBytes} compressed bytes`);
  }
}

/** Float pixels stored as scaled integers: fitsjs-ng reads GZIP_1 tiles of them as floats (measured against funpack). */
export function isQuantizedFloat(cards: readonly string[]): boolean {
  const value = (keyword: string): string => (rawCardValue(cards.find((c) => cardKeyword(c) === keyword) ?? '') ?? '').replace(/^'|'$/g, '').trim();
  if (!value('ZBITPIX').startsWith('-')) return false;
  const hasScaleColumn = cards.some((c) => /^TTYPE\d+$/.test(cardKeyword(c)) && value(cardKeyword(c)) === 'ZSCALE');
  return hasScaleColumn || cards.some((c) => cardKeyword(c) === 'ZSCALE') || (value('ZQUANTIZ') !== '' && value('ZQUANTIZ') !== 'NONE');
}

/** Bytes of an HDU's data unit: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn). */
function dataUnitBytes(file: string, values: Readonly<Record<string, CardValue>>): number {
  const naxis = integerValue(file, values, 'NAXIS', 0, 999);
  if (naxis === 0) return 0;
  let elements = 1;
  for (let axis = 1; axis <= naxis; axis++) elements *= integerValue(file, values, `NAXIS${axis}`, 0, 2 ** 31 - 1);
  const pcount = values.PCOUNT === undefined ? 0 : integerValue(file, values, 'PCOUNT', 0, 2 ** 53);
  const gcount = values.GCOUNT === undefined ? 1 : integerValue(file, values, 'GCOUNT', 0, 2 ** 31);
  const bytes = (Math.abs(Number(values.BITPIX)) / 8) * gcount * (pcount + elements);
  if (!Number.isSafeInteger(bytes)) throw new FitsError('bad-header', file, `data unit of ${bytes} bytes`);
  return bytes;
}
