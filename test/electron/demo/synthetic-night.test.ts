import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_MODEL, writeDemoNight, type DemoNightResult } from '../../../electron/demo/synthetic-night';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImageSync } from '../../../electron/fits/read-pixels';
import { OUTPUT_MARKER_FILE } from '../../../electron/outputs/output-marker';
import { measureFrame } from '../../../shared/quality/measure-frame';

const SIZE = 512;
const N = SIZE * SIZE;
/** Noise of one raw pixel around its mean with no signal: read noise and the camera's rounding to whole ADU. */
const PIXEL_SIGMA = Math.sqrt(DEMO_MODEL.readNoise ** 2 + 1 / 12);

let scratch: string;
let night: DemoNightResult;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'nightcal-demo-'));
  night = await writeDemoNight(join(scratch, 'night'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh empty folder inside this file's scratch folder. */
const freshFolder = (): string => mkdtempSync(join(scratch, 'case-'));

async function pixels(relativePath: string): Promise<Float32Array> {
  return readImageSync(await readFitsHeader(join(night.dir, relativePath)), null, createPixelBuffers());
}

const mean = (values: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
};

const std = (values: ArrayLike<number>): number => {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
};

const difference = (a: Float32Array, b: Float32Array): Float64Array => Float64Array.from(a, (v, i) => v - b[i]);

describe('the files of the default demo night', () => {
  it('has MaxIm DL-style folders and names, and the truth beside them', () => {
    expect(night.files).toBe(15 + 10 + 2 * 10 + 24);
    expect(readdirSync(night.dir).sort()).toEqual(['Bias', 'Darks', 'Flats', 'Lights', '_truth']);
    expect(readdirSync(join(night.dir, 'Bias'))).toHaveLength(15);
    expect(readdirSync(join(night.dir, 'Darks'))).toHaveLength(10);
    expect(readdirSync(join(night.dir, 'Flats'))).toHaveLength(20);
    expect(readdirSync(join(night.dir, 'Lights'))).toHaveLength(24);
    expect(readdirSync(join(night.dir, 'Lights'))).toContain('M51-012R.fit');
    expect(readdirSync(join(night.dir, 'Flats'))).toContain('Flat-010L.fit');
    expect(readdirSync(night.truthDir).sort()).toEqual([OUTPUT_MARKER_FILE, 'bias.fits', 'dark_rate.fits', 'flat_L.fits', 'flat_R.fits', 'model.json'].sort());
  });

  it.each([
    ['Bias/Bias-001.fit', 'Bias Frame', 0, undefined],
    ['Darks/Dark-010.fit', 'Dark Frame', 60, undefined],
    ['Flats/Flat-003R.fit', 'Flat Field', 2, 'R'],
    ['Lights/M51-001L.fit', 'Light Frame', 60, 'L'],
  ] as const)('%s: the headers classification reads are right', async (path, imagetyp, exposure, filter) => {
    const info = await readFitsHeader(join(night.dir, path));
    expect(info.layout).toMatchObject({ bitpix: 16, bzero: 32768, bscale: 1, width: SIZE, height: SIZE });
    expect(info.header.values).toMatchObject({
      IMAGETYP: imagetyp,
      EXPTIME: exposure,
      EXPOSURE: exposure,
      XBINNING: 1,
      YBINNING: 1,
      'SET-TEMP': DEMO_MODEL.ccdTemp,
      GAIN: DEMO_MODEL.gainSetting,
      OFFSET: DEMO_MODEL.offsetSetting,
      SITELONG: DEMO_MODEL.siteLongitude,
      SITELAT: DEMO_MODEL.siteLatitude,
      INSTRUME: DEMO_MODEL.instrument,
      TELESCOP: DEMO_MODEL.telescope,
    });
    expect(Math.abs((info.header.values['CCD-TEMP'] as number) - DEMO_MODEL.ccdTemp)).toBeLessThanOrEqual(0.1);
    expect(info.header.values.FILTER).toBe(filter);
    expect(info.header.values.OBJECT).toBe(imagetyp === 'Light Frame' ? DEMO_MODEL.object : undefined);
  });

  it('was taken in one plausible night: flats at dusk, then biases and darks, lights across midnight', async () => {
    const dates = async (folder: string): Promise<string[]> => {
      const names = readdirSync(join(night.dir, folder));
      const infos = await Promise.all(names.map((name) => readFitsHeader(join(night.dir, folder, name))));
      return infos.map((info) => `${info.header.values['DATE-OBS'] as string}Z`).sort();
    };
    const [flats, biases, darks, lights] = await Promise.all(['Flats', 'Bias', 'Darks', 'Lights'].map(dates));
    expect(flats.at(-1)! < biases[0]).toBe(true);
    expect(biases.at(-1)! < darks[0]).toBe(true);
    expect(darks.at(-1)! < lights[0]).toBe(true);
    expect(lights[0].startsWith(DEMO_MODEL.evening)).toBe(true);
    expect(lights.at(-1)!.startsWith('2026-03-15T')).toBe(true);
    // Noon to noon at the site's mean solar time holds every frame.
    const noon = Date.parse(`${DEMO_MODEL.evening}T12:00:00Z`) - (DEMO_MODEL.siteLongitude / 15) * 3600e3;
    for (const date of [...flats, ...biases, ...darks, ...lights]) {
      expect(Date.parse(date)).toBeGreaterThan(noon);
      expect(Date.parse(date)).toBeLessThan(noon + 24 * 3600e3);
    }
  });

  it('keeps the truth out of the scan with the output marker, and records the model', () => {
    expect(existsSync(join(night.truthDir, OUTPUT_MARKER_FILE))).toBe(true);
    const model = JSON.parse(readFileSync(join(night.truthDir, 'model.json'), 'utf8'));
    expect(model).toMatchObject({ ...DEMO_MODEL, dustDonuts: DEMO_MODEL.dustDonuts, seed: 1, size: SIZE });
    expect(model.counts).toEqual({ biasFrames: 15, darkFrames: 10, flatsPerFilter: 10, lights: 24 });
    expect(model.frames).toHaveLength(night.files);
  });
});

describe('the truth files match the model', () => {
  it('bias: the level plus a fixed pattern of column offsets', async () => {
    const bias = await pixels('_truth/bias.fits');
    const columns = bias.subarray(0, SIZE);
    for (const row of [1, 100, SIZE - 1]) expect(bias.subarray(row * SIZE, (row + 1) * SIZE)).toEqual(columns);
    expect(Math.abs(mean(columns) - DEMO_MODEL.biasLevel)).toBeLessThan((4 * DEMO_MODEL.columnPatternSigma) / Math.sqrt(SIZE));
    expect(Math.abs(std(columns) / DEMO_MODEL.columnPatternSigma - 1)).toBeLessThan(4 / Math.sqrt(2 * SIZE));
  });

  it('dark rate: the normal rate, and about 0.1 % hot pixels of 2–10 ADU/s', async () => {
    const rate = await pixels('_truth/dark_rate.fits');
    let hot = 0;
    for (const r of rate) {
      if (r === Math.fround(DEMO_MODEL.darkRate)) continue;
      hot++;
      expect(r).toBeGreaterThanOrEqual(DEMO_MODEL.hotPixelRateMin);
      expect(r).toBeLessThanOrEqual(DEMO_MODEL.hotPixelRateMax);
    }
    const expected = DEMO_MODEL.hotPixelFraction * N;
    expect(Math.abs(hot - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });

  it('flats: median 1, vignetted towards the corners, a dust donut, different in each filter', async () => {
    const flatL = await pixels('_truth/flat_L.fits');
    const flatR = await pixels('_truth/flat_R.fits');
    const region = (flat: Float32Array, cx: number, cy: number, half: number): number => {
      const values: number[] = [];
      for (let y = cy - half; y < cy + half; y++) for (let x = cx - half; x < cx + half; x++) values.push(flat[y * SIZE + x]);
      return mean(values);
    };
    [flatL, flatR].forEach((flat, filterIndex) => {
      const sorted = Float32Array.from(flat).sort();
      expect((sorted[N / 2 - 1] + sorted[N / 2]) / 2).toBeCloseTo(1, 6);
      // Near a corner, r² = (235.5/256)²: vignetting 1 − 0.2 r², times the filter's tilt.
      const r2 = (235.5 / 256) ** 2;
      const tilt = 1 + DEMO_MODEL.flatTiltPerFilter * filterIndex * (20 / SIZE - 0.5);
      const expected = (1 - DEMO_MODEL.vignetting * r2) * tilt;
      expect(Math.abs(region(flat, 20, 20, 10) / region(flat, SIZE / 2, SIZE / 2, 10) - expected)).toBeLessThan(0.005);
    });
    const donut = DEMO_MODEL.dustDonuts[0];
    const ringX = Math.round(donut.x * SIZE + 0.7 * donut.radius * SIZE);
    const ring = flatL[Math.round(donut.y * SIZE) * SIZE + ringX];
    const beside = region(flatL, ringX, Math.round(donut.y * SIZE) + Math.round(2 * donut.radius * SIZE), 3);
    expect(1 - ring / beside).toBeGreaterThan(donut.depth / 2);
    expect(flatR).not.toEqual(flatL);
  });
});

describe('the frames match the model within the noise', () => {
  it('a bias frame averages to the truth bias within 4σ/√N', async () => {
    const frame = await pixels('Bias/Bias-001.fit');
    const truth = await pixels('_truth/bias.fits');
    expect(Math.abs(mean(frame) - mean(truth))).toBeLessThan((4 * PIXEL_SIGMA) / Math.sqrt(N));
  });

  it('two biases differ by √2 × the read noise (within 3 %)', async () => {
    const spread = std(difference(await pixels('Bias/Bias-002.fit'), await pixels('Bias/Bias-003.fit')));
    expect(Math.abs(spread / (Math.SQRT2 * PIXEL_SIGMA) - 1)).toBeLessThan(0.03);
  });

  it('a dark exceeds a bias by the dark rate × the exposure', async () => {
    const excess = difference(await pixels('Darks/Dark-001.fit'), await pixels('Bias/Bias-004.fit'));
    const rate = await pixels('_truth/dark_rate.fits');
    const expected = mean(rate) * DEMO_MODEL.darkExposure;
    // Per pixel: two read noises, the dark's shot noise; the hot pixels' spread averages out.
    const sigma = Math.sqrt(2 * PIXEL_SIGMA ** 2 + expected / DEMO_MODEL.electronsPerAdu);
    expect(Math.abs(mean(excess) - expected)).toBeLessThan((4 * sigma) / Math.sqrt(N));
  });

  it('a flat is the flat level × the truth flat, plus bias and dark', async () => {
    const frame = await pixels('Flats/Flat-001R.fit');
    const [bias, rate, flat] = await Promise.all(['_truth/bias.fits', '_truth/dark_rate.fits', '_truth/flat_R.fits'].map(pixels));
    const level = DEMO_MODEL.flatLevel * 0.9; // the second filter is 10 % fainter
    let signal = 0;
    let model = 0;
    for (let i = 0; i < N; i++) {
      signal += frame[i] - bias[i] - rate[i] * DEMO_MODEL.flatExposure;
      model += level * flat[i];
    }
    const perPixelSigma = Math.sqrt(level / DEMO_MODEL.electronsPerAdu + PIXEL_SIGMA ** 2);
    expect(Math.abs(signal - model)).toBeLessThan(4 * perPixelSigma * Math.sqrt(N));
  });

  it('a light shows the sky through the flat, with stars above it', async () => {
    const frame = await pixels('Lights/M51-005L.fit');
    const [bias, rate, flat] = await Promise.all(['_truth/bias.fits', '_truth/dark_rate.fits', '_truth/flat_L.fits'].map(pixels));
    const sky = Float64Array.from(frame, (v, i) => (v - bias[i] - rate[i] * DEMO_MODEL.lightExposure) / flat[i]).sort();
    // The median pixel is sky: stars cover a few per cent of the frame and lift it by little.
    expect(Math.abs(sky[N / 2] / DEMO_MODEL.skyLevel - 1)).toBeLessThan(0.01);
    expect(sky[N - 1]).toBeGreaterThan(20 * DEMO_MODEL.skyLevel);
  });
});

describe('writeDemoNight', () => {
  it('gives identical bytes for the same seed, different ones for another seed', async () => {
    const options = { size: 64, lights: 4, biasFrames: 2, darkFrames: 2, flatsPerFilter: 2 };
    const roots = [1, 1, 2].map(() => freshFolder());
    await writeDemoNight(roots[0], { ...options, seed: 7 });
    await writeDemoNight(roots[1], { ...options, seed: 7 });
    await writeDemoNight(roots[2], { ...options, seed: 8 });
    const files = (root: string): string[] => readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(fit|fits|json)$/.test(f)).sort();
    expect(files(roots[0])).toEqual(files(roots[1]));
    for (const file of files(roots[0])) {
      expect(readFileSync(join(roots[1], file)).equals(readFileSync(join(roots[0], file)))).toBe(true);
    }
    expect(readFileSync(join(roots[2], 'Lights', 'M51-001L.fit')).equals(readFileSync(join(roots[0], 'Lights', 'M51-001L.fit')))).toBe(false);
  });

  it('takes each light under its own seeing and sky when asked: only those lights change, by the factors given', async () => {
    const options = { size: 256, lights: 4, biasFrames: 1, darkFrames: 1, flatsPerFilter: 1, filters: ['L'] };
    const [clear, varied] = [freshFolder(), freshFolder()];
    await writeDemoNight(clear, options);
    await writeDemoNight(varied, { ...options, lightConditions: [null, { fwhmFactor: 1.8 }, undefined, { skyFactor: 4, starFluxFactor: 0.2 }] });
    const files = readdirSync(clear, { recursive: true, encoding: 'utf8' }).filter((f) => /\.fits?$/.test(f)).sort();
    const changed = files.filter((file) => !readFileSync(join(clear, file)).equals(readFileSync(join(varied, file))));
    expect(changed).toEqual(['Lights/M51-002L.fit', 'Lights/M51-004L.fit']);
    const light = async (root: string, name: string) => readImageSync(await readFitsHeader(join(root, 'Lights', name)), null, createPixelBuffers());
    const [flat, bias] = await Promise.all(['_truth/flat_L.fits', '_truth/bias.fits'].map(async (f) => readImageSync(await readFitsHeader(join(clear, f)), null, createPixelBuffers())));
    const sky = (frame: Float32Array) => Float64Array.from(frame, (v, i) => (v - bias[i]) / flat[i]).sort()[frame.length >> 1];
    // the clouded light: four times the sky
    expect(sky(await light(varied, 'M51-004L.fit')) / sky(await light(clear, 'M51-004L.fit'))).toBeCloseTo(4, 1);
    // the defocused light: its stars 1.8 × as wide (measured as the quality measurement does)
    const fwhm = async (root: string) => {
      const frame = await light(root, 'M51-002L.fit');
      return measureFrame(Float32Array.from(frame, (v, i) => (v - bias[i]) / flat[i]), 256, 256).fwhm!;
    };
    expect(Math.abs((await fwhm(varied)) / (await fwhm(clear)) / 1.8 - 1)).toBeLessThan(0.05);
    const model = JSON.parse(readFileSync(join(varied, '_truth', 'model.json'), 'utf8'));
    expect(model.frames.filter((f: { condition?: unknown }) => f.condition).map((f: { path: string; condition: unknown }) => [f.path, f.condition])).toEqual([
      ['Lights/M51-002L.fit', { fwhmFactor: 1.8, skyFactor: 1, starFluxFactor: 1 }],
      ['Lights/M51-004L.fit', { fwhmFactor: 1, skyFactor: 4, starFluxFactor: 0.2 }],
    ]);
    await expect(writeDemoNight(freshFolder(), { ...options, lightConditions: [{ fwhmFactor: 0 }] })).rejects.toThrow(/light 1: fwhmFactor must be a number above 0/);
  });

  it('replaces a previous demo night, leaving no stale frames', async () => {
    const root = freshFolder();
    await writeDemoNight(root, { size: 32, lights: 6 });
    const result = await writeDemoNight(root, { size: 32, lights: 2, filters: ['Ha'] });
    expect(readdirSync(join(root, 'Lights')).sort()).toEqual(['M51-001Ha.fit', 'M51-002Ha.fit']);
    expect(result.files).toBe(15 + 10 + 10 + 2);
  });

  it('refuses a folder holding other files, and options out of range', async () => {
    const root = freshFolder();
    mkdirSync(join(root, 'Lights'));
    writeFileSync(join(root, 'Lights', 'real-frame.fits'), 'precious');
    await expect(writeDemoNight(root, { size: 32 })).rejects.toThrow(/not empty and not a demo night/);
    expect(readFileSync(join(root, 'Lights', 'real-frame.fits'), 'utf8')).toBe('precious');
    const empty = freshFolder();
    await expect(writeDemoNight(empty, { size: 0 })).rejects.toThrow(RangeError);
    await expect(writeDemoNight(empty, { lights: 2.5 })).rejects.toThrow(/lights/);
    await expect(writeDemoNight(empty, { filters: ['R', 'R'] })).rejects.toThrow(/filters/);
  });

  it('stops between frames when its signal aborts, and takes the half-written frames away; the next demo replaces it', async () => {
    const root = freshFolder();
    await writeDemoNight(root, { size: 16, lights: 2 });
    mkdirSync(join(root, 'calibrated')); // outputs of an earlier run stay where they are
    const stop = new AbortController();
    const writing = writeDemoNight(root, { size: 128, lights: 2000 }, stop.signal);
    const written = (): number => ['Bias', 'Darks', 'Flats', 'Lights'].reduce((n, f) => n + (existsSync(join(root, f)) ? readdirSync(join(root, f)).length : 0), 0);
    await vi.waitFor(() => expect(written()).toBeGreaterThan(10), { interval: 5 });
    stop.abort();
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    // No frame folder is left to be taken for a finished night; _truth/ still says whose folder this is.
    expect(readdirSync(root).sort()).toEqual(['_truth', 'calibrated']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written()).toBe(0);
    const next = await writeDemoNight(root, { size: 16, lights: 3 });
    expect(next.files).toBe(15 + 10 + 20 + 3);
    expect(readdirSync(join(root, 'Lights'))).toHaveLength(3);
  });

  it('writes nothing for a signal aborted before it starts', async () => {
    const root = join(freshFolder(), 'night');
    await expect(writeDemoNight(root, { size: 16 }, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(root)).toBe(false);
  });
});
