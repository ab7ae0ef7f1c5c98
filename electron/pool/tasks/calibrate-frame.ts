/**
 * Worker task: read one light, calibrate it against the shared masters, measure it, write it
 * atomically. Plain 16-bit and float32 FITS with all three masters take the arena path (the
 * WebAssembly kernel, calibrate-in-arena.ts); everything else, and every frame where the arena is
 * missing, takes the JavaScript path: stored numbers read into reused scratch, scaled and
 * calibrated in one pass into the output buffer, swapped to big-endian in place. Neither
 * allocates per frame nor copies the frame; the arena path, whose file lies block-aligned in the
 * slot, writes around the page cache when the run asks for direct I/O.
 *
 * The measurement (measure-light.ts) reads the calibrated pixels where they lie while the file's
 * data goes out in libuv's thread pool (outputs/write-around.ts): the header's quality cards are
 * written with no values first, filled in once measured, and the header is written last.
 */
import { performance } from 'node:perf_hooks';
import type { FrameError } from '../../../shared/night/frames';
import { calibratePixels, calibrateStored, type CalibrationFrames } from '../../../shared/pixels/calibrate';
import { FitsError } from '../../fits/fits-error';
import type { FitsFileInfo } from '../../fits/fits-file';
import { paddedSize } from '../../fits/image-layout';
import { readImage, readStoredSync, type StoredBytesHook } from '../../fits/read-pixels';
import { StreamChecksum } from '../../../shared/pixels/checksum';
import { bigEndianPixelRows, hostPixelRows, storedPixelRows, wasmPixelRows, wasmRawRows, type PixelRows } from '../../../shared/quality/pixel-rows';
import { QUALITY_SCRATCH_BYTES } from '../arena';
import type { FrameQuality } from '../../../shared/contract';
import { cardKeyword } from '../../fits/header-cards';
import { encodeHeader, float32DataInPlace, imageStructureCards, keptCards } from '../../fits/write-fits';
import type { WriteMode } from '../../outputs/direct-write';
import { OutputError } from '../../outputs/output-target';
import { writeChunksAround, writeImageAround } from '../../outputs/write-around';
import { QUALITY_KEYWORDS, qualityCards } from '../../pipeline/provenance';
import type { CalibrateFrameResult, CalibrateFrameTask } from '../task-messages';
import type { WorkerArena } from '../worker-arena';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';
import { calibrateInArena, type ArenaOutput } from './calibrate-in-arena';
import { measureLight } from './measure-light';

/** Write errors that no later frame can escape: the run stops instead of failing every frame. */
const OUTPUT_UNUSABLE = new Set(['ENOSPC', 'EROFS', 'EDQUOT', 'EACCES', 'EPERM']);

export async function calibrateFrame(task: CalibrateFrameTask, masters: WorkerMasters, scratch: WorkerScratch, arena: WorkerArena | null): Promise<CalibrateFrameResult> {
  const started = performance.now();
  scratch.releaseStack();
  const { frame } = task;
  const { width, height } = frame.layout;
  const count = width * height;
  const failed = (error: FrameError, stopRun = false): CalibrateFrameResult => ({
    status: 'failed',
    ms: performance.now() - started,
    error,
    stopRun,
  });

  const frames: CalibrationFrames = { bias: masters.get(task.biasId), dark: masters.get(task.darkId), darkScale: task.darkScale, flat: masters.get(task.flatId) };
  for (const name of ['bias', 'dark', 'flat'] as const) {
    const master = frames[name];
    if (master && master.length !== count) {
      return failed({ code: 'no-matching-master', message: `${frame.path}: ${width}x${height} does not match the master ${name} (${master.length} pixels)` });
    }
  }

  // The quality cards go last, with no values until the pixels are measured (their number is fixed).
  const kept = keptCards(frame.header).filter((card) => !QUALITY_KEYWORDS.includes(cardKeyword(card)));
  const cards = [...imageStructureCards(-32, width, height), ...kept, ...task.provenanceCards, ...(task.quality ? qualityCards(null) : [])];
  const header = encodeHeader(cards);
  let data: Buffer;
  let file: ArenaOutput | null = null;
  let kernel: 'wasm-simd' | 'javascript' = 'wasm-simd';
  let inputChecksum: string;
  let dataChecksum: StreamChecksum;
  let pixels: PixelRows;
  let raw: PixelRows | null;
  try {
    file = calibrateInArena(frame, frames, arena, header);
    if (file !== null) {
      data = file.data;
      ({ inputChecksum, dataChecksum } = file);
      // the star search's kernel reads them where they are, its rows in the slot's scratch after the checksums'
      pixels = wasmPixelRows(data, width, height, { memory: arena!.memory, scratch: arena!.slot()!.scratch + 64, scratchBytes: QUALITY_SCRATCH_BYTES });
      raw = wasmRawRows(file.raw, width, height, file.rawLayout, arena!.memory);
      scratch.releasePixels();
    } else {
      kernel = 'javascript';
      const target = scratch.encodeTarget(paddedSize(count * 4));
      const input = new StreamChecksum();
      const out = new Float32Array(target.buffer, target.byteOffset, count);
      raw = await calibrateInto(frame, frames, out, scratch, (bytes) => input.update(bytes), task.quality !== null);
      data = float32DataInPlace(target, count);
      pixels = bigEndianPixelRows(data, width, height, { bitpix: -32 });
      inputChecksum = input.digest();
      dataChecksum = new StreamChecksum().update(data);
    }
  } catch (error) {
    if (!(error instanceof FitsError)) throw error;
    return failed({ code: error.code, message: error.message });
  }

  // While the data is written: measure, and fill in the header's quality cards (in the slot too).
  let quality: FrameQuality | null = null;
  let measureMs: number | null = null;
  const inputs = task.quality;
  const measure = (): void => {
    if (inputs === null) return;
    const measured = measureLight(pixels, raw, inputs);
    quality = measured.quality;
    measureMs = measured.ms;
    const filled = qualityCards(quality);
    filled.forEach((card, i) => header.write(card, (cards.length - filled.length + i) * 80, 'latin1'));
    if (file?.image) file.image.set(header.subarray(0, header.length));
  };

  let write: WriteMode = 'buffered';
  try {
    // Header and data in one block-aligned run of the slot: written around the page cache when asked.
    if (file?.image) write = await writeImageAround(task.outputPath, file.image, file.fileLength, header.length, measure, { durable: task.durable, direct: task.directIo });
    else await writeChunksAround(task.outputPath, header, data, measure, { durable: task.durable });
  } catch (error) {
    if (error instanceof OutputError) return failed({ code: error.code, message: error.message }, error.code === 'output-vanished');
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const message = `${task.outputPath}: cannot write (${error instanceof Error ? error.message : String(error)})`;
    return failed({ code: 'write-failed', message }, OUTPUT_UNUSABLE.has(code));
  }
  const outputChecksum = new StreamChecksum().update(header).append(dataChecksum).digest();
  return { status: 'done', ms: performance.now() - started, bytesRead: frame.fileSize, bytesWritten: header.length + data.length, kernel, write, inputChecksum, outputChecksum, quality, measureMs };
}

/**
 * Calibrated pixels of `frame` into `out`: one pass from the stored numbers when the file is
 * plain FITS. Returns the raw values when asked for (`keepRaw`): the stored numbers in scratch,
 * or a compressed file's pixels, read into a frame of their own and calibrated out of place.
 */
async function calibrateInto(frame: FitsFileInfo, frames: CalibrationFrames, out: Float32Array, scratch: WorkerScratch, onStoredBytes: StoredBytesHook, keepRaw: boolean): Promise<PixelRows | null> {
  const { width, height } = frame.layout;
  const stored = frame.storage === 'fits' ? readStoredSync(frame, scratch.pixels, onStoredBytes) : null;
  if (stored) {
    calibrateStored(stored.values, stored.scaling, frames, out);
    return keepRaw ? storedPixelRows(stored.values, width, height, stored.scaling) : null;
  }
  if (!keepRaw) {
    const pixels = await readImage(frame, out, scratch.pixels, onStoredBytes);
    calibratePixels(pixels, frames, pixels);
    return null;
  }
  const rawPixels = await readImage(frame, scratch.frame(out.length), scratch.pixels, onStoredBytes);
  calibratePixels(rawPixels, frames, out);
  return hostPixelRows(rawPixels, width, height);
}
