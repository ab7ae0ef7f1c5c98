/**
 * Part G: what measuring every light costs the light stage. Nights of 2048² and of 6248×4176
 * (a 26 Mpx camera) lights with a star field, calibrated by the built `nightcal` with the
 * measurement on (the default) and off (`--no-quality`) in alternate runs of each round, all
 * cores and one worker, direct and cached writes: the light stage's frames per second both ways,
 * the worker's milliseconds per light, and the measurement's own milliseconds (recorded per light
 * in the manifest: it runs while the light's data is being written), and the CPU it adds.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { encodeUint16Image, formatCard } from '../../electron/fits/write-fits';
import { seededNormal } from '../support/seeded-normal';
import { totalBytes, warmCache } from './io-floor';
import { runCalibrate, type RunFigures } from './nightcal-cli';
import { fixed, markdownTable, spread, textTable, withRange, type Row, type Spread } from './report';
import { keepWarm, settle } from './settle';

/**
 * The sizes measured, and how many lights each night has. A run's measurement starts cold in
 * every worker (its JavaScript is interpreted, then optimised: a few tenths of a second of CPU a
 * worker), which a short night shows; a night's worth of subs (`fullNight`: 200 lights of 2048²,
 * 60 of 6248×4176) shows the throughput of a night, which is what the target is judged on. Those
 * run all cores the default way only: they write 3.4 and 6.3 GB a run.
 */
export const QUALITY_SIZES: readonly { readonly width: number; readonly height: number; readonly lights: number; readonly fullNight?: boolean }[] = [
  { width: 2048, height: 2048, lights: 40 },
  { width: 6248, height: 4176, lights: 12 },
  { width: 2048, height: 2048, lights: 200, fullNight: true },
  { width: 6248, height: 4176, lights: 60, fullNight: true },
];

export interface QualityMode {
  readonly workers: number;
  readonly pageCache: boolean;
}

export interface QualityCase {
  readonly width: number;
  readonly height: number;
  readonly lights: number;
  /** A night's worth of subs: the target is judged on these (QUALITY_SIZES). */
  readonly fullNight: boolean;
  readonly mode: QualityMode;
  readonly on: readonly RunFigures[];
  readonly off: readonly RunFigures[];
  /** Median of the measurement's milliseconds per light, per run with it on. */
  readonly measureMs: readonly number[];
}

export interface QualityFigures {
  readonly cases: readonly QualityCase[];
}

/** Light stage frames per second of one run. */
const rate = (run: RunFigures): number => run.lights / run.lightsSeconds;

export async function benchQualityCost(root: string, options: { rounds: number; cores: number; fullNightsOnly?: boolean }, log: (line: string) => void): Promise<QualityFigures> {
  const cases: QualityCase[] = [];
  const modes: QualityMode[] = [
    { workers: options.cores, pageCache: false },
    ...(options.cores > 1 ? [{ workers: 1, pageCache: false }] : []),
    { workers: options.cores, pageCache: true },
  ];
  for (const size of QUALITY_SIZES.filter((s) => s.fullNight || !options.fullNightsOnly)) {
    const night = join(root, `quality-${size.width}x${size.height}-${size.lights}`);
    log(`Part G: writing a night of ${size.lights} lights of ${size.width}×${size.height} with stars…`);
    const files = writeStarNight(night, size.width, size.height, size.lights);
    const rawMB = totalBytes(files) / 1e6;
    warmCache(files);
    keepWarm(() => warmCache(files));
    const results = (size.fullNight ? modes.slice(0, 1) : modes).map((mode) => ({ mode, on: [] as RunFigures[], off: [] as RunFigures[], measureMs: [] as number[] }));
    for (let round = 1; round <= options.rounds; round++) {
      log(`Part G ${size.width}×${size.height} (${rawMB.toFixed(0)} MB raw) round ${round}/${options.rounds}: ${results.map((r) => describeMode(r.mode)).join(', ')}, each with and without the measurement`);
      for (const result of results) {
        // the order alternates between rounds, so neither side always runs first
        for (const quality of round % 2 === 1 ? [true, false] : [false, true]) {
          const out = join(root, `quality-out-${round}`);
          await settle();
          try {
            const { measured: _measured, ...figures } = await runCalibrate(night, out, { workers: result.mode.workers, pageCache: result.mode.pageCache, noQuality: !quality });
            if (quality) {
              result.on.push(figures);
              result.measureMs.push(medianMeasureMs(out));
            } else result.off.push(figures);
          } finally {
            rmSync(out, { recursive: true, force: true });
          }
        }
      }
    }
    keepWarm(null);
    rmSync(night, { recursive: true, force: true });
    for (const result of results) cases.push({ width: size.width, height: size.height, lights: size.lights, fullNight: size.fullNight ?? false, ...result });
  }
  return { cases };
}

function describeMode(mode: QualityMode): string {
  return `${mode.workers} worker${mode.workers > 1 ? 's' : ''}${mode.pageCache ? ' --no-direct-io' : ''}`;
}

/** The median of the measurement's milliseconds over the lights of the run in `out`. */
function medianMeasureMs(out: string): number {
  const manifest = JSON.parse(readFileSync(join(out, 'nightcal-run.json'), 'utf8')) as { frames: Record<string, { measureMs?: number | null }> };
  return spread(Object.values(manifest.frames).map((f) => f.measureMs).filter((ms): ms is number => typeof ms === 'number')).median;
}

/** Ratio of the light stage's throughput with the measurement to without, per round (each round's pair). */
export function qualityRatios(c: QualityCase): Spread {
  return spread(c.on.map((run, i) => rate(run) / rate(c.off[i])));
}

/**
 * The process's CPU the measurement adds, in ms a light, its start in every worker included:
 * (median CPU of the runs with it − median of those without) / lights. Steadier than the
 * throughput, which the disk's pace moves by more than the measurement costs.
 */
export function qualityCpuMsPerLight(c: QualityCase): number | null {
  const cpu = (runs: readonly RunFigures[]) => runs.map((r) => r.cpuSeconds).filter((s): s is number => s !== null);
  const on = cpu(c.on);
  const off = cpu(c.off);
  return on.length === 0 || off.length === 0 ? null : (1000 * (spread(on).median - spread(off).median)) / c.lights;
}

export function qualityTable(f: QualityFigures): { text: string; markdown: string } {
  const header = ['light stage', 'measured: fr/s', 'not measured: fr/s', 'with / without', 'ms per light in a worker (with / without)', 'measurement ms per light', 'CPU it adds, ms per light (its start included)'];
  const rows: Row[] = f.cases.map((c) => [
    `${c.width}×${c.height}, ${c.lights} lights, ${describeMode(c.mode)}`,
    withRange(spread(c.on.map(rate)), 1),
    withRange(spread(c.off.map(rate)), 1),
    withRange(qualityRatios(c), 3),
    `${fixed(spread(c.on.map((r) => r.frameMs)).median, 1)} / ${fixed(spread(c.off.map((r) => r.frameMs)).median, 1)}`,
    withRange(spread(c.measureMs), 1),
    fixed(qualityCpuMsPerLight(c), 1),
  ]);
  return { text: textTable(header, rows), markdown: markdownTable(header, rows) };
}

/**
 * Bias, dark and flat frames (three each) and `lights` lights of a fixed star field: Gaussian
 * stars (σ 1.3 px) of a power-law flux, over a sky of 300 ADU, bias 1000 and Gaussian noise of
 * the right size, taken at another offset of one noise table per frame (fast to write).
 */
export function writeStarNight(night: string, width: number, height: number, lights: number): string[] {
  const pixels = width * height;
  const normal = seededNormal(4176);
  const stride = 7919;
  const frames = 9 + lights;
  const noise = Float32Array.from({ length: pixels + frames * stride }, () => normal());
  const scene = new Float32Array(pixels);
  const uniform = seededNormal(6248);
  const random = () => 0.5 + Math.atan(uniform()) / Math.PI; // (0, 1), smooth enough for positions
  const stars = Math.round((300 * pixels) / (512 * 512));
  const sigma = 1.3;
  for (let s = 0; s < stars; s++) {
    const x = random() * width;
    const y = random() * height;
    const flux = Math.min(250000, 1500 * random() ** (-1 / 1.2));
    const peak = flux / (2 * Math.PI * sigma * sigma);
    for (let yy = Math.max(0, Math.floor(y - 5)); yy <= Math.min(height - 1, Math.ceil(y + 5)); yy++) {
      for (let xx = Math.max(0, Math.floor(x - 5)); xx <= Math.min(width - 1, Math.ceil(x + 5)); xx++) {
        scene[yy * width + xx] += peak * Math.exp(-((xx - x) ** 2 + (yy - y) ** 2) / (2 * sigma * sigma));
      }
    }
  }
  const values = new Float32Array(pixels);
  const target = Buffer.allocUnsafeSlow(pixels * 2 + 2880);
  const written: string[] = [];
  let frame = 0;
  const write = (folder: string, name: string, cards: string[], level: (i: number) => number, sigmaOf: (mean: number) => number): void => {
    const offset = frame++ * stride;
    for (let i = 0; i < pixels; i++) {
      const mean = level(i);
      values[i] = mean + sigmaOf(mean) * noise[offset + i];
    }
    mkdirSync(join(night, folder), { recursive: true });
    const path = join(night, folder, name);
    const fd = openSync(path, 'w');
    try {
      writevSync(fd, encodeUint16Image(cards, width, height, values, target));
    } finally {
      closeSync(fd);
    }
    written.push(path);
  };
  const date = (minutes: number) => new Date(Date.UTC(2026, 2, 14, 19) + minutes * 60_000).toISOString().slice(0, 19);
  const read = () => 5;
  const shot = (signal: number) => Math.sqrt(25 + Math.max(0, signal - 1000) / 1.5);
  for (let k = 0; k < 3; k++) {
    write('Bias', `bias_${k + 1}.fits`, [formatCard('IMAGETYP', 'Bias Frame'), formatCard('EXPTIME', 0), formatCard('DATE-OBS', date(k))], () => 1000, read);
    write('Darks', `dark_${k + 1}.fits`, [formatCard('IMAGETYP', 'Dark Frame'), formatCard('EXPTIME', 60), formatCard('DATE-OBS', date(10 + k))], () => 1003, read);
    write('Flats', `flat_${k + 1}.fits`, [formatCard('IMAGETYP', 'Flat Field'), formatCard('EXPTIME', 2), formatCard('FILTER', 'L'), formatCard('DATE-OBS', date(20 + k))], (i) => 1000 + 20000 * (1 - 0.1 * (((i % width) / width - 0.5) ** 2 + (Math.floor(i / width) / height - 0.5) ** 2)), shot);
  }
  for (let k = 0; k < lights; k++) {
    const cards = [formatCard('IMAGETYP', 'Light Frame'), formatCard('EXPTIME', 60), formatCard('FILTER', 'L'), formatCard('DATE-OBS', date(60 + 2 * k)), formatCard('XPIXSZ', 3.76), formatCard('FOCALLEN', 1000)];
    write('Lights', `light_${String(k + 1).padStart(3, '0')}.fits`, cards, (i) => 1003 + 300 + scene[i], shot);
  }
  return written;
}
