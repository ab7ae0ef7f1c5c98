/**
 * Writing standard FITS images: float32 (calibrated frames, masters) and unsigned 16-bit
 * (BITPIX 16 + BZERO 32768, as cameras write). Our own writer because fitsjs-ng writes the
 * mandatory cards in free format (fitsverify: 5 errors on a plain image) and copies the data:
 * a 4096² float32 file takes 230–310 ms through it against ~50 ms here with a reused data
 * buffer, ~85 ms with a fresh one (test/bench/fits-io-bench.ts, 2-core machine).
 */
import { endianness } from 'node:os';
import type { FitsHeader } from './fits-file';
import { cardKeyword, CARD_LENGTH, formatCard } from './header-cards';
import { paddedSize } from './image-layout';

export { commentCards, formatCard, historyCards } from './header-cards';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Keywords that describe a file's structure, which a new file must state for itself. */
const STRUCTURAL =
  /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|BZERO|BSCALE|BLANK|CHECKSUM|DATASUM|END|TFIELDS|THEAP|T(TYPE|FORM|UNIT|DIM|NULL|SCAL|ZERO|DISP)\d+|ZIMAGE|ZCMPTYPE|ZTILE\d+|ZNAME\d+|ZVAL\d+|ZMASKCMP|ZQUANTIZ|ZDITHER0|ZSIMPLE|ZTENSION|ZBITPIX|ZNAXIS\d*|ZEXTEND|ZBLOCKED|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZBLANK)$/;

/**
 * The header's cards minus the structural ones, so a new file keeps the raw header without
 * contradicting itself. Bytes outside printable ASCII (a camera writing Latin-1 or UTF-8 into
 * OBSERVER) become '?': FITS allows nothing else, and encodeHeader refuses them.
 */
export function keptCards(header: FitsHeader): string[] {
  return header.cards.filter((card) => !STRUCTURAL.test(cardKeyword(card)) && !REWRITTEN.has(cardKeyword(card))).map((card) => card.replace(/[^\x20-\x7e]/g, '?'));
}

/**
 * Cards NightCal's outputs write anew instead of keeping: CALSTAT says every step applied, the
 * capture software's and NightCal's together (two CALSTAT cards make fitsverify warn).
 */
const REWRITTEN = new Set(['CALSTAT']);

/** SIMPLE, BITPIX, NAXIS, NAXIS1, NAXIS2, EXTEND (+ BZERO = 32768, BSCALE = 1 for BITPIX 16). */
export function imageStructureCards(bitpix: -32 | 16, width: number, height: number): string[] {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size ${width} × ${height} is not a positive whole number of pixels`);
  }
  const cards = [
    formatCard('SIMPLE', true, 'file conforms to FITS standard'),
    formatCard('BITPIX', bitpix, bitpix === -32 ? 'IEEE single precision floating point' : 'bits per data pixel'),
    formatCard('NAXIS', 2, 'number of data axes'),
    formatCard('NAXIS1', width, 'length of data axis 1'),
    formatCard('NAXIS2', height, 'length of data axis 2'),
    formatCard('EXTEND', true, 'FITS dataset may contain extensions'),
  ];
  if (bitpix === 16) {
    cards.push(formatCard('BZERO', 32768, 'offset data range to that of unsigned short'), formatCard('BSCALE', 1, 'default scaling factor'));
  }
  return cards;
}

/** All cards + END, padded with spaces to a multiple of 2880 bytes. */
export function encodeHeader(cards: readonly string[]): Buffer {
  const size = paddedSize((cards.length + 1) * CARD_LENGTH);
  const header = Buffer.alloc(size, 0x20);
  cards.forEach((card, index) => {
    if (card.length !== CARD_LENGTH || !/^[\x20-\x7e]*$/.test(card)) {
      throw new RangeError(`header card ${index} is not 80 printable ASCII characters: '${card}'`);
    }
    header.write(card, index * CARD_LENGTH, 'latin1');
  });
  header.write('END', cards.length * CARD_LENGTH, 'latin1');
  return header;
}

/** Big-endian float32 pixel data padded with zeros to 2880; written into `target` when it is big enough. `data` is not modified. */
export function encodeFloat32Data(data: Float32Array, target?: Buffer): Buffer {
  const bytes = data.length * 4;
  const out = dataBuffer(bytes, target);
  out.set(new Uint8Array(data.buffer, data.byteOffset, bytes));
  if (LITTLE_ENDIAN_HOST) out.subarray(0, bytes).swap32();
  out.fill(0, bytes);
  return out;
}

/**
 * Pixel data computed in place: the first `count` × 4 bytes of `target` hold host-order
 * float32 values (written through a Float32Array view, so the light hot path never copies
 * a frame); they are swapped to big-endian here and the block is zero-padded to 2880.
 */
export function float32DataInPlace(target: Buffer, count: number): Buffer {
  const bytes = count * 4;
  const out = dataBuffer(bytes, target);
  if (out.buffer !== target.buffer || out.byteOffset !== target.byteOffset) {
    throw new RangeError('float32DataInPlace: target is smaller than the padded data unit');
  }
  if (LITTLE_ENDIAN_HOST) out.subarray(0, bytes).swap32();
  out.fill(0, bytes);
  return out;
}

/** Values 0..65535 (rounded, clipped; NaN → 0) as BITPIX 16 with BZERO 32768, big-endian, padded. */
export function encodeUint16Data(values: Float32Array, target?: Buffer): Buffer {
  const bytes = values.length * 2;
  const out = dataBuffer(bytes, target);
  if (out.byteOffset % 2 === 0) {
    const stored = new Uint16Array(out.buffer, out.byteOffset, values.length);
    for (let i = 0; i < values.length; i++) stored[i] = storedUint16(values[i]);
    if (LITTLE_ENDIAN_HOST) out.subarray(0, bytes).swap16();
  } else {
    for (let i = 0; i < values.length; i++) out.writeUInt16BE(storedUint16(values[i]), i * 2);
  }
  out.fill(0, bytes);
  return out;
}

/** Header and data of a complete float32 image file, as chunks for one writev (data into `target` when big enough). */
export function encodeFloat32Image(extraCards: readonly string[], width: number, height: number, data: Float32Array, target?: Buffer): Buffer[] {
  if (data.length !== width * height) {
    throw new RangeError(`encodeFloat32Image: ${data.length} values for a ${width} × ${height} image`);
  }
  return [encodeHeader([...imageStructureCards(-32, width, height), ...extraCards]), encodeFloat32Data(data, target)];
}

/** Header and data of a complete unsigned 16-bit image file (camera style), as chunks for one writev. */
export function encodeUint16Image(extraCards: readonly string[], width: number, height: number, values: Float32Array, target?: Buffer): Buffer[] {
  if (values.length !== width * height) {
    throw new RangeError(`encodeUint16Image: ${values.length} values for a ${width} × ${height} image`);
  }
  return [encodeHeader([...imageStructureCards(16, width, height), ...extraCards]), encodeUint16Data(values, target)];
}

// Unsigned 0..65535 stored as signed with BZERO 32768: flipping the top bit is the subtraction.
// Rounds half up as Math.round does (floor(v + 0.5), by truncation since v + 0.5 > 0), NaN → 0.
function storedUint16(value: number): number {
  const shifted = value + 0.5;
  const clipped = shifted >= 65535 ? 65535 : shifted > 0 ? shifted | 0 : 0;
  return clipped ^ 0x8000;
}

function dataBuffer(bytes: number, target: Buffer | undefined): Buffer {
  const size = paddedSize(bytes);
  return target !== undefined && target.length >= size ? target.subarray(0, size) : Buffer.allocUnsafeSlow(size);
}
