/**
 * Header cards → keyword values, and the logical image header of a tile-compressed HDU.
 * Strings are unquoted by fitsjs-ng's `Header` (doubled quotes, slashes inside quotes);
 * numbers and logicals are read from the raw card, because real cameras write `T/comment`
 * without a space and Fortran `D` exponents, which Header's parseFloat gets wrong.
 */
import { Header } from 'fitsjs-ng';
import type { CardValue, FitsHeader } from './fits-file';
import { FitsError } from './fits-error';
import { cardHasValue, cardKeyword, formatCard, rawCardValue } from './header-cards';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/;

/** Keyword → value of the cards (first occurrence wins; COMMENT and HISTORY left out). */
export function parseHeaderValues(cards: readonly string[], file: string): Record<string, CardValue> {
  const firstCards: string[] = [];
  const seen = new Set<string>();
  for (const card of cards) {
    const keyword = cardKeyword(card);
    if (!cardHasValue(card) || keyword === '' || keyword === 'COMMENT' || keyword === 'HISTORY') continue;
    if (seen.has(keyword)) continue;
    seen.add(keyword);
    firstCards.push(card.padEnd(80).slice(0, 80));
  }
  // Only the string cards go through Header: its checks of structural keywords (EXTEND in an
  // extension, PCOUNT, GCOUNT…) would refuse files that are merely untidy.
  const stringCards = firstCards.filter((card) => (rawCardValue(card) ?? '').startsWith("'"));
  let header: Header;
  try {
    header = new Header(stringCards.join(''), stringCards.length + 1, () => undefined);
  } catch (error) {
    throw new FitsError('bad-header', file, `unreadable header: ${(error as Error).message}`);
  }
  const values: Record<string, CardValue> = {};
  for (const card of firstCards) {
    const keyword = cardKeyword(card);
    const raw = rawCardValue(card) ?? '';
    values[keyword] = raw.startsWith("'") ? stringValue(header, card) : scalarValue(raw);
  }
  return values;
}

function stringValue(header: Header, card: string): CardValue {
  const value = header.get(card.slice(0, 8).trim());
  return typeof value === 'string' ? value : String(value ?? '');
}

function scalarValue(raw: string): CardValue {
  if (raw === 'T') return true;
  if (raw === 'F') return false;
  if (NUMBER.test(raw)) return Number(raw.replace(/[dD]/, 'E'));
  // An empty value field is FITS's "undefined value"; complex numbers and junk become null too.
  return null;
}

/** A header as FitsHeader: its cards and their values. */
export function toFitsHeader(cards: readonly string[], file: string): FitsHeader {
  return { cards, values: parseHeaderValues(cards, file) };
}

/** Table keywords of a tile-compressed HDU, which say nothing about the image. */
const COMPRESSED_TABLE_KEYWORD =
  /^(XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|THEAP|T(TYPE|FORM|UNIT|DIM|NULL|SCAL|ZERO|DISP)\d+|ZIMAGE|ZCMPTYPE|ZTILE\d+|ZNAME\d+|ZVAL\d+|ZMASKCMP|ZQUANTIZ|ZDITHER0|ZSIMPLE|ZTENSION|ZBITPIX|ZNAXIS\d*|ZEXTEND|ZBLOCKED|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZBLANK|CHECKSUM|DATASUM|END)$/;

/**
 * The image a tile-compressed BINTABLE stands for, as a primary header: SIMPLE, BITPIX from
 * ZBITPIX, NAXISn from ZNAXISn, EXTEND from ZEXTEND, then the image's own keywords.
 */
export function logicalImageCards(tableCards: readonly string[], tableValues: Record<string, CardValue>): string[] {
  const naxis = Number(tableValues.ZNAXIS);
  const cards = [
    formatCard('SIMPLE', true, 'conforms to FITS standard'),
    formatCard('BITPIX', tableValues.ZBITPIX ?? null, 'array data type'),
    formatCard('NAXIS', tableValues.ZNAXIS ?? null, 'number of array dimensions'),
  ];
  for (let axis = 1; axis <= naxis && axis <= 999; axis++) {
    cards.push(formatCard(`NAXIS${axis}`, tableValues[`ZNAXIS${axis}`] ?? null));
  }
  if (typeof tableValues.ZEXTEND === 'boolean') cards.push(formatCard('EXTEND', tableValues.ZEXTEND));
  for (const card of tableCards) {
    const keyword = cardKeyword(card);
    if (COMPRESSED_TABLE_KEYWORD.test(keyword)) continue;
    if (keyword === 'EXTNAME' && /^'COMPRESSED_IMAGE\s*'/.test(rawCardValue(card) ?? '')) continue;
    cards.push(card);
  }
  return cards;
}
