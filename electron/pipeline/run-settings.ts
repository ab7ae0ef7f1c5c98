/**
 * A run's settings, resolved once from the request and the session's defaults: every later step
 * reads them from here and never applies a default of its own.
 */
import type { CalibrateRequest, CombineMethod } from '../../shared/contract';
import { REQUEST_LIMITS } from '../../shared/request-limits';
import { directIoByDefault } from '../outputs/direct-write';
import { defaultWorkerCount } from '../pool/calibration-pool';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from './watch-run';

/** What a session starts with (the CLI's flags, the app's preferences). */
export interface SessionSettings {
  /** Hours east of UTC for noon-to-noon nights when a frame has no SITELONG. */
  readonly utcOffsetHours: number;
  readonly workers: number;
  readonly combine: CombineMethod;
  /** Memory budget of the whole process during a run, in MB. */
  readonly memoryMB: number;
  readonly version: string;
  /** fsync every output before it is renamed into place. */
  readonly durable: boolean;
  /** Write outputs around the page cache (O_DIRECT, Linux; see outputs/direct-write.ts); on by default where the platform has it. */
  readonly directIo: boolean;
  /** A frame whose reading and writing takes longer fails (a file on a dead network mount), in seconds. */
  readonly ioTimeoutSeconds: number;
  /** Calibration frames match lights within this many °C (matching.ts). */
  readonly temperatureTolerance: number;
  /** Colour sensors' master flats: normalised per CFA channel, or by one median. */
  readonly flatScaling: 'per-channel' | 'single';
  /** How a watch waits for files and calibration series (pipeline/watch-run.ts). */
  readonly watch: WatchSettings;
}


export function defaultSettings(version: string): SessionSettings {
  return {
    utcOffsetHours: -new Date().getTimezoneOffset() / 60,
    workers: defaultWorkerCount(),
    combine: 'median',
    memoryMB: REQUEST_LIMITS.memoryMB.default,
    version,
    durable: false,
    directIo: directIoByDefault(),
    ioTimeoutSeconds: REQUEST_LIMITS.ioTimeoutSeconds.default,
    temperatureTolerance: REQUEST_LIMITS.temperatureTolerance.default,
    flatScaling: 'per-channel',
    watch: DEFAULT_WATCH_SETTINGS,
  };
}

/** Everything a run needs to know of how to run, decided. */
export interface RunSettings {
  readonly combine: CombineMethod;
  readonly workers: number;
  readonly memoryMB: number;
  readonly durable: boolean;
  readonly directIo: boolean;
  readonly ioTimeoutSeconds: number;
  readonly version: string;
  /** The output folder asked for (the run may be passed over to `-2`…; see outputs/output-folder.ts). */
  readonly outputDir: string;
  /** Calibrate every light again, even those an earlier run of this identity wrote. */
  readonly redo: boolean;
}

export function resolveRunSettings(request: CalibrateRequest, defaults: SessionSettings, defaultOutputDir: string): RunSettings {
  return {
    combine: request.combine ?? defaults.combine,
    workers: request.workers ?? defaults.workers,
    memoryMB: request.memoryMB ?? defaults.memoryMB,
    durable: defaults.durable,
    directIo: defaults.directIo,
    ioTimeoutSeconds: defaults.ioTimeoutSeconds,
    version: defaults.version,
    outputDir: request.outputDir ?? defaultOutputDir,
    redo: request.redo ?? false,
  };
}
