/**
 * FITS header cards as 80-character strings, in the standard's fixed format: keyword in
 * columns 1–8, "= " in 9–10, strings quoted from column 11, other values right-justified to
 * column 30, then " / comment". Mandatory keywords must be written this way (fitsverify).
 */
import type { CardValue } from './fits-file';

/** Characters per card. */
export const CARD_LENGTH = 80;
/** Text characters of a COMMENT or HISTORY card (80 minus the 8-column keyword). */
export const COMMENTARY_TEXT_LENGTH = 72;
/** Characters of a string value between its quotes when it fills the card. */
const MAX_STRING_CHARS = CARD_LENGTH - 10 - 2;
/** Width of the fixed-format value field: columns 11 to 30. */
const VALUE_FIELD = 20;

const KEYWORD = /^[A-Z0-9_-]{1,8}$/;
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);

/** One card in fixed format; a string too long for the card is cut, never the card. */
export function formatCard(key: string, value: CardValue, comment?: string): string {
  const keyword = key.trim().toUpperCase();
  if (COMMENTARY.has(keyword)) return commentaryCard(keyword, value === null ? '' : String(value));
  if (!KEYWORD.test(keyword) || keyword === 'END') {
    throw new RangeError(`'${key}' is not a valid FITS keyword (1–8 of A–Z, 0–9, '-', '_'; not END)`);
  }
  const valueText = typeof value === 'string' ? quoteString(value) : formatScalar(keyword, value);
  let card = keyword.padEnd(8) + '= ' + valueText;
  const note = printable(comment ?? '').trim();
  if (note !== '') {
    // Short values are padded to column 30 so comments line up, as cfitsio and astropy do.
    const withField = keyword.padEnd(8) + '= ' + valueText.padEnd(VALUE_FIELD);
    const room = CARD_LENGTH - withField.length - 3;
    if (room > 0) card = `${withField} / ${note.slice(0, room)}`;
  }
  return card.padEnd(CARD_LENGTH);
}

/** 'HISTORY ' cards for a text, wrapped at word boundaries to 72 characters a card. */
export function historyCards(text: string): string[] {
  return wrapText(spelledInAscii(text)).map((line) => commentaryCard('HISTORY', line));
}

/** 'COMMENT ' cards for a text, wrapped like historyCards. */
export function commentCards(text: string): string[] {
  return wrapText(spelledInAscii(text)).map((line) => commentaryCard('COMMENT', line));
}

/** The keyword of a card (columns 1–8, trimmed, upper case); '' for a blank card. */
export function cardKeyword(card: string): string {
  return card.slice(0, 8).trim().toUpperCase();
}

/** True when the card carries a value ("= " in columns 9–10). */
export function cardHasValue(card: string): boolean {
  return card.slice(8, 10) === '= ';
}

/** The raw value text of a card (columns 11 on, without the comment), or null. */
export function rawCardValue(card: string): string | null {
  if (!cardHasValue(card)) return null;
  const rest = card.slice(10);
  const trimmed = rest.trimStart();
  if (trimmed.startsWith("'")) {
    let pos = 1;
    while (pos < trimmed.length) {
      const quote = trimmed.indexOf("'", pos);
      if (quote === -1) return trimmed.trimEnd();
      if (trimmed[quote + 1] === "'") {
        pos = quote + 2;
        continue;
      }
      return trimmed.slice(0, quote + 1);
    }
    return trimmed.trimEnd();
  }
  const slash = rest.indexOf('/');
  return (slash === -1 ? rest : rest.slice(0, slash)).trim();
}

function commentaryCard(keyword: string, text: string): string {
  return (keyword.padEnd(8) + printable(text)).slice(0, CARD_LENGTH).padEnd(CARD_LENGTH);
}

function quoteString(value: string): string {
  const clean = printable(value).replace(/\s+$/, '');
  let escaped = '';
  for (const char of clean) {
    const piece = char === "'" ? "''" : char;
    // Never split a doubled quote: a lone ' would end the string early.
    if (escaped.length + piece.length > MAX_STRING_CHARS) break;
    escaped += piece;
  }
  // The standard asks for at least 8 characters between the quotes.
  return `'${escaped.padEnd(8)}'`;
}

function formatScalar(keyword: string, value: Exclude<CardValue, string>): string {
  if (value === null) return ''.padEnd(VALUE_FIELD);
  if (typeof value === 'boolean') return (value ? 'T' : 'F').padStart(VALUE_FIELD);
  if (!Number.isFinite(value)) {
    throw new RangeError(`${keyword}: ${value} cannot be written in a FITS header`);
  }
  return formatNumber(value).padStart(VALUE_FIELD);
}

/** Integers as integers; reals with a decimal point and an upper-case exponent, ≤ 20 chars. */
function formatNumber(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  let text = Number.isInteger(value) ? value.toExponential() : String(value);
  for (let digits = 16; text.length > VALUE_FIELD; digits--) text = value.toExponential(digits);
  const [mantissa, exponent] = text.split('e');
  const withPoint = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withPoint : `${withPoint}E${exponent.startsWith('-') ? exponent : `+${exponent.replace('+', '')}`}`;
}

/** FITS headers hold printable ASCII only: anything else becomes '?'. */
/**
 * The ASCII a FITS card allows: the typography of NightCal's own words spelt out (−10.0 °C as
 * -10.0 C, × as x, · as ., …), anything else left as '?'.
 */
const ASCII_SPELLING: readonly (readonly [RegExp, string])[] = [
  [/[−–—]/g, '-'],
  [/ ?°C/g, ' C'],
  [/°/g, ' deg'],
  [/×/g, 'x'],
  [/·/g, '.'],
  [/…/g, '...'],
  [/[‘’]/g, "'"],
  [/[“”]/g, '"'],
  [/±/g, '+/-'],
  [/²/g, '^2'],
];

function spelledInAscii(text: string): string {
  let ascii = text;
  for (const [pattern, spelling] of ASCII_SPELLING) ascii = ascii.replace(pattern, spelling);
  return ascii;
}

function printable(text: string): string {
  return spelledInAscii(text.replace(/[\r\n\t]/g, ' ')).replace(/[^\x20-\x7e]/g, '?');
}

function wrapText(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter((w) => w !== '')) {
      let rest = word;
      while (rest.length > COMMENTARY_TEXT_LENGTH) {
        if (line !== '') lines.push(line);
        lines.push(rest.slice(0, COMMENTARY_TEXT_LENGTH));
        rest = rest.slice(COMMENTARY_TEXT_LENGTH);
        line = '';
      }
      if (rest === '') continue;
      if (line === '') line = rest;
      else if (line.length + 1 + rest.length <= COMMENTARY_TEXT_LENGTH) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}
