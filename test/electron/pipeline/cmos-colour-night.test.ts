/**
 * The right masters for every light on a night of today: a colour CMOS camera (N.I.N.A.
 * headers) whose night also holds bias and darks at another gain and offset and at another
 * temperature, dark flats, and a flat panel with a colour of its own. Calibrated through the
 * API (scan → plan → masters → lights), every light must come within 1 % of the true sky in
 * each colour channel, with the vignetting gone, and no master may combine frames of two settings.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NightView, RunSummary } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { readImage, createPixelBuffers } from '../../../electron/fits/read-pixels';
import { readManifest } from '../../../electron/outputs/run-manifest';
import { trueCalibratedSky, writeCmosNight, type CmosNight } from '../../support/cmos-night';
import { testHost } from '../../support/test-host';
import { removeFolder, tempFolder } from '../fits/fits-fixtures';

const LIGHTS = { gain: 100, offset: 50, temperature: -10 };
const OTHER_GAIN = { gain: 200, offset: 30, temperature: -10 };
const WARM = { gain: 100, offset: 50, temperature: -5 };

let folder: string;
let api: NightcalService;

beforeAll(() => {
  folder = tempFolder('cmos-night');
  api = createNightcalApi(testHost(join(folder, 'data')), { workers: 2, utcOffsetHours: 0 });
});
afterAll(async () => {
  await api.dispose();
  removeFolder(folder);
});

/** Per-channel medians of a calibrated light, and of its centre and corners (the vignetting must be gone). */
async function channelFigures(night: CmosNight, path: string) {
  const info = await readFitsHeader(path);
  const pixels = await readImage(info, null, createPixelBuffers());
  const all: Record<'R' | 'G' | 'B', number[]> = { R: [], G: [], B: [] };
  const centre: Record<'R' | 'G' | 'B', number[]> = { R: [], G: [], B: [] };
  const edge: Record<'R' | 'G' | 'B', number[]> = { R: [], G: [], B: [] };
  for (let y = 0; y < night.height; y++) {
    for (let x = 0; x < night.width; x++) {
      const c = night.channelAt(x, y);
      const v = pixels[y * night.width + x];
      all[c].push(v);
      const r = Math.hypot(x - night.width / 2, y - night.height / 2) / night.width;
      if (r < 0.15) centre[c].push(v);
      else if (r > 0.45) edge[c].push(v);
    }
  }
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[sorted.length >> 1];
  };
  const out = {} as Record<'R' | 'G' | 'B', { median: number; centre: number; edge: number }>;
  for (const c of ['R', 'G', 'B'] as const) out[c] = { median: median(all[c]), centre: median(centre[c]), edge: median(edge[c]) };
  return { figures: out, cards: info.header.cards };
}

describe('a colour CMOS night with calibration frames of two gains and two temperatures, and dark flats', () => {
  let night: CmosNight;
  let view: NightView;
  let summary: RunSummary;

  beforeAll(async () => {
    night = writeCmosNight(join(folder, 'night'), {
      biasSettings: [LIGHTS, OTHER_GAIN, WARM],
      darkSettings: [LIGHTS, OTHER_GAIN, WARM],
      darkExposures: [120],
      lightSetting: LIGHTS,
      lightExposure: 120,
    });
    view = await api.openNight({ path: night.dir });
    summary = await api.calibrate({});
  }, 120_000);

  test('no master combines frames of two settings (checked from each master’s own sources)', () => {
    const factsOf = new Map(view.frames.map((f) => [f.id, f.facts!]));
    expect(view.plan.masters.length).toBe(8); // 3 bias, 3 dark, 1 dark flat, 1 flat
    for (const master of view.plan.masters) {
      const settings = new Set(master.frameIds.map((id) => `${factsOf.get(id)!.gain}/${factsOf.get(id)!.offset}/${factsOf.get(id)!.setTemp}`));
      expect([...settings], master.id).toHaveLength(1);
    }
  });

  test('every light gets the gain-100, −10 °C bias and dark, the flat with its dark flat, and says so', () => {
    const light = view.plan.lights[0];
    expect(light).toMatchObject({ biasId: 'bias_g100_o50_1x1_96x64_m10C_2026-11-20', darkId: 'dark_120s_g100_o50_1x1_96x64_m10C_2026-11-20', darkScale: 1, flatId: 'flat_L_g100_o50_1x1_96x64_m10C_2026-11-20', calstat: 'BDF' });
    const flat = view.plan.masters.find((m) => m.kind === 'flat')!;
    expect(flat.normalise).toBe('per-channel');
    expect(new Set(flat.preparations.map((p) => p.darkId))).toEqual(new Set(['darkflat_2s_g100_o50_1x1_96x64_m10C_2026-11-20']));
    expect(view.problems.filter((p) => p.code === 'unused-calibration')).toHaveLength(4);
  });

  test('every calibrated light is within 1 % of the true sky in each colour channel, with the vignetting gone', async () => {
    expect(summary).toMatchObject({ done: 5, failed: 0 });
    const truth = trueCalibratedSky(night);
    for (const frame of summary.errors) throw new Error(JSON.stringify(frame));
    const outputs = readManifest(summary.outputDir)!;
    for (const record of Object.values(outputs.frames)) {
      const { figures } = await channelFigures(night, record.outputPath!);
      for (const c of ['R', 'G', 'B'] as const) {
        expect(Math.abs(figures[c].median / truth[c] - 1), `${record.frameId} ${c}: ${figures[c].median} vs ${truth[c]}`).toBeLessThan(0.01);
        // Flat-fielded: the corners hold what the centre holds (the raw light falls 30 % at the corners).
        expect(Math.abs(figures[c].edge / figures[c].centre - 1), `${record.frameId} ${c} corners`).toBeLessThan(0.03);
      }
    }
  });

  test('every master’s strips were combined by the fused WebAssembly kernel, and the manifest says so', () => {
    // 16-bit frames on a machine with WebAssembly SIMD: the fast path; a kernel that stopped compiling would show as JavaScript strips here.
    const manifest = readManifest(summary.outputDir)!;
    const combined = manifest.masters.filter((m) => m.frameIds.length > 0);
    expect(combined.length).toBe(8);
    for (const master of combined) {
      expect(master.kernels, master.id).toMatchObject({ javascript: 0 });
      expect(master.kernels!['wasm-simd'], master.id).toBeGreaterThan(0);
    }
  });

  test('the masters and the outputs keep the colour layout and the settings in their headers; outputs have one CALSTAT', async () => {
    const flat = summary.masters.find((m) => m.id.startsWith('flat_'))!;
    const cards = (await readFitsHeader(flat.path)).header.cards;
    for (const expected of [/^BAYERPAT= 'RGGB ?/, /^GAIN    = +100 /, /^OFFSET  = +50 /, /^FLATNORM= 'per-channel'/, /^INSTRUME= 'ZWO ASI2600MC Pro'/, /^SET-TEMP= +-10 /, /^ROWORDER= 'TOP-DOWN'/]) {
      expect(cards.some((card) => expected.test(card)), String(expected)).toBe(true);
    }
    const record = Object.values(readManifest(summary.outputDir)!.frames)[0];
    const light = (await readFitsHeader(record.outputPath!)).header.cards;
    expect(light.filter((card) => card.startsWith('CALSTAT'))).toHaveLength(1);
    expect(light.some((card) => /^BAYERPAT= 'RGGB ?/.test(card))).toBe(true);
  });

  test('a colour frame is previewed in colour (superpixels, each channel its own limits), its raw mosaic on request', async () => {
    const light = view.frames.find((f) => f.classification.type === 'light')!;
    const colour = await api.getPreview({ source: { kind: 'calibrated', frameId: light.id }, maxSize: 256 });
    expect(colour.colour).not.toBeNull();
    expect([colour.width, colour.height, colour.binFactor]).toEqual([night.width / 2, night.height / 2, 2]);
    const median = (plane: Float32Array) => [...plane].sort((a, b) => a - b)[plane.length >> 1];
    const [red, green, blue] = colour.colour!.planes.map(median);
    const truth = trueCalibratedSky(night);
    expect(red / green).toBeCloseTo(truth.R / truth.G, 1);
    expect(blue / green).toBeCloseTo(truth.B / truth.G, 1);
    const mosaic = await api.getPreview({ source: { kind: 'raw', frameId: light.id }, maxSize: 256, mosaic: true });
    expect(mosaic.colour).toBeNull();
    expect([mosaic.width, mosaic.height]).toEqual([night.width, night.height]);
  });

  test('with the wrong masters the same check fails: a light given the other gain’s bias and dark is off by far more than 1 %', async () => {
    // The check above can fail: calibrate one raw light by hand with the gain-200 bias and dark, as a planner that ignored the gain would.
    const truth = trueCalibratedSky(night);
    const lightPath = view.frames.find((f) => f.classification.type === 'light')!.path;
    const masterPixels = async (prefix: string) => {
      const master = summary.masters.find((m) => m.id.startsWith(prefix))!;
      return readImage(await readFitsHeader(master.path), null, createPixelBuffers());
    };
    const [bias, dark] = await Promise.all([masterPixels('bias_g200'), masterPixels('dark_120s_g200')]);
    const flat = await masterPixels('flat_L');
    const raw = await readImage(await readFitsHeader(lightPath), null, createPixelBuffers());
    const green: number[] = [];
    for (let p = 0; p < raw.length; p++) if (night.channelAt(p % night.width, Math.floor(p / night.width)) === 'G') green.push((raw[p] - bias[p] - dark[p]) / flat[p]);
    green.sort((a, b) => a - b);
    expect(Math.abs(green[green.length >> 1] / truth.G - 1)).toBeGreaterThan(0.1);
  });
});

describe('a colour CMOS night without bias frames, darks of two exposures, lights of a third', () => {
  test('bias and dark current are fitted per pixel; the lights come within 1 % of the true sky per channel', async () => {
    const night = writeCmosNight(join(folder, 'fit-night'), {
      biasSettings: [],
      darkSettings: [LIGHTS],
      darkExposures: [60, 300],
      darkFrames: 9,
      lightExposure: 120,
      seed: 5,
    });
    const view = await api.openNight({ path: night.dir });
    expect(view.plan.lights[0]).toMatchObject({ biasId: expect.stringMatching(/^biasfit_/), darkId: expect.stringMatching(/^darkrate_/), darkScale: 120 });
    const summary = await api.calibrate({});
    expect(summary).toMatchObject({ done: 5, failed: 0 });
    const truth = trueCalibratedSky(night);
    for (const record of Object.values(readManifest(summary.outputDir)!.frames)) {
      const { figures } = await channelFigures(night, record.outputPath!);
      for (const c of ['R', 'G', 'B'] as const) expect(Math.abs(figures[c].median / truth[c] - 1), `${record.frameId} ${c}`).toBeLessThan(0.01);
    }
  }, 120_000);
});
