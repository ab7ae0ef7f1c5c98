/**
 * What other programs did to a file, read from its header: calibration steps already applied,
 * masters and who made them, stacked products, and the sky scale of a pixel.
 */
import { describe, expect, test } from 'vitest';
import type { FrameFacts } from '../../../shared/night/frames';
import { frameFacts, type HeaderValues } from '../../../shared/night/header-facts';

const SIZE = { width: 100, height: 80 };
const history = (...lines: string[]) => lines.map((line) => `HISTORY ${line}`.padEnd(80));
const facts = (values: HeaderValues, cards: string[] = []): FrameFacts => frameFacts({ values, cards }, SIZE);

describe('precalibrated steps', () => {
  test.each([
    ['MaxIm CALSTAT letters', { CALSTAT: 'BDF     ' }, [], [true, true, true], ["CALSTAT = 'BDF'"]],
    ['CALSTAT of a dark alone: the bias went with it', { CALSTAT: 'D' }, [], [true, true, false], ["CALSTAT = 'D'"]],
    ['CALSTAT with no step letter is no evidence', { CALSTAT: 'X' }, [], [false, false, false], []],
    ['MaxIm flat field, not its flat\'s own bias', {}, history('Flat Field (Flat L 1, L, 4864 x 3232, Bin1 x 1, Temp -35C,', 'Flat-Bias(Bias 1,4864 x 3232,Bin1 x 1,Temp -35C,Exp Time 0ms)'), [false, false, true],
      ['HISTORY Flat Field (Flat L 1, L, 4864 x 3232, Bin1 x 1, Temp -35C, (MaxIm DL)']],
    ['AstroImageJ', {}, history('Bias corrected with mbias.fits', 'Dark corrected with (deBiased) mdark.fits', 'Flat corrected with mflat.fits'), [true, true, true],
      ['HISTORY Bias corrected with mbias.fits (AstroImageJ)', 'HISTORY Dark corrected with (deBiased) mdark.fits (AstroImageJ)', 'HISTORY Flat corrected with mflat.fits (AstroImageJ)']],
    ['PixInsight ImageCalibration: only enabled steps count', {}, history('ImageCalibration.masterBias.enabled: false', 'ImageCalibration.masterDark.enabled: true', 'ImageCalibration.masterDark.fileName: dark.xisf', 'ImageCalibration.masterFlat.enabled: true'),
      [true, true, true], ['HISTORY ImageCalibration.masterDark.enabled: true (PixInsight)', 'HISTORY ImageCalibration.masterFlat.enabled: true (PixInsight)']],
    ['a raw frame', { IMAGETYP: 'LIGHT' }, history('NightCal: nothing'), [false, false, false], []],
  ] as const)('%s', (_, values, cards, [bias, dark, flat], evidence) => {
    expect(facts(values, [...cards]).precalibrated).toEqual({ bias, dark, flat, pedestal: null, evidence });
  });

  test('PEDESTAL is recorded as written, with the steps', () => {
    expect(facts({ CALSTAT: 'B', PEDESTAL: 100 }).precalibrated).toEqual({ bias: true, dark: false, flat: false, pedestal: 100, evidence: ["CALSTAT = 'B'", 'PEDESTAL = 100'] });
  });
});

describe('masters', () => {
  test.each([
    ["NightCal's own", { IMAGETYP: 'MASTER DARK', NCOMBINE: 20, SOFTWARE: 'NightCal 0.1.0' }, [], { kind: 'dark', frames: 20, program: 'NightCal', evidence: "IMAGETYP = 'MASTER DARK'", biasSubtracted: null, flatNorm: null }],
    ["'masterDark' spelled as one word", { IMAGETYP: 'masterDark' }, [], { kind: 'dark', frames: null, program: null, evidence: "IMAGETYP = 'masterDark'", biasSubtracted: null, flatNorm: null }],
    ["'Master Dark Flat'", { IMAGETYP: 'Master Dark Flat', NCOMBINE: 15 }, [], { kind: 'darkflat', frames: 15, program: null, evidence: "IMAGETYP = 'Master Dark Flat'", biasSubtracted: null, flatNorm: null }],
    ["'Master Bias Frame'", { IMAGETYP: 'Master Bias Frame' }, [], { kind: 'bias', frames: null, program: null, evidence: "IMAGETYP = 'Master Bias Frame'", biasSubtracted: null, flatNorm: null }],
    ['APP CALFRAME', { CALFRAME: 'MasterBias', NUMFRAME: 50 }, [], { kind: 'bias', frames: 50, program: 'APP', evidence: "CALFRAME = 'MasterBias'", biasSubtracted: null, flatNorm: null }],
    ['PixInsight, counted in HISTORY', { IMAGETYP: 'Master Flat', SWCREATE: 'N.I.N.A. 3.1' }, history('ImageIntegration.numberOfImages: 32'), { kind: 'flat', frames: 32, program: 'PixInsight', evidence: "IMAGETYP = 'Master Flat'", biasSubtracted: null, flatNorm: null }],
    ['Siril stack of biases', { IMAGETYP: 'Bias Frame', STACKCNT: 100, PROGRAM: 'Siril v1.2.6' }, [], { kind: 'bias', frames: 100, program: 'Siril', evidence: "IMAGETYP = 'Bias Frame', STACKCNT = 100", biasSubtracted: null, flatNorm: null }],
    ['a combined flat of an unknown program', { IMAGETYP: 'FLAT', NCOMBINE: 9, SWCREATE: 'MyStacker 2' }, [], { kind: 'flat', frames: 9, program: 'MyStacker 2', evidence: "IMAGETYP = 'FLAT', NCOMBINE = 9", biasSubtracted: null, flatNorm: null }],
    ["NightCal's dark without its bias", { IMAGETYP: 'MASTER DARK', NCOMBINE: 20, BIASSUB: true, SOFTWARE: 'NightCal 0.1.0' }, [], { kind: 'dark', frames: 20, program: 'NightCal', evidence: "IMAGETYP = 'MASTER DARK'", biasSubtracted: true, flatNorm: null }],
    ["NightCal's dark that holds the bias", { IMAGETYP: 'MASTER DARK', NCOMBINE: 20, BIASSUB: false, SOFTWARE: 'NightCal 0.1.0' }, [], { kind: 'dark', frames: 20, program: 'NightCal', evidence: "IMAGETYP = 'MASTER DARK'", biasSubtracted: false, flatNorm: null }],
    ["NightCal's colour flat", { IMAGETYP: 'MASTER FLAT', NCOMBINE: 20, FLATNORM: 'per-channel', SOFTWARE: 'NightCal 0.1.0' }, [], { kind: 'flat', frames: 20, program: 'NightCal', evidence: "IMAGETYP = 'MASTER FLAT'", biasSubtracted: null, flatNorm: 'per-channel' }],
  ] as const)('%s', (_, values, cards, master) => {
    const result = facts(values, [...cards]);
    expect(result.master).toEqual(master);
    expect(result.stacked).toBeNull();
  });

  test('one frame is no master: a dark with NCOMBINE = 1 is a raw dark', () => {
    expect(facts({ IMAGETYP: 'Dark Frame', NCOMBINE: 1 })).toMatchObject({ master: null, stacked: null });
  });
});

describe('stacked products', () => {
  test.each([
    ['a colour cube', { IMAGETYP: 'Light', NAXIS: 3, NAXIS3: 3 }, [], 'a colour image of 3 planes (NAXIS3 = 3)'],
    ['a Seestar or Siril stack count', { IMAGETYP: 'Light', STACKCNT: 30 }, [], 'STACKCNT = 30'],
    ['Siril 1.0.6 writes no IMAGETYP on its masters', { STACKCNT: 3, PROGRAM: 'Siril v1.0.6' }, [], 'STACKCNT = 3'],
    ['NCOMBINE on a light', { IMAGETYP: 'Light Frame', NCOMBINE: 12 }, [], 'NCOMBINE = 12'],
    ["PixInsight's master light", { IMAGETYP: 'Master Light' }, [], "IMAGETYP = 'Master Light'"],
    ['a PixInsight integration without IMAGETYP', {}, history('ImageIntegration.numberOfImages: 8'), 'HISTORY ImageIntegration.numberOfImages: 8 (PixInsight)'],
    ['an APP integration', { INTEGRAT: 'Integration' }, [], "INTEGRAT = 'Integration' (APP)"],
    ['a raw light', { IMAGETYP: 'Light Frame', NCOMBINE: 1, SNAPSHOT: 1 }, [], null],
    ["Andor's single-plane cube is an image", { NAXIS: 3, NAXIS3: 1 }, [], null],
  ] as const)('%s', (_, values, cards, stacked) => {
    const result = facts(values, [...cards]);
    expect(result.stacked).toBe(stacked);
    expect(result.master).toBeNull();
  });

  test('the layout\'s plane count wins over the header\'s', () => {
    expect(frameFacts({ values: { NAXIS: 2 }, cards: [] }, { ...SIZE, planes: 3 }).stacked).toBe('a colour image of 3 planes (NAXIS3 = 3)');
  });
});

describe('pixel scale', () => {
  const wcs = { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN' };
  test.each([
    ['CD matrix, rotated', { ...wcs, CD1_1: 3.0e-4 * Math.cos(0.5), CD1_2: -3.0e-4 * Math.sin(0.5), CD2_1: 3.0e-4 * Math.sin(0.5), CD2_2: 3.0e-4 * Math.cos(0.5) }, 1.08],
    ['CD matrix, flipped (negative determinant)', { ...wcs, CD1_1: -2.0e-4, CD1_2: 0, CD2_1: 0, CD2_2: 2.0e-4 }, 0.72],
    ['CDELT with a PC rotation', { ...wcs, CDELT1: -1.5e-4, CDELT2: 1.5e-4, PC1_1: Math.cos(1), PC1_2: -Math.sin(1), PC2_1: Math.sin(1), PC2_2: Math.cos(1) }, 0.54],
    ['CDELT in arcsec', { ...wcs, CUNIT1: 'arcsec', CUNIT2: 'arcsec', CDELT1: -0.8, CDELT2: 0.8 }, 0.8],
    ['galactic axes are celestial too', { CTYPE1: 'GLON-CAR', CTYPE2: 'GLAT-CAR', CDELT1: 1e-3, CDELT2: 1e-3 }, 3.6],
    ['the WCS wins over the optics', { ...wcs, CDELT1: 2e-4, CDELT2: 2e-4, XPIXSZ: 3.76, FOCALLEN: 530 }, 0.72],
    ['pixel size over focal length', { XPIXSZ: 3.76, FOCALLEN: 530 }, (206.264806 * 3.76) / 530],
    ['a linear (spectral) WCS is not the sky', { CTYPE1: 'WAVE', CTYPE2: 'LINEAR', CDELT1: 1, CDELT2: 1, XPIXSZ: 9, FOCALLEN: 1000 }, (206.264806 * 9) / 1000],
    ['FOCALLEN = 0 (CCDSoft without a telescope)', { XPIXSZ: 9, FOCALLEN: 0 }, null],
  ] as const)('%s', (_, values, scale) => {
    const result = facts(values).pixelScale;
    if (scale === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(scale, 9);
  });

  test('celestialWcs needs a longitude and a latitude axis', () => {
    expect(facts(wcs).celestialWcs).toBe(true);
    expect(facts({ CTYPE1: 'DEC--TAN', CTYPE2: 'RA---TAN' }).celestialWcs).toBe(true);
    expect(facts({ CTYPE1: 'RA---TAN', CTYPE2: 'RA---TAN' }).celestialWcs).toBe(false);
    expect(facts({ CTYPE1: 'PIXEL', CTYPE2: 'PIXEL' }).celestialWcs).toBe(false);
  });
});
