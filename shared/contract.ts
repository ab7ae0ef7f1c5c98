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
  BayerLayout,
  CameraSettings,
  FrameError,
  FrameGroup,
  FrameInfo,
  FrameKind,
  MasterKind,
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
  /** A small block of a frame's or master's true pixels at full resolution (at most REQUEST_LIMITS.pixelBlockSide a side). */
  getPixels(request: PixelsRequest): Promise<PixelBlock>;
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
  /** Every master of the session's calibration libraries, with its keys, age and the runs that used it. */
  listLibrary(): Promise<LibraryListing>;
  /** Make masters of a folder of raw calibration frames and store them in the session's library; the open night is planned again with them. */
  addToLibrary(request: AddToLibraryRequest): Promise<LibraryAddReport>;
  /** Store the masters built from the open night in the session's library (never overwriting; a byte-identical one once). */
  saveMastersToLibrary(): Promise<LibraryAddReport>;
  /** Keep or reject one light by hand (null: the rules decide again); recorded in the run's manifest, the kept lists rewritten. */
  setFrameVerdict(request: FrameVerdictRequest): Promise<RunReview>;
  /** The rules that suggest rejections ('fwhm>median+3mad,stars<50%'; null: the defaults); the kept lists rewritten. */
  setRejectionRules(request: RejectionRulesRequest): Promise<RunReview>;
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
  'getPixels',
  'getSnapshot',
  'chooseFolder',
  'listFolder',
  'runDestination',
  'revealOutput',
  'listLibrary',
  'addToLibrary',
  'saveMastersToLibrary',
  'setFrameVerdict',
  'setRejectionRules',
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
  /** Rules that suggest rejections, as text ('fwhm>4.5,stars<50%'; default: the earlier run's, else the defaults). */
  readonly rejectRules?: string;
}

/** A person's decision on one light, which the rules never override. */
export type FrameVerdict = 'keep' | 'reject';

export interface FrameVerdictRequest {
  readonly frameId: string;
  /** null: no decision by hand, the rules decide. */
  readonly verdict: FrameVerdict | null;
}

export interface RejectionRulesRequest {
  /** Comma-separated rules ('fwhm>median+3mad,stars<50%,ecc>0.6'); null restores the defaults. */
  readonly rules: string | null;
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

/**
 * A block of full-resolution pixels, in stored coordinates: x from 0 along a row, y = 0 the
 * first row in the file (FITS row 1, drawn at the bottom). The block must lie inside the image.
 */
export interface PixelsRequest {
  readonly source: ImageSource;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
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

// ---------------------------------------------------------------- calibration libraries

/** One master of a library as `library list` shows it. */
export interface ListedMaster {
  readonly library: string;
  readonly relativePath: string;
  readonly kind: MasterKind;
  /** The master in words, with every key: 'master dark 300 s (ZWO ASI2600MM Pro, gain 100, offset 50, 1x1, 8x6, −10.0 °C)'. */
  readonly words: string;
  readonly program: string | null;
  readonly keys: Pick<CameraSettings, 'camera' | 'gain' | 'offset' | 'readoutMode' | 'binning' | 'width' | 'height'> & {
    /** °C, the mean of its frames'. */
    readonly temperature: number | null;
    readonly exposure: number | null;
    readonly filter: string | null;
  };
  /** Frames combined, when its header says. */
  readonly frames: number | null;
  /** UTC start of its first frame (DATE-OBS), when written. */
  readonly dateObs: string | null;
  /** Whole days from dateObs to now; null without a date. */
  readonly ageDays: number | null;
  /** Runs that used it, oldest first. */
  readonly usedBy: readonly { readonly run: string; readonly night: string; readonly at: string }[];
}

export interface LibraryListing {
  /** Where `addToLibrary` stores masters: the first library named, else the default one (made by the first add); null: none (--no-library). */
  readonly addTarget?: string | null;
  /** Each library opened: its files, and the seconds its open took (walk, index, headers of new or changed files). */
  readonly libraries: readonly { readonly root: string; readonly writable: boolean; readonly files: number; readonly seconds: number }[];
  readonly masters: readonly ListedMaster[];
  readonly skipped: readonly { readonly library: string; readonly relativePath: string; readonly reason: string }[];
  /** Raw calibration frames in the libraries not made into masters, by kind (`library add` makes them). */
  readonly rawFrames: Readonly<Record<MasterKind, number>>;
  readonly notes: readonly string[];
}

/** One master built from DIR, and where it is in the library. */
export interface AddedMaster {
  readonly kind: MasterKind;
  /** The master in words: 'master dark 300 s (gain 100, offset 50, 1x1, 8x6, −10.0 °C)'. */
  readonly words: string;
  readonly frames: number;
  /** Its path in the library: the new file, or the byte-identical one already there. */
  readonly relativePath: string;
  /** False when the library already held these bytes: nothing was stored. */
  readonly stored: boolean;
}

export interface LibraryAddReport {
  readonly library: string;
  readonly dir: string;
  readonly masters: readonly AddedMaster[];
  /** Files of DIR no master was made of, and why. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** Masters that could not be built or stored, and why. */
  readonly failed: readonly { readonly master: string; readonly reason: string }[];
  readonly notes: readonly string[];
  /** The build was stopped (Ctrl-C): the masters finished before are stored, the others are not. */
  readonly cancelled: boolean;
}

/** Masters to make from a folder of raw calibration frames, stored in the session's library. */
export interface AddToLibraryRequest {
  /** The folder of calibration frames (it is only read). */
  readonly path: string;
}

/** A calibration library as a night sees it. */
export interface LibraryView {
  /** Absolute path of the library folder. */
  readonly root: string;
  /** Masters in it that could serve some night (matched by their headers). */
  readonly masters: number;
  /** Of those, the ones this night's plan uses, each with where it comes from in words (libraryOriginWords). */
  readonly used: readonly { readonly masterId: string; readonly origin: string }[];
  /** Raw calibration frames not yet made into masters (`nightcal library add`). */
  readonly rawFrames: number;
  /** Files that look like masters but cannot be used, and why. */
  readonly skipped: readonly { readonly relativePath: string; readonly reason: string }[];
}

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
  /** The calibration libraries the plan drew from (its library masters are in plan.masters, with `file` set). */
  readonly libraries: readonly LibraryView[];
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
  /** Strips combined by each kernel, once it is built: the fast path's share (null for a fitted master). */
  readonly kernels: Readonly<Record<LightKernel, number>> | null;
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

/** Full-resolution pixels of a block (see PixelsRequest), as the file stores them. */
export interface PixelBlock {
  readonly source: ImageSource;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Size of the whole image. */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  /**
   * Physical values (BZERO/BSCALE applied, integer BLANK → NaN), row-major, row 0 = stored row
   * `y`: float32 where it holds every value exactly (8- and 16-bit cameras, float32 data), float64
   * for 32- and 64-bit integers, float64 and scaled data, so the readout gives the value stored.
   */
  readonly pixels: Float32Array | Float64Array;
  /** A colour sensor's mosaic layout (which colour each stored pixel is: cfaChannelAt); null for mono. */
  readonly bayer: BayerLayout | null;
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

/**
 * A calibrated light's quality, measured in the worker from the pixels it wrote
 * (shared/quality/measure-frame.ts). Figures that could not be measured are null.
 */
export interface FrameQuality {
  /** Median sky level, ADU of the calibrated frame (a Bayer mosaic: the mean of its colours'). */
  readonly background: number | null;
  /** Robust σ of the sky, ADU. */
  readonly noise: number | null;
  /** Stars in the whole frame (found on the part searched, scaled to all of it). */
  readonly stars: number;
  /** Median FWHM of the stars in pixels; null with `unmeasured` saying why. */
  readonly fwhm: number | null;
  /** The same in arcseconds, when the header gives a pixel scale. */
  readonly fwhmArcsec: number | null;
  /** Eccentricity of the median star shape: 0 round … 1 a line. */
  readonly eccentricity: number | null;
  /** Fraction of the raw pixels at or above the camera's saturation level (0..1); null when no level is known. */
  readonly saturated: number | null;
  /** PSF signal weight: Σ of the unsaturated stars' squared SNR over the PSF's area (higher is better; compare frames of one filter). */
  readonly weight: number | null;
  /** Why fwhm and eccentricity are null, else null. */
  readonly unmeasured: string | null;
  /** Per colour of a Bayer mosaic (R, G1, G2, B); null for a mono frame. */
  readonly channels: readonly { readonly name: string; readonly background: number | null; readonly noise: number | null }[] | null;
}

/** What the rules and a person made of one light. */
export interface FrameReview {
  readonly frameId: string;
  /** Lights are judged against the others of their filter. */
  readonly filter: string | null;
  /** A decision by hand, or null. */
  readonly verdict: FrameVerdict | null;
  /** Left out of the kept list: suggested by a rule, or rejected by hand (never when kept by hand). */
  readonly rejected: boolean;
  /** Each rule the light fails with its figures ('fwhm 5.40 > median+3mad = 3.37 …'), and the decision by hand first. */
  readonly reasons: readonly string[];
}

/** A figure the rejection rules test and the quality plot shows. */
export type QualityMetric = 'fwhm' | 'stars' | 'background' | 'eccentricity' | 'noise' | 'weight';

/** Where one rule cuts within one filter: the figure's limit there (the quality plot's threshold line). */
export interface RuleLimit {
  readonly filter: string | null;
  /** The rule as text ('fwhm>median+3mad'). */
  readonly rule: string;
  readonly metric: QualityMetric;
  readonly comparison: '>' | '<';
  /** The limit in the figure's units; null where no light of the filter has the figure. */
  readonly value: number | null;
  /** The filter's median and MAD of the figure the limit is drawn from (null without lights that have it). */
  readonly median: number | null;
  readonly mad: number | null;
}

/** The rejections of a run: the rules, every light's review, and the kept lists written. */
export interface RunReview {
  /** True while the run goes on: the suggestions of the lights measured so far; no kept list written yet. */
  readonly provisional: boolean;
  /** The rules in force, as text ('fwhm>median+3mad'). */
  readonly rules: readonly string[];
  /** Each rule's limit in each filter. */
  readonly limits: readonly RuleLimit[];
  /** One per light with a quality record, in the run's order. */
  readonly frames: readonly FrameReview[];
  /** The kept lists, one per filter (`kept_<filter>.txt` in the output folder). */
  readonly keptLists: readonly { readonly filter: string | null; readonly path: string; readonly frames: number }[];
}

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
  /** Its quality, measured while it was calibrated (or as an earlier run measured it); null when not measured. */
  readonly quality: FrameQuality | null;
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
  /** The rejections, once the run has finished (and after every change of a verdict or the rules). */
  readonly review: RunReview | null;
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
  readonly newest: {
    readonly frameId: string;
    readonly latencyMs: number | null;
    /** Its measurement (null with measurement off or a kept light). */
    readonly quality: FrameQuality | null;
    /** A jump against the lights just before it of its filter (shared/quality/quality-jump.ts): refocus, clouds; else null. */
    readonly notice: string | null;
  } | null;
  /** The latest jump the watch saw, with its light, until the next one (a notice must not vanish with the next frame). */
  readonly lastNotice: { readonly frameId: string; readonly text: string } | null;
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
export type NightcalEvent = ScanEvent | NightEvent | MasterEvent | FrameEvent | ProgressEvent | RunEvent | DoneEvent | ReviewEvent | WatchEvent;

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

/**
 * The open night changed without a scan: a watch took the files it found (their groups, the
 * plan and what each light gets with them). The whole view, as a snapshot would give it; the
 * latest replaces the night.
 */
export interface NightEvent {
  readonly kind: 'night';
  readonly night: NightView;
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

/** The rejections changed: a light was measured during the run (provisional), the run ended, a verdict or the rules changed. */
export interface ReviewEvent {
  readonly kind: 'review';
  readonly review: RunReview;
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
