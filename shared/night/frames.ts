/**
 * What NightCal knows about the frames of a night: plain, readonly data that crosses every
 * boundary (worker, IPC, WebSocket, CLI JSON) unchanged.
 */
import type { ErrorCode, NightcalError } from '../errors';

/**
 * The kinds of raw frame a night holds. A dark flat (also "flat dark") is a dark taken at the
 * flats' exposure, to take bias and dark current out of the flats.
 */
export type FrameType = 'bias' | 'dark' | 'darkflat' | 'flat' | 'light';

/** A frame's kind as decided by classification; `unknown` is shown to the user, never guessed. */
export type FrameKind = FrameType | 'unknown';

/**
 * Which rule decided a frame's kind: the header's frame-type keyword (IMAGETYP, or INDI's FRAME),
 * the rest of the header (a master, a stacked product, a plate-solved frame), the folders, the
 * file name, the user, or nothing.
 */
export type ClassificationRule = 'imagetyp' | 'header' | 'folder' | 'filename' | 'user' | 'none';

/** The kind of a frame and why. */
export interface Classification {
  readonly type: FrameKind;
  readonly rule: ClassificationRule;
  /** A sentence a person can read, e.g. "IMAGETYP = 'Flat Field'" or "file name contains 'flat'". */
  readonly reason: string;
}

/** The header values that matter for calibration, normalised from every common spelling. */
export interface FrameFacts {
  /** IMAGETYP as written (trimmed), if present. */
  readonly imagetyp: string | null;
  /** INDI/Ekos' FRAME when it names a frame type ('Light', 'Dark', 'Flat', 'Bias'); Andor's FRAME (a date) is not one. */
  readonly indiFrame: string | null;
  /** Exposure in seconds (EXPTIME, else EXPOSURE, else DWARF's EXP; strings such as '120.00  ' are parsed). */
  readonly exposure: number | null;
  /** Filter name (FILTER, else FILTER1…), trimmed; null when the header names none. */
  readonly filter: string | null;
  /** Binning (XBINNING/YBINNING, else CCDXBIN/CCDYBIN, HBIN/VBIN, else DWARF's BINNING = '2*2'); 1 when absent. */
  readonly binX: number;
  readonly binY: number;
  /** Image width and height in pixels (NAXIS1, NAXIS2; ZNAXIS1/2 for tile-compressed). */
  readonly width: number;
  readonly height: number;
  /** Origin of a subframe in binned pixels (XORGSUBF, YORGSUBF); null when not written. */
  readonly subframe: { readonly x: number; readonly y: number } | null;
  /** Camera (INSTRUME), trimmed; null when absent or a placeholder. */
  readonly camera: string | null;
  /** Readout mode as written (READOUTM, else READMODE), e.g. 'High Gain Mode'; numbers as text. */
  readonly readoutMode: string | null;
  /**
   * Sensor temperature and cooler set-point in °C (CCD-TEMP or its spellings; SET-TEMP), when
   * written and plausible: an unset cooler's -1.79769313486232E+308, Andor's -999 and anything
   * outside -150..+70 °C are null.
   */
  readonly ccdTemp: number | null;
  readonly setTemp: number | null;
  /** The temperature to match calibration frames by, in °C: the set-point when written, else the sensor reading. */
  readonly temperature: number | null;
  /** Where `temperature` came from; 'CCD-TEMP' stands for every spelling of the sensor reading. */
  readonly temperatureSource: 'SET-TEMP' | 'CCD-TEMP' | null;
  /** Camera gain and offset settings (GAIN, OFFSET), when written. */
  readonly gain: number | null;
  readonly offset: number | null;
  /** The colour filter array of a one-shot-colour sensor, when the header names one (see cfa-pattern.ts). */
  readonly bayer: BayerLayout | null;
  /** Calibration steps the capture software already applied to these pixels. */
  readonly precalibrated: Precalibration;
  /** Why this file is a stacked product rather than a raw frame (e.g. "STACKCNT = 30"), or null. Never set on a `master`. */
  readonly stacked: string | null;
  /** A master calibration frame some program made, recognised by its header; null for raw frames. */
  readonly master: MasterOrigin | null;
  /** True when the header carries a celestial WCS (CTYPE1 'RA---TAN'…): the frame was plate-solved. */
  readonly celestialWcs: boolean;
  /** Arcseconds per (binned) pixel, from the celestial WCS, else 206.265 × XPIXSZ [µm] / FOCALLEN [mm]. */
  readonly pixelScale: number | null;
  /** Saturation level in ADU (SATURATE), when written. */
  readonly saturation: number | null;
  /** Start of exposure, ISO 8601 UTC with a trailing Z (DATE-OBS, else DATE-OBS + TIME-OBS, else Andor's FRAME). */
  readonly dateObs: string | null;
  /** End of exposure, ISO 8601 UTC (DATE-END, else the start plus the exposure). */
  readonly dateEnd: string | null;
  /** Site longitude in degrees, east positive (SITELONG, OBSGEO-L, LONG-OBS), when written. */
  readonly siteLongitude: number | null;
  /** Object name (OBJECT), when written and not a placeholder. */
  readonly object: string | null;
  /** Values written but not plausible, set aside (read as absent) and said in words: "EXPTIME = 1e+306 s is not a plausible exposure". */
  readonly implausible: readonly string[];
}

/** The four Bayer patterns: the colours of the 2×2 cell read left to right, first row then second. */
export type BayerPattern = 'RGGB' | 'BGGR' | 'GRBG' | 'GBRG';

/** A colour filter array as the header describes it; cfaChannelAt says which colour a stored pixel has. */
export interface BayerLayout {
  /** BAYERPAT (NINA, SharpCap, Seestar, DWARF), else APP's CFAIMAGE, else COLORTYP when it names a pattern. */
  readonly pattern: BayerPattern;
  /** XBAYROFF, YBAYROFF: the pattern starts this many columns / rows into the image (0 when not written). */
  readonly xOffset: number;
  readonly yOffset: number;
  /** ROWORDER: whether the first row stored is the top ('top-down') or the bottom ('bottom-up') of the pattern; null when not written. */
  readonly rowOrder: 'top-down' | 'bottom-up' | null;
}

/** Steps the camera software already applied, and what in the header says so. */
export interface Precalibration {
  readonly bias: boolean;
  /** A dark subtracted; `bias` is then true as well, since a dark frame holds the bias. */
  readonly dark: boolean;
  readonly flat: boolean;
  /** PEDESTAL in ADU as written (MaxIm: to add for zero-based ADU; PixInsight: added to keep pixels positive), or null. */
  readonly pedestal: number | null;
  /** What the header says, for people: "CALSTAT = 'BD'", "HISTORY Auto-Dark Subtraction (CCDSoft)". */
  readonly evidence: readonly string[];
}

/** A master calibration frame made by some program. */
export interface MasterOrigin {
  readonly kind: 'bias' | 'dark' | 'darkflat' | 'flat';
  /** Frames combined (NCOMBINE, STACKCNT, APP's NUMFRAME, PixInsight's ImageIntegration.numberOfImages), when written. */
  readonly frames: number | null;
  /** The program that made it ('PixInsight', 'APP', 'Siril', 'NightCal'…), when the header says. */
  readonly program: string | null;
  /** The header card that makes it a master, for people: "CALFRAME = 'MasterDark'". */
  readonly evidence: string;
  /** Darks: BIASSUB as NightCal writes it (true: the bias was subtracted from its frames); null when not written. */
  readonly biasSubtracted: boolean | null;
  /** Flats: FLATNORM as NightCal writes it ('single': median 1; 'per-channel': each CFA channel median 1); null when not written. */
  readonly flatNorm: 'single' | 'per-channel' | null;
}

/** One file of the night as the scan found it. */
export interface FrameInfo {
  /** Stable id: the path relative to the night folder, with forward slashes. */
  readonly id: string;
  /** Absolute path on disk. */
  readonly path: string;
  /** File size in bytes and modification time (ms since epoch), to detect changed inputs. */
  readonly sizeBytes: number;
  readonly mtimeMs: number;
  /** How the pixels are stored: plain FITS, tile-compressed (.fz) or gzip-wrapped (.gz). */
  readonly storage: FrameStorage;
  /** Header values, or null when the header could not be read (see `error`). */
  readonly facts: FrameFacts | null;
  readonly classification: Classification;
  /** The observing night, 'YYYY-MM-DD' of the evening it began; null without a date. */
  readonly night: string | null;
  /** Why this file cannot be used, when it cannot (unreadable header, no pixel data…). */
  readonly error: FrameError | null;
  /** Id of an earlier byte-identical file: this one is a duplicate and is never combined. */
  readonly duplicateOf: string | null;
  /** True when the user excluded this file from the run. */
  readonly excluded: boolean;
}

export type FrameStorage = 'fits' | 'fz' | 'gz';

/** A problem with one file, as data (the one error shape of shared/errors.ts). */
export type FrameError = NightcalError;
export type FrameErrorCode = ErrorCode;

/**
 * The camera settings a calibration frame must share with the frames it calibrates: the
 * matching keys (shared/night/matching.ts compares them, in one place). A setting a header does
 * not write is null, which matches only null, unless no frame of the night writes it.
 */
export interface CameraSettings {
  /** INSTRUME. */
  readonly camera: string | null;
  readonly gain: number | null;
  readonly offset: number | null;
  /** READOUTM / READMODE, as written. */
  readonly readoutMode: string | null;
  /** 'XxY', e.g. '1x1' or '1x2'. */
  readonly binning: string;
  readonly width: number;
  readonly height: number;
  /** Subframe origin 'x,y' (XORGSUBF, YORGSUBF); null for a full frame or when not written. */
  readonly subframe: string | null;
  /** The colour filter array's pattern (BAYERPAT…) for a one-shot-colour sensor, null for mono. */
  readonly cfa: BayerPattern | null;
}

/** The temperature frames were taken at, as matched: the set-point where written, else the sensor reading. */
export interface SetupTemperature {
  /** Mean over the frames, °C. */
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly source: 'SET-TEMP' | 'CCD-TEMP';
}

/** What frames share when they can be combined or calibrated together. */
export interface FrameSetup extends CameraSettings {
  readonly filter: string | null;
  /** Exposure in seconds, or null when the frames have none (or it does not matter, as for a bias). */
  readonly exposure: number | null;
  /** The frames' temperature, null when none is written. */
  readonly temperature: SetupTemperature | null;
  readonly night: string | null;
  /** The colour layout in full (pattern, offsets, row order) when `cfa` is set: masters keep it in their headers. */
  readonly bayer: BayerLayout | null;
}

/** Frames that can be combined or calibrated together. */
export interface FrameGroup extends FrameSetup {
  /** Stable, readable id derived from the key, e.g. 'flat|R|gain 100|1x1|6248x4176|-10C|2026-03-01'. */
  readonly id: string;
  readonly type: FrameType;
  /** Ids of the frames (usable ones only: no errors, duplicates or exclusions), sorted. */
  readonly frameIds: readonly string[];
  /** Lights: the calibration steps the capture software already applied to every frame of the group ('D', 'BD'…), '' for none. */
  readonly precalibrated: string;
}

/** Something the user should know about the night before calibrating. */
export interface Problem {
  readonly code: ProblemCode;
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  /** Frames the problem is about, when it is about particular frames. */
  readonly frameIds: readonly string[];
}

export type ProblemCode =
  | 'unclassified'
  | 'unreadable'
  | 'duplicate'
  | 'missing-exposure'
  | 'no-bias'
  | 'no-dark'
  | 'dark-scaled'
  | 'dark-unscaled'
  | 'no-flat'
  | 'flat-not-dark-subtracted'
  | 'size-mismatch'
  | 'other-night'
  | 'no-lights'
  | 'no-calibration'
  | 'single-frame-master'
  | 'bad-value'
  | 'pre-calibrated'
  | 'unused-calibration'
  | 'setting-mismatch'
  | 'dark-fitted'
  | 'library';

/** The kinds of master frame: dark flats are the darks of the flats' exposures. */
export type MasterKind = 'bias' | 'dark' | 'darkflat' | 'flat';

/** How one frame is prepared before it is combined: frame − bias − darkScale·dark. */
export interface FramePreparation {
  readonly biasId: string | null;
  readonly darkId: string | null;
  readonly darkScale: number;
}

/** One master to build: which frames, and how each is prepared before combining. */
export interface MasterSpec extends FrameSetup {
  /** File-name-safe id, e.g. 'dark_300s_g100_o50_1x1_6248x4176_m10C_2026-03-01'. */
  readonly id: string;
  readonly kind: MasterKind;
  /** The group whose frames it combines (the darks' group for a fitted master). */
  readonly groupId: string;
  readonly frameIds: readonly string[];
  /** How each frame is prepared, in the order of `frameIds` (darks subtract the bias; each flat gets its own dark). */
  readonly preparations: readonly FramePreparation[];
  /** Flats: normalised per CFA channel (a colour sensor's) or by one median; null for the other kinds. */
  readonly normalise: 'single' | 'per-channel' | null;
  /** Darks and dark flats: true when no bias was subtracted from their frames, so they still hold it. */
  readonly includesBias: boolean;
  /**
   * A master fitted per pixel from master darks of several exposures when there are no bias
   * frames (dark = bias + rate·t): the darks it is fitted from, and which of the two it is (the
   * rate is a dark of 1 s without bias). Null for a master combined from frames.
   */
  readonly fit: { readonly darkIds: readonly string[]; readonly part: 'bias' | 'rate' } | null;
  /** Set for a master read from a file of a calibration library rather than combined from this night's frames (`frameIds` is then empty). */
  readonly file: MasterFile | null;
}

/** A master file of a calibration library, as its index knows it. */
export interface MasterFile {
  /** Absolute path of the file. */
  readonly path: string;
  /** The library's folder, and the file's path inside it (forward slashes). */
  readonly library: string;
  readonly relativePath: string;
  /** SHA-256 of the whole file when it was indexed: it is checked again when the master is read. */
  readonly sha256: string;
  /** The program that made it (NightCal, PixInsight, APP, Siril…), when its header says. */
  readonly program: string | null;
  /** Frames combined, when its header says. */
  readonly frames: number | null;
  /** UTC start of its first frame (DATE-OBS), when written. */
  readonly dateObs: string | null;
}

/** What a light gets for one step, and why, in the plan's own words. */
export interface StepChoice {
  /**
   * 'applied' with `masterId`; 'included': done by another step (a dark that holds the bias
   * removes it); 'skipped': the capture software already applied it; 'missing': nothing matches.
   */
  readonly status: 'applied' | 'included' | 'skipped' | 'missing';
  readonly masterId: string | null;
  /** In words: "master dark 300 s, gain 100, −10.0 °C: the light's exposure", "no flat: flat R at gain 200 for lights at gain 100". */
  readonly reason: string;
}

/** How one light will be calibrated: (light − bias − darkScale·dark) / flat. */
export interface LightPlan {
  readonly frameId: string;
  /** The light group it belongs to (its plan is the group's). */
  readonly groupId: string | null;
  readonly biasId: string | null;
  readonly darkId: string | null;
  readonly darkScale: number;
  readonly flatId: string | null;
  /** What each step does for this light, and why. */
  readonly steps: { readonly bias: StepChoice; readonly dark: StepChoice; readonly flat: StepChoice };
  /** What could not be applied, in words, e.g. "no flat for filter R (1x1, 2048x2048)". */
  readonly missing: readonly string[];
  /** Steps applied to the output in all (the capture software's and NightCal's), in the CALSTAT convention: 'B', 'D', 'F'. */
  readonly calstat: string;
  /** Steps the capture software had already applied, which NightCal did not apply again ('BD' for an auto-darked light). */
  readonly precalibrated: string;
  /** Set when this light cannot be calibrated at all; it is then reported as failed. */
  readonly blocked: FrameError | null;
}

/** Everything the night needs, decided before a single pixel is read. */
export interface MasterPlan {
  readonly masters: readonly MasterSpec[];
  readonly lights: readonly LightPlan[];
  readonly problems: readonly Problem[];
}
