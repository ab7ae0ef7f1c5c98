/**
 * The full passes of imageStatistics and histogram (statistics.ts) compiled to WebAssembly, for
 * images in a shared memory (the pool's arena): min, max, sum and count of the finite pixels in
 * one SIMD pass, the count of pixels above a threshold (hot pixels), and the histogram's counts.
 * A master is finished only a few times per run, so the JavaScript loops rarely reach optimised
 * code: on a first call for 2048², imageStatistics takes ~33 ms with the kernel against ~45 ms
 * without, the histogram ~26 against ~29 ms; warmed, 12 against 22 ms and 16 against 23 ms
 * (test/bench/pixels-bench.ts --only=masters).
 *
 *   summary(data, n, out):  four pixels per step;  fin = (v − v == 0)   ;; finite lanes
 *     MIN = f32x4.min(MIN, fin ? v : +∞);  MAX = f32x4.max(MAX, fin ? v : −∞)
 *     SUM_LO += promote(low half of (fin ? v : 0));  SUM_HI += promote(high half …)
 *     COUNT −= fin                                                      ;; i32 lanes
 *     the five vectors stored at out (80 bytes); the caller folds the lanes and the last n % 4
 *   countAbove(data, n, t):  Σ (t < v < +∞) over whole vectors, in float32: t is the largest
 *     float32 at or below the threshold, so that v > t in float32 ⇔ v > threshold in float64
 *   histogram(data, n, lo, hi, perUnit, step, bins, counts):  statistics.ts's histogram loop, one
 *     value at a time in float64 (the same bins, edges settled the same way), counts in uint32
 *   rankCounts, collectBins:  the exact median's rank bins and middle values (rank-bins-simd.ts)
 */
import { countAboveRange, summarizeRange, type ImageSummary } from './image-summary';
import { instantiate, moduleOf, type WasmMemory, type WasmModule } from './wasm-api';
import { EMPTY_BLOCK, HIGH_HALF_LANES, i32Const, localGet, localSet, localTee, op, shuffle, simd, simdMem, simdOp, v128Const } from './wasm-emitter';
import { declareFunction, kernelModule, type KernelFunction } from './wasm-module';
import { collectBinsFunction, rankBin, rankCountsFunction, type CollectBinsEntry, type RankCountsEntry } from './rank-bins-simd';

/** The kernel over one shared memory; `scratch` is the byte offset of STATISTICS_SCRATCH_BYTES it may overwrite (16-byte aligned). */
export interface StatisticsKernel {
  summary(data: Float32Array): ImageSummary;
  /** Pixels with threshold < v < +∞. */
  countAbove(data: Float32Array, threshold: number): number;
  /**
   * histogram()'s counts (statistics.ts) for an already settled range: lo < hi finite, and
   * `bins` at most HISTOGRAM_KERNEL_MAX_BINS (null above it: the caller counts in JavaScript).
   */
  histogramCounts(data: Float32Array, bins: number, lo: number, hi: number): number[] | null;
  /**
   * Pixels per rank bin (rank-bins-simd.ts) over [min, max], the pixels' own finite bounds
   * (min < max; every pixel finite): `bins` bins that keep the order of the values, for an exact
   * median. Null above HISTOGRAM_KERNEL_MAX_BINS bins.
   */
  rankCounts(data: Float32Array, bins: number, min: number, max: number): RankBins | null;
  /**
   * The pixels whose rank bin (as `binned` counted them) lies in [first, last], in pixel order, as
   * a view of the kernel's collecting room (valid until its next call); null when more than it holds.
   */
  collectRankBins(data: Float32Array, binned: RankBins, first: number, last: number): Float32Array | null;
  /** Values the collecting room holds. */
  readonly collectCapacity: number;
}

/** Rank bins as counted: bin(v) = rankBin(v, min, scale, top) (rank-bins-simd.ts), top = bins − 1. */
export interface RankBins {
  readonly counts: Uint32Array;
  readonly min: number;
  readonly scale: number;
  readonly top: number;
}

/** Bins the kernel's histogram counts at most (its scratch holds one uint32 per bin). */
export const HISTOGRAM_KERNEL_MAX_BINS = 16384;

/** Bytes of scratch the kernel needs: the summary's five vectors, then the histogram's counts. */
const SUMMARY_BYTES = 80;
export const STATISTICS_SCRATCH_BYTES = SUMMARY_BYTES + 4 * HISTOGRAM_KERNEL_MAX_BINS;

/** The kernel compiled, once per thread (or adopted from main); null where the engine lacks WebAssembly SIMD or threads. */
export function compiledStatisticsKernel(): WasmModule | null {
  return moduleOf('statistics', statisticsKernelBytes);
}

/**
 * The kernel over `memory` with `scratch` bytes of its own there (STATISTICS_SCRATCH_BYTES, then
 * `collectBytes` of room for collectRankBins' values), or null where the engine has no WebAssembly
 * SIMD or the memory is not shared. Arrays passed to it must lie in `memory`, clear of its scratch.
 */
export function createStatisticsKernel(memory: WasmMemory, scratch: number, collectBytes = 0): StatisticsKernel | null {
  const module = compiledStatisticsKernel();
  if (module === null || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  const collectCapacity = Math.max(0, Math.floor(collectBytes / 4));
  if (scratch % 16 !== 0 || scratch < 0 || scratch + STATISTICS_SCRATCH_BYTES + 4 * collectCapacity > memory.buffer.byteLength) {
    throw new RangeError(`statistics kernel: scratch at ${scratch} is not ${STATISTICS_SCRATCH_BYTES + 4 * collectCapacity} aligned bytes inside the memory`);
  }
  const collectAt = scratch + STATISTICS_SCRATCH_BYTES;
  const exports = instantiate(module, { env: { memory } });
  if (exports === null) return null;
  const summary = exports.summary as (data: number, n: number, out: number) => void;
  const countAbove = exports.countAbove as (data: number, n: number, threshold: number) => number;
  const histogram = exports.histogram as (data: number, n: number, lo: number, hi: number, perUnit: number, step: number, bins: number, counts: number) => void;
  const rankCounts = exports.rankCounts as RankCountsEntry;
  const collectBins = exports.collectBins as CollectBinsEntry;
  const check = (data: Float32Array): void => {
    if (data.buffer !== memory.buffer) throw new RangeError('statistics kernel: the image is not in the kernel\'s memory');
  };
  return {
    summary(data) {
      check(data);
      const whole = data.length & ~3;
      summary(data.byteOffset, whole, scratch);
      const lanes = new Float32Array(memory.buffer, scratch, 8);
      const sums = new Float64Array(memory.buffer, scratch + 32, 4);
      const counts = new Int32Array(memory.buffer, scratch + 64, 4);
      const vectors = {
        min: Math.min(lanes[0], lanes[1], lanes[2], lanes[3]),
        max: Math.max(lanes[4], lanes[5], lanes[6], lanes[7]),
        sum: sums[0] + sums[2] + (sums[1] + sums[3]),
        finite: counts[0] + counts[1] + counts[2] + counts[3],
      };
      return summarizeRange(data, whole, data.length, vectors);
    },
    countAbove(data, threshold) {
      check(data);
      if (Number.isNaN(threshold)) return 0;
      const whole = data.length & ~3;
      return countAbove(data.byteOffset, whole, float32AtOrBelow(threshold)) + countAboveRange(data, threshold, whole);
    },
    histogramCounts(data, bins, lo, hi) {
      check(data);
      if (!Number.isInteger(bins) || bins < 1 || bins > HISTOGRAM_KERNEL_MAX_BINS) return null;
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new RangeError(`statistics kernel: [${lo}, ${hi}] is not a histogram range`);
      const counts = new Uint32Array(memory.buffer, scratch + SUMMARY_BYTES, bins);
      counts.fill(0);
      histogram(data.byteOffset, data.length, lo, hi, bins / (hi - lo), (hi - lo) / bins, bins, scratch + SUMMARY_BYTES);
      return Array.from(counts);
    },
    rankCounts(data, bins, min, max) {
      check(data);
      if (!Number.isInteger(bins) || bins < 1 || bins > HISTOGRAM_KERNEL_MAX_BINS) return null;
      if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) throw new RangeError(`statistics kernel: [${min}, ${max}] is not a range to bin`);
      const low = Math.fround(min);
      const scale = float32AtOrBelow(bins / (max - min)); // > 0: bins / (max − min) ≥ 2⁻¹¹⁶
      const top = bins - 1;
      const counts = new Uint32Array(memory.buffer, scratch + SUMMARY_BYTES, bins);
      counts.fill(0);
      const whole = data.length & ~3;
      rankCounts(data.byteOffset, whole, low, scale, top, counts.byteOffset);
      const own = counts.slice();
      for (let i = whole; i < data.length; i++) own[rankBin(data[i], low, scale, top)]++;
      return { counts: own, min: low, scale, top };
    },
    collectRankBins(data, binned, first, last) {
      check(data);
      const { min, scale, top } = binned;
      const whole = data.length & ~3;
      let count = collectBins(data.byteOffset, whole, min, scale, top, first, last, collectAt, collectCapacity);
      const room = new Float32Array(memory.buffer, collectAt, collectCapacity);
      for (let i = whole; i < data.length; i++) {
        const bin = rankBin(data[i], min, scale, top);
        if (bin < first || bin > last) continue;
        if (count < collectCapacity) room[count] = data[i];
        count++;
      }
      return count > collectCapacity ? null : room.subarray(0, count);
    },
    collectCapacity,
  };
}

/** The largest float32 ≤ x (−∞ below the float32 range, the largest float32 above it). */
export function float32AtOrBelow(x: number): number {
  const f = Math.fround(x);
  if (f <= x) return f;
  if (f === Infinity) return 3.4028234663852886e38;
  // one float32 step down: through the bits, towards −∞
  const bits = new Float32Array([f]);
  const word = new Int32Array(bits.buffer);
  if (f > 0) word[0] -= 1;
  else if (f === 0) return -1.401298464324817e-45;
  else word[0] += 1;
  return bits[0];
}

// ---------------------------------------------------------------- the module

/** summary(data, n, out) and countAbove(data, n, threshold) share their loop's locals. */
const VECTOR_LOOP_LOCALS = {
  q: 'i32', end: 'i32',
  v: 'v128', fin: 'v128', min: 'v128', max: 'v128', sumLo: 'v128', sumHi: 'v128', count: 'v128', posInf: 'v128', negInf: 'v128', t: 'v128',
} as const;
const summaryFunction = () => declareFunction({ name: 'summary', params: { data: 'i32', n: 'i32', out: 'i32' }, locals: VECTOR_LOOP_LOCALS });
const countAboveFunction = () => declareFunction({ name: 'countAbove', params: { data: 'i32', n: 'i32', threshold: 'f64' }, locals: VECTOR_LOOP_LOCALS, results: ['i32'] });
type LoopLocals = { readonly data: number; readonly n: number; readonly q: number; readonly end: number; readonly v: number };

const f32x4 = (value: number): number[] => Array.from(new Uint8Array(new Float32Array([value, value, value, value]).buffer));

/** for (q = data; q < data + 4n; q += 16) { L.v = load q; body } */
function loopOverVectors(L: LoopLocals, body: number[]): number[] {
  return [
    ...localGet(L.data), ...localSet(L.q),
    ...localGet(L.data), ...localGet(L.n), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(L.q), ...localGet(L.end), op.i32GeU, op.brIf, 1,
    ...localGet(L.q), ...simdMem(simd.v128Load, 0), ...localSet(L.v),
    ...body,
    ...localGet(L.q), ...i32Const(16), op.i32Add, ...localSet(L.q),
    op.br, 0, op.end, op.end,
  ];
}

function summaryBody(): KernelFunction {
  const fn = summaryFunction();
  const L = fn.local;
  const code: number[] = [
    ...v128Const(f32x4(Infinity)), ...localTee(L.posInf), ...localSet(L.min),
    ...v128Const(f32x4(-Infinity)), ...localTee(L.negInf), ...localSet(L.max),
  ];
  code.push(...loopOverVectors(L, [
    // fin = (v − v == 0)
    ...localGet(L.v), ...localGet(L.v), ...simdOp(simd.f32x4Sub), ...v128Const(f32x4(0)), ...simdOp(simd.f32x4Eq), ...localSet(L.fin),
    ...localGet(L.min), ...localGet(L.v), ...localGet(L.posInf), ...localGet(L.fin), ...simdOp(simd.v128Bitselect), ...simdOp(simd.f32x4Min), ...localSet(L.min),
    ...localGet(L.max), ...localGet(L.v), ...localGet(L.negInf), ...localGet(L.fin), ...simdOp(simd.v128Bitselect), ...simdOp(simd.f32x4Max), ...localSet(L.max),
    ...localGet(L.v), ...localGet(L.fin), ...simdOp(simd.v128And), ...localSet(L.v),
    ...localGet(L.sumLo), ...localGet(L.v), ...simdOp(simd.f64x2PromoteLowF32x4), ...simdOp(simd.f64x2Add), ...localSet(L.sumLo),
    ...localGet(L.sumHi), ...localGet(L.v), ...localGet(L.v), ...shuffle(HIGH_HALF_LANES), ...simdOp(simd.f64x2PromoteLowF32x4), ...simdOp(simd.f64x2Add), ...localSet(L.sumHi),
    ...localGet(L.count), ...localGet(L.fin), ...simdOp(simd.i32x4Sub), ...localSet(L.count),
  ]));
  for (const [local, offset] of [[L.min, 0], [L.max, 16], [L.sumLo, 32], [L.sumHi, 48], [L.count, 64]]) {
    code.push(...localGet(L.out), ...localGet(local), ...simdMem(simd.v128Store, 4, offset));
  }
  return fn.body(code);
}

function countAboveBody(): KernelFunction {
  const fn = countAboveFunction();
  const L = fn.local;
  const code: number[] = [
    ...localGet(L.threshold), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...localSet(L.t),
    ...v128Const(f32x4(Infinity)), ...localSet(L.posInf),
  ];
  code.push(...loopOverVectors(L, [
    // L.count −= (t < v) & (v < +∞)
    ...localGet(L.count),
    ...localGet(L.v), ...localGet(L.t), ...simdOp(simd.f32x4Gt),
    ...localGet(L.v), ...localGet(L.posInf), ...simdOp(simd.f32x4Lt), ...simdOp(simd.v128And),
    ...simdOp(simd.i32x4Sub), ...localSet(L.count),
  ]));
  // the four lanes added: (c0 + c1) + (c2 + c3) through two shuffles
  code.push(...localGet(L.count), ...localGet(L.count), ...localGet(L.count), ...shuffle(HIGH_HALF_LANES), ...simdOp(simd.i32x4Add), ...localSet(L.count));
  code.push(...localGet(L.count), ...localGet(L.count), ...localGet(L.count), ...shuffle([4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7]), ...simdOp(simd.i32x4Add));
  code.push(...simdOp(simd.i32x4ExtractLane), 0);
  return fn.body(code);
}

// histogram(data, n, lo, hi, perUnit, step, bins, counts): statistics.ts's histogram loop, one value at a time.
const histogramFunction = () =>
  declareFunction({
    name: 'histogram',
    params: { data: 'i32', n: 'i32', lo: 'f64', hi: 'f64', perUnit: 'f64', step: 'f64', bins: 'i32', counts: 'i32' },
    locals: { p: 'i32', end: 'i32', k: 'i32', v: 'f64' },
  });

function histogramBody(): KernelFunction {
  const fn = histogramFunction();
  const L = fn.local;
  const get = localGet;
  const edge = (k: number[]): number[] => [...get(L.lo), ...k, op.f64ConvertI32S, ...get(L.step), op.f64Mul, op.f64Add]; // lo + k·step
  const code: number[] = [
    ...get(L.data), ...localSet(L.p),
    ...get(L.data), ...get(L.n), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.p), ...get(L.end), op.i32GeU, op.brIf, 1,
    ...get(L.p), op.f32Load, 2, 0, op.f64PromoteF32, ...localTee(L.v),
    ...get(L.lo), op.f64Ge, ...get(L.v), ...get(L.hi), op.f64Le, op.i32And,
    op.if, EMPTY_BLOCK,
    // k = floor((v − lo) · perUnit), then settled against the edges themselves
    ...get(L.v), ...get(L.lo), op.f64Sub, ...get(L.perUnit), op.f64Mul, op.f64Floor, op.i32TruncF64S, ...localSet(L.k),
    ...get(L.k), ...get(L.bins), op.i32GeS,
    op.if, EMPTY_BLOCK,
    ...get(L.bins), ...i32Const(1), op.i32Sub, ...localSet(L.k),
    op.else,
    ...get(L.k), ...i32Const(0), op.i32GtS, ...get(L.v), ...edge(get(L.k)), op.f64Lt, op.i32And,
    op.if, EMPTY_BLOCK,
    ...get(L.k), ...i32Const(1), op.i32Sub, ...localSet(L.k),
    op.else,
    ...get(L.k), ...get(L.bins), ...i32Const(1), op.i32Sub, op.i32LtS,
    ...get(L.v), ...edge([...get(L.k), ...i32Const(1), op.i32Add]), op.f64Ge, op.i32And,
    op.if, EMPTY_BLOCK,
    ...get(L.k), ...i32Const(1), op.i32Add, ...localSet(L.k),
    op.end, op.end, op.end,
    // counts[k]++
    ...get(L.counts), ...get(L.k), ...i32Const(2), op.i32Shl, op.i32Add, ...localTee(L.k),
    ...get(L.k), op.i32Load, 2, 0, ...i32Const(1), op.i32Add, op.i32Store, 2, 0,
    op.end,
    ...get(L.p), ...i32Const(4), op.i32Add, ...localSet(L.p),
    op.br, 0, op.end, op.end,
  ];
  return fn.body(code);
}

/** The kernel module's bytes (exported for the golden text-form test). */
export function statisticsKernelBytes(): Uint8Array {
  return kernelModule([summaryBody(), countAboveBody(), histogramBody(), rankCountsFunction(), collectBinsFunction()], { kind: 'imported-shared' });
}
