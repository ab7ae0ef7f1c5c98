/**
 * Part D (--large): bounded memory. 100 bias frames of 4096² (unsigned 16-bit, 3.4 GB) and one
 * light, calibrated with `--memory 512`: the master bias is combined from 100 frames in strips,
 * and the run's peak RSS is compared with the budget. The frames are a fixed pattern plus
 * Gaussian noise (σ 5 ADU) taken at a different offset of one noise table per frame: realistic
 * enough for a median, and fast to write. Needs about 4 GB of free disk in the temp folder.
 */
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { encodeUint16Image, formatCard } from '../../electron/fits/write-fits';
import { seededNormal } from '../support/seeded-normal';
import { totalBytes, warmCache } from './io-floor';
import { runCalibrate } from './nightcal-cli';
import { fixed, markdownTable, textTable, type Row } from './report';
import { settle } from './settle';

export const LARGE = { frames: 100, size: 4096, memoryMB: 512 } as const;
const NOISE_STRIDE = 8191;

export interface LargeFigures {
  readonly frames: number;
  readonly size: number;
  readonly rawGB: number;
  readonly memoryMB: number;
  readonly mastersSeconds: number;
  readonly wallSeconds: number;
  /** Kernel peak RSS of the whole run (including the light stage). */
  readonly peakRssMB: number | null;
  /** Highest sampled RSS while the master was being combined. */
  readonly mastersPeakRssMB: number;
  /** Sampled RSS just before combining began (Node, modules, the scanned night). */
  readonly beforeMastersRssMB: number;
}

/** Null when the temp folder has room for the large night, else why not. */
export function largeNightNoRoom(root: string): string | null {
  const { bavail, bsize } = statfsSync(root);
  const freeGB = (bavail * bsize) / 1e9;
  const neededGB = ((LARGE.frames + 3) * LARGE.size * LARGE.size * 2) / 1e9 + 1;
  return freeGB >= neededGB ? null : `only ${freeGB.toFixed(1)} GB free in ${root}, ${neededGB.toFixed(1)} GB needed`;
}

export async function benchLargeNight(root: string, cores: number, log: (line: string) => void): Promise<LargeFigures> {
  const night = join(root, 'large-night');
  log(`Part D: writing ${LARGE.frames} frames of ${LARGE.size}² (${((LARGE.frames * LARGE.size ** 2 * 2) / 1e9).toFixed(1)} GB)…`);
  const files = writeLargeNight(night);
  warmCache(files);
  await settle();
  log(`Part D: calibrate --memory ${LARGE.memoryMB} --workers ${cores} (minutes)…`);
  const out = join(root, 'large-out');
  const run = await runCalibrate(night, out, { workers: cores, memoryMB: LARGE.memoryMB });
  const from = run.startupScanSeconds;
  const to = from + run.mastersSeconds;
  const beforeMastersRssMB = run.measured.samples.filter((s) => s.seconds <= from).at(-1)?.rssMB ?? NaN;
  const mastersPeakRssMB = run.measured.samples.filter((s) => s.seconds >= from && s.seconds <= to).reduce((peak, s) => Math.max(peak, s.rssMB), 0);
  const rawGB = totalBytes(files) / 1e9;
  rmSync(out, { recursive: true, force: true });
  rmSync(night, { recursive: true, force: true });
  return {
    frames: LARGE.frames,
    size: LARGE.size,
    rawGB,
    memoryMB: LARGE.memoryMB,
    mastersSeconds: run.mastersSeconds,
    wallSeconds: run.wallSeconds,
    peakRssMB: run.peakRssMB,
    mastersPeakRssMB,
    beforeMastersRssMB,
  };
}

function writeLargeNight(night: string): string[] {
  const { size, frames } = LARGE;
  const pixels = size * size;
  const normal = seededNormal(2026);
  const noise = Float32Array.from({ length: pixels + frames * NOISE_STRIDE }, () => 5 * normal());
  const values = new Float32Array(pixels);
  const target = Buffer.allocUnsafeSlow(pixels * 2 + 2880);
  const written: string[] = [];
  const write = (folder: string, name: string, cards: string[], offset: number, level: number): void => {
    for (let i = 0; i < pixels; i += 1) values[i] = level + ((i % size) % 13) + noise[offset + i];
    mkdirSync(join(night, folder), { recursive: true });
    const path = join(night, folder, name);
    const fd = openSync(path, 'w');
    try {
      writevSync(fd, encodeUint16Image(cards, size, size, values, target));
    } finally {
      closeSync(fd);
    }
    written.push(path);
  };
  for (let k = 0; k < frames; k += 1) {
    const name = `bias_${String(k + 1).padStart(3, '0')}.fits`;
    write('Bias', name, [formatCard('IMAGETYP', 'Bias Frame'), formatCard('EXPTIME', 0), formatCard('DATE-OBS', '2026-03-01T18:00:00')], k * NOISE_STRIDE, 1000);
  }
  write('Lights', 'light_001.fits', [formatCard('IMAGETYP', 'Light Frame'), formatCard('EXPTIME', 10), formatCard('DATE-OBS', '2026-03-01T22:00:00')], 0, 1300);
  return written;
}

export function largeTable(f: LargeFigures): { text: string; markdown: string } {
  const header = [`master bias of ${f.frames} × ${f.size}² (${f.rawGB.toFixed(1)} GB), --memory ${f.memoryMB}`, 'value'];
  const rows: Row[] = [
    ['masters stage (s)', fixed(f.mastersSeconds, 1)],
    ['whole run (s)', fixed(f.wallSeconds, 1)],
    ['RSS before combining (sampled at the scan, MB)', fixed(f.beforeMastersRssMB, 0)],
    ['peak RSS while combining (sampled every 100 ms, MB)', `${fixed(f.mastersPeakRssMB, 0)} (budget ${f.memoryMB}; +${fixed(f.mastersPeakRssMB - f.beforeMastersRssMB, 0)} over the RSS before)`],
    ['peak RSS of the whole run (kernel, MB)', `${fixed(f.peakRssMB, 0)} (budget ${f.memoryMB})`],
  ];
  return { text: textTable(header, rows), markdown: markdownTable(header, rows) };
}
