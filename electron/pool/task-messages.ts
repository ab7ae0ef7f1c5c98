/**
 * The pool's tasks and results: small, serialisable descriptions (paths, row ranges, master
 * ids) going in, small summaries coming out. Masters never travel in a task: every worker
 * holds them once, as shared memory given in `workerData`.
 */
import type { CombineMethod, FrameQuality, Histogram, ImageStats, LightKernel, PreviewImage } from '../../shared/contract';
import type { BayerLayout, FrameError, FramePreparation } from '../../shared/night/frames';
import type { QualityInputs } from '../../shared/quality/quality-inputs';
import type { WriteMode } from '../outputs/direct-write';
import type { FitsFileInfo } from '../fits/fits-file';
import type { PoolMemory } from './arena';

/** Given once to every worker: the masters and the arena they live in (see arena.ts). */
export type PoolWorkerData = PoolMemory;

/** Calibrate one light: read, (light − bias − s·dark) / flat, write atomically. */
export interface CalibrateFrameTask {
  readonly kind: 'calibrate-frame';
  readonly frame: FitsFileInfo;
  readonly outputPath: string;
  readonly biasId: string | null;
  readonly darkId: string | null;
  readonly darkScale: number;
  readonly flatId: string | null;
  /** Provenance cards (HISTORY, CALSTAT…) appended after the raw header's own cards. */
  readonly provenanceCards: readonly string[];
  readonly durable: boolean;
  /** Write around the page cache (O_DIRECT) where the output lies in an arena slot and the filesystem allows. */
  readonly directIo: boolean;
  /** Measure the calibrated pixels (shared/quality) with what main knows of the light; null: do not measure. */
  readonly quality: QualityInputs | null;
}

/**
 * A light's outcome. Expected failures (bad file, full disk) are data, so the code and file
 * survive the thread boundary; only bugs and crashes are thrown.
 */
export type CalibrateFrameResult =
  | {
      readonly status: 'done';
      readonly ms: number;
      readonly bytesRead: number;
      readonly bytesWritten: number;
      /** Which kernel calibrated it: the WebAssembly one in this worker's arena slot, or the JavaScript one. */
      readonly kernel: LightKernel;
      /** How the file was written: around the page cache (O_DIRECT) or through it. */
      readonly write: WriteMode;
      /** Checksum (shared/pixels/checksum.ts) of the input's stored bytes as read: its data unit, or the whole of a .gz/.fz file. */
      readonly inputChecksum: string;
      /** Checksum of the whole output file as written. */
      readonly outputChecksum: string;
      /** The calibrated pixels' quality (also in the file's header), when the task asked for it. */
      readonly quality: FrameQuality | null;
      /** Milliseconds the measurement took, while the file was being written (null when not measured). */
      readonly measureMs: number | null;
    }
  | {
      readonly status: 'failed';
      readonly ms: number;
      readonly error: FrameError;
      /** The output folder cannot take more files (full, read-only): stop the run. */
      readonly stopRun: boolean;
    };

/** Combine rows [rowStart, rowStart + rowCount) of `frames` into the shared master `masterId`. */
export interface CombineStripTask {
  readonly kind: 'combine-strip';
  readonly masterId: string;
  /** Plain FITS files (compressed ones are expanded first); headers are left out. */
  readonly frames: readonly FitsFileInfo[];
  /** How each frame is prepared, in the order of `frames` (each flat with the dark of its own exposure). */
  readonly preparations: readonly FramePreparation[];
  readonly rowStart: number;
  readonly rowCount: number;
  readonly method: CombineMethod;
  /** Per-frame factors applied after subtraction (flats: 1 / the frame's median), or null. */
  readonly frameScales: readonly number[] | null;
}

export interface CombineStripResult {
  readonly ms: number;
  readonly bytesRead: number;
  /** Which kernel combined it: the fused WebAssembly median in this worker's arena slot, or the JavaScript path. */
  readonly kernel: 'wasm-simd' | 'javascript';
}

/** The median of one prepared frame, from a sample of its rows (to normalise flats). */
/** The exact median of every pixel of one prepared frame (to scale flats before combining them). */
export interface FrameMedianTask {
  readonly kind: 'frame-median';
  readonly frame: FitsFileInfo;
  readonly preparation: FramePreparation;
}

export interface FrameMedianResult {
  readonly median: number;
}

/** Decompress a .fz/.gz calibration frame into a plain float32 FITS so strips can be read by row. */
export interface ExpandFrameTask {
  readonly kind: 'expand-frame';
  readonly frame: FitsFileInfo;
  readonly outputPath: string;
}

/** Divide a combined master (a flat) by its exact median, in place: its pixels are then final. */
export interface NormaliseMasterTask {
  readonly kind: 'normalise-master';
  readonly masterId: string;
  /** A colour sensor's layout: each colour channel is divided by its own median (cfa-channels.ts); null: one median. */
  readonly cfa: BayerLayout | null;
}

/**
 * Rows [rowStart, rowStart + rowCount) of a fitted bias and dark-current rate, from the shared
 * master darks (which hold the bias) of several exposures (shared/pixels/dark-fit.ts).
 */
export interface FitDarksTask {
  readonly kind: 'fit-darks';
  readonly darkIds: readonly string[];
  /** Exposure of each dark, seconds. */
  readonly exposures: readonly number[];
  readonly biasId: string;
  readonly rateId: string;
  readonly rowStart: number;
  readonly rowCount: number;
}

export interface NormaliseMasterResult {
  /** The medians the master was divided by: one ('all'), or one per colour channel (R, G, B). */
  readonly levels: Readonly<Record<string, number>>;
}

/** Finish a master whose pixels are final: measure it and write its FITS file (it only reads the pixels); a library's master is measured only. */
export interface FinishMasterTask {
  readonly kind: 'finish-master';
  readonly masterId: string;
  /** Darks: count pixels above median + k·sigma as hot. */
  readonly hotPixelSigma: number | null;
  /** null: measure only (a master read from a calibration library stays as it is there). */
  readonly outputPath: string | null;
  /** Header cards after the structural ones (IMAGETYP, NCOMBINE, HISTORY…). */
  readonly cards: readonly string[];
  /** Bias-subtracted darks: their exposure (s), to record the dark current (DARKRATE). */
  readonly darkExposure: number | null;
  /** Write around the page cache (O_DIRECT) where the filesystem allows. */
  readonly directIo: boolean;
}

export interface FinishMasterResult {
  readonly stats: ImageStats;
  readonly histogram: Histogram;
  readonly ms: number;
}

/** A downsampled view of a file or a shared master, with its statistics. */
export interface PreviewTask {
  readonly kind: 'preview';
  readonly source: { readonly masterId: string } | { readonly file: FitsFileInfo };
  readonly maxSize: number;
  readonly hotPixelSigma: number | null;
  /** A colour sensor's layout (from the frame's header or the master's spec): the preview is in colour; null for mono or the raw mosaic. */
  readonly bayer: BayerLayout | null;
}

/** A preview as the worker makes it; main adds which image it is of. */
export type PreviewResult = Omit<PreviewImage, 'source'>;

/** A block of full-resolution pixels of a file or a shared master, in stored coordinates (inside the image). */
export interface PixelsTask {
  readonly kind: 'pixels';
  readonly source: { readonly masterId: string } | { readonly file: FitsFileInfo };
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PixelsResult {
  /** Physical values, row-major, width × height: float64 where float32 would round them (read-block.ts). */
  readonly pixels: Float32Array | Float64Array;
}

/** The checksum of a file on disk, by the definitions calibration records them with (outputs/file-checksums.ts). */
export interface ChecksumFileTask {
  readonly kind: 'checksum-file';
  readonly path: string;
  /** 'whole': an output; `input`: the stored bytes of this input frame. */
  readonly part: 'whole' | { readonly input: FitsFileInfo };
}

export interface ChecksumFileResult {
  /** Null when the file is gone, shorter than its header says, or unreadable. */
  readonly checksum: string | null;
}

/** Reports which shared memory this worker holds (tests prove it is the same memory). */
export interface ProbeTask {
  readonly kind: 'probe';
  /** Write `value` as the int32 at the master's first pixel (its byteOffset), then read the second. */
  readonly masterId: string;
  readonly value: number;
}

export interface ProbeResult {
  readonly threadId: number;
  readonly isShared: boolean;
  readonly readBack: number;
  /** The master lies in the arena this worker received (its buffer is the arena memory's). */
  readonly inArena: boolean;
  /** The arena slot this worker holds after trying to claim one; null with no arena or none free. */
  readonly slot: number | null;
}

export type WorkerTask =
  | CalibrateFrameTask
  | CombineStripTask
  | FrameMedianTask
  | ExpandFrameTask
  | NormaliseMasterTask
  | FitDarksTask
  | FinishMasterTask
  | PreviewTask
  | PixelsTask
  | ChecksumFileTask
  | ProbeTask;

/** What each task kind resolves to. */
export interface WorkerResults {
  'calibrate-frame': CalibrateFrameResult;
  'combine-strip': CombineStripResult;
  'frame-median': FrameMedianResult;
  'expand-frame': { readonly ms: number };
  'normalise-master': NormaliseMasterResult;
  'fit-darks': { readonly ms: number };
  'finish-master': FinishMasterResult;
  preview: PreviewResult;
  pixels: PixelsResult;
  'checksum-file': ChecksumFileResult;
  probe: ProbeResult;
}

export type ResultOf<T extends WorkerTask> = WorkerResults[T['kind']];

/** A FitsFileInfo without its header cards (BLANK kept): what pixel-only tasks need. */
export function pixelsOnly(info: FitsFileInfo): FitsFileInfo {
  const blank = info.header.values.BLANK;
  return { ...info, header: { cards: [], values: blank === undefined ? {} : { BLANK: blank } } };
}
