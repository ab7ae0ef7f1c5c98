/**
 * The I/O floor: the same bytes a calibration run reads and writes, moved with plain fs calls
 * and nothing else, on the same filesystem. Reads go into one reused buffer (readFileSync would
 * allocate a fresh buffer per file, and first-touch page faults are not I/O: a lower floor is a
 * stricter one); writes are writeFileSync of a buffer the size of each output file. No fsync,
 * as NightCal does not fsync by default either. One thread.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busyCpuSeconds } from './settle';

/** What one run reads and writes, as file lists and sizes. */
export interface RunBytes {
  /** Raw light files (read by the light stage). */
  readonly lights: readonly string[];
  /** Raw bias, dark and flat files (read by the masters stage). */
  readonly calibrationFrames: readonly string[];
  /** Sizes of the calibrated lights written. */
  readonly lightOutputs: readonly number[];
  /** Sizes of the masters written. */
  readonly masterOutputs: readonly number[];
}

export interface FloorTimes {
  readonly readLightsSeconds: number;
  readonly writeLightsSeconds: number;
  readonly readCalibrationSeconds: number;
  readonly writeMastersSeconds: number;
  /** Read the raw lights + write the calibrated lights: the light stage's floor. */
  readonly lightsSeconds: number;
  /** Everything: the whole run's floor. */
  readonly runSeconds: number;
  /** Cores busy with other processes meanwhile (as measure-command's otherCores). */
  readonly otherCores: number;
}

/** What a run on `night` reads (the frames its scan grouped) and writes (the files found in `outputDir`). */
export function runBytes(night: string, groups: readonly { readonly type: string; readonly files: readonly string[] }[], outputDir: string): RunBytes {
  const files = (light: boolean): string[] => groups.filter((g) => (g.type === 'light') === light).flatMap((g) => g.files.map((f) => join(night, f)));
  const written = outputSizes(outputDir);
  return { lights: files(true), calibrationFrames: files(false), lightOutputs: written.lights, masterOutputs: written.masters };
}

/** Sizes of the files NightCal wrote into `outputDir`, split into lights and masters. */
export function outputSizes(outputDir: string): { lights: number[]; masters: number[] } {
  const lights: number[] = [];
  const masters: number[] = [];
  for (const entry of readdirSync(outputDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(fits?|fts)$/i.test(entry.name)) continue;
    const size = statSync(join(entry.parentPath, entry.name)).size;
    (entry.parentPath.endsWith('masters') ? masters : lights).push(size);
  }
  return { lights, masters };
}

export function totalBytes(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0);
}

/** Reads every file once, so that the rounds start from a warm page cache. */
export function warmCache(files: readonly string[]): void {
  const buffer = Buffer.allocUnsafe(readBufferSize(files));
  for (const file of files) readWhole(file, buffer);
}

export function measureFloor(bytes: RunBytes, scratchDir: string): FloorTimes {
  mkdirSync(scratchDir, { recursive: true });
  // Buffers are allocated and touched before the clock starts.
  const readBuffer = Buffer.alloc(readBufferSize([...bytes.lights, ...bytes.calibrationFrames]), 1);
  const writeBuffer = Buffer.alloc(Math.max(...bytes.lightOutputs, ...bytes.masterOutputs), 7);
  const busyBefore = busyCpuSeconds();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  try {
    const readLightsSeconds = timed(() => bytes.lights.forEach((file) => readWhole(file, readBuffer)));
    const writeLightsSeconds = timed(() => bytes.lightOutputs.forEach((size, i) => writeFileSync(join(scratchDir, `light-${i}.fits`), writeBuffer.subarray(0, size))));
    const readCalibrationSeconds = timed(() => bytes.calibrationFrames.forEach((file) => readWhole(file, readBuffer)));
    const writeMastersSeconds = timed(() => bytes.masterOutputs.forEach((size, i) => writeFileSync(join(scratchDir, `master-${i}.fits`), writeBuffer.subarray(0, size))));
    const lightsSeconds = readLightsSeconds + writeLightsSeconds;
    const own = process.cpuUsage(ownBefore);
    const otherCores = Math.max(0, (busyCpuSeconds() - busyBefore - (own.user + own.system) / 1e6) / ((performance.now() - started) / 1000));
    return { readLightsSeconds, writeLightsSeconds, readCalibrationSeconds, writeMastersSeconds, lightsSeconds, runSeconds: lightsSeconds + readCalibrationSeconds + writeMastersSeconds, otherCores };
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

function timed(work: () => void): number {
  const started = performance.now();
  work();
  return (performance.now() - started) / 1000;
}

function readBufferSize(files: readonly string[]): number {
  return Math.max(1, ...files.map((file) => statSync(file).size));
}

function readWhole(file: string, buffer: Buffer): void {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    for (let offset = 0; offset < size; ) offset += readSync(fd, buffer, 0, size - offset, offset);
  } finally {
    closeSync(fd);
  }
}
