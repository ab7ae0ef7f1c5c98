/**
 * Worker tasks for masters: combine one strip of rows straight from the files into the
 * shared master, and measure one prepared frame's median (to normalise flats). Reading by
 * row keeps memory bounded whatever the number of frames.
 */
import { closeSync } from 'node:fs';
import { openInputSync } from '../../fits/open-input';
import { performance } from 'node:perf_hooks';
import { calibratePixels } from '../../../shared/pixels/calibrate';
import { combineStack, scaleInPlace } from '../../../shared/pixels/combine';
import { medianLowMemory } from '../../../shared/pixels/statistics';
import type { FitsFileInfo } from '../../fits/fits-file';
import { readRows } from '../../fits/read-pixels';
import { combineStripInArena } from './combine-in-arena';
import { prepareInArena } from './prepare-in-arena';
import type { FramePreparation } from '../../../shared/night/frames';
import type { CombineStripResult, CombineStripTask, FrameMedianResult, FrameMedianTask } from '../task-messages';
import type { WorkerArena } from '../worker-arena';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';


/** Combines one strip: in the arena with the fused kernel when the strip qualifies, else on the JavaScript path. */
export function combineStrip(task: CombineStripTask, masters: WorkerMasters, scratch: WorkerScratch, arena: WorkerArena | null): CombineStripResult {
  return combineStripInArena(task, masters, arena) ?? combineStripJavaScript(task, masters, scratch);
}

/** The portable path: rows decoded into a float32 stack, prepared, then combineStack. */
export function combineStripJavaScript(task: CombineStripTask, masters: WorkerMasters, scratch: WorkerScratch): CombineStripResult {
  const started = performance.now();
  const { masterId, frames, rowStart, rowCount } = task;
  const { width, height } = masters.size(masterId);
  const pixelCount = rowCount * width;
  const stack = scratch.stack(frames.length * pixelCount);
  let bytesRead = 0;
  frames.forEach((frame, index) => {
    if (frame.layout.width !== width || frame.layout.height !== height) {
      throw new Error(`${frame.path}: ${frame.layout.width}x${frame.layout.height} does not match the master's ${width}x${height}`);
    }
    const rows = stack.subarray(index * pixelCount, (index + 1) * pixelCount);
    readRowsOf(frame, rowStart, rowCount, rows, scratch);
    prepareRows(rows, task.preparations[index], masters, rowStart * width);
    const factor = task.frameScales?.[index];
    if (factor !== undefined && factor !== 1) scaleInPlace(rows, factor);
    bytesRead += pixelCount * Math.abs(frame.layout.bitpix / 8);
  });
  const master = masters.get(masterId)!;
  const out = master.subarray(rowStart * width, rowStart * width + pixelCount);
  combineStack(stack, frames.length, pixelCount, task.method, out);
  return { ms: performance.now() - started, bytesRead, kernel: 'javascript' };
}

/**
 * The exact median of every pixel of one prepared frame. Sampled rows are not enough: on a
 * sensor whose rows alternate in level (TIRCAM2's) every 32nd row is always the same parity,
 * and such medians came out 34–50 % high and 12 % apart between frames.
 */
export function frameMedian(task: FrameMedianTask, masters: WorkerMasters, scratch: WorkerScratch, arena: WorkerArena | null): FrameMedianResult {
  // In this thread's slot the preparation and the exact median take the kernels (the JavaScript
  // ones cost most of a flat master): the pixels are prepared into the slot's output room, clear
  // of the statistics kernel's scratch and collecting room at the slot's start.
  const prepared = prepareInArena(task.frame, task.preparation, masters, arena);
  const pixels = prepared ?? readAndPrepare(task, masters, scratch, arena);
  const kernel = arena !== null && arena.holds(pixels) ? arena.statistics() : null;
  return { median: medianLowMemory(pixels, undefined, kernel) };
}

/** The portable preparation: rows decoded (into the slot when it holds them), then the bias and dark subtracted in JavaScript. */
function readAndPrepare(task: FrameMedianTask, masters: WorkerMasters, scratch: WorkerScratch, arena: WorkerArena | null): Float32Array {
  const { width, height } = task.frame.layout;
  const slot = arena !== null && width * height <= arena.slotPixels ? arena.slot() : null;
  const pixels = slot ? new Float32Array(slot.output.buffer, slot.output.byteOffset, width * height) : scratch.stack(width * height);
  const fd = openInputSync(task.frame.path);
  try {
    readRows(fd, task.frame, 0, height, pixels, scratch.pixels);
  } finally {
    closeSync(fd);
  }
  prepareRows(pixels, task.preparation, masters, 0);
  return pixels;
}

function readRowsOf(frame: FitsFileInfo, rowStart: number, rowCount: number, out: Float32Array, scratch: WorkerScratch): void {
  const fd = openInputSync(frame.path);
  try {
    readRows(fd, frame, rowStart, rowCount, out, scratch.pixels);
  } finally {
    closeSync(fd);
  }
}

/** Subtracts the bias and scaled dark rows matching `values` (which start at pixel `offset`). */
function prepareRows(values: Float32Array, prep: FramePreparation, masters: WorkerMasters, offset: number): void {
  const bias = masters.get(prep.biasId)?.subarray(offset, offset + values.length) ?? null;
  const dark = masters.get(prep.darkId)?.subarray(offset, offset + values.length) ?? null;
  if (bias || dark) calibratePixels(values, { bias, dark, darkScale: prep.darkScale, flat: null }, values);
}
