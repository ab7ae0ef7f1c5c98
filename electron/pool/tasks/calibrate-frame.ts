/**
 * Worker task: read one light, calibrate it against the shared masters, write it atomically.
 * Plain 16-bit and float32 FITS with all three masters take the arena path (the WebAssembly
 * kernel, calibrate-in-arena.ts); everything else, and every frame where the arena is missing,
 * takes the JavaScript path: stored numbers read into reused scratch, scaled and calibrated in
 * one pass into the output buffer, swapped to big-endian in place. Both write the file in one
 * call, with no per-frame allocation and no copy of the frame; the arena path, whose file lies
 * block-aligned in the slot, writes around the page cache when the run asks for direct I/O.
 */
import { performance } from 'node:perf_hooks';
import type { FrameError } from '../../../shared/night/frames';
import { calibratePixels, calibrateStored, type CalibrationFrames } from '../../../shared/pixels/calibrate';
import { FitsError } from '../../fits/fits-error';
import type { FitsFileInfo } from '../../fits/fits-file';
import { paddedSize } from '../../fits/image-layout';
import { readImage, readStoredSync, type StoredBytesHook } from '../../fits/read-pixels';
import { StreamChecksum } from '../../../shared/pixels/checksum';
import { encodeHeader, float32DataInPlace, imageStructureCards, keptCards } from '../../fits/write-fits';
import { writeFileAtomicSync } from '../../outputs/atomic-write';
import { writeImageAtomicSync, type WriteMode } from '../../outputs/direct-write';
import { OutputError } from '../../outputs/output-target';
import type { CalibrateFrameResult, CalibrateFrameTask } from '../tasks';
import type { WorkerArena } from '../worker-arena';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';
import { calibrateInArena, type ArenaOutput } from './calibrate-in-arena';

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

  const header = encodeHeader([...imageStructureCards(-32, width, height), ...keptCards(frame.header), ...task.provenanceCards]);
  let data: Buffer;
  let file: ArenaOutput | null = null;
  let kernel: 'wasm-simd' | 'javascript' = 'wasm-simd';
  let inputChecksum: string;
  let outputChecksum: string;
  try {
    file = calibrateInArena(frame, frames, arena, header);
    if (file !== null) {
      data = file.data;
      ({ inputChecksum, outputChecksum } = file);
      scratch.releasePixels();
    } else {
      kernel = 'javascript';
      const target = scratch.encodeTarget(paddedSize(count * 4));
      const input = new StreamChecksum();
      await calibrateInto(frame, frames, new Float32Array(target.buffer, target.byteOffset, count), scratch, (bytes) => input.update(bytes));
      data = float32DataInPlace(target, count);
      inputChecksum = input.digest();
      outputChecksum = new StreamChecksum().update(header).update(data).digest();
    }
  } catch (error) {
    if (!(error instanceof FitsError)) throw error;
    return failed({ code: error.code, message: error.message });
  }

  let write: WriteMode = 'buffered';
  try {
    // Header and data in one block-aligned run of the slot: written in one call, around the page cache when asked.
    if (file?.image) write = writeImageAtomicSync(task.outputPath, file.image, file.fileLength, { durable: task.durable, direct: task.directIo });
    else writeFileAtomicSync(task.outputPath, [header, data], { durable: task.durable });
  } catch (error) {
    if (error instanceof OutputError) return failed({ code: error.code, message: error.message }, error.code === 'output-vanished');
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const message = `${task.outputPath}: cannot write (${error instanceof Error ? error.message : String(error)})`;
    return failed({ code: 'write-failed', message }, OUTPUT_UNUSABLE.has(code));
  }
  return { status: 'done', ms: performance.now() - started, bytesRead: frame.fileSize, bytesWritten: header.length + data.length, kernel, write, inputChecksum, outputChecksum };
}

/** Calibrated pixels of `frame` into `out`: one pass from the stored numbers when the file is plain FITS. */
async function calibrateInto(frame: FitsFileInfo, frames: CalibrationFrames, out: Float32Array, scratch: WorkerScratch, onStoredBytes: StoredBytesHook): Promise<void> {
  const stored = frame.storage === 'fits' ? readStoredSync(frame, scratch.pixels, onStoredBytes) : null;
  if (stored) {
    calibrateStored(stored.values, stored.scaling, frames, out);
    return;
  }
  const pixels = await readImage(frame, out, scratch.pixels, onStoredBytes);
  calibratePixels(pixels, frames, pixels);
}
