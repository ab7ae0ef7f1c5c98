/**
 * The built `nightcal` command, measured from outside: a calibrate run split into its stages by
 * the arrival time of its --json events, a scan, a demo night. The bench never imports pipeline
 * code to time it: what it measures is what a user runs.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { CLI_PATH } from '../support/built-cli';
import { measureCommand, stderrTail, type Measured } from './measure-command';
import { settle } from './settle';

export interface CalibrateRun {
  readonly workers: number;
  /** Run with --no-direct-io (outputs written through the page cache, not around it as by default on Linux). */
  readonly pageCache: boolean;
  /** Spawn to exit. */
  readonly wallSeconds: number;
  /** Spawn to the `scan` event: Node start, module loading and the scan. */
  readonly startupScanSeconds: number;
  /** `scan` event to the first light started: pool start, the masters combined (and flats normalised). */
  readonly mastersSeconds: number;
  /** `scan` event to the last master's `done` event: also measured and written (while lights run). */
  readonly mastersWrittenSeconds: number;
  /** The masters' own `seconds`, by kind (summed when a kind has several masters). */
  readonly masterSeconds: Readonly<Record<string, number>>;
  /** First light started to the `done` event: every light read, calibrated and written. */
  readonly lightsSeconds: number;
  /** The light stage as the pipeline reports it (summary.seconds). */
  readonly lightsReportedSeconds: number;
  /** `done` event to exit: pool shutdown. */
  readonly exitSeconds: number;
  readonly lights: number;
  /** Median of the workers' own milliseconds per light (read, calibrate, write). */
  readonly frameMs: number;
  readonly peakRssMB: number | null;
  readonly treePeakMB: number;
  readonly cpuSeconds: number | null;
  readonly otherCores: number | null;
  /** The raw measurement, for windowed memory peaks. */
  readonly measured: Measured;
}

interface CliEvent {
  readonly event: string;
  readonly status?: string;
  readonly master?: { readonly seconds: number; readonly spec: { readonly kind: string } };
  readonly total?: number;
  readonly done?: number;
  readonly seconds?: number;
  readonly ms?: number;
}

export async function runCalibrate(night: string, out: string, options: { workers: number; memoryMB?: number; pageCache?: boolean; noQuality?: boolean }): Promise<CalibrateRun> {
  const args = [CLI_PATH, 'calibrate', night, '--out', out, '--json', '--workers', String(options.workers)];
  if (options.memoryMB !== undefined) args.push('--memory', String(options.memoryMB));
  if (options.pageCache) args.push('--no-direct-io');
  if (options.noQuality) args.push('--no-quality');
  const measured = await measureCommand(process.execPath, args);
  const events = measured.stdout.map((line) => ({ at: line.seconds, ...(JSON.parse(line.text) as CliEvent) }));
  const scan = events.find((e) => e.event === 'scan');
  const masters = events.filter((e) => e.event === 'master' && e.status === 'done');
  const done = events.find((e) => e.event === 'done');
  if (measured.code !== 0 || !scan || !done || masters.length === 0 || done.done !== done.total) {
    throw new Error(`nightcal calibrate ${night} failed (exit ${measured.code}, ${done?.done ?? 0}/${done?.total ?? '?'} lights):\n${stderrTail(measured)}`);
  }
  const mastersEnd = Math.max(...masters.map((e) => e.at));
  // Lights start as soon as their masters' pixels are final, while the last masters are written:
  // the masters stage ends, and the light stage begins, at the first light started.
  const lightsStart = events.find((e) => e.event === 'frame' && e.status === 'running')?.at ?? mastersEnd;
  const frameMs = events.filter((e) => e.event === 'frame' && e.status === 'done').map((e) => e.ms!).sort((a, b) => a - b);
  const masterSeconds: Record<string, number> = {};
  for (const { master } of masters) masterSeconds[master!.spec.kind] = (masterSeconds[master!.spec.kind] ?? 0) + master!.seconds;
  return {
    workers: options.workers,
    pageCache: options.pageCache ?? false,
    wallSeconds: measured.wallSeconds,
    startupScanSeconds: scan.at,
    mastersSeconds: lightsStart - scan.at,
    mastersWrittenSeconds: mastersEnd - scan.at,
    masterSeconds,
    lightsSeconds: done.at - lightsStart,
    lightsReportedSeconds: done.seconds!,
    exitSeconds: measured.wallSeconds - done.at,
    lights: done.done!,
    frameMs: frameMs[frameMs.length >> 1],
    peakRssMB: measured.peakRssMB,
    treePeakMB: measured.treePeakMB,
    cpuSeconds: measured.cpuSeconds,
    otherCores: measured.otherCores,
    measured,
  };
}

/** A run's figures without the raw measurement (what the report and the JSON keep). */
export type RunFigures = Omit<CalibrateRun, 'measured'>;

/**
 * One timed `calibrate` into a fresh `out` folder, from a settled disk; `inspect` sees the
 * output before it is removed (the output of a 2048² night is a gigabyte).
 */
export async function timedCalibrate(night: string, out: string, workers: number, inspect?: (out: string) => Promise<void>, pageCache = false): Promise<RunFigures> {
  await settle();
  try {
    const { measured: _measured, ...figures } = await runCalibrate(night, out, { workers, pageCache });
    await inspect?.(out);
    return figures;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export interface ScanRun {
  readonly wallSeconds: number;
  /** The scan's own seconds (walk, header reads, classification; before grouping). */
  readonly scanSeconds: number;
  readonly files: number;
  /** The groups found, with their files (paths relative to the night). */
  readonly groups: readonly { readonly type: string; readonly files: readonly string[] }[];
}

export async function runScan(night: string): Promise<ScanRun> {
  const measured = await measureCommand(process.execPath, [CLI_PATH, 'scan', night, '--json']);
  if (measured.code !== 0) throw new Error(`nightcal scan ${night} failed (exit ${measured.code}):\n${stderrTail(measured)}`);
  const report = JSON.parse(measured.stdout.map((line) => line.text).join('\n')) as { files: number; seconds: number; groups: ScanRun['groups'] };
  return { wallSeconds: measured.wallSeconds, scanSeconds: report.seconds, files: report.files, groups: report.groups };
}

/** Wall seconds of `nightcal --version`: Node's start and the CLI's module loading, no work. */
export async function cliStartupSeconds(): Promise<number> {
  return (await measureCommand(process.execPath, [CLI_PATH, '--version'])).wallSeconds;
}

/** Writes a demo night with the CLI (the embedded generator). */
export function writeDemo(dir: string, options: { size: number; lights: number; filters: string }): void {
  execFileSync(process.execPath, [CLI_PATH, 'demo', dir, '--size', String(options.size), '--lights', String(options.lights), '--filters', options.filters], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: 'ignore',
  });
}
