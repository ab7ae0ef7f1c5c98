import { describe, expect, it } from 'vitest';
import { splitCard } from '../../renderer/preview/header-card';

const card = (text: string) => text.padEnd(80);

describe('splitCard', () => {
  it.each([
    [card("FILTER  = 'B       '           / filter used when taking image"), 'FILTER', "'B'", 'filter used when taking image'],
    [card('EXPTIME =                  180 / [s] exposure duration'), 'EXPTIME', '180', '[s] exposure duration'],
    [card("OBJECT  = 'M 101 / NGC 5457'   / name of the object"), 'OBJECT', "'M 101 / NGC 5457'", 'name of the object'],
    [card("OBSERVER= 'O''Brien'"), 'OBSERVER', "'O''Brien'", ''],
    [card('SIMPLE  =                    T'), 'SIMPLE', 'T', ''],
    [card('HISTORY NightCal: (light - bias) / flat'), 'HISTORY', 'NightCal: (light - bias) / flat', ''],
    [card('CCD-TEMP=                -10.1 /[C] no space after the slash'), 'CCD-TEMP', '-10.1', '[C] no space after the slash'],
  ])('%s', (text, keyword, value, comment) => {
    expect(splitCard(text)).toEqual({ keyword, value, comment });
  });
});
