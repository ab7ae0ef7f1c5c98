/**
 * The real frames of ../shared/data/real (see its README): every file classified as a person
 * would, the header facts of each camera, and the grouping and plan of each dataset.
 * Skipped, and said so, when the folder is not there.
 */
import { createHash } from 'node:crypto';
import { existsSync, openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FITS } from 'fitsjs-ng';
import { beforeAll, describe, expect, test } from 'vitest';
import { classifyFrame } from '../../../shared/night/classify-frame';
import type { ClassificationRule, FrameInfo, FrameKind, MasterPlan } from '../../../shared/night/frames';
import { groupFrames, type NightGrouping } from '../../../shared/night/group-frames';
import { frameFacts, type HeaderValues } from '../../../shared/night/header-facts';
import { observingNight } from '../../../shared/night/observing-night';
import { planMasters } from '../../../shared/night/plan-masters';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const REAL = process.env.NIGHTCAL_REAL_DATA ?? resolve(PROJECT, '../shared/data/real');
const HAVE_REAL = existsSync(join(REAL, 'README.md')) || existsSync(join(REAL, 'SHA256SUMS'));
const TITLE = HAVE_REAL ? `real data in ${REAL}` : `real data (skipped: ${REAL} not found)`;

/** What a person calls each file, from the README: path prefix (relative to REAL), type, deciding rule, count. */
const EXPECTED: readonly (readonly [string, FrameKind, ClassificationRule, number])[] = [
  ['ohp-andor-solis/22-09-22/calibration/Bias_', 'bias', 'filename', 5],
  ['ohp-andor-solis/22-09-22/calibration/Flat_', 'flat', 'filename', 4],
  ['ohp-andor-solis/22-09-22/calibration/ThAr_', 'unknown', 'filename', 1],
  ['ohp-andor-solis/22-09-22/ksi_Cas/ksi_Cas_', 'light', 'filename', 2],
  ['ohp-andor-solis/22-09-22/raw/M76_', 'light', 'filename', 4],
  ['ohp-andor-solis/22-09-22/raw/Rejected_M76_', 'light', 'filename', 1],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab0/BigCCD/bigCCD-data/bias-Neg10-Vis.', 'bias', 'imagetyp', 1],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab0/BigCCD/bigCCD-data/biases-Neg5-Vis.', 'bias', 'imagetyp', 3],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab0/BigCCD/bigCCD-data/darks-expos1-', 'dark', 'imagetyp', 2],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab0/BigCCD/bigCCD-data/flat-expos23s-', 'flat', 'filename', 2],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-dark-', 'dark', 'imagetyp', 9],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-flat-', 'flat', 'filename', 6],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-sci-', 'light', 'imagetyp', 6],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-star-', 'light', 'imagetyp', 2],
  ['sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-arc-', 'unknown', 'filename', 2],
  ['tircam2-ic310/IC310_', 'light', 'filename', 5],
  ['tircam2-ic310/bias_', 'bias', 'filename', 3],
  ['tircam2-ic310/flats', 'flat', 'filename', 5],
];

interface RealFile {
  readonly path: string;
  /** Relative to REAL, with forward slashes. */
  readonly rel: string;
  readonly values: HeaderValues;
  /** The primary header's cards as stored (HISTORY included), up to END. */
  readonly cards: readonly string[];
  readonly width: number;
  readonly height: number;
}

function fitsFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? fitsFiles(join(folder, entry.name)) : /\.fits?$/i.test(entry.name) ? [join(folder, entry.name)] : []))
    .sort();
}

/** The header as the FITS layer hands it over: upper-case keys, first occurrence wins. */
async function readRealFile(path: string): Promise<RealFile> {
  const header = (await FITS.fromBlob(await openAsBlob(path))).getHeader();
  if (!header) throw new Error(`${path}: no image header`);
  const values: Record<string, string | number | boolean | null> = {};
  for (const key of header.keys()) {
    const upper = key.toUpperCase();
    if (!(upper in values)) values[upper] = header.get(key);
  }
  return { path, rel: relative(REAL, path).split(sep).join('/'), values, cards: primaryCards(path), width: Number(values.NAXIS1), height: Number(values.NAXIS2) };
}

/** The 80-character cards of the primary header, up to END (these files are plain FITS). */
function primaryCards(path: string): string[] {
  const text = readFileSync(path).subarray(0, 2880 * 20).toString('latin1');
  const cards: string[] = [];
  for (let at = 0; at + 80 <= text.length; at += 80) {
    const card = text.slice(at, at + 80);
    if (card.startsWith('END ')) return cards;
    cards.push(card);
  }
  throw new Error(`${path}: no END card in the first 20 header blocks`);
}

/** A small scan of one dataset folder: what the scanner does, in memory (duplicates by SHA-256). */
function scanDataset(files: readonly RealFile[], root: string, utcOffsetHours: number): FrameInfo[] {
  const firstByHash = new Map<string, string>();
  return files
    .filter((file) => file.rel.startsWith(`${root}/`))
    .map((file) => {
      const id = file.rel.slice(root.length + 1);
      const facts = frameFacts(file, file);
      const hash = createHash('sha256').update(readFileSync(file.path)).digest('hex');
      const duplicateOf = firstByHash.get(hash) ?? null;
      if (duplicateOf === null) firstByHash.set(hash, id);
      return {
        id,
        path: file.path,
        sizeBytes: 0,
        mtimeMs: 0,
        storage: 'fits' as const,
        facts,
        classification: classifyFrame({ imagetyp: facts.imagetyp, relPath: id, facts }),
        night: observingNight(facts.dateObs, facts.siteLongitude, utcOffsetHours),
        error: null,
        duplicateOf,
        excluded: false,
      };
    });
}

describe.skipIf(!HAVE_REAL)(TITLE, () => {
  let files: RealFile[] = [];
  const file = (prefix: string) => {
    const found = files.find((f) => f.rel.startsWith(prefix));
    if (!found) throw new Error(`no real file starts with ${prefix}`);
    return found;
  };
  beforeAll(async () => {
    files = await Promise.all(fitsFiles(REAL).map(readRealFile));
  });

  test('every file is in the expected table exactly once (63 files)', () => {
    expect(files).toHaveLength(63);
    for (const [prefix, , , count] of EXPECTED) expect(files.filter((f) => f.rel.startsWith(prefix)).length, prefix).toBe(count);
    for (const f of files) expect(EXPECTED.filter(([prefix]) => f.rel.startsWith(prefix)).length, f.rel).toBe(1);
  });

  test('every file gets the type a person would give, whichever folder is opened as the night', () => {
    for (const f of files) {
      const [, type, rule] = EXPECTED.find(([prefix]) => f.rel.startsWith(prefix))!;
      const facts = frameFacts(f, f);
      const imagetyp = facts.imagetyp;
      const fromTop = classifyFrame({ imagetyp, relPath: f.rel, facts });
      const fromDataset = classifyFrame({ imagetyp, relPath: f.rel.split('/').slice(1).join('/'), facts });
      const fromFolder = classifyFrame({ imagetyp, relPath: f.rel.split('/').slice(-2).join('/'), facts });
      for (const result of [fromTop, fromDataset, fromFolder]) {
        expect({ file: f.rel, type: result.type, rule: result.rule }).toEqual({ file: f.rel, type, rule });
        expect(result.reason.length, f.rel).toBeGreaterThan(10);
      }
    }
  });

  test('the reasons a person reads for the hard cases', () => {
    const reason = (prefix: string) => {
      const f = file(prefix);
      return classifyFrame({ imagetyp: frameFacts(f, f).imagetyp, relPath: f.rel }).reason;
    };
    expect(reason('sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-flat-red-180')).toBe("IMAGETYP 'Light Frame', but the file name says flat");
    expect(reason('sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-arc-neon')).toContain('arc lamp exposure: not part of the calibration');
    expect(reason('ohp-andor-solis/22-09-22/calibration/ThAr_')).toContain('arc lamp exposure: not part of the calibration');
    expect(reason('tircam2-ic310/IC310_1')).toBe("file name 'IC310' is a catalogue object");
    expect(reason('ohp-andor-solis/22-09-22/ksi_Cas/')).toBe("file name 'ksi_Cas' is a star (Bayer designation)");
    expect(reason('ohp-andor-solis/22-09-22/raw/Rejected_M76')).toBe("file name 'M76' is a catalogue object");
  });

  test('frameFacts: TIRCAM2 (EXPTIME string, FILTER1, DATE-OBS + TIME-OBS, OBJECT None)', () => {
    const light = file('tircam2-ic310/IC310_1.fits');
    expect(light.values.EXPTIME).toBe('40');
    expect(frameFacts(light, light)).toMatchObject({
      imagetyp: null, exposure: 40, filter: 'J', binX: 1, binY: 1, width: 512, height: 512, dateObs: '2022-10-23T08:31:24.000Z', object: null, ccdTemp: null,
    });
    expect(frameFacts(file('tircam2-ic310/bias_1'), light)).toMatchObject({ exposure: 0, filter: 'BLOCK' });
    expect(frameFacts(file('tircam2-ic310/flats01'), light)).toMatchObject({ exposure: 6, filter: 'J' });
  });

  test('frameFacts: Andor Solis (EXPOSURE only, HBIN/VBIN, FRAME as the date, TEMP, a 2048x100 cube)', () => {
    const bias = file('ohp-andor-solis/22-09-22/calibration/Bias_M2_ML_Thu Sep 22 2022_18.44.22');
    expect(bias.values.NAXIS3).toBe(1);
    expect(frameFacts(bias, bias)).toMatchObject({
      imagetyp: null, exposure: 1e-5, filter: null, binX: 1, binY: 1, width: 2048, height: 100, ccdTemp: -90, gain: 2, dateObs: '2022-09-22T18:44:17.000Z', siteLongitude: null,
    });
    const m76 = file('ohp-andor-solis/22-09-22/raw/M76_M2_ML_Fri Sep 23 2022_00.05.58');
    expect(frameFacts(m76, m76)).toMatchObject({ exposure: 1200, dateObs: '2022-09-22T23:45:53.000Z' });
  });

  test('frameFacts: SBIG CCDSoft (Fortran reals, BZERO 32768, ST-402 binned 1x2, EGAIN is not GAIN)', () => {
    const sci = file('sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-sci-neon-1200.00000000');
    expect(sci.values.BZERO).toBe(32768);
    expect(frameFacts(sci, sci)).toMatchObject({
      imagetyp: 'Light Frame', exposure: 1200, filter: 'Clear', binX: 1, binY: 2, width: 765, height: 255, setTemp: -15, gain: null, dateObs: '2017-10-18T01:41:20.246Z',
    });
    expect(frameFacts(sci, sci).ccdTemp).toBeCloseTo(-14.8095, 4);
    const bias = file('sbu-sbig-ccdsoft/CGS-GroupData/lab0/BigCCD/bigCCD-data/bias-Neg10-Vis');
    expect(frameFacts(bias, bias)).toMatchObject({ imagetyp: 'Bias Frame', exposure: 0, filter: 'Visible', binX: 1, binY: 1, width: 1024, height: 1024, setTemp: -10 });
  });

  test('CCDSoft: the driver\'s auto-dark is read from HISTORY; the BigCCD biases carry their set-points', () => {
    for (const prefix of ['L2-star-hg-10', 'L2-star-neon-40']) {
      const star = file(`sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/${prefix}`);
      expect(frameFacts(star, star).precalibrated, prefix).toEqual({
        bias: true, dark: true, flat: false, pedestal: null, evidence: ['HISTORY Auto-Dark Subtraction (CCDSoft)'],
      });
    }
    const sci = file('sbu-sbig-ccdsoft/CGS-GroupData/lab2/usedata/L2-sci-neon-1200.00000000');
    expect(frameFacts(sci, sci).precalibrated).toEqual({ bias: false, dark: false, flat: false, pedestal: null, evidence: [] });
    const lab0 = 'sbu-sbig-ccdsoft/CGS-GroupData/lab0/BigCCD/bigCCD-data/';
    const biases = files.filter((f) => f.rel.startsWith(lab0) && /bias/i.test(f.rel));
    expect(biases).toHaveLength(4);
    for (const bias of biases) {
      const expected = bias.rel.includes('Neg10') ? -10 : -5;
      expect(frameFacts(bias, bias), bias.rel).toMatchObject({ temperature: expected, temperatureSource: 'SET-TEMP', camera: 'SBIG STL-1001 3 CCD Camera' });
      expect(frameFacts(bias, bias).ccdTemp!, bias.rel).toBeCloseTo(expected, 0);
    }
  });

  test('no real file is a master, a stack or precalibrated unless its header says so', () => {
    for (const f of files) {
      const facts = frameFacts(f, f);
      expect({ file: f.rel, master: facts.master, stacked: facts.stacked }).toEqual({ file: f.rel, master: null, stacked: null });
      const autoDark = f.cards.some((card) => card.startsWith('HISTORY Auto-Dark Subtraction'));
      expect(facts.precalibrated.dark, f.rel).toBe(autoDark);
    }
  });

  describe('sbu-sbig-ccdsoft as one night folder (US Eastern, UTC−4)', () => {
    let grouping: NightGrouping;
    let plan: MasterPlan;
    beforeAll(() => {
      const night = scanDataset(files, 'sbu-sbig-ccdsoft', -4);
      grouping = groupFrames(night);
      plan = planMasters(night, grouping.groups);
    });

    test('two cameras never mix, nor two temperatures; the ST-402 darks belong to the next evening', () => {
      expect(grouping.groups.map((g) => `${g.id} ×${g.frameIds.length}`)).toEqual([
        // The BigCCD biases at −10 °C and −5 °C are two masters, never one.
        'bias|SBIG STL-1001 3 CCD Camera|1x1|1024x1024|-10C|2017-09-08 ×1',
        'bias|SBIG STL-1001 3 CCD Camera|1x1|1024x1024|-5C|2017-09-08 ×3',
        'dark|60|SBIG STL-1001 3 CCD Camera|1x1|1024x1024|-5C|2017-09-08 ×2',
        'dark|240|SBIG ST-402 CCD Camera|1x2|765x255|-15C|2017-10-18 ×3',
        'dark|360|SBIG ST-402 CCD Camera|1x2|765x255|-15C|2017-10-18 ×3',
        'dark|1200|SBIG ST-402 CCD Camera|1x2|765x255|-15C|2017-10-18 ×3',
        'flat|Clear|SBIG ST-402 CCD Camera|1x2|765x255|-15C|2017-10-17 ×6',
        'flat|Visible|SBIG STL-1001 3 CCD Camera|1x1|1024x1024|-5C|2017-09-08 ×2',
        // The auto-darked lights (CCDSoft) are grouped apart from the raw ones.
        'light|Clear|10|SBIG ST-402 CCD Camera|1x2|765x255|-15C|pre BD|2017-10-17 ×1',
        'light|Clear|40|SBIG ST-402 CCD Camera|1x2|765x255|-15C|pre BD|2017-10-17 ×1',
        'light|Clear|240|SBIG ST-402 CCD Camera|1x2|765x255|-15C|2017-10-17 ×3',
        'light|Clear|1200|SBIG ST-402 CCD Camera|1x2|765x255|-15C|2017-10-17 ×3',
      ]);
      expect(grouping.unclassified).toEqual(['CGS-GroupData/lab2/usedata/L2-arc-hg-10.00000000.FIT', 'CGS-GroupData/lab2/usedata/L2-arc-neon.00000000.FIT']);
    });

    test('the auto-darked lights (HISTORY Auto-Dark Subtraction) get only the flat; the overview says so once per group', () => {
      for (const name of ['L2-star-hg-10.00000000.FIT', 'L2-star-neon-40.00000000.FIT']) {
        const light = plan.lights.find((l) => l.frameId.endsWith(name))!;
        expect(light, name).toMatchObject({ biasId: null, darkId: null, flatId: 'flat_Clear_1x2_765x255_m15C_2017-10-17', calstat: 'BDF', precalibrated: 'BD', blocked: null });
        expect(light.steps.dark.status).toBe('skipped');
      }
      expect(grouping.problems.filter((p) => p.code === 'pre-calibrated').map((p) => p.message.replace(/ \(SBIG.*?night 2017-10-17\)/, ''))).toEqual([
        'lights Clear 10 s: already bias- and dark-subtracted by the capture software (HISTORY Auto-Dark Subtraction (CCDSoft)): not applied again',
        'lights Clear 40 s: already bias- and dark-subtracted by the capture software (HISTORY Auto-Dark Subtraction (CCDSoft)): not applied again',
      ]);
    });

    test('no ST-402 bias, darks of three exposures: bias and dark current are fitted; each raw light takes the dark of its own exposure', () => {
      expect(plan.masters.find((m) => m.id === 'dark_1200s_1x2_765x255_m15C_2017-10-18')).toMatchObject({ includesBias: true });
      expect(plan.masters.find((m) => m.id === 'darkrate_1x2_765x255_m15C_2017-10-18')?.fit?.darkIds).toEqual([
        'dark_240s_1x2_765x255_m15C_2017-10-18',
        'dark_360s_1x2_765x255_m15C_2017-10-18',
        'dark_1200s_1x2_765x255_m15C_2017-10-18',
      ]);
      const sci = plan.lights.find((l) => l.frameId.endsWith('L2-sci-neon-1200.00000000.FIT'));
      expect(sci).toMatchObject({ biasId: null, darkId: 'dark_1200s_1x2_765x255_m15C_2017-10-18', darkScale: 1, flatId: 'flat_Clear_1x2_765x255_m15C_2017-10-17', calstat: 'BDF', blocked: null });
      expect(plan.problems.filter((p) => p.code === 'dark-unscaled')).toEqual([]);
    });

    test('the STL-1001E dark and flat take the −5 °C bias (not the −10 °C one); the flat its 60 s dark scaled to 23 s', () => {
      expect(plan.masters.find((m) => m.id === 'dark_60s_1x1_1024x1024_m5C_2017-09-08')?.preparations[0]).toEqual({ biasId: 'bias_1x1_1024x1024_m5C_2017-09-08', darkId: null, darkScale: 1 });
      const flat = plan.masters.find((m) => m.id === 'flat_Visible_1x1_1024x1024_m5C_2017-09-08');
      expect(flat?.preparations[0]).toEqual({ biasId: 'bias_1x1_1024x1024_m5C_2017-09-08', darkId: 'dark_60s_1x1_1024x1024_m5C_2017-09-08', darkScale: 23 / 60 });
    });

    test('each ST-402 flat gets its own dark: the 360 s flats the 360 s dark, the 180 s ones the fitted bias and dark current', () => {
      const flat = plan.masters.find((m) => m.id === 'flat_Clear_1x2_765x255_m15C_2017-10-17')!;
      const exposureOf = (id: string) => (id.includes('360') ? 360 : 180);
      for (const [index, id] of flat.frameIds.entries()) {
        const expected = exposureOf(id) === 360
          ? { biasId: null, darkId: 'dark_360s_1x2_765x255_m15C_2017-10-18', darkScale: 1 }
          : { biasId: 'biasfit_1x2_765x255_m15C_2017-10-18', darkId: 'darkrate_1x2_765x255_m15C_2017-10-18', darkScale: 180 };
        expect(flat.preparations[index], id).toEqual(expected);
      }
    });
  });

  describe('ohp-andor-solis/22-09-22 as the night folder (UTC+2)', () => {
    let grouping: NightGrouping;
    let plan: MasterPlan;
    beforeAll(() => {
      const night = scanDataset(files, 'ohp-andor-solis/22-09-22', 2);
      grouping = groupFrames(night);
      plan = planMasters(night, grouping.groups);
    });

    test("Wednesday's bias is another night; the Rejected copy and the ThAr arc stay out", () => {
      expect(grouping.groups.map((g) => `${g.id} ×${g.frameIds.length}`)).toEqual([
        'bias|gain 2|readout Image|1x1|2048x100|-90C|2022-09-21 ×1',
        'bias|gain 2|readout Image|1x1|2048x100|-90C|2022-09-22 ×4',
        'flat|-|gain 2|readout Image|1x1|2048x100|-90C|2022-09-22 ×4',
        'light|-|300|gain 2|readout Image|1x1|2048x100|-90C|2022-09-22 ×2',
        'light|-|1200|gain 2|readout Image|1x1|2048x100|-90C|2022-09-22 ×4',
      ]);
      expect(grouping.problems.map((p) => p.code).sort()).toEqual(['duplicate', 'single-frame-master', 'unclassified']);
      expect(grouping.problems.find((p) => p.code === 'duplicate')?.frameIds).toEqual([
        'raw/Rejected_M76_M2_ML_Fri Sep 23 2022_00.46.33_00009.fits',
        'raw/M76_M2_ML_Fri Sep 23 2022_00.46.33_00009.fits',
      ]);
    });

    test("lights take that night's bias and the lamp flat; no darks exist (CCD at −90 °C)", () => {
      const m76 = plan.lights.find((l) => l.frameId === 'raw/M76_M2_ML_Fri Sep 23 2022_00.46.33_00009.fits');
      expect(m76).toMatchObject({ biasId: 'bias_g2_rm-Image_1x1_2048x100_m90C_2022-09-22', darkId: null, flatId: 'flat_g2_rm-Image_1x1_2048x100_m90C_2022-09-22', calstat: 'BF', blocked: null });
      expect(plan.lights).toHaveLength(6);
      // Wednesday's bias is built (a library may want it) but used by no light, and said so.
      expect(plan.problems.map((p) => p.code)).toEqual(['flat-not-dark-subtracted', 'no-dark', 'no-dark', 'unused-calibration']);
    });
  });

  describe('tircam2-ic310 as the night folder (stamps taken as UTC)', () => {
    test('flats from the next date are used for the IC 310 lights, and said to be', () => {
      const night = scanDataset(files, 'tircam2-ic310', 0);
      const grouping = groupFrames(night);
      expect(grouping.groups.map((g) => `${g.id} ×${g.frameIds.length}`)).toEqual([
        'bias|TIRCAM2|1x1|512x512|2022-10-22 ×3',
        'flat|J|TIRCAM2|1x1|512x512|2022-10-23 ×5',
        'light|J|40|TIRCAM2|1x1|512x512|2022-10-22 ×5',
      ]);
      const plan = planMasters(night, grouping.groups);
      expect(plan.lights[0]).toMatchObject({ biasId: 'bias_1x1_512x512_2022-10-22', darkId: null, flatId: 'flat_J_1x1_512x512_2022-10-23', calstat: 'BF' });
      expect(plan.problems.map((p) => `${p.code}:${p.severity}`)).toEqual(['flat-not-dark-subtracted:warning', 'other-night:info', 'no-dark:warning', 'other-night:info']);
    });
  });
});
