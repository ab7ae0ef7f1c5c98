/**
 * THE contract between NightCal's processes: every request the user interface can make and
 * every event the pipeline sends back. The Electron main process (ipcMain), the preload
 * (contextBridge), the renderer, the browser mode (WebSocket) and the command line all
 * implement or consume these types; channel names come from `API_METHODS`, never from
 * strings typed by hand.
 */
import type { ErrorCode, NightcalError, RunError } from './errors';
import type { CalibrationNote } from './run/light-treatment';
import type {
  FrameError,
  FrameGroup,
  FrameInfo,
  FrameKind,
  MasterPlan,
  MasterSpec,
  Problem,
} from './night/frames';

export type { CalibrationNote, ErrorCode, FrameError, FrameGroup, FrameInfo, FrameKind, MasterPlan, MasterSpec, NightcalError, Problem, RunError };

/** How a stack of frames becomes one master. */
export type CombineMethod = 'median' | 'sigma-clip';

/** Everything the API can be asked. Every method takes at most one argument and returns a promise. */
export interface NightcalApi {
  /** Scan a night folder (headers only), classify, group and plan; streams `scan` events. */
  openNight(request: OpenNightRequest): Promise<NightView>;
  /** Write the built-in synthetic night into the app's data folder and open it. */
  openDemoNight(request: DemoNightRequest): Promise<NightView>;
  /** Change one file's type or exclude it; the night is regrouped and replanned. */
  setFrameOverride(request: FrameOverrideRequest): Promise<NightView>;
  /** Build every planned master; streams `master` events. */
  buildMasters(request: BuildMastersRequest): Promise<readonly MasterView[]>;
  /** Build missing masters, then calibrate every light; streams `frame` and `progress` events. */
  calibrate(request: CalibrateRequest): Promise<RunSummary>;
  /** Stop the running stage promptly; frames already written stay valid. */
  cancelRun(): Promise<void>;
  /**
   * Watch the open night as a capture program writes it: every light calibrated, then each new
   * one as soon as its file is complete; streams `watch`, `frame` and `master` events. Resolves
   * when the watch stops (stopWatch, cancelRun), with its last state.
   */
  startWatch(request: StartWatchRequest): Promise<WatchState>;
  /** Stop watching: the frames in hand finish, the rest stays queued for the next watch. */
  stopWatch(): Promise<void>;
  /** A downsampled image with statistics and histogram, never a full frame. */
  getPreview(request: PreviewRequest): Promise<PreviewImage>;
  /** The FITS header of a raw frame, a calibrated frame or a master, card by card. */
  getHeader(request: HeaderRequest): Promise<HeaderView>;
  /** Where things stand now: lets a reconnecting window rebuild its state. */
  getSnapshot(): Promise<AppSnapshot>;
  /** Ask the host for a folder (native dialog on the desktop; null where there is none). */
  chooseFolder(): Promise<string | null>;
  /** Folders inside the allowed roots, for the browser mode's folder picker. */
  listFolder(request: ListFolderRequest): Promise<FolderListing>;
  /** The folder a calibration with these settings would write to, decided as the run decides it, touching nothing. */
  runDestination(request: RunDestinationRequest): Promise<RunDestination>;
  /** Show the output folder in the system's file manager (desktop only). */
  revealOutput(): Promise<void>;
}

/** The method names of `NightcalApi`, for transports that need them at run time. */
export const API_METHODS = [
  'openNight',
  'openDemoNight',
  'setFrameOverride',
  'buildMasters',
  'calibrate',
  'cancelRun',
  'startWatch',
  'stopWatch',
  'getPreview',
  'getHeader',
  'getSnapshot',
  'chooseFolder',
  'listFolder',
  'runDestination',
  'revealOutput',
] as const satisfies readonly (keyof NightcalApi)[];

/** A method name of the API. */
export type ApiMethod = (typeof API_METHODS)[number];

// Fails to compile when a method of NightcalApi is missing from API_METHODS.
type MissingMethods = Exclude<keyof NightcalApi, ApiMethod>;
const everyMethodListed: MissingMethods extends never ? true : MissingMethods = true;
void everyMethodListed;

/** The argument of a method (`undefined` for methods that take none). */
export type ApiRequest<M extends ApiMethod> = Parameters<NightcalApi[M]>[0];
/** What a method's promise resolves to. */
export type ApiResponse<M extends ApiMethod> = Awaited<ReturnType<NightcalApi[M]>>;

/** The API plus its one event stream: what a front end holds. */
export interface NightcalClient extends NightcalApi {
  /** Subscribe to pipeline events; returns the function that unsubscribes. */
  onEvent(listener: (event: NightcalEvent) => void): () => void;
}

/**
 * What a window holds: the API, and the events in the batches main sent them in. Main batches
 * once (electron/api/event-batcher.ts); a window applies each batch in one update, in order.
 */
export interface NightcalWindowClient extends NightcalApi {
  /** Subscribe to batches of events; returns the function that unsubscribes. */
  onEvents(listener: (events: readonly NightcalEvent[]) => void): () => void;
}

// ---------------------------------------------------------------- requests

export interface OpenNightRequest {
  /** Absolute path of the night folder. */
  readonly path: string;
  /** Hours east of UTC used for the noon-to-noon night when a frame has no SITELONG. */
  readonly utcOffsetHours?: number;
}

export interface DemoNightRequest {
  /** Width and height of the synthetic frames in pixels (64–8192). */
  readonly size?: number;
  /** Number of light frames (1–2000). */
  readonly lights?: number;
}

export interface FrameOverrideRequest {
  readonly frameId: string;
  /** The type to use instead of the classified one; null restores the classification. */
  readonly type?: FrameKind | null;
  /** True to leave the file out of masters and calibration. */
  readonly excluded?: boolean;
}

export interface BuildMastersRequest {
  readonly combine?: CombineMethod;
  /** Memory budget for combining, in MB. */
  readonly memoryMB?: number;
  /** Worker threads (default: the number of cores). */
  readonly workers?: number;
}

export interface CalibrateRequest extends BuildMastersRequest {
  /** Output folder; default `<night>/calibrated`. */
  readonly outputDir?: string;
  /** Calibrate every light again, even those an earlier run with the same masters already wrote (default: keep them). */
  readonly redo?: boolean;
}

/** A watch's settings: those of a calibration (the same option parsing, the same plan). */
export type StartWatchRequest = Omit<CalibrateRequest, 'redo'>;

/** Which image a preview or header is of. */
export type ImageSource =
  | { readonly kind: 'raw'; readonly frameId: string }
  | { readonly kind: 'calibrated'; readonly frameId: string }
  | { readonly kind: 'master'; readonly masterId: string };

export interface PreviewRequest {
  readonly source: ImageSource;
  /** Longest side of the returned image in pixels (64–2048; default 1024). */
  readonly maxSize?: number;
  /** A colour sensor's frame as its raw mosaic (grey) instead of in colour (default false). */
  readonly mosaic?: boolean;
}

export interface HeaderRequest {
  readonly source: ImageSource;
}

export interface ListFolderRequest {
  /** Folder to list; omitted for the allowed roots themselves. */
  readonly path?: string;
}

/** The settings that decide where a run writes: its output folder and the masters' method (part of the run's identity). */
export interface RunDestinationRequest {
  readonly combine?: CombineMethod;
  /** Output folder asked for; default `<night>/calibrated`. */
  readonly outputDir?: string;
}

// ---------------------------------------------------------------- responses

/** A scanned night: the files, their groups, and the plan. */
export interface NightView {
  /** Absolute path of the night folder. */
  readonly root: string;
  /** The default output folder, `<night>/calibrated` (a run may be passed over to `-2`…: runDestination says where one goes). */
  readonly outputDir: string;
  readonly frames: readonly FrameInfo[];
  readonly groups: readonly FrameGroup[];
  /** Ids of the files whose type is unknown. */
  readonly unclassified: readonly string[];
  readonly problems: readonly Problem[];
  readonly plan: MasterPlan;
  /** Seconds the scan took. */
  readonly scanSeconds: number;
}

/** Summary statistics of an image, in ADU (or relative units for a flat). */
export interface ImageStats {
  readonly mean: number;
  readonly median: number;
  /** Robust standard deviation: 1.4826 × median absolute deviation. */
  readonly sigma: number;
  readonly min: number;
  readonly max: number;
  /** Pixels that are NaN or infinite. */
  readonly nanCount: number;
  /** Darks only: pixels more than 5 sigma above the median. */
  readonly hotPixels: number | null;
}

/** Pre-binned histogram: `counts[i]` pixels fell in [lo + i·step, lo + (i+1)·step). */
export interface Histogram {
  readonly lo: number;
  readonly hi: number;
  readonly counts: readonly number[];
}

export type MasterStatus = 'planned' | 'building' | 'done' | 'failed';

/** A master and what is known of it so far. */
export interface MasterView {
  readonly spec: MasterSpec;
  readonly status: MasterStatus;
  /** Path of the written master FITS, once done. */
  readonly path: string | null;
  readonly stats: ImageStats | null;
  readonly histogram: Histogram | null;
  /** Seconds it took to build. */
  readonly seconds: number | null;
  /** How its frames were combined, once it is built (null before). */
  readonly method: CombineMethod | null;
  readonly error: NightcalError | null;
}

/** Display limits computed where the full image is: zscale (DS9) and auto-stretch (STF). */
export interface DisplayLimits {
  /** zscale's z1, z2 (ADU). */
  readonly zscale: { readonly z1: number; readonly z2: number };
  /** Screen-transfer function: shadows clip, midtones balance, highlights clip, in [0, 1] of [min, max]. */
  readonly autoStretch: { readonly shadows: number; readonly midtones: number; readonly highlights: number };
}

/** A downsampled image for display: at most `maxSize` pixels on the long side. */
export interface PreviewImage {
  readonly source: ImageSource;
  readonly width: number;
  readonly height: number;
  /** Size of the full image, and how many full pixels one preview pixel averages (per side). */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  readonly binFactor: number;
  /** Row-major, `width × height`, NaN for blank pixels. */
  readonly pixels: Float32Array;
  readonly stats: ImageStats;
  readonly histogram: Histogram;
  readonly limits: DisplayLimits;
  /**
   * A colour sensor's frame in colour: one superpixel per 2×2 cell (red, the mean of the greens,
   * blue), each channel with its own display limits so the sky comes out neutral (as PixInsight's
   * unlinked auto-stretch). `pixels` then holds their mean. Null for mono frames and the raw mosaic.
   */
  readonly colour: {
    readonly planes: readonly [Float32Array, Float32Array, Float32Array];
    readonly channels: readonly [ChannelDisplay, ChannelDisplay, ChannelDisplay];
  } | null;
}

/** One colour channel's display limits and range, for its own stretch. */
export interface ChannelDisplay {
  readonly limits: DisplayLimits;
  readonly min: number;
  readonly max: number;
}

/** A FITS header for display. */
export interface HeaderView {
  readonly source: ImageSource;
  /** Path of the file it was read from. */
  readonly path: string;
  /** The 80-character cards, in order, without END. */
  readonly cards: readonly string[];
}

/** Folders a browser can offer when it cannot open a native dialog. */
export interface FolderListing {
  /** The folder listed, or null for the list of allowed roots. */
  readonly path: string | null;
  /** Its parent, when it is inside an allowed root; null at a root. */
  readonly parent: string | null;
  readonly entries: readonly FolderEntry[];
}

export interface FolderEntry {
  readonly name: string;
  readonly path: string;
  /** FITS files inside, sub-folders included, as the scan would find them (a hint that this is a night folder). */
  readonly fitsFiles: number;
  /** True when the count stopped at its limit (or the walk at its folder cap): there are at least `fitsFiles`. */
  readonly moreFits: boolean;
}

/** Where a run would write, before it runs. */
export interface RunDestination {
  /** The folder asked for. */
  readonly wanted: string;
  /** The folder the run would write to: `wanted`, or `wanted-2`… when that holds other files; null when refused. */
  readonly outputDir: string | null;
  /** Why `wanted` would be passed over, when it would be. */
  readonly passedOver: string | null;
  /** Why no folder would do (the night itself, a folder holding raw frames…), when none would. */
  readonly refused: string | null;
}

export type FrameRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** Which kernel calibrated a light: the WebAssembly SIMD one in a worker's arena slot, or the JavaScript one. */
export type LightKernel = 'wasm-simd' | 'javascript';
/** How an output was written: around the page cache (O_DIRECT) or through it. */
export type WriteMode = 'direct' | 'buffered';

/** The outcome of calibrating one light. */
export interface FrameRunState {
  readonly frameId: string;
  readonly status: FrameRunStatus;
  /** Milliseconds spent on the frame (read, calibrate, write), when finished. */
  readonly ms: number | null;
  readonly outputPath: string | null;
  readonly error: FrameError | null;
  /** The path its pixels took, once written by this run (null otherwise). */
  readonly kernel: LightKernel | null;
  readonly write: WriteMode | null;
}

/** The totals of a calibration run, also the core of `nightcal-run.json`. */
export interface RunSummary {
  readonly outputDir: string;
  readonly manifestPath: string;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Frames already calibrated by an earlier run with the same masters and inputs. */
  readonly skipped: number;
  readonly cancelled: boolean;
  readonly seconds: number;
  readonly framesPerSecond: number;
  /** Masters used, by id, with the files they were written to. */
  readonly masters: readonly { readonly id: string; readonly path: string }[];
  /** Lights written by this run per kernel and per write mode (the fast path's share, at a glance). */
  readonly kernels: Readonly<Record<LightKernel, number>>;
  readonly writes: Readonly<Record<WriteMode, number>>;
  /** Every failure: of the run itself, of a master, of a light. */
  readonly errors: readonly RunError[];
  /** Lights written (done or kept) per shortfall of their calibration, as the plan decided it (shared/run/light-treatment.ts). */
  readonly lightNotes: Readonly<Record<CalibrationNote, number>>;
  /** What the user should know of how the run went (the folder it was passed over to, the memory budget). */
  readonly notes: readonly string[];
}

/** A calibration run as every window renders it: main holds it, a snapshot and the events carry it. */
export interface RunState {
  readonly stage: 'masters' | 'calibrate';
  readonly active: boolean;
  readonly frames: readonly FrameRunState[];
  /** The latest totals (rate and time left included), null before the first. */
  readonly progress: ProgressEvent | null;
  readonly summary: RunSummary | null;
  /** Why the run ended without a summary (output folder refused, masters failed, cancelled before any light); null otherwise. */
  readonly error: NightcalError | null;
}

/** How a watch finds new files: file-system notifications, or a slow poll of the listing where they do not work. */
export type WatchMode = 'notify' | 'poll';

/** A watch of a night as every window renders it: main holds it (pipeline/watch-run.ts), a snapshot and `watch` events carry it. */
export interface WatchState {
  readonly active: boolean;
  readonly outputDir: string | null;
  readonly mode: WatchMode | null;
  /** How files are found, in words: the note the UI shows. */
  readonly modeNote: string | null;
  /** Complete lights waiting for a worker (never dropped). */
  readonly queued: number;
  /** Files seen and still being written. */
  readonly arriving: number;
  /** Calibration frames that arrived and wait for their series to end before their master is built. */
  readonly calibrationWaiting: number;
  /** Lights calibrated by this watch, kept from an earlier one, redone with a better master, failed. */
  readonly calibrated: number;
  readonly kept: number;
  readonly redone: number;
  readonly failed: number;
  /** Masters built (from the night's calibration frames, or the library's). */
  readonly masters: number;
  /** How far behind: seconds since the oldest light still queued or in hand was complete (0 when caught up). */
  readonly behindSeconds: number;
  /** The newest light calibrated, and how long from the watch finding its file complete (two looks that agree) to its output written. */
  readonly newest: { readonly frameId: string; readonly latencyMs: number | null } | null;
  /** Files that never completed within the timeout, with what was missing. */
  readonly incomplete: readonly { readonly path: string; readonly missing: string }[];
  /** Problems with single arrivals (a new file that could not be read), the latest few. */
  readonly notes: readonly string[];
  /** Why the watch stopped on its own (the output folder refused, the night gone), else null. */
  readonly error: NightcalError | null;
}

export interface AppSnapshot {
  readonly version: string;
  readonly night: NightView | null;
  readonly masters: readonly MasterView[];
  readonly run: RunState | null;
  readonly watch: WatchState | null;
  readonly recentNights: readonly string[];
  /** What the host can do: a native folder dialog, reveal in the file manager. */
  readonly host: { readonly kind: 'desktop' | 'browser' | 'cli'; readonly canChooseFolder: boolean; readonly canReveal: boolean };
}

// ---------------------------------------------------------------- events

/** Everything the pipeline reports back, tagged by `kind`. */
export type NightcalEvent = ScanEvent | MasterEvent | FrameEvent | ProgressEvent | RunEvent | DoneEvent | WatchEvent;

/** Scan progress; `phase: 'done'` carries the counts of the finished scan. */
export interface ScanEvent {
  readonly kind: 'scan';
  readonly phase: 'progress' | 'done';
  readonly root: string;
  readonly filesRead: number;
  readonly filesFound: number;
  readonly groups: number;
  readonly unclassified: number;
  readonly problems: number;
}

/** A master started, advanced (strips), finished or failed. */
export interface MasterEvent {
  readonly kind: 'master';
  readonly masterId: string;
  readonly status: MasterStatus;
  readonly stripsDone: number;
  readonly stripsTotal: number;
  /** Set once the master is done. */
  readonly master: MasterView | null;
}

/** A light started, or finished with an outcome. One event per change, never per strip. */
export interface FrameEvent extends FrameRunState {
  readonly kind: 'frame';
}

/** Throttled totals of the running stage (at most a few per second). */
export interface ProgressEvent {
  readonly kind: 'progress';
  readonly stage: 'masters' | 'calibrate';
  /** Frames calibrated, including those an earlier run had already done (skipped). */
  readonly done: number;
  /** Frames that failed; done + failed of total are finished. */
  readonly failed: number;
  readonly total: number;
  readonly elapsedSeconds: number;
  /**
   * Frames through the workers per second, over the light stage's recent frames (masters and
   * frames that needed no work are not counted; shared/run/rate-estimator.ts); null until
   * enough frames were measured for it to mean something. The last event of a stage gives the
   * stage's average.
   */
  readonly framesPerSecond: number | null;
  /** Seconds left at that rate, null while the rate is. */
  readonly etaSeconds: number | null;
}

/** A calibration run started (every light queued), or ended without a summary (`run.error` says why). */
export interface RunEvent {
  readonly kind: 'run';
  readonly run: RunState;
}

/** The calibration run ended (finished, failed frames or cancelled). */
export interface DoneEvent {
  readonly kind: 'done';
  readonly summary: RunSummary;
}

/** A watch started, changed (a frame queued, calibrated, a note) or stopped; throttled to a few per second. */
export interface WatchEvent {
  readonly kind: 'watch';
  readonly watch: WatchState;
}

// ---------------------------------------------------------------- errors

/** Why a request failed, as plain data that crosses any process boundary. */
export interface ApiErrorData {
  readonly code: ApiErrorCode;
  readonly message: string;
}

export type ApiErrorCode = 'bad-request' | 'not-found' | 'forbidden' | 'busy' | 'cancelled' | 'io' | 'internal';

/** An expected failure of a request (bad argument, no night open…), not a bug. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
  toData(): ApiErrorData {
    return { code: this.code, message: this.message };
  }
  static fromData(data: ApiErrorData): ApiError {
    return new ApiError(data.code, data.message);
  }
}
