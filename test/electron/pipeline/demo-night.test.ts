/**
 * The whole pipeline on a demo night with known truth: masters agree with the truth within
 * the noise the physical model predicts, and every calibrated light equals the formula
 * computed here independently (raw and masters read back with fitsjs-ng).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FITS } from 'fitsjs-ng';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MasterView, NightView, RunSummary } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { DEMO_MODEL, writeDemoNight } from '../../../electron/demo/synthetic-night';
import { readImageWithFitsjs } from '../../../electron/fits/read-pixels';
import { medianRms, seededNormal } from '../../support/seeded-normal';
import { testHost } from '../../support/test-host';

const SIZE = 192;
const PIXELS = SIZE * SIZE;
const FILTERS = ['L', 'R'];
const BIAS_FRAMES = 15;
const DARK_FRAMES = 10;
const FLATS = 10;

let root: string;
let night: string;
let api: NightcalService;
let view: NightView;
let summary: RunSummary;
let masters: readonly MasterView[];
const inputHashes = new Map<string, string>();

function hashTree(dir: string, into: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    into.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
}

async function readFloat(path: string): Promise<Float32Array> {
  return readImageWithFitsjs(path);
}

function master(kind: string, filter?: string): MasterView {
  const found = masters.find((m) => m.spec.kind === kind && (filter === undefined || m.spec.filter === filter));
  if (!found) throw new Error(`no ${kind} master`);
  return found;
}

function rms(values: Float64Array | number[]): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum / values.length);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-pipeline-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: SIZE, lights: 6, filters: FILTERS, biasFrames: BIAS_FRAMES, darkFrames: DARK_FRAMES, flatsPerFilter: FLATS, seed: 7 });
  hashTree(night, inputHashes);
  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
  view = await api.openNight({ path: night });
  summary = await api.calibrate({});
  masters = (await api.getSnapshot()).masters;
}, 120_000);

afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('the demo night', () => {
  test('is grouped as written: bias, dark, a flat and lights per filter', () => {
    const counts = view.groups.map((g) => `${g.type}:${g.filter ?? '-'}:${g.frameIds.length}`);
    expect(counts).toEqual([`bias:-:${BIAS_FRAMES}`, `dark:-:${DARK_FRAMES}`, `flat:L:${FLATS}`, `flat:R:${FLATS}`, 'light:L:3', 'light:R:3']);
    expect(view.unclassified).toEqual([]);
    expect(view.problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  test('every light is calibrated, with the masters it needs', () => {
    expect(summary).toMatchObject({ total: 6, done: 6, failed: 0, skipped: 0, cancelled: false });
    expect(masters.map((m) => m.status)).toEqual(['done', 'done', 'done', 'done']);
  });
});

describe('masters against the ground truth', () => {
  // Noise of one raw pixel: read noise plus the uniform rounding to whole ADU (variance 1/12).
  const readSigma = Math.sqrt(DEMO_MODEL.readNoise ** 2 + 1 / 12);

  test('master bias = truth bias within the noise of a median of 15 frames', async () => {
    const truth = await readFloat(join(night, '_truth', 'bias.fits'));
    const built = await readFloat(master('bias').path!);
    const residual = Float64Array.from(built, (v, i) => v - truth[i]);
    // Expected: the RMS of a median of 15 Gaussian samples of sigma readSigma (Monte Carlo,
    // about 1.25·σ/√15 = 1.62 ADU); the estimate from 36,864 pixels is good to ~0.4 %.
    const expected = medianRms(BIAS_FRAMES, (() => { const n = seededNormal(1); return () => readSigma * n(); })());
    expect(rms(residual) / expected).toBeGreaterThan(0.93);
    expect(rms(residual) / expected).toBeLessThan(1.07);
    const mean = residual.reduce((a, b) => a + b, 0) / PIXELS;
    expect(Math.abs(mean)).toBeLessThan((5 * expected) / Math.sqrt(PIXELS));
  });

  test('master dark / exposure = truth dark current: mean, hot pixels and per-pixel scatter', async () => {
    const rate = await readFloat(join(night, '_truth', 'dark_rate.fits'));
    const built = await readFloat(master('dark').path!);
    const t = DEMO_MODEL.darkExposure;
    const normal: number[] = [];
    let hotChecked = 0;
    for (let i = 0; i < PIXELS; i += 1) {
      const measured = built[i] / t;
      if (rate[i] > 1) {
        // A hot pixel: rate·t electrons' Poisson noise (in ADU, /gain) over the median of 10
        // frames, plus the read noise: well under 5 sigma from the truth.
        const sigma = (1.25 * Math.sqrt((rate[i] * t) / DEMO_MODEL.electronsPerAdu + readSigma ** 2)) / Math.sqrt(DARK_FRAMES) / t;
        expect(Math.abs(measured - rate[i])).toBeLessThan(5 * sigma + 0.02);
        hotChecked += 1;
      } else {
        normal.push(built[i] - rate[i] * t);
      }
    }
    expect(hotChecked).toBeGreaterThan(10);
    // Normal pixels: median of 10 darks (read noise + dark shot noise) minus the master bias noise.
    const darkSigma = Math.sqrt(readSigma ** 2 + (DEMO_MODEL.darkRate * t) / DEMO_MODEL.electronsPerAdu);
    const perDark = medianRms(DARK_FRAMES, (() => { const n = seededNormal(2); return () => darkSigma * n(); })());
    const perBias = medianRms(BIAS_FRAMES, (() => { const n = seededNormal(3); return () => readSigma * n(); })());
    const expected = Math.hypot(perDark, perBias);
    expect(rms(normal) / expected).toBeGreaterThan(0.9);
    expect(rms(normal) / expected).toBeLessThan(1.1);
    const meanRate = normal.reduce((a, b) => a + b, 0) / normal.length / t + DEMO_MODEL.darkRate;
    expect(Math.abs(meanRate - DEMO_MODEL.darkRate)).toBeLessThan((5 * expected) / Math.sqrt(normal.length) / t);
    // The header records the median dark current per second.
    const header = FITS.fromArrayBuffer(new Uint8Array(readFileSync(master('dark').path!)).buffer).getHeader()!;
    expect(header.get('DARKRATE') as number).toBeCloseTo(master('dark').stats!.median / t, 5);
    expect(Math.abs((header.get('DARKRATE') as number) - DEMO_MODEL.darkRate)).toBeLessThan(0.02);
    const truthHot = rate.filter((r) => r > 1).length;
    expect(Math.abs((master('dark').stats?.hotPixels ?? -1) - truthHot)).toBeLessThanOrEqual(1);
  });

  test.each(FILTERS.map((filter, index) => [filter, index]))('master flat %s = truth flat within the shot noise of 10 flats', async (filter, index) => {
    const truth = await readFloat(join(night, '_truth', `flat_${filter}.fits`));
    const built = await readFloat(master('flat', filter as string).path!);
    const level = DEMO_MODEL.flatLevel * Math.max(0.5, 1 - 0.1 * (index as number));
    // Central pixels where the truth is ~1: relative noise per flat = shot noise of level·gain
    // electrons plus read noise, over the median of 10 frames.
    const perFlat = Math.sqrt(1 / (level * DEMO_MODEL.electronsPerAdu) + (readSigma / level) ** 2);
    const expected = medianRms(FLATS, (() => { const n = seededNormal(4 + (index as number)); return () => perFlat * n(); })());
    const ratios: number[] = [];
    for (let i = 0; i < PIXELS; i += 1) if (Math.abs(truth[i] - 1) < 0.01) ratios.push(built[i] / truth[i] - 1);
    expect(ratios.length).toBeGreaterThan(1000);
    expect(rms(ratios) / expected).toBeGreaterThan(0.85);
    expect(rms(ratios) / expected).toBeLessThan(1.15);
    // Normalised to median 1: the median of the whole master is 1.
    const sorted = Float64Array.from(built).sort();
    expect(sorted[PIXELS >> 1]).toBeCloseTo(1, 5);
  });
});

describe('calibrated lights', () => {
  test('equal (raw − bias − scale·dark) / flat pixel for pixel, computed here from the files', async () => {
    const bias = await readFloat(master('bias').path!);
    const dark = await readFloat(master('dark').path!);
    for (const light of view.plan.lights) {
      const state = (await api.getSnapshot()).run!.frames.find((f) => f.frameId === light.frameId)!;
      const raw = await readFloat(join(night, light.frameId));
      const flat = await readFloat(master('flat', view.frames.find((f) => f.id === light.frameId)!.facts!.filter!).path!);
      const output = await readFloat(state.outputPath!);
      expect(light.darkScale).toBe(1);
      let mismatches = 0;
      for (let i = 0; i < PIXELS; i += 1) {
        const f = flat[i];
        const expected = f > 0 && Number.isFinite(f) ? Math.fround((raw[i] - bias[i] - light.darkScale * dark[i]) / f) : NaN;
        if (!Object.is(output[i], expected) && !(Number.isNaN(output[i]) && Number.isNaN(expected))) mismatches += 1;
      }
      expect(mismatches).toBe(0);
    }
  });

  test('keep the raw header and add provenance', async () => {
    const state = (await api.getSnapshot()).run!.frames[0];
    const fits = FITS.fromArrayBuffer(new Uint8Array(readFileSync(state.outputPath!)).buffer);
    const header = fits.getHeader()!;
    expect(header.get('BITPIX')).toBe(-32);
    expect(header.get('IMAGETYP')).toBe('Light Frame');
    expect(header.get('DATE-OBS')).toBeTruthy();
    expect(header.get('CALSTAT')).toBe('BDF');
    expect(header.contains('BZERO')).toBe(false);
    const history = header.getHistory().join(' ');
    expect(history).toContain('master_bias_');
    expect(history).toContain('master_flat_');
  });

  test('masters are FITS with IMAGETYP and NCOMBINE', () => {
    for (const m of masters) {
      const header = FITS.fromArrayBuffer(new Uint8Array(readFileSync(m.path!)).buffer).getHeader()!;
      expect(header.get('IMAGETYP')).toBe(`MASTER ${m.spec.kind.toUpperCase()}`);
      expect(header.get('NCOMBINE')).toBe(m.spec.frameIds.length);
    }
  });

  test.skipIf(!existsSync('/usr/bin/fitsverify'))('outputs pass fitsverify with no errors or warnings', () => {
    const files = [...masters.map((m) => m.path!), join(summary.outputDir, view.plan.lights[0].frameId)];
    for (const file of files) {
      const report = execFileSync('fitsverify', [file], { encoding: 'utf8' });
      expect(report).toContain('Verification found 0 warning(s) and 0 error(s)');
    }
  });

  test('the run leaves a manifest, no partial files, and the raw files byte for byte as they were', () => {
    const manifest = JSON.parse(readFileSync(summary.manifestPath, 'utf8'));
    expect(Object.values(manifest.frames).filter((f) => (f as { status: string }).status === 'done')).toHaveLength(6);
    expect(manifest.masters).toHaveLength(4);
    const outputs = readdirSync(summary.outputDir, { recursive: true }) as string[];
    expect(outputs.filter((name) => name.includes('nightcal-partial'))).toEqual([]);
    const after = new Map<string, string>();
    hashTree(night, after);
    for (const [path, hash] of inputHashes) expect(after.get(path), path).toBe(hash);
  });
});
