import { describe, expect, test } from 'vitest';
import { catalogueObject, classifyFrame } from '../../../shared/night/classify-frame';
import type { ClassificationRule, FrameKind } from '../../../shared/night/frames';

interface Case {
  readonly why: string;
  readonly imagetyp: string | null;
  readonly relPath: string;
  readonly type: FrameKind;
  readonly rule: ClassificationRule;
  /** Text the reason must contain (the whole reason when `exact`). */
  readonly reason: string;
  readonly exact?: boolean;
}

const c = (why: string, imagetyp: string | null, relPath: string, type: FrameKind, rule: ClassificationRule, reason: string, exact = false): Case => ({
  why, imagetyp, relPath, type, rule, reason, exact,
});

const IMAGETYP_SPELLINGS: readonly Case[] = [
  ...['Bias Frame', 'BIAS', 'zero', 'Bias', 'OFFSET', '  Bias Frame  ', 'Zero Frame'].map((s) => c(`bias spelling '${s}'`, s, 'img_0001.fits', 'bias', 'imagetyp', `IMAGETYP '${s.trim()}'`, true)),
  ...['Dark Frame', 'DARK', 'dark'].map((s) => c(`dark spelling '${s}'`, s, 'img_0001.fits', 'dark', 'imagetyp', `IMAGETYP '${s}'`, true)),
  ...['DARKFLAT', 'Dark Flat', 'FLATDARK', 'flat dark', 'Flat Dark Frame', 'DARK_FLAT', 'Dark-Flat'].map((s) =>
    c(`dark flat spelling '${s}'`, s, 'img_0001.fits', 'darkflat', 'imagetyp', `IMAGETYP '${s}'`, true),
  ),
  ...['Flat Field', 'Flat Frame', 'FLAT', 'flat', 'skyflat', 'domeflat', 'twilight flat', 'SKY_FLAT'].map((s) =>
    c(`flat spelling '${s}'`, s, 'img_0001.fits', 'flat', 'imagetyp', `IMAGETYP '${s}'`, true),
  ),
  ...['Light Frame', 'LIGHT', 'object', 'science', 'Light'].map((s) => c(`light spelling '${s}'`, s, 'img_0001.fits', 'light', 'imagetyp', `IMAGETYP '${s}'`, true)),
];

const IMAGETYP_RULES: readonly Case[] = [
  c('IMAGETYP bias is trusted over the file name', 'Bias Frame', 'flat_001.fits', 'bias', 'imagetyp', "IMAGETYP 'Bias Frame'", true),
  c('IMAGETYP flat is trusted over the folder', 'Flat Field', 'Darks/img_001.fits', 'flat', 'imagetyp', "IMAGETYP 'Flat Field'", true),
  c('IMAGETYP flat is trusted over an arc word', 'FLAT', 'arc_flat_001.fits', 'flat', 'imagetyp', "IMAGETYP 'FLAT'", true),
  c('CCDSoft flats are written as Light Frame', 'Light Frame', 'flat-expos23s-Neg5-Vis.00000000.FIT', 'flat', 'filename', "IMAGETYP 'Light Frame', but the file name says flat", true),
  c('IMAGETYP light overridden by a Darks folder', 'Light Frame', 'Darks/img_001.fits', 'dark', 'folder', "IMAGETYP 'Light Frame', but the folder 'Darks' says dark", true),
  c('IMAGETYP light, folder and name disagree: unknown', 'Light Frame', 'Flats/dark_001.fits', 'unknown', 'imagetyp', "the folder 'Flats' says flat and the file name says dark"),
  c('a light word in the name keeps IMAGETYP light', 'LIGHT', 'M31_Light_001.fits', 'light', 'imagetyp', "IMAGETYP 'LIGHT'", true),
  c("science light whose name says 'neon' (lamp setting, not an arc)", 'Light Frame', 'L2-sci-neon-1200.00000000.FIT', 'light', 'imagetyp', "IMAGETYP 'Light Frame'", true),
  c('a master by IMAGETYP is not a raw frame', 'MASTER BIAS', 'bias_1x1.fits', 'unknown', 'imagetyp', "IMAGETYP 'MASTER BIAS' names a master frame, not a raw frame", true),
  c("APP's 'masterDark' spelling is a master too", 'masterDark', 'dark_001.fits', 'unknown', 'imagetyp', "IMAGETYP 'masterDark' names a master frame, not a raw frame", true),
  c('IMAGETYP dark in a dark-flat folder is a dark flat (SGP has no dark-flat type)', 'DARK', 'DarkFlats/dark_2s_001.fits', 'darkflat', 'folder', "IMAGETYP 'DARK', and the folder 'DarkFlats' says dark flat", true),
  c('IMAGETYP dark named dark flat is a dark flat', 'Dark Frame', 'DarkFlat_2s_001.fits', 'darkflat', 'filename', "IMAGETYP 'Dark Frame', and the file name says dark flat ('DarkFlat')", true),
  c('IMAGETYP dark flat is trusted over a Darks folder', 'DARKFLAT', 'Darks/img_001.fits', 'darkflat', 'imagetyp', "IMAGETYP 'DARKFLAT'", true),
  c('IMAGETYP bias in a dark-flat folder stays a bias', 'BIAS', 'DarkFlats/img_001.fits', 'bias', 'imagetyp', "IMAGETYP 'BIAS'", true),
  c('IMAGETYP light, a Flats folder and a dark-flat name: a dark flat', 'Light Frame', 'Flats/darkflat_001.fits', 'darkflat', 'filename', "IMAGETYP 'Light Frame', but the file name says dark flat", true),
  c('unknown IMAGETYP falls through to the folder', 'FOCUS', 'Lights/img_001.fits', 'light', 'folder', "IMAGETYP 'FOCUS' is not a known frame type; folder 'Lights' says light", true),
  c('unknown IMAGETYP and nothing else', 'FOCUS', 'img_001.fits', 'unknown', 'none', "IMAGETYP 'FOCUS' is not a known frame type, and neither folder nor file name names a frame type", true),
  c("unknown IMAGETYP: a 'raw' folder is no evidence", 'FOCUS', 'raw/img_001.fits', 'unknown', 'none', "IMAGETYP 'FOCUS'"),
];

const FOLDERS: readonly Case[] = [
  ...['Bias', 'Biases', 'Zero', 'Offsets'].map((f) => c(`folder '${f}'`, null, `${f}/img_001.fits`, 'bias', 'folder', `folder '${f}' says bias`, true)),
  ...['Dark', 'Darks'].map((f) => c(`folder '${f}'`, null, `${f}/img_001.fits`, 'dark', 'folder', `folder '${f}' says dark`, true)),
  ...['Flat', 'Flats', 'FlatField', 'SkyFlats'].map((f) => c(`folder '${f}'`, null, `${f}/img_001.fits`, 'flat', 'folder', `folder '${f}' says flat`, true)),
  ...['Light', 'Lights', 'Science', 'ScienceImages', 'Objects'].map((f) => c(`folder '${f}'`, null, `${f}/img_001.fits`, 'light', 'folder', `folder '${f}' says light`, true)),
  c('the nearest folder decides', null, 'Lights/Darks/img_001.fits', 'dark', 'folder', "folder 'Darks' says dark", true),
  c('a folder naming no type is skipped', null, 'Darks/300s/img_001.fits', 'dark', 'folder', "folder 'Darks' says dark", true),
  c("'FlatDarks' holds dark flats", null, 'FlatDarks/img_001.fits', 'darkflat', 'folder', "folder 'FlatDarks' says dark flat", true),
  ...['DarkFlats', 'darkflat', 'Dark-Flats', 'flat_darks'].map((f) => c(`folder '${f}'`, null, `${f}/img_001.fits`, 'darkflat', 'folder', `folder '${f}' says dark flat`, true)),
  c('a dark-flat name in a Flats folder is a dark flat', null, 'Flats/DarkFlat_001.fits', 'darkflat', 'filename', "file name says dark flat ('DarkFlat') in the folder 'Flats'", true),
  c('a dark in a dark-flat folder is a dark flat', null, 'DarkFlats/Dark_001.fits', 'darkflat', 'folder', "folder 'DarkFlats' says dark flat", true),
  c('a dark in a Flats folder is still a contradiction', null, 'Flats/Dark_001.fits', 'unknown', 'folder', "the folder 'Flats' says flat, but the file name says dark", true),
  c("a generic 'calibration' folder decides nothing", null, 'calibration/img_001.fits', 'unknown', 'none', 'no IMAGETYP, and neither folder nor file name names a frame type', true),
  c("in 'calibration/' the file name decides", null, 'calibration/Bias_001.fits', 'bias', 'filename', "file name says bias ('Bias')", true),
  c('folder and file name disagree: unknown', null, 'Lights/flat_001.fits', 'unknown', 'folder', "the folder 'Lights' says light, but the file name says flat"),
  c('a catalogue name does not contradict a Flats folder', null, 'Flats/M31_R_001.fits', 'flat', 'folder', "folder 'Flats' says flat", true),
  c("'raw' is the last resort, and says so", null, 'raw/img_0001.fits', 'light', 'folder', "only the folder 'raw' hints at a light"),
  c("in 'raw/' the file name decides first", null, 'raw/Bias_001.fits', 'bias', 'filename', "file name says bias ('Bias')", true),
];

const FILE_NAMES: readonly Case[] = [
  c('CCDSoft .BIAS suffix', null, 'name.00000000.BIAS.FIT', 'bias', 'filename', "file name says bias ('BIAS')", true),
  c('Flat-1s_01', null, 'Flat-1s_01.fit', 'flat', 'filename', "file name says flat ('Flat')", true),
  c('Andor name with spaces and a weekday', null, 'Bias_M2_ML_Thu Sep 22 2022_18.44.22_00001.fits', 'bias', 'filename', "file name says bias ('Bias')", true),
  c('flats01', null, 'flats01.fits', 'flat', 'filename', "file name says flat ('flats')", true),
  c('bias_1', null, 'bias_1.fits', 'bias', 'filename', "file name says bias ('bias')", true),
  c('dark for flats with a .DARK suffix', null, 'L2-dark-flat-360.00000001.DARK.FIT', 'dark', 'filename', "file name says dark ('DARK')", true),
  c("'dark' and 'flat' alone: a dark flat", null, 'dark-flat-360.fits', 'darkflat', 'filename', "file name says dark flat ('dark-flat')", true),
  ...['DarkFlat_2.5s_001.fits', 'darkflats_001.fits', 'FLATDARK_001.fits', 'flat_dark_001.fits'].map((f) => c(`file name '${f}'`, null, f, 'darkflat', 'filename', 'file name says dark flat')),
  c('darks-expos1 (a 1-minute dark)', null, 'darks-expos1-Neg5-Vis.00000000.DARK.FIT', 'dark', 'filename', 'file name says dark'),
  c('dark_60s', null, 'dark_60s.fits', 'dark', 'filename', "file name says dark ('dark')", true),
  c('IRAF zero', null, 'zero_003.fits', 'bias', 'filename', "file name says bias ('zero')", true),
  c('compressed and gzipped extensions are stripped', null, 'Flat_R_001.fits.fz', 'flat', 'filename', 'file name says flat'),
  c("'offset' in a file name is the camera setting", null, 'Light_M31_300.0s_Bin1_gain100_offset30_001.fit', 'light', 'filename', "file name says light ('Light')", true),
  c('a master flat in the raw folder', null, 'MasterFlat_R.fits', 'unknown', 'filename', "file name 'MasterFlat_R' names a master frame, not a raw frame", true),
  c('a master is not raw even when IMAGETYP says dark', 'Dark Frame', 'master_dark_300s.fits', 'unknown', 'filename', 'names a master frame'),
  c('two calibration types named: unknown', null, 'bias_flat_01.fits', 'unknown', 'filename', 'file name names both bias and flat', true),
  c('nothing names a type', null, 'img_0001.fits', 'unknown', 'none', 'no IMAGETYP, and neither folder nor file name names a frame type', true),
];

const LIGHT_NAMES: readonly Case[] = [
  ...[
    ['M 76_001.fits', 'M 76'], ['m31_001.fits', 'm31'], ['M110_L.fits', 'M110'], ['NGC7000_Ha_001.fits', 'NGC7000'], ['NGC 7000 Ha.fits', 'NGC 7000'],
    ['IC310_1.fits', 'IC310'], ['Sh2-155_OIII.fits', 'Sh2-155'], ['Abell2151_L.fits', 'Abell2151'], ['Arp273.fits', 'Arp273'],
    ['UGC12158.fits', 'UGC12158'], ['PGC 2557_R.fits', 'PGC 2557'], ['C14_001.fits', 'C14'], ['B33_Ha.fits', 'B33'], ['Rejected_M76_M2_ML.fits', 'M76'],
  ].map(([file, text]) => c(`catalogue designation ${text}`, null, file, 'light', 'filename', `file name '${text}' is a catalogue object`, true)),
  ...[['ksi_Cas_M2_ML.fits', 'ksi_Cas'], ['alf_Lyr_001.fits', 'alf_Lyr'], ['alfLyr_001.fits', 'alfLyr'], ['eta Car.fits', 'eta Car']].map(([file, text]) =>
    c(`Bayer star ${text}`, null, file, 'light', 'filename', `file name '${text}' is a star (Bayer designation)`, true),
  ),
  ...[['61 Cyg_001.fits', '61 Cyg'], ['61Cyg_B.fits', '61Cyg']].map(([file, text]) =>
    c(`Flamsteed star ${text}`, null, file, 'light', 'filename', `file name '${text}' is a star (Flamsteed designation)`, true),
  ),
  c('a target folder holds its lights', null, 'Horsehead/Horsehead_001.fits', 'light', 'filename', "file name starts with its folder's name 'Horsehead' (a target folder)", true),
  c('a flat in a target folder is a flat', null, 'Horsehead/Flat_001.fits', 'flat', 'filename', "file name says flat ('Flat')", true),
  c("a folder 'Horse' is not the target of 'Horsehead_…'", null, 'Horse/Horsehead_001.fits', 'unknown', 'none', 'no IMAGETYP'),
  c("'HM76' is no Messier number", null, 'HM76.fits', 'unknown', 'none', 'no IMAGETYP'),
  c("'M200' is no Messier number", null, 'M200_001.fits', 'unknown', 'none', 'no IMAGETYP'),
  c("lower-case 'cr2' is no Collinder", null, 'img_cr2.fits', 'unknown', 'none', 'no IMAGETYP'),
  c("'Mon Sep 19' is a weekday, not Monoceros", null, 'X_ML_Mon Sep 19 2022_18.44.22_00001.fits', 'unknown', 'none', 'no IMAGETYP'),
];

const ARCS: readonly Case[] = [
  c('OHP ThAr lamp', null, 'calibration/ThAr_M2_ML_Thu Sep 22 2022_18.32.54_00003.fits', 'unknown', 'filename', "arc lamp exposure: not part of the calibration (file name word 'ThAr')", true),
  c('arc written as Light Frame', 'Light Frame', 'L2-arc-hg-10.00000000.FIT', 'unknown', 'filename', "arc lamp exposure: not part of the calibration (file name word 'arc'; IMAGETYP 'Light Frame' set aside)", true),
  c('arc-neon', 'Light Frame', 'L2-arc-neon.00000000.FIT', 'unknown', 'filename', 'arc lamp exposure: not part of the calibration'),
  c('HgAr lamp', null, 'HgAr_001.fits', 'unknown', 'filename', 'arc lamp exposure'),
  c('comparison lamp', null, 'comp_001.fits', 'unknown', 'filename', 'arc lamp exposure'),
  c('an arc in a Flats folder is still an arc', null, 'Flats/ThAr_001.fits', 'unknown', 'filename', 'arc lamp exposure'),
  c("a 'CompStar' (photometry comparison star) is no lamp", null, 'CompStar_001.fits', 'unknown', 'none', 'no IMAGETYP'),
];

describe.each([
  ['IMAGETYP spellings', IMAGETYP_SPELLINGS],
  ['IMAGETYP against folder and name', IMAGETYP_RULES],
  ['folders', FOLDERS],
  ['file names', FILE_NAMES],
  ['lights by name', LIGHT_NAMES],
  ['arc lamps', ARCS],
])('classifyFrame: %s', (_, cases) => {
  test.each(cases)('$why', ({ imagetyp, relPath, type, rule, reason, exact }) => {
    const result = classifyFrame({ imagetyp, relPath });
    expect({ type: result.type, rule: result.rule }).toEqual({ type, rule });
    if (exact) expect(result.reason).toBe(reason);
    else expect(result.reason).toContain(reason);
  });
});

describe('classifyFrame paths', () => {
  test('Windows separators and a leading slash are folders too', () => {
    expect(classifyFrame({ imagetyp: null, relPath: '\\night\\Darks\\img_001.fits' }).type).toBe('dark');
  });

  test('the same input always gives the same answer', () => {
    const input = Object.freeze({ imagetyp: 'Light Frame', relPath: 'L2-flat-red-180.00000000.FIT' });
    expect(classifyFrame(input)).toEqual(classifyFrame(input));
  });
});

describe('catalogueObject', () => {
  test('the leftmost name wins: the star before the Messier-like camera code', () => {
    expect(catalogueObject('ksi_Cas_M2_ML')).toEqual({ text: 'ksi_Cas', what: 'a star (Bayer designation)' });
    expect(catalogueObject('M76_M2_ML')).toEqual({ text: 'M76', what: 'a catalogue object' });
  });
});

describe('files that are no camera frame', () => {
  test('no IMAGETYP, no exposure and no date: unknown whatever the name says (a truth or reference image)', () => {
    const facts = { exposure: null, dateObs: null };
    for (const relPath of ['_truth/bias.fits', '_truth/flat.fits', 'reference/dark_rate.fits']) {
      const result = classifyFrame({ imagetyp: null, relPath, facts });
      expect(result.type, relPath).toBe('unknown');
      expect(result.reason).toContain('not a raw camera frame');
    }
  });

  test('an exposure or a date is enough for the name to decide, and IMAGETYP always is', () => {
    expect(classifyFrame({ imagetyp: null, relPath: 'bias_1.fits', facts: { exposure: 0, dateObs: null } }).type).toBe('bias');
    expect(classifyFrame({ imagetyp: null, relPath: 'flats01.fits', facts: { exposure: null, dateObs: '2022-10-24T00:14:00Z' } }).type).toBe('flat');
    expect(classifyFrame({ imagetyp: 'Bias Frame', relPath: 'x.fits', facts: { exposure: null, dateObs: null } }).type).toBe('bias');
  });
});

describe('what the rest of the header says', () => {
  const base = { exposure: 60, dateObs: '2026-03-01T22:00:00.000Z' };
  const master = { kind: 'dark', frames: 30, program: 'APP', evidence: "CALFRAME = 'MasterDark'", biasSubtracted: null, flatNorm: null } as const;

  test("INDI/Ekos' FRAME gives the type when IMAGETYP is absent, and says it was FRAME", () => {
    expect(classifyFrame({ imagetyp: null, relPath: 'img_001.fits', facts: { ...base, indiFrame: 'Light' } })).toEqual({ type: 'light', rule: 'imagetyp', reason: "FRAME 'Light'" });
    expect(classifyFrame({ imagetyp: null, relPath: 'img_001.fits', facts: { ...base, indiFrame: 'Dark' } })).toMatchObject({ type: 'dark', reason: "FRAME 'Dark'" });
    expect(classifyFrame({ imagetyp: null, relPath: 'Darks/img_001.fits', facts: { ...base, indiFrame: 'Light' } })).toMatchObject({ type: 'dark', reason: "FRAME 'Light', but the folder 'Darks' says dark" });
  });

  test('IMAGETYP wins over FRAME', () => {
    expect(classifyFrame({ imagetyp: 'Flat Field', relPath: 'img_001.fits', facts: { ...base, indiFrame: 'Light' } })).toMatchObject({ type: 'flat', reason: "IMAGETYP 'Flat Field'" });
  });

  test('a master is never a raw frame, and the reason says whose and which', () => {
    const result = classifyFrame({ imagetyp: null, relPath: 'Darks/MD_300s.fits', facts: { ...base, master } });
    expect(result).toEqual({ type: 'unknown', rule: 'header', reason: "a master dark made by APP (CALFRAME = 'MasterDark', 30 frames), not a raw frame" });
    const unnamed = classifyFrame({ imagetyp: 'Dark Flat', relPath: 'x.fits', facts: { ...base, master: { kind: 'darkflat', frames: null, program: null, evidence: "IMAGETYP = 'Master Dark Flat'", biasSubtracted: null, flatNorm: null } } });
    expect(unnamed.reason).toBe("a master dark flat (IMAGETYP = 'Master Dark Flat'), not a raw frame");
  });

  test('a stacked product is never a raw light, whatever IMAGETYP and the name say', () => {
    const result = classifyFrame({ imagetyp: 'Light', relPath: 'Lights/M31_stack.fits', facts: { ...base, stacked: 'STACKCNT = 30' } });
    expect(result).toEqual({ type: 'unknown', rule: 'header', reason: 'a stacked product, not a raw frame: STACKCNT = 30' });
  });

  test('a plate-solved frame without IMAGETYP is a light, after folder and file name', () => {
    const solved = { ...base, celestialWcs: true };
    expect(classifyFrame({ imagetyp: null, relPath: 'Capture/10_20_33/Capture_00001.fits', facts: solved })).toEqual({ type: 'light', rule: 'header', reason: 'no IMAGETYP, but plate-solved: a celestial WCS' });
    expect(classifyFrame({ imagetyp: null, relPath: 'Darks/Capture_00001.fits', facts: solved })).toMatchObject({ type: 'dark', rule: 'folder' });
    expect(classifyFrame({ imagetyp: null, relPath: 'raw/Capture_00001.fits', facts: solved })).toMatchObject({ type: 'light', rule: 'header' });
    expect(classifyFrame({ imagetyp: 'FOCUS', relPath: 'Capture_00001.fits', facts: solved })).toMatchObject({ type: 'unknown', rule: 'none' });
    expect(classifyFrame({ imagetyp: null, relPath: 'Capture_00001.fits', facts: { ...base, celestialWcs: false } })).toMatchObject({ type: 'unknown', rule: 'none' });
  });
});
