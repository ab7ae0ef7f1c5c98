/**
 * A run's settings, resolved once from the request and the session's defaults: every later step
 * reads them from here and never applies a default of its own.
 */
import { existsSync } from 'node:fs';
import type { CalibrateRequest, CombineMethod } from '../../shared/contract';
import { parseRejectionRules, type RejectionRule } from '../../shared/quality/rejection-rules';
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
  /** Calibration library folders named by the user, searched after the night's own frames, in this order. */
  readonly libraries: readonly string[];
  /** The library used when none is named, if it exists (`<data folder>/library`); null: none (--no-library). */
  readonly defaultLibrary: string | null;
  /** Flats may come from a library too (by default a night's flats are its own: dust moves). */
  readonly libraryFlats: boolean;
  /** Measure every light's quality while it is calibrated (figures, header cards, rejections, kept lists). */
  readonly measureQuality: boolean;
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
    libraries: [],
    defaultLibrary: null,
    libraryFlats: false,
    measureQuality: true,
    watch: DEFAULT_WATCH_SETTINGS,
  };
}

/** The libraries a night is planned with: those named, else the default one where it exists (it is made by the first `library add`). */
export function librariesToUse(settings: Pick<SessionSettings, 'libraries' | 'defaultLibrary'>): readonly string[] {
  if (settings.libraries.length > 0) return settings.libraries;
  return settings.defaultLibrary !== null && existsSync(settings.defaultLibrary) ? [settings.defaultLibrary] : [];
}

/** Where masters added to the library go: the first library named, else the default one; null with --no-library and none named. */
export function libraryAddTarget(settings: Pick<SessionSettings, 'libraries' | 'defaultLibrary'>): string | null {
  return settings.libraries[0] ?? settings.defaultLibrary;
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
  readonly measureQuality: boolean;
  /** The rules that suggest rejections; null: the earlier run's in this folder, else the defaults. */
  readonly rejectRules: readonly RejectionRule[] | null;
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
    measureQuality: defaults.measureQuality,
    // checked when the request was (validate-request.ts, the CLI's --reject)
    rejectRules: request.rejectRules === undefined ? null : parseRejectionRules(request.rejectRules),
  };
}
