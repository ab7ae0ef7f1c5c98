/**
 * The median combine in the arena: the stored rows of every 16-bit frame are read straight into
 * this worker's slot, and the fused WebAssembly kernel (shared/pixels/strip-median-simd.ts)
 * decodes, subtracts the bias and dark, scales and takes the median into the shared master in
 * one pass: no float32 stack, no decode pass, no copy. The pixels are the JavaScript path's,
 * bit for bit; strips the kernel does not take go that way.
 */
import { performance } from 'node:perf_hooks';
import { STRIP_MEDIAN_MAX_FRAMES, STRIP_PARAMS_BYTES_PER_FRAME, stripMedian } from '../../../shared/pixels/strip-median-simd';
import { readStoredBytesSync, storedScaling } from '../../fits/read-pixels';
import type { FramePreparation } from '../../../shared/night/frames';
import type { CombineStripResult, CombineStripTask } from '../task-messages';
import type { WorkerArena } from '../worker-arena';
import type { WorkerMasters } from '../worker-masters';

/** Frames' raw strips start on 16-byte boundaries in the slot. */
const ALIGN = 16;

/**
 * Combines the strip in the arena, or returns null when it does not qualify: not the median,
 * no arena or no slot free, a master outside the arena, a frame that is not plain 16-bit FITS
 * without BLANK, more frames than the kernel takes, or raw strips larger than the slot.
 * FitsError when a file is cut short.
 */
export function combineStripInArena(task: CombineStripTask, masters: WorkerMasters, arena: WorkerArena | null): CombineStripResult | null {
  const started = performance.now();
  const { frames, rowStart, rowCount } = task;
  // One bias and one dark for every frame (the kernel loads them once per pixel): flats of
  // several exposures, each with its own dark, take the JavaScript path.
  const prep = uniformPreparation(task.preparations);
  if (task.method !== 'median' || arena === null || frames.length > STRIP_MEDIAN_MAX_FRAMES || prep === null) return null;
  const master = masters.get(task.masterId)!;
  const bias = masters.get(prep.biasId);
  const dark = masters.get(prep.darkId);
  if (![master, bias, dark].every((view) => view === null || arena.holds(view))) return null;
  const { width, height } = masters.size(task.masterId);
  const scalings = frames.map(storedScaling);
  const plain = frames.every(
    (frame, i) => frame.storage === 'fits' && frame.layout.width === width && frame.layout.height === height && scalings[i].bitpix === 16 && scalings[i].blank === null,
  );
  if (!plain) return null;

  const pixels = rowCount * width;
  const stride = roundUp(pixels * 2, ALIGN);
  const paramsBytes = roundUp(frames.length * STRIP_PARAMS_BYTES_PER_FRAME, ALIGN);
  const slot = arena.slot();
  if (slot === null || paramsBytes + stride * frames.length > slot.whole.length) return null;

  const params = slot.whole.byteOffset;
  const raw = params + paramsBytes;
  frames.forEach((frame, f) => {
    const start = paramsBytes + f * stride;
    readStoredBytesSync(frame, slot.whole.subarray(start, start + pixels * 2), rowStart);
  });
  const offset = rowStart * width * 4;
  const done = stripMedian({
    memory: arena.memory,
    raw,
    frameStride: stride,
    pixels,
    frames: scalings.map((scaling, f) => ({ bscale: scaling.bscale, bzero: scaling.bzero, scale: task.frameScales?.[f] ?? 1 })),
    bias: bias === null ? null : bias.byteOffset + offset,
    dark: dark === null ? null : dark.byteOffset + offset,
    darkScale: prep.darkScale,
    params,
    out: master.byteOffset + offset,
  });
  if (!done) return null;
  return { ms: performance.now() - started, bytesRead: pixels * 2 * frames.length, kernel: 'wasm-simd' };
}

/** The preparation every frame shares, or null when they differ. */
function uniformPreparation(preparations: readonly FramePreparation[]): FramePreparation | null {
  const [first, ...rest] = preparations;
  if (!first) return null;
  return rest.every((p) => p.biasId === first.biasId && p.darkId === first.darkId && p.darkScale === first.darkScale) ? first : null;
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}
