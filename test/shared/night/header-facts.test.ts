import { describe, expect, test } from 'vitest';
import type { FrameFacts } from '../../../shared/night/frames';
import { frameFacts, type HeaderValues, longitudeValue, parseUtcDate } from '../../../shared/night/header-facts';

const SIZE = { width: 2048, height: 1024 };

/** Each case: the header, the facts it must give (only the fields named), and why. */
const CASES: readonly { readonly why: string; readonly header: HeaderValues; readonly facts: Partial<FrameFacts> }[] = [
  { why: 'EXPTIME as a number', header: { EXPTIME: 60 }, facts: { exposure: 60 } },
  { why: "TIRCAM2 writes EXPTIME as a padded string", header: { EXPTIME: '40      ' }, facts: { exposure: 40 } },
  { why: 'CCDSoft writes Fortran-style reals', header: { EXPTIME: '+2.400000000000E+002' }, facts: { exposure: 240 } },
  { why: 'a Fortran D exponent is a real too', header: { EXPTIME: '1.5D+01' }, facts: { exposure: 15 } },
  { why: 'Andor writes EXPOSURE only (bias = 1e-05 s)', header: { EXPOSURE: 1e-5 }, facts: { exposure: 1e-5 } },
  { why: 'EXPTIME wins over EXPOSURE', header: { EXPTIME: 30, EXPOSURE: 31 }, facts: { exposure: 30 } },
  { why: 'an unreadable EXPTIME falls back to EXPOSURE', header: { EXPTIME: 'n/a s', EXPOSURE: '12' }, facts: { exposure: 12 } },
  { why: 'a negative exposure is no exposure', header: { EXPTIME: -1 }, facts: { exposure: null } },
  { why: 'no exposure keyword', header: {}, facts: { exposure: null, filter: null, imagetyp: null, object: null, dateObs: null, siteLongitude: null } },
  { why: 'FILTER trimmed, case as written', header: { FILTER: '  Ha  ' }, facts: { filter: 'Ha' } },
  { why: "TIRCAM2: FILTER1 'J', FILTER2 'None'", header: { FILTER1: 'J', FILTER2: 'None' }, facts: { filter: 'J' } },
  { why: 'two named wheels are one light path', header: { FILTER1: 'J', FILTER2: 'ND1' }, facts: { filter: 'J+ND1' } },
  { why: "placeholder FILTER falls through to FILTNAME", header: { FILTER: 'None', FILTNAME: 'OIII' }, facts: { filter: 'OIII' } },
  { why: 'an empty FILTER is no filter', header: { FILTER: '' }, facts: { filter: null } },
  { why: "'Na' (sodium) is a filter, not a placeholder", header: { FILTER: 'Na' }, facts: { filter: 'Na' } },
  { why: 'ST-402 binned 1x2', header: { XBINNING: 1, YBINNING: 2, CCDXBIN: 1, CCDYBIN: 2 }, facts: { binX: 1, binY: 2 } },
  { why: 'CCDXBIN/CCDYBIN when XBINNING is absent', header: { CCDXBIN: 2, CCDYBIN: 2 }, facts: { binX: 2, binY: 2 } },
  { why: 'Andor HBIN/VBIN', header: { HBIN: 4, VBIN: 2 }, facts: { binX: 4, binY: 2 } },
  { why: 'binning as a string', header: { XBINNING: '2', YBINNING: '2' }, facts: { binX: 2, binY: 2 } },
  { why: 'no binning keyword means 1x1; 0 is not a binning', header: { XBINNING: 0 }, facts: { binX: 1, binY: 1 } },
  { why: 'CCD-TEMP and SET-TEMP', header: { 'CCD-TEMP': -4.8, TEMPERAT: -4.9, 'SET-TEMP': -5 }, facts: { ccdTemp: -4.8, setTemp: -5 } },
  { why: 'CCD_TEMP spelling', header: { CCD_TEMP: -20.1 }, facts: { ccdTemp: -20.1 } },
  { why: 'TEMPERAT (SBIG) before TEMP', header: { TEMPERAT: -15.2, TEMP: 3 }, facts: { ccdTemp: -15.2 } },
  { why: 'Andor TEMP', header: { TEMP: -90 }, facts: { ccdTemp: -90, setTemp: null } },
  { why: 'GAIN and OFFSET are camera settings', header: { GAIN: 120, OFFSET: 30 }, facts: { gain: 120, offset: 30 } },
  { why: 'EGAIN (e-/ADU) is not the gain setting', header: { EGAIN: 2.06 }, facts: { gain: null } },
  { why: 'DATE-OBS with milliseconds, no zone = UTC', header: { 'DATE-OBS': '2017-09-08T21:18:13.698' }, facts: { dateObs: '2017-09-08T21:18:13.698Z' } },
  { why: 'DATE-OBS without milliseconds', header: { 'DATE-OBS': '2022-10-23T08:31:24' }, facts: { dateObs: '2022-10-23T08:31:24.000Z' } },
  { why: 'DATE-OBS with Z', header: { 'DATE-OBS': '2026-03-01T22:00:00Z' }, facts: { dateObs: '2026-03-01T22:00:00.000Z' } },
  { why: 'an explicit zone is converted to UTC', header: { 'DATE-OBS': '2026-03-01T23:30:00+02:00' }, facts: { dateObs: '2026-03-01T21:30:00.000Z' } },
  { why: 'microseconds are rounded to the millisecond', header: { 'DATE-OBS': '2026-03-01T22:00:00.1234567' }, facts: { dateObs: '2026-03-01T22:00:00.123Z' } },
  { why: 'a space instead of T', header: { 'DATE-OBS': '2026-03-01 22:00:00' }, facts: { dateObs: '2026-03-01T22:00:00.000Z' } },
  { why: 'date-only DATE-OBS + TIME-OBS', header: { 'DATE-OBS': '2022-10-23', 'TIME-OBS': '08:31:24.5' }, facts: { dateObs: '2022-10-23T08:31:24.500Z' } },
  { why: 'date-only DATE-OBS + UT (IRAF)', header: { 'DATE-OBS': '2001-06-01', UT: '03:12:44' }, facts: { dateObs: '2001-06-01T03:12:44.000Z' } },
  { why: 'pre-1999 FITS date DD/MM/YY + TIME-OBS', header: { 'DATE-OBS': '23/10/98', 'TIME-OBS': '01:02:03' }, facts: { dateObs: '1998-10-23T01:02:03.000Z' } },
  { why: 'a date alone does not say when the exposure began', header: { 'DATE-OBS': '2022-10-23' }, facts: { dateObs: null } },
  { why: 'Andor FRAME when there is no DATE-OBS', header: { FRAME: '2022-09-22T18:44:17.000', DATE: '2022-09-22T19:00:00' }, facts: { dateObs: '2022-09-22T18:44:17.000Z' } },
  { why: 'DATE (file creation) is not the start of exposure', header: { DATE: '2022-09-22T19:00:00' }, facts: { dateObs: null } },
  { why: 'an impossible date', header: { 'DATE-OBS': '2022-02-30T10:00:00' }, facts: { dateObs: null } },
  { why: 'SITELONG as a number', header: { SITELONG: -71.125 }, facts: { siteLongitude: -71.125 } },
  { why: "SITELONG '-71 07 30'", header: { SITELONG: '-71 07 30' }, facts: { siteLongitude: -71.125 } },
  { why: "SITELONG '-71:07:30'", header: { SITELONG: '-71:07:30' }, facts: { siteLongitude: -71.125 } },
  { why: 'OBSGEO-L in 0..360 is wrapped to east-positive ±180', header: { 'OBSGEO-L': 355.5 }, facts: { siteLongitude: -4.5 } },
  { why: 'LONG-OBS last', header: { 'LONG-OBS': 5.7133 }, facts: { siteLongitude: 5.7133 } },
  { why: 'SITELONG before OBSGEO-L', header: { SITELONG: 10, 'OBSGEO-L': 20 }, facts: { siteLongitude: 10 } },
  { why: 'OBJECT as written', header: { OBJECT: 'M 31 ' }, facts: { object: 'M 31' } },
  { why: "OBJECT 'None' is a placeholder", header: { OBJECT: 'None' }, facts: { object: null } },
  { why: 'IMAGETYP trimmed', header: { IMAGETYP: 'Light Frame  ' }, facts: { imagetyp: 'Light Frame' } },
  { why: "DWARF II writes EXP only", header: { EXP: 15 }, facts: { exposure: 15 } },
  { why: 'EXPOSURE wins over EXP', header: { EXPOSURE: 10, EXP: 15 }, facts: { exposure: 10 } },
  { why: "DWARF II BINNING = '2*2'", header: { BINNING: '2*2     ' }, facts: { binX: 2, binY: 2 } },
  { why: "BINNING = '2x1'", header: { BINNING: '2x1' }, facts: { binX: 2, binY: 1 } },
  { why: 'BINNING as a number', header: { BINNING: 3 }, facts: { binX: 3, binY: 3 } },
  { why: 'XBINNING wins over BINNING', header: { XBINNING: 1, YBINNING: 1, BINNING: '2*2' }, facts: { binX: 1, binY: 1 } },
  { why: "BINNING that is no binning", header: { BINNING: 'on' }, facts: { binX: 1, binY: 1 } },
  { why: 'the unset-cooler SET-TEMP is no set-point', header: { 'SET-TEMP': -1.79769313486232e308, 'CCD-TEMP': 21.3 }, facts: { setTemp: null, ccdTemp: 21.3, temperature: 21.3, temperatureSource: 'CCD-TEMP' } },
  { why: 'the unset-cooler value as a string', header: { 'SET-TEMP': '-1.79769313486232E+308' }, facts: { setTemp: null, temperature: null, temperatureSource: null } },
  { why: "Andor's -999 is no reading", header: { TEMP: -999 }, facts: { ccdTemp: null } },
  { why: 'an LN2-cooled CCD at -120 °C is plausible', header: { 'CCD-TEMP': -120 }, facts: { ccdTemp: -120, temperatureSource: 'CCD-TEMP' } },
  { why: '+85 °C is no sensor temperature', header: { 'CCD-TEMP': 85 }, facts: { ccdTemp: null } },
  { why: 'SET-TEMP is the temperature to match by', header: { 'SET-TEMP': -10, 'CCD-TEMP': -9.8 }, facts: { temperature: -10, temperatureSource: 'SET-TEMP' } },
  { why: 'READOUTM as written', header: { READOUTM: 'High Gain Mode  ' }, facts: { readoutMode: 'High Gain Mode' } },
  { why: 'READMODE when READOUTM is absent (Andor)', header: { READMODE: 'Image' }, facts: { readoutMode: 'Image' } },
  { why: 'a numbered readout mode is text', header: { READOUTM: 1 }, facts: { readoutMode: '1' } },
  { why: 'INSTRUME trimmed', header: { INSTRUME: 'ZWO ASI2600MC Pro  ' }, facts: { camera: 'ZWO ASI2600MC Pro' } },
  { why: 'a blank INSTRUME names no camera', header: { INSTRUME: '        ' }, facts: { camera: null } },
  { why: 'subframe origin', header: { XORGSUBF: 100, YORGSUBF: 50 }, facts: { subframe: { x: 100, y: 50 } } },
  { why: 'half a subframe origin is none', header: { XORGSUBF: 100 }, facts: { subframe: null } },
  { why: "INDI's FRAME names the type", header: { FRAME: 'Light' }, facts: { indiFrame: 'Light', dateObs: null } },
  { why: "Andor's FRAME is a date, not a type", header: { FRAME: '2022-09-22T18:44:17.000' }, facts: { indiFrame: null } },
  { why: 'SATURATE in ADU', header: { SATURATE: 65535 }, facts: { saturation: 65535 } },
  { why: 'DATE-END when written', header: { 'DATE-OBS': '2026-03-01T22:00:00', 'DATE-END': '2026-03-01T22:02:00.5', EXPTIME: 120 }, facts: { dateEnd: '2026-03-01T22:02:00.500Z' } },
  { why: 'DATE-END is DATE-OBS plus the exposure', header: { 'DATE-OBS': '2026-03-01T22:00:00', EXPTIME: 120.25 }, facts: { dateEnd: '2026-03-01T22:02:00.250Z' } },
  { why: 'no end without an exposure', header: { 'DATE-OBS': '2026-03-01T22:00:00' }, facts: { dateEnd: null } },
];

describe('frameFacts', () => {
  test.each(CASES)('$why', ({ header, facts }) => {
    const result = frameFacts({ values: header, cards: [] }, SIZE);
    for (const [key, value] of Object.entries(facts)) expect(result[key as keyof FrameFacts], key).toEqual(value);
  });

  test('width and height come from the image layout, not the header', () => {
    const result = frameFacts({ values: { NAXIS1: 10, NAXIS2: 20 }, cards: [] }, { width: 765, height: 255 });
    expect([result.width, result.height]).toEqual([765, 255]);
  });

  test('the header values are not changed', () => {
    const header = Object.freeze({ EXPTIME: '40      ', FILTER1: 'J', FILTER2: 'None' });
    expect(() => frameFacts({ values: header, cards: [] }, SIZE)).not.toThrow();
    expect(header).toEqual({ EXPTIME: '40      ', FILTER1: 'J', FILTER2: 'None' });
  });
});

describe('longitudeValue', () => {
  test.each([
    ['+005 42 56', 5 + 42 / 60 + 56 / 3600, 'sexagesimal with a plus sign'],
    ['-0 30 00', -0.5, 'the sign of -0 degrees still counts'],
    ['71d07m30s W', -71.125, 'an explicit W means west'],
    ['E 5.5', 5.5, 'an explicit E'],
    ['-71.125', -71.125, 'a decimal string'],
    ['abc', null, 'not an angle'],
    ['10 75 00', null, 'minutes must be below 60'],
    [400, null, 'out of range'],
    [-190, 170, 'wrapped into ±180'],
  ] as const)('%s → %s (%s)', (input, expected, _why) => {
    const result = longitudeValue(input);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 12);
  });
});

describe('parseUtcDate', () => {
  test.each([
    ['2017-10-18T00:11:47.065', Date.UTC(2017, 9, 18, 0, 11, 47, 65)],
    ['2017-10-18T00:11:47.065Z', Date.UTC(2017, 9, 18, 0, 11, 47, 65)],
    ['2017-10-18T00:11', Date.UTC(2017, 9, 18, 0, 11)],
    ['2017-10-18T02:11:47-0400', Date.UTC(2017, 9, 18, 6, 11, 47)],
    ['2017-10-18T25:00:00', null],
    ['yesterday', null],
  ] as const)('%s', (text, expected) => {
    expect(parseUtcDate(text)).toBe(expected);
  });
});
