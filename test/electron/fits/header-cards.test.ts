import { describe, expect, it } from 'vitest';
import { commentCards, formatCard, historyCards } from '../../../electron/fits/write-fits';
import { cardKeyword, rawCardValue } from '../../../electron/fits/header-cards';

/** An expected card written out by hand: the text, padded with spaces to 80 columns. */
const card = (text: string): string => text.padEnd(80);

describe('formatCard: the fixed format', () => {
  it.each([
    // value right-justified to column 30, comment from column 32
    ['BITPIX', -32, 'bits', 'BITPIX  =                  -32 / bits'],
    ['NAXIS1', 4096, undefined, 'NAXIS1  =                 4096'],
    ['SIMPLE', true, 'conforms', 'SIMPLE  =                    T / conforms'],
    ['EXTEND', false, undefined, 'EXTEND  =                    F'],
    ['BZERO', 32768, undefined, 'BZERO   =                32768'],
    ['EXPTIME', 0.05, '[s]', 'EXPTIME =                 0.05 / [s]'],
    ['DARKRATE', 1e-7, undefined, 'DARKRATE=               1.0E-7'],
    ['BIG', 1.5e21, undefined, 'BIG     =              1.5E+21'],
    ['CCD-TEMP', -10.25, undefined, 'CCD-TEMP=               -10.25'],
    // strings quoted from column 11, at least 8 characters inside the quotes, comment after column 30
    ['FILTER', 'R', 'filter', "FILTER  = 'R       '           / filter"],
    ['IMAGETYP', 'Light Frame', undefined, "IMAGETYP= 'Light Frame'"],
    ['OBSERVER', "O'Hara", undefined, "OBSERVER= 'O''Hara '"],
    ['OBJECT', '', undefined, "OBJECT  = '        '"],
    // undefined value: a blank value field
    ['DATAMIN', null, 'unknown', 'DATAMIN =                      / unknown'],
    // lower-case keywords are written upper-case
    ['exptime', 60, undefined, 'EXPTIME =                   60'],
  ] as const)('%s = %s', (key, value, comment, expected) => {
    const formatted = formatCard(key, value, comment);
    expect(formatted).toBe(card(expected));
    expect(formatted).toHaveLength(80);
  });

  it('puts the value of a numeric card in columns 11–30 exactly', () => {
    const formatted = formatCard('NAXIS2', 123);
    expect(formatted.slice(0, 10)).toBe('NAXIS2  = ');
    expect(formatted.slice(10, 30)).toBe('                 123');
    expect(formatted[29]).toBe('3');
  });

  it('cuts a long string to fit the card and keeps the closing quote', () => {
    const formatted = formatCard('NOTES', 'x'.repeat(100), 'dropped');
    expect(formatted).toBe(`NOTES   = '${'x'.repeat(68)}'`);
    expect(formatted).toHaveLength(80);
  });

  it('never splits a doubled quote when cutting', () => {
    const formatted = formatCard('NOTES', `${'x'.repeat(67)}'abc`);
    expect(formatted).toBe(card(`NOTES   = '${'x'.repeat(67)}'`));
    expect(rawCardValue(formatted)).toBe(`'${'x'.repeat(67)}'`);
  });

  it('shortens a comment that does not fit, and drops it when no room is left', () => {
    const formatted = formatCard('OBJECT', 'M51', 'c'.repeat(100));
    expect(formatted).toBe(`OBJECT  = 'M51     '           / ${'c'.repeat(47)}`);
    expect(formatCard('NOTES', 'x'.repeat(66), 'gone')).toBe(card(`NOTES   = '${'x'.repeat(66)}'`));
  });

  it('replaces characters FITS cannot hold: a dash by its ASCII spelling, the rest by ?', () => {
    expect(formatCard('SITE', 'Pic du Midi — 2877 m')).toBe(card("SITE    = 'Pic du Midi - 2877 m'"));
    expect(formatCard('SITE', 'Zürich')).toBe(card("SITE    = 'Z?rich  '"));
  });

  it('refuses keywords and values that cannot be written', () => {
    expect(() => formatCard('TOOLONGKEY', 1)).toThrow(RangeError);
    expect(() => formatCard('BAD KEY', 1)).toThrow(RangeError);
    expect(() => formatCard('END', 1)).toThrow(RangeError);
    expect(() => formatCard('MEAN', Number.NaN)).toThrow(/MEAN/);
    expect(() => formatCard('MEAN', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('formats reals so that they read back as the same number', () => {
    for (const value of [0.1, -2.5e-12, 123456.789, 6.02214076e23, Math.PI, -1e300]) {
      const raw = rawCardValue(formatCard('X', value)) ?? '';
      expect(raw.length).toBeLessThanOrEqual(20);
      expect(raw).toMatch(/^-?\d+\.\d*(E[+-]\d+)?$/);
      expect(Number(raw)).toBe(value);
    }
  });
});

describe('HISTORY and COMMENT cards', () => {
  it('wraps at word boundaries to 72 characters', () => {
    const text = `${'word '.repeat(20)}end`;
    const cards = historyCards(text);
    expect(cards).toEqual([
      card(`HISTORY ${'word '.repeat(14).trim()}`),
      card(`HISTORY ${'word '.repeat(6)}end`),
    ]);
    for (const c of cards) expect(c).toHaveLength(80);
  });

  it('breaks a word longer than a card, and keeps line breaks', () => {
    const long = 'p'.repeat(100);
    expect(commentCards(`a\n${long}`)).toEqual([card('COMMENT a'), card(`COMMENT ${'p'.repeat(72)}`), card(`COMMENT ${'p'.repeat(28)}`)]);
  });

  it('gives one blank card for empty text', () => {
    expect(historyCards('')).toEqual([card('HISTORY')]);
  });

  it('reads keywords back from cards', () => {
    expect(cardKeyword(historyCards('x')[0])).toBe('HISTORY');
    expect(cardKeyword(formatCard('CCD-TEMP', -10))).toBe('CCD-TEMP');
  });
});

describe('NightCal’s own typography in a card', () => {
  it("is spelt in ASCII, not lost as ?", () => {
    const [card] = historyCards('dark at −5.1 °C for lights at −10.0 °C, × 2 · 3…');
    expect(card.trimEnd()).toBe('HISTORY dark at -5.1 C for lights at -10.0 C, x 2 . 3...');
    expect(formatCard('NOTE', 'α −1', 'rate ± 2°').trimEnd()).toBe("NOTE    = '? -1    '           / rate +/- 2 deg");
  });
});
