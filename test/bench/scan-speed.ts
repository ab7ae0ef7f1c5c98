/**
 * Part C: scan speed on 1,000 small frames (a demo night of 32² frames: 15 bias, 10 darks,
 * 10 flats and 965 lights), warm cache. Reported: the scan's own seconds (walk, header reads,
 * classification), the whole `scan --json` command (adds Node's start, grouping, printing) and,
 * for scale, `nightcal --version` (Node's start and module loading alone).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { warmCache } from './io-floor';
import { cliStartupSeconds, runScan, writeDemo } from './nightcal-cli';
import { fixed, markdownTable, spread, textTable, withRange, type Row, type Spread } from './report';
import { settle } from './settle';

const FRAMES = 1000;
const CALIBRATION_FRAMES = 35; // the demo's 15 bias, 10 darks and 10 flats of one filter

export interface ScanFigures {
  readonly files: number;
  readonly scanSeconds: Spread;
  readonly commandSeconds: Spread;
  readonly startupSeconds: Spread;
}

export async function benchScan(root: string, rounds: number, log: (line: string) => void): Promise<ScanFigures> {
  const night = join(root, 'scan-night');
  log(`Part C: writing ${FRAMES} small frames, then ${rounds} scan round${rounds > 1 ? 's' : ''}…`);
  writeDemo(night, { size: 32, lights: FRAMES - CALIBRATION_FRAMES, filters: 'R' });
  const first = await runScan(night);
  warmCache(first.groups.flatMap((g) => g.files.map((f) => join(night, f))));
  const scans = [];
  const startups = [];
  for (let r = 0; r < rounds; r += 1) {
    await settle();
    scans.push(await runScan(night));
    startups.push(await cliStartupSeconds());
  }
  rmSync(night, { recursive: true, force: true });
  return {
    files: first.files,
    scanSeconds: spread(scans.map((s) => s.scanSeconds)),
    commandSeconds: spread(scans.map((s) => s.wallSeconds)),
    startupSeconds: spread(startups),
  };
}

export function scanTable(f: ScanFigures): { text: string; markdown: string } {
  const header = [`scan of ${f.files} files (warm cache)`, 'seconds: median (min–max)', 'files/s'];
  const rows: Row[] = [
    ['scan (its own seconds: walk, headers, classify)', withRange(f.scanSeconds, 3), fixed(f.files / f.scanSeconds.median, 0)],
    ['`nightcal scan --json` command (spawn → exit)', withRange(f.commandSeconds, 3), fixed(f.files / f.commandSeconds.median, 0)],
    ['`nightcal --version` (Node start + modules only)', withRange(f.startupSeconds, 3), ''],
  ];
  return { text: textTable(header, rows), markdown: markdownTable(header, rows) };
}
