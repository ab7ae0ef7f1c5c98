/**
 * A night of lights and flats only, calibrated with a calibration library: the masters of a
 * darks session taken weeks before at two gains and two temperatures (NightCal's own), and a
 * master bias another program wrote. Every light must get the library's bias and dark of its
 * own settings (never another gain or temperature), come within 1 % of the true sky in each
 * colour channel, say where its masters came from, and leave every library file as it was.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NightView, RunSummary } from '../../../shared/contract';
import type { MasterSpec } from '../../../shared/night/frames';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { formatCard } from '../../../electron/fits/write-fits';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImage } from '../../../electron/fits/read-pixels';
import { trueCalibratedSky, writeCmosNight, type CmosNight } from '../../support/cmos-night';
import { readUsage } from '../../../electron/library/library-usage';
import { testHost } from '../../support/test-host';
import { removeFolder, tempFolder, writeImageFile } from '../fits/fits-fixtures';

const LIGHTS = { gain: 100, offset: 50, temperature: -10 };
const OTHER_GAIN = { gain: 200, offset: 30, temperature: -10 };
const WARM = { gain: 100, offset: 50, temperature: -5 };

let folder: string;
let library: string;
let night: CmosNight;
let view: NightView;
let summary: RunSummary;
let hashesBefore: Map<string, string>;

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const libraryFiles = (): string[] => readdirSync(library, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.fits')).map((e) => join(e.parentPath, e.name));

beforeAll(async () => {
  folder = tempFolder('library-night');
  library = join(folder, 'library');
  // The darks session: bias and darks at three settings, nothing else; its masters make the library.
  const session = writeCmosNight(join(folder, 'darks-session'), { biasSettings: [LIGHTS, OTHER_GAIN, WARM], darkSettings: [LIGHTS, OTHER_GAIN, WARM], darkExposures: [120], darkFlats: false, flats: 0, lights: 0 });
  const maker = createNightcalApi(testHost(join(folder, 'data')), { workers: 2, utcOffsetHours: 0, defaultLibrary: null });
  await maker.openNight({ path: session.dir });
  const built = await maker.calibrate({});
  await maker.dispose();
  mkdirSync(join(library, 'masters'), { recursive: true });
  for (const master of built.masters) {
    // The bias of the lights' setting comes as another program wrote it (below), not as NightCal's.
    if (master.id.startsWith('bias_g100_o50') && master.id.includes('m10C')) continue;
    copyFileSync(master.path, join(library, 'masters', basename(master.path)));
  }
  const nightcalBias = built.masters.find((m) => m.id.startsWith('bias_g100_o50') && m.id.includes('m10C'))!;
  const info = await readFitsHeader(nightcalBias.path);
  const pixels = await readImage(info, null, createPixelBuffers());
  writeImageFile(join(library, 'masters', 'MasterBias_gain100.fit'), {
    bitpix: -32,
    width: session.width,
    height: session.height,
    stored: Float64Array.from(pixels),
    bzero: 0,
    bscale: 1,
    extraCards: [
      formatCard('IMAGETYP', 'Master Bias'),
      formatCard('NCOMBINE', 9),
      formatCard('INSTRUME', 'ZWO ASI2600MC Pro'),
      formatCard('GAIN', 100),
      formatCard('OFFSET', 50),
      formatCard('SET-TEMP', -10),
      formatCard('XBINNING', 1),
      formatCard('YBINNING', 1),
      formatCard('BAYERPAT', 'RGGB'),
      formatCard('ROWORDER', 'TOP-DOWN'),
      formatCard('DATE-OBS', '2026-10-21T19:00:00'),
      formatCard('SWCREATE', 'PixInsight 1.8.9-3'),
    ],
  });
  hashesBefore = new Map(libraryFiles().map((path) => [path, sha256(path)]));

  // The night: flats (with their dark flats) and lights, no bias, no darks.
  night = writeCmosNight(join(folder, 'night'), { biasSettings: [], darkSettings: [], lightSetting: LIGHTS, lightExposure: 120 });
  const api = createNightcalApi(testHost(join(folder, 'data')), { workers: 2, utcOffsetHours: 0, libraries: [library] });
  try {
    view = await api.openNight({ path: night.dir });
    summary = await api.calibrate({});
  } finally {
    await api.dispose();
  }
}, 180_000);
afterAll(() => removeFolder(folder));

const masterOf = (id: string | null): MasterSpec | undefined => view.plan.masters.find((m) => m.id === id);

describe('a night of lights and flats with a calibration library of bias and darks', () => {
  test('the library is read: its masters by their headers, the other program’s included', () => {
    expect(view.libraries).toHaveLength(1);
    expect(view.libraries[0].root).toBe(library);
    expect(view.libraries[0].masters).toBe(6); // 3 biases (one PixInsight's) + 3 darks
    expect(view.libraries[0].used.map((u) => u.origin)).toEqual([
      expect.stringMatching(/^library .*\/library · masters\/MasterBias_gain100\.fit · 9 frames by PixInsight · 2026-10-21, 30 days old$/),
      expect.stringMatching(/^library .*\/library · masters\/master_dark_120s_g100_o50_.*\.fits · 7 frames by NightCal · 2026-11-20$/),
    ]);
    expect(view.libraries[0].skipped).toEqual([]);
  });

  test('every light gets the library’s bias and dark of its own gain, offset and temperature, and the night’s flat', () => {
    const lights = view.plan.lights;
    expect(lights).toHaveLength(5);
    for (const light of lights) {
      const bias = masterOf(light.biasId)!;
      const dark = masterOf(light.darkId)!;
      expect(bias.file?.relativePath).toBe('masters/MasterBias_gain100.fit');
      expect(bias.file?.program).toBe('PixInsight');
      expect(dark.file?.relativePath).toMatch(/^masters\/master_dark_120s_g100_o50_.*m10C/);
      expect([dark.gain, dark.offset, dark.temperature?.mean]).toEqual([100, 50, -10]);
      expect(light.darkScale).toBe(1);
      expect(masterOf(light.flatId)?.file).toBeNull();
      expect(light.steps.dark.reason).toMatch(/library master dark 120 s/);
    }
    // Nothing of another setting is planned at all.
    expect(view.plan.masters.filter((m) => m.file).map((m) => m.gain)).toEqual([100, 100]);
  });

  test('the flats are prepared with the library’s bias and the night’s dark flats', () => {
    const flat = view.plan.masters.find((m) => m.kind === 'flat')!;
    expect(flat.preparations.every((p) => p.darkId !== null && masterOf(p.darkId)?.kind === 'darkflat')).toBe(true);
  });

  test('the calibrated lights are within 1 % of the true sky in every colour channel', async () => {
    expect(summary.done).toBe(5);
    expect(summary.failed).toBe(0);
    const truth = trueCalibratedSky(night);
    for (const path of readdirSync(join(summary.outputDir, 'Lights')).map((name) => join(summary.outputDir, 'Lights', name))) {
      const info = await readFitsHeader(path);
      const pixels = await readImage(info, null, createPixelBuffers());
      for (const c of ['R', 'G', 'B'] as const) {
        const values: number[] = [];
        for (let y = 0; y < night.height; y++) for (let x = 0; x < night.width; x++) if (night.channelAt(x, y) === c) values.push(pixels[y * night.width + x]);
        values.sort((a, b) => a - b);
        const median = values[values.length >> 1];
        expect(Math.abs(median / truth[c] - 1), `${basename(path)} ${c}: ${median} vs ${truth[c]}`).toBeLessThan(0.01);
      }
      // HISTORY text as one string (long lines wrap over several cards).
      const history = info.header.cards.filter((card) => card.startsWith('HISTORY')).map((card) => card.slice(8).trimEnd()).join(' ');
      expect(history).toContain(`from the calibration library ${library}`);
      expect(history).toContain('MasterBias_gain100.fit');
      // …with its keys, for whoever reads the header without the library at hand.
      expect(history).toMatch(/masters\/MasterBias_gain100\.fit \(sha256 [0-9a-f]{16}\), library master bias \(.*gain 100, offset 50, .*-10\.0 C\)/);
    }
  });

  test('the library remembers the run that used its bias and dark', async () => {
    const { records } = await readUsage(library);
    expect(records.map((r) => [basename(r.relativePath), r.run, r.night]).sort()).toEqual([
      ['MasterBias_gain100.fit', summary.outputDir, night.dir],
      [expect.stringMatching(/^master_dark_120s_g100_o50/), summary.outputDir, night.dir],
    ]);
  });

  test('the library’s files are unchanged and no FITS file was written into the library', () => {
    expect(new Map(libraryFiles().map((path) => [path, sha256(path)]))).toEqual(hashesBefore);
    expect(summary.masters.filter((m) => m.path.startsWith(library)).map((m) => basename(m.path)).sort()).toEqual(['MasterBias_gain100.fit', expect.stringMatching(/^master_dark_120s_g100_o50/)].sort());
  });
});

describe('a library master changed after the night was opened', () => {
  test('is refused, never applied: the lights that needed it fail with the reason, the file is left as it is', async () => {
    const copy = join(folder, 'library-copy');
    mkdirSync(join(copy, 'masters'), { recursive: true });
    for (const path of libraryFiles()) copyFileSync(path, join(copy, 'masters', basename(path)));
    const api = createNightcalApi(testHost(join(folder, 'data-2')), { workers: 2, utcOffsetHours: 0, libraries: [copy] });
    try {
      const opened = await api.openNight({ path: night.dir });
      const dark = opened.plan.masters.find((m) => m.kind === 'dark' && m.file)!;
      const bytes = readFileSync(dark.file!.path);
      bytes[bytes.length - 1] ^= 1; // one bit of its last pixel
      writeFileSync(dark.file!.path, bytes);
      const changed = sha256(dark.file!.path);
      const result = await api.calibrate({ outputDir: join(folder, 'out-changed') });
      expect(result.done).toBe(0);
      expect(result.failed).toBe(5);
      expect(result.errors.map((e) => e.error.message).join('\n')).toMatch(/changed since the library was read/);
      expect(sha256(dark.file!.path)).toBe(changed);
    } finally {
      await api.dispose();
    }
  }, 120_000);
});
