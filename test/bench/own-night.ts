/**
 * Part A: NightCal's stages on its own demo night. Rounds of `calibrate` (all cores), each
 * followed by the I/O floor of the same bytes and by the scaling runs (1 and 2 workers), so that
 * every figure and its floor see the same state of the machine. The first round's output is
 * checked against the formula before it is deleted.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measureFloor, runBytes, totalBytes, warmCache, type FloorTimes, type RunBytes } from './io-floor';
import { runScan, timedCalibrate, writeDemo, type RunFigures } from './nightcal-cli';
import { checkOutputs, type CheckResult } from './output-check';
import { fixed, markdownTable, otherLoadLine, spread, textTable, times, withRange, type Row, type Spread } from './report';
import { keepWarm, settle } from './settle';

export interface OwnNightOptions {
  readonly size: number;
  readonly lights: number;
  readonly rounds: number;
  readonly cores: number;
}

export interface OwnNightFigures {
  readonly night: { readonly size: number; readonly frames: number; readonly lights: number; readonly rawMB: number; readonly lightsRawMB: number; readonly writtenMB: number };
  readonly scanSeconds: Spread;
  readonly runs: readonly RunFigures[];
  /** The same runs with --no-direct-io (outputs through the page cache), one per round. */
  readonly cachedRuns: readonly RunFigures[];
  readonly floors: readonly FloorTimes[];
  readonly scaling: readonly Scaling[];
  /** The same with --no-direct-io. */
  readonly cachedScaling: readonly Scaling[];
  readonly check: CheckResult;
}

const MB = 1e6;

interface Scaling {
  readonly workers: number;
  readonly framesPerSecond: Spread;
  readonly runs: readonly RunFigures[];
}

function scalingOf(byWorkers: ReadonlyMap<number, readonly RunFigures[]>): Scaling[] {
  return [...byWorkers.keys()].sort((a, b) => a - b).map((workers) => ({
    workers,
    framesPerSecond: spread(byWorkers.get(workers)!.map((r) => r.lights / r.lightsSeconds)),
    runs: byWorkers.get(workers)!,
  }));
}

export async function benchOwnNight(root: string, options: OwnNightOptions, log: (line: string) => void): Promise<OwnNightFigures> {
  const night = join(root, 'own-night');
  log(`Part A: writing the demo night (${options.size}², ${options.lights} lights)…`);
  writeDemo(night, { size: options.size, lights: options.lights, filters: 'R' });
  const firstScan = await runScan(night);
  const allFiles = firstScan.groups.flatMap((g) => g.files.map((f) => join(night, f)));
  warmCache(allFiles);
  keepWarm(() => warmCache(allFiles));
  const scans = [firstScan];
  for (let r = 1; r < options.rounds; r += 1) scans.push(await runScan(night));

  const scalingWorkers = [...new Set([1, 2, options.cores])].filter((w) => w !== options.cores);
  const runs: RunFigures[] = [];
  const cachedRuns: RunFigures[] = [];
  const floors: FloorTimes[] = [];
  const scalingRuns = new Map<number, RunFigures[]>(scalingWorkers.map((w) => [w, []]));
  const cachedScalingRuns = new Map<number, RunFigures[]>(scalingWorkers.map((w) => [w, []]));
  let bytes: RunBytes | null = null;
  let check: CheckResult | null = null;
  // The first round's output tells what a run writes, and is checked against the formula.
  const firstRound = async (out: string): Promise<void> => {
    bytes = runBytes(night, firstScan.groups, out);
    check = await checkOutputs(night, out, firstScan.groups.filter((g) => g.type === 'light').flatMap((g) => g.files));
  };
  for (let round = 1; round <= options.rounds; round += 1) {
    log(`Part A round ${round}/${options.rounds}: calibrate with ${options.cores} workers, with --no-direct-io, I/O floor, ${scalingWorkers.map((w) => `${w} worker${w > 1 ? 's' : ''}`).join(', ')}`);
    runs.push(await timedCalibrate(night, join(root, `own-out-${round}`), options.cores, round === 1 ? firstRound : undefined));
    cachedRuns.push(await timedCalibrate(night, join(root, `own-out-${round}-cached`), options.cores, undefined, true));
    await settle();
    floors.push(measureFloor(bytes!, join(root, 'floor')));
    for (const workers of scalingWorkers) {
      scalingRuns.get(workers)!.push(await timedCalibrate(night, join(root, `own-out-${round}-w${workers}`), workers));
      cachedScalingRuns.get(workers)!.push(await timedCalibrate(night, join(root, `own-out-${round}-w${workers}-cached`), workers, undefined, true));
    }
  }
  const rawMB = totalBytes(allFiles) / MB;
  const lightsRawMB = totalBytes(bytes!.lights) / MB;
  keepWarm(null);
  rmSync(night, { recursive: true, force: true });

  const byWorkers = new Map<number, RunFigures[]>([[options.cores, runs], ...scalingRuns]);
  return {
    night: {
      size: options.size,
      frames: firstScan.files,
      lights: bytes!.lights.length,
      rawMB,
      lightsRawMB,
      writtenMB: [...bytes!.lightOutputs, ...bytes!.masterOutputs].reduce((a, b) => a + b, 0) / MB,
    },
    scanSeconds: spread(scans.map((s) => s.scanSeconds)),
    runs,
    cachedRuns,
    floors,
    scaling: scalingOf(byWorkers),
    cachedScaling: scalingOf(new Map<number, RunFigures[]>([[options.cores, cachedRuns], ...cachedScalingRuns])),
    check: check!,
  };
}

/**
 * Figures derived per round, so that each ratio pairs a run with the floor of its own round;
 * of the default runs, or of `runs` (the --no-direct-io ones).
 */
export function ownNightSummary(f: OwnNightFigures, runs: readonly RunFigures[] = f.runs) {
  const each = <T>(pick: (run: RunFigures, i: number) => T): T[] => runs.map(pick);
  const calibrationRawMB = f.night.rawMB - f.night.lightsRawMB;
  return {
    scan: f.scanSeconds,
    startupScan: spread(each((r) => r.startupScanSeconds)),
    masters: spread(each((r) => r.mastersSeconds)),
    mastersSum: spread(each((r) => Object.values(r.masterSeconds).reduce((a, b) => a + b, 0))),
    masterKinds: Object.fromEntries(Object.keys(runs[0].masterSeconds).map((kind) => [kind, spread(each((r) => r.masterSeconds[kind]))])),
    mastersMBps: spread(each((r) => calibrationRawMB / r.mastersSeconds)),
    lights: spread(each((r) => r.lightsSeconds)),
    lightsReported: spread(each((r) => r.lightsReportedSeconds)),
    framesPerSecond: spread(each((r) => r.lights / r.lightsSeconds)),
    lightsMBps: spread(each((r) => f.night.lightsRawMB / r.lightsSeconds)),
    whole: spread(each((r) => r.wallSeconds)),
    wholeMBps: spread(each((r) => f.night.rawMB / r.wallSeconds)),
    peakRssMB: spread(each((r) => r.peakRssMB ?? NaN)),
    frameMs: spread(each((r) => r.frameMs)),
    coresUsed: spread(each((r) => (r.cpuSeconds ?? NaN) / r.wallSeconds)),
    floorLights: spread(f.floors.map((fl) => fl.lightsSeconds)),
    floorRun: spread(f.floors.map((fl) => fl.runSeconds)),
    lightsVsFloor: spread(each((r, i) => r.lightsSeconds / f.floors[i].lightsSeconds)),
    wholeVsFloor: spread(each((r, i) => r.wallSeconds / f.floors[i].runSeconds)),
  };
}

export function ownNightTable(f: OwnNightFigures): { text: string; markdown: string } {
  const s = ownNightSummary(f);
  const kinds = Object.entries(s.masterKinds).map(([kind, sp]) => `${kind} ${fixed(sp.median)}`).join(' + ');
  const rows: Row[] = [
    ['scan (scan --json, its own seconds)', withRange(s.scan, 3), `${fixed(f.night.frames / s.scan.median, 0)} files/s`, ''],
    ['start + scan (calibrate: spawn → scan event)', withRange(s.startupScan), '', ''],
    ['masters (stage wall)', withRange(s.masters), `${fixed(s.mastersMBps.median, 0)} MB/s raw`, `Σ ${fixed(s.mastersSum.median)} s: ${kinds}`],
    [`light calibration (${f.night.lights} lights)`, withRange(s.lights), `${withRange(s.framesPerSecond, 1)} fr/s, ${fixed(s.lightsMBps.median, 0)} MB/s raw`, `${fixed(s.lightsVsFloor.median)}× its I/O floor (floor ${withRange(s.floorLights)} s); ${fixed(s.frameMs.median, 1)} ms per light in a worker`],
    ['whole run (spawn → exit)', withRange(s.whole), `${fixed(s.wholeMBps.median, 0)} MB/s raw`, `${fixed(s.wholeVsFloor.median)}× its I/O floor (floor ${withRange(s.floorRun)} s); CPU ${fixed(s.coresUsed.median)} cores on average`],
    ['peak RSS (kernel, CLI + worker threads)', `${withRange(s.peakRssMB, 0)} MB`, '', ''],
  ];
  if (f.cachedRuns.length > 0) {
    const d = ownNightSummary(f, f.cachedRuns);
    rows.push(
      ['with --no-direct-io: masters', withRange(d.masters), `${fixed(d.mastersMBps.median, 0)} MB/s raw`, ''],
      [`with --no-direct-io: light calibration`, withRange(d.lights), `${withRange(d.framesPerSecond, 1)} fr/s`, `${fixed(d.lightsVsFloor.median)}× its I/O floor; ${fixed(d.frameMs.median, 1)} ms per light in a worker`],
      ['with --no-direct-io: whole run', withRange(d.whole), `${fixed(d.wholeMBps.median, 0)} MB/s raw`, `${fixed(d.wholeVsFloor.median)}× its I/O floor; CPU ${fixed(d.coresUsed.median)} cores on average`],
      ['with --no-direct-io: peak RSS', `${withRange(d.peakRssMB, 0)} MB`, '', ''],
    );
  }
  const scalingLine = (label: string, scaling: readonly Scaling[]): string => {
    const one = scaling.find((sc) => sc.workers === 1)?.framesPerSecond.median;
    const two = scaling.find((sc) => sc.workers === 2)?.framesPerSecond.median;
    const perWorkers = scaling.map((sc) => `${sc.workers} worker${sc.workers > 1 ? 's' : ''}${sc.workers === f.runs[0].workers ? ' (all cores)' : ''} ${withRange(sc.framesPerSecond, 1)} fr/s`);
    return `Light stage scaling${label}: ${perWorkers.join(', ')}; 2 workers / 1 worker = ${times(one && two ? two / one : null)}`;
  };
  const scalingLines = [scalingLine('', f.scaling), ...(f.cachedScaling.length > 1 ? [scalingLine(' with --no-direct-io', f.cachedScaling)] : [])].join('\n');
  const header = ['stage', 'seconds: median (min–max)', 'rate', 'notes'];
  const load = otherLoadLine([...f.scaling.flatMap((sc) => sc.runs), ...f.cachedScaling.flatMap((sc) => sc.runs), ...f.floors].map((r) => r.otherCores), f.runs[0].workers);
  const text = `${textTable(header, rows)}\n${scalingLines}\n${load}`;
  return { text, markdown: `${markdownTable(header, rows)}\n\n${scalingLines.split('\n').join('\n\n')}\n\n${load}` };
}
