import { describe, expect, it } from 'vitest';
import { baseName, formatAdu, formatBytes, formatExposure, formatMilliseconds, formatRate, formatSeconds, formatValue, pathInside } from '../../renderer/format-units';

describe('numbers with their units', () => {
  it.each([
    [0.4234, '0.42 s'],
    [12.34, '12.3 s'],
    [245, '4 min 05 s'],
    [3725, '1 h 02 min'],
    [null, '—'],
  ])('seconds %s → %s', (seconds, text) => expect(formatSeconds(seconds)).toBe(text));

  it('values keep the precision that suits them', () => {
    expect(formatValue(1523.46)).toBe('1523.5');
    expect(formatValue(65535)).toBe('65,535');
    expect(formatValue(1.00213)).toBe('1.00');
    expect(formatValue(0.0123456)).toBe('0.01235');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatAdu(502.31)).toBe('502.3 ADU');
    expect(formatAdu(0.98, true)).toBe('0.9800');
    // A flat's statistics: one precision for the whole column.
    expect([1, 0.99713, 0.050531, 1.11].map((v) => formatAdu(v, true))).toEqual(['1.0000', '0.9971', '0.0505', '1.1100']);
    expect(formatAdu(NaN, true)).toBe('NaN');
  });

  it('rates, exposures, durations, sizes and names', () => {
    expect(formatRate(7.94)).toBe('7.9 fr/s');
    expect(formatRate(null)).toBe('— fr/s');
    expect(formatExposure(300)).toBe('300 s');
    expect(formatExposure(1.25)).toBe('1.25 s');
    expect(formatMilliseconds(850)).toBe('850 ms');
    expect(formatMilliseconds(1250)).toBe('1.25 s');
    expect(formatBytes(23_400_000)).toBe('22.3 MB');
    expect(baseName('Lights/L/M101_0001.fits')).toBe('M101_0001.fits');
    expect(baseName('C:\\nights\\x.fit')).toBe('x.fit');
  });

  it('paths inside a folder lose the folder; others stay whole', () => {
    expect(pathInside('/n/calibrated/Lights/a.fit', '/n/calibrated')).toBe('Lights/a.fit');
    expect(pathInside('/n/calibrated/Lights/a.fit', '/n/calibrated/')).toBe('Lights/a.fit');
    expect(pathInside('C:\\n\\out\\a.fits', 'C:\\n\\out')).toBe('a.fits');
    expect(pathInside('/n/calibrated-old/a.fit', '/n/calibrated')).toBe('/n/calibrated-old/a.fit');
    expect(pathInside('/n/calibrated', '/n/calibrated')).toBe('/n/calibrated');
    expect(pathInside('/n/a.fit', null)).toBe('/n/a.fit');
  });
});
