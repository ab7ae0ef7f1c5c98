/**
 * Combining a stack of frames into a master, pixel by pixel: the median, or the mean of the
 * values that survive an iterative sigma clip. The stack is frame-major (one frame's strip after
 * another, as the worker reads them), and is never written by the combine itself.
 */
import type { CombineMethod } from '../contract';
import {
  INSERTION_SORT_MAX,
  insertionSort,
  medianInPlace,
  sortRange,
} from './select';
import { TILE_COLUMNS, type TileSorter, medianWires, tileSorter } from './sorting-network';
import { MAD_TO_SIGMA } from './statistics';

/** Rejection bounds in robust sigmas, and how many rejection passes at most. */
export interface SigmaClipOptions {
  /** Values below median − kappaLow·σ are rejected (default 3). */
  readonly kappaLow?: number;
  /** Values above median + kappaHigh·σ are rejected (default 3). */
  readonly kappaHigh?: number;
  /** Rejection passes at most; it stops earlier when a pass rejects nothing (default 5). */
  readonly maxIterations?: number;
}

/** How combineStack computes: 'auto' uses the SIMD sorting networks where the engine has them. */
export interface CombineOptions extends SigmaClipOptions {
  /** 'scalar' forces the portable per-pixel path (for tests and comparisons); default 'auto'. */
  readonly kernel?: 'auto' | 'scalar';
}

/**
 * Pixels gathered per tile on the scalar path: each pixel's values are made contiguous for
 * selection while the reads stay sequential in every frame; the tile stays in L2.
 */
const SCALAR_TILE_PIXELS = 256;

/**
 * Combines `frameCount` frames of `pixelCount` pixels stored frame-major
 * (stack[f*pixelCount + p]) into out[p]: 'median' (NaN ignored; the mean of the two middle
 * values for even N, as numpy.median) or 'sigma-clip' (iteratively reject values outside
 * median ± kappa·σ with σ = 1.4826·MAD, return the mean of the survivors). All-NaN → NaN.
 *
 * Tiles of TILE_COLUMNS pixels are copied (one memcpy per frame) into a WebAssembly SIMD sorting
 * network that orders four pixels per instruction; pixels holding a NaN, and engines without
 * WebAssembly SIMD, take the scalar path (gather, insertion sort or quickselect). Both paths give
 * identical results.
 */
export function combineStack(
  stack: Float32Array,
  frameCount: number,
  pixelCount: number,
  method: CombineMethod,
  out: Float32Array,
  options: CombineOptions = {},
): void {
  if (!Number.isInteger(frameCount) || frameCount < 1) {
    throw new RangeError(`combineStack: frameCount must be a positive integer, got ${frameCount}`);
  }
  if (!Number.isInteger(pixelCount) || pixelCount < 0) {
    throw new RangeError(`combineStack: pixelCount must be a non-negative integer, got ${pixelCount}`);
  }
  if (stack.length < frameCount * pixelCount) {
    throw new RangeError(
      `combineStack: the stack holds ${stack.length} values, fewer than ${frameCount} frames × ${pixelCount} pixels`,
    );
  }
  if (out.length < pixelCount) {
    throw new RangeError(`combineStack: out holds ${out.length} values, fewer than ${pixelCount} pixels`);
  }
  if (method !== 'median' && method !== 'sigma-clip') {
    throw new RangeError(`combineStack: unknown method '${String(method)}' (expected 'median' or 'sigma-clip')`);
  }
  const clip = method === 'sigma-clip' ? clipParameters(options) : null;
  const sorter = options.kernel === 'scalar' ? null : tileSorter(frameCount, clip === null ? 'median' : 'sort');
  if (sorter === null) combineScalar(stack, frameCount, pixelCount, clip, out);
  else combineWithSorter(stack, frameCount, pixelCount, clip, out, sorter);
}

type ClipParameters = { readonly kappaLow: number; readonly kappaHigh: number; readonly maxIterations: number };

function combineWithSorter(
  stack: Float32Array,
  frameCount: number,
  pixelCount: number,
  clip: ClipParameters | null,
  out: Float32Array,
  sorter: TileSorter,
): void {
  const { rows, nanFlags } = sorter;
  const wires = medianWires(frameCount);
  const lowRow = wires[0] * TILE_COLUMNS;
  const highRow = wires[wires.length - 1] * TILE_COLUMNS;
  const scratch = new Float64Array(frameCount);
  for (let p0 = 0; p0 < pixelCount; p0 += TILE_COLUMNS) {
    const width = Math.min(TILE_COLUMNS, pixelCount - p0);
    for (let f = 0; f < frameCount; f++) {
      const from = f * pixelCount + p0;
      rows.set(stack.subarray(from, from + width), f * TILE_COLUMNS);
    }
    sorter.run(width);
    for (let q = 0; q < width; q++) {
      if (nanFlags[q] !== 0) {
        out[p0 + q] = combinePixel(stack, frameCount, pixelCount, p0 + q, clip, scratch);
      } else if (clip === null) {
        out[p0 + q] = (rows[lowRow + q] + rows[highRow + q]) / 2; // odd N: the same row twice
      } else {
        for (let f = 0, i = q; f < frameCount; f++, i += TILE_COLUMNS) scratch[f] = rows[i];
        out[p0 + q] = clippedMeanOfSorted(scratch, 0, frameCount, clip.kappaLow, clip.kappaHigh, clip.maxIterations);
      }
    }
  }
}

/** One pixel on the scalar path: its values that are not NaN, then the median or the clipped mean. */
function combinePixel(
  stack: Float32Array,
  frameCount: number,
  pixelCount: number,
  p: number,
  clip: ClipParameters | null,
  scratch: Float64Array,
): number {
  let n = 0;
  for (let f = 0, i = p; f < frameCount; f++, i += pixelCount) {
    const v = stack[i];
    if (v === v) scratch[n++] = v;
  }
  if (n === 0) return NaN;
  if (clip === null) return medianInPlace(scratch, 0, n);
  return sigmaClippedMean(scratch, 0, n, clip.kappaLow, clip.kappaHigh, clip.maxIterations);
}

function combineScalar(
  stack: Float32Array,
  frameCount: number,
  pixelCount: number,
  clip: ClipParameters | null,
  out: Float32Array,
): void {
  const tile = new Float64Array(SCALAR_TILE_PIXELS * frameCount);
  const counts = new Int32Array(SCALAR_TILE_PIXELS);
  for (let p0 = 0; p0 < pixelCount; p0 += SCALAR_TILE_PIXELS) {
    const width = Math.min(SCALAR_TILE_PIXELS, pixelCount - p0);
    gatherTile(stack, frameCount, pixelCount, p0, width, tile, counts);
    for (let q = 0; q < width; q++) {
      const start = q * frameCount;
      const n = counts[q];
      let value: number;
      if (n === 0) value = NaN;
      else if (clip === null) value = medianInPlace(tile, start, start + n);
      else value = sigmaClippedMean(tile, start, start + n, clip.kappaLow, clip.kappaHigh, clip.maxIterations);
      out[p0 + q] = value;
    }
  }
}

/** out[i] = values[i] − scale·frame[i]: removes a master (a bias, a scaled dark) from a frame. `out` may be `values`. */
export function subtractFrame(values: Float32Array, frame: Float32Array, scale: number, out: Float32Array): void {
  if (frame.length !== values.length || out.length !== values.length) {
    throw new RangeError(
      `subtractFrame: lengths differ (values ${values.length}, frame ${frame.length}, out ${out.length})`,
    );
  }
  for (let i = 0; i < values.length; i++) out[i] = values[i] - scale * frame[i];
}

/** values[i] *= factor: normalises a frame (a flat by the inverse of its median) before combining. */
export function scaleInPlace(values: Float32Array, factor: number): void {
  for (let i = 0; i < values.length; i++) values[i] *= factor;
}

/**
 * Prepares a frame-major stack in place before combining, the exact same as scaling each frame:
 * stack[f*pixelCount+p] = (stack[f*pixelCount+p] − sub[p]·subScale) * factor[f].
 * A null `sub` subtracts nothing; a null `factors` multiplies by 1.
 */
export function prepareStack(
  stack: Float32Array,
  frameCount: number,
  pixelCount: number,
  sub: Float32Array | null,
  subScale: number,
  factors: ArrayLike<number> | null,
): void {
  if (stack.length < frameCount * pixelCount) {
    throw new RangeError(`prepareStack: the stack holds ${stack.length} values, fewer than ${frameCount} × ${pixelCount}`);
  }
  if (sub !== null && sub.length !== pixelCount) {
    throw new RangeError(`prepareStack: the frame to subtract has ${sub.length} pixels, the stack's frames ${pixelCount}`);
  }
  if (factors !== null && factors.length < frameCount) {
    throw new RangeError(`prepareStack: ${factors.length} factors for ${frameCount} frames`);
  }
  for (let f = 0; f < frameCount; f++) {
    const frame = stack.subarray(f * pixelCount, (f + 1) * pixelCount);
    if (sub !== null) subtractFrame(frame, sub, subScale, frame);
    if (factors !== null) scaleInPlace(frame, factors[f]);
  }
}

/** Copies pixels [p0, p0+width) of every frame into tile[q*frameCount + …], skipping NaN; counts[q] = values kept. */
function gatherTile(
  stack: Float32Array,
  frameCount: number,
  pixelCount: number,
  p0: number,
  width: number,
  tile: Float64Array,
  counts: Int32Array,
): void {
  counts.fill(0, 0, width);
  for (let f = 0; f < frameCount; f++) {
    const base = f * pixelCount + p0;
    for (let q = 0; q < width; q++) {
      const v = stack[base + q];
      if (v === v) {
        const c = counts[q];
        tile[q * frameCount + c] = v;
        counts[q] = c + 1;
      }
    }
  }
}

function clipParameters(options: SigmaClipOptions): ClipParameters {
  const kappaLow = options.kappaLow ?? 3;
  const kappaHigh = options.kappaHigh ?? 3;
  const maxIterations = options.maxIterations ?? 5;
  if (!(kappaLow > 0) || !(kappaHigh > 0)) {
    throw new RangeError(`sigma clip: kappaLow and kappaHigh must be positive, got ${kappaLow} and ${kappaHigh}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new RangeError(`sigma clip: maxIterations must be a non-negative integer, got ${maxIterations}`);
  }
  return { kappaLow, kappaHigh, maxIterations };
}

/** Mean of the values of buf[start, end) (no NaN, not empty) that survive the sigma clip; sorts the range. */
export function sigmaClippedMean(
  buf: Float64Array,
  start: number,
  end: number,
  kappaLow: number,
  kappaHigh: number,
  maxIterations: number,
): number {
  if (end - start <= INSERTION_SORT_MAX) insertionSort(buf, start, end);
  else sortRange(buf, start, end);
  return clippedMeanOfSorted(buf, start, end, kappaLow, kappaHigh, maxIterations);
}

/**
 * The sigma-clipped mean of the sorted run buf[start, end). The survivors of a clip by value are
 * a contiguous run of the sorted values, so a pass only moves the run's two ends. A pass that
 * would reject every value (possible only with kappa < 0.68) is not applied.
 */
function clippedMeanOfSorted(
  buf: Float64Array,
  start: number,
  end: number,
  kappaLow: number,
  kappaHigh: number,
  maxIterations: number,
): number {
  let lo = start;
  let hi = end;
  for (let pass = 0; pass < maxIterations; pass++) {
    const center = sortedMedian(buf, lo, hi);
    const sigma = MAD_TO_SIGMA * sortedMedianDeviation(buf, lo, hi, center);
    const low = center - kappaLow * sigma;
    const high = center + kappaHigh * sigma;
    let newLo = lo;
    let newHi = hi;
    while (newLo < newHi && buf[newLo] < low) newLo++;
    while (newHi > newLo && buf[newHi - 1] > high) newHi--;
    if ((newLo === lo && newHi === hi) || newLo === newHi) break;
    lo = newLo;
    hi = newHi;
  }
  let sum = 0;
  for (let i = lo; i < hi; i++) sum += buf[i];
  return sum / (hi - lo);
}

/** Median of the sorted run buf[lo, hi). */
function sortedMedian(buf: Float64Array, lo: number, hi: number): number {
  const n = hi - lo;
  const mid = lo + (n >> 1);
  return (n & 1) === 1 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
}

/**
 * Median of |buf[i] − center| over the sorted run buf[lo, hi) whose median is `center`, in one
 * walk outwards from the middle: deviations grow leftwards on one side and rightwards on the
 * other, so merging the two sides yields them in order without a second selection.
 */
function sortedMedianDeviation(buf: Float64Array, lo: number, hi: number, center: number): number {
  const n = hi - lo;
  let right = lo + (n >> 1); // buf[right…] ≥ center
  let left = right - 1; // buf[…left] ≤ center
  const lowerRank = (n - 1) >> 1;
  const upperRank = n >> 1;
  let lower = 0;
  let deviation = 0;
  for (let rank = 0; rank <= upperRank; rank++) {
    const fromLeft = left >= lo ? center - buf[left] : Infinity;
    const fromRight = right < hi ? buf[right] - center : Infinity;
    if (fromLeft < fromRight) {
      deviation = fromLeft;
      left--;
    } else {
      deviation = fromRight;
      right++;
    }
    if (rank === lowerRank) lower = deviation;
  }
  return (lower + deviation) / 2;
}
