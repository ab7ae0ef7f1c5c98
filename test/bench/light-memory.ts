/**
 * Part E (--light-memory): the light stage within --memory. A night of 4096² 16-bit frames
 * (5 bias, 5 darks, 5 flats, LIGHT_MEMORY.lights lights) calibrated with `--memory 512` by 1 and
 * by 2 workers: the kernel's peak RSS of the whole run (GNU time %M) and the highest RSS sampled
 * while lights were being calibrated, against the budget. At this size the three masters alone
 * hold 192 MB and one light in flight 100 MB (its raw bytes and its float32 output), so the
 * budget holds one light at a time and a second worker may not hold a second one.
 * Needs about 3 GB of free disk in the temp folder.
 */
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { encodeUint16Image, formatCard } from '../../electron/fits/write-fits';
import { seededNormal } from '../support/seeded-normal';
import { totalBytes, warmCache } from './io-floor';
import { runCalibrate } from './nightcal-cli';
import { fixed, markdownTable, textTable, type Row } from './report';
import { settle } from './settle';

export const LIGHT_MEMORY = { size: 4096, calibrationFrames: 5, lights: 16, memoryMB: 512 } as const;
const NOISE_STRIDE = 8191;

export interface LightMemoryRun {
  readonly workers: number;
  readonly wallSeconds: number;
  readonly lightsSeconds: number;
  /** Kernel peak RSS of the whole run, MB. */
  readonly peakRssMB: number | null;
  /** Highest RSS sampled (every 100 ms) from the first light started to the end, MB. */
  readonly lightsPeakRssMB: number;
  /** The run's note when the budget held fewer lights than workers. */
  readonly limitNote: string | null;
}

export interface LightMemoryFigures {
  readonly size: number;
  readonly lights: number;
  readonly rawGB: number;
  readonly memoryMB: number;
  readonly runs: readonly LightMemoryRun[];
}

/** Null when the temp folder has room for the night and its outputs, else why not. */
export function lightMemoryNoRoom(root: string): string | null {
  const { bavail, bsize } = statfsSync(root);
  const freeGB = (bavail * bsize) / 1e9;
  const { size, calibrationFrames, lights } = LIGHT_MEMORY;
  const neededGB = ((3 * calibrationFrames + lights) * size * size * 2 + lights * size * size * 4) / 1e9 + 1;
  return freeGB >= neededGB ? null : `only ${freeGB.toFixed(1)} GB free in ${root}, ${neededGB.toFixed(1)} GB needed`;
}

export async function benchLightMemory(root: string, log: (line: string) => void): Promise<LightMemoryFigures> {
  const night = join(root, 'light-memory-night');
  const { size, lights, memoryMB } = LIGHT_MEMORY;
  log(`Part E: writing a night of ${size}² frames (${lights} lights)…`);
  const files = writeLightMemoryNight(night);
  const runs: LightMemoryRun[] = [];
  try {
    for (const workers of [1, 2]) {
      warmCache(files);
      await settle();
      log(`Part E: calibrate --memory ${memoryMB} --workers ${workers}…`);
      const out = join(root, `light-memory-out-${workers}`);
      try {
        const run = await runCalibrate(night, out, { workers, memoryMB });
        const from = run.startupScanSeconds + run.mastersSeconds;
        const lightsPeakRssMB = run.measured.samples.filter((s) => s.seconds >= from).reduce((peak, s) => Math.max(peak, s.rssMB), 0);
        const done = JSON.parse(run.measured.stdout.at(-1)!.text) as { notes: string[] };
        runs.push({
          workers,
          wallSeconds: run.wallSeconds,
          lightsSeconds: run.lightsSeconds,
          peakRssMB: run.peakRssMB,
          lightsPeakRssMB,
          limitNote: done.notes.find((note) => note.startsWith('the memory budget')) ?? null,
        });
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    return { size, lights, rawGB: totalBytes(files) / 1e9, memoryMB, runs };
  } finally {
    rmSync(night, { recursive: true, force: true });
  }
}

/** Bias, darks and flats of the lights' exposure, and the lights: a fixed pattern plus Gaussian noise (fast to write, realistic enough). */
export function writeLightMemoryNight(night: string): string[] {
  const { size, calibrationFrames, lights } = LIGHT_MEMORY;
  const pixels = size * size;
  const normal = seededNormal(2027);
  const frames = 3 * calibrationFrames + lights;
  const noise = Float32Array.from({ length: pixels + frames * NOISE_STRIDE }, () => 5 * normal());
  const values = new Float32Array(pixels);
  const target = Buffer.allocUnsafeSlow(pixels * 2 + 2880);
  const written: string[] = [];
  let k = 0;
  const write = (folder: string, name: string, type: string, exposure: number, level: number): void => {
    const offset = (k++) * NOISE_STRIDE;
    for (let i = 0; i < pixels; i += 1) values[i] = level + ((i % size) % 13) + noise[offset + i];
    mkdirSync(join(night, folder), { recursive: true });
    const path = join(night, folder, name);
    const cards = [formatCard('IMAGETYP', type), formatCard('EXPTIME', exposure), formatCard('FILTER', 'L'), formatCard('DATE-OBS', `2026-03-01T${String(18 + Math.floor(k / 30)).padStart(2, '0')}:${String(k % 30 * 2).padStart(2, '0')}:00`)];
    const fd = openSync(path, 'w');
    try {
      writevSync(fd, encodeUint16Image(cards, size, size, values, target));
    } finally {
      closeSync(fd);
    }
    written.push(path);
  };
  const n = (i: number): string => String(i + 1).padStart(3, '0');
  for (let i = 0; i < calibrationFrames; i++) write('Bias', `bias_${n(i)}.fits`, 'Bias Frame', 0, 1000);
  for (let i = 0; i < calibrationFrames; i++) write('Darks', `dark_${n(i)}.fits`, 'Dark Frame', 60, 1010);
  for (let i = 0; i < calibrationFrames; i++) write('Flats', `flat_${n(i)}.fits`, 'Flat Field', 2, 20000);
  for (let i = 0; i < lights; i++) write('Lights', `light_${n(i)}.fits`, 'Light Frame', 60, 1300);
  return written;
}

/** Lights calibrated at once, as the run's note says (all workers when it says nothing). */
function inFlight(run: LightMemoryRun): string {
  if (run.limitNote === null) return String(run.workers);
  const held = /(\d+) of \d+ workers/.exec(run.limitNote)?.[1] ?? (run.limitNote.includes('one at a time') ? '1' : '?');
  return `${held} (the budget's limit)`;
}

export function lightMemoryTable(f: LightMemoryFigures): { text: string; markdown: string } {
  const header = [`${f.lights} lights of ${f.size}² (${f.rawGB.toFixed(1)} GB raw), --memory ${f.memoryMB}`, 'light stage s', 'peak RSS of the run (kernel, MB)', 'peak RSS sampled during the lights (MB)', 'lights in flight'];
  const rows: Row[] = f.runs.map((run) => [
    `${run.workers} worker${run.workers > 1 ? 's' : ''}`,
    fixed(run.lightsSeconds, 1),
    `${fixed(run.peakRssMB, 0)} (budget ${f.memoryMB})`,
    fixed(run.lightsPeakRssMB, 0),
    inFlight(run),
  ]);
  return { text: textTable(header, rows), markdown: markdownTable(header, rows) };
}
