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
 */
import { countAboveRange, summarizeRange, type ImageSummary } from './image-summary';
import { compileModule, instantiate, type WasmMemory, type WasmModule } from './wasm-api';
import {
  EMPTY_BLOCK,
  externalKind,
  functionBody,
  HIGH_HALF_LANES,
  i32Const,
  leb128,
  localGet,
  localSet,
  localTee,
  MODULE_HEADER,
  name,
  op,
  section,
  sectionId,
  shuffle,
  simd,
  simdMem,
  simdOp,
  type,
  v128Const,
  vector,
} from './wasm-emitter';

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
}

/** Bins the kernel's histogram counts at most (its scratch holds one uint32 per bin). */
export const HISTOGRAM_KERNEL_MAX_BINS = 16384;

/** Bytes of scratch the kernel needs: the summary's five vectors, then the histogram's counts. */
const SUMMARY_BYTES = 80;
export const STATISTICS_SCRATCH_BYTES = SUMMARY_BYTES + 4 * HISTOGRAM_KERNEL_MAX_BINS;

let compiled: WasmModule | null | undefined;

function compiledModule(): WasmModule | null {
  if (compiled === undefined) compiled = compileModule(buildModule());
  return compiled;
}

/**
 * The kernel over `memory` with `scratch` bytes of its own there, or null where the engine has
 * no WebAssembly SIMD or the memory is not shared. Arrays passed to it must lie in `memory`.
 */
export function createStatisticsKernel(memory: WasmMemory, scratch: number): StatisticsKernel | null {
  const module = compiledModule();
  if (module === null || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  if (scratch % 16 !== 0 || scratch < 0 || scratch + STATISTICS_SCRATCH_BYTES > memory.buffer.byteLength) {
    throw new RangeError(`statistics kernel: scratch at ${scratch} is not ${STATISTICS_SCRATCH_BYTES} aligned bytes inside the memory`);
  }
  const exports = instantiate(module, { env: { memory } });
  if (exports === null) return null;
  const summary = exports.summary as (data: number, n: number, out: number) => void;
  const countAbove = exports.countAbove as (data: number, n: number, threshold: number) => number;
  const histogram = exports.histogram as (data: number, n: number, lo: number, hi: number, perUnit: number, step: number, bins: number, counts: number) => void;
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

const DATA = 0, N = 1, THIRD = 2; // summary: out; countAbove: the threshold (f64)
const Q = 3, END = 4;
const V = 5, FIN = 6, MIN = 7, MAX = 8, SUM_LO = 9, SUM_HI = 10, COUNT = 11, POS_INF = 12, NEG_INF = 13, T = 14;

const f32x4 = (value: number): number[] => Array.from(new Uint8Array(new Float32Array([value, value, value, value]).buffer));

/** for (q = data; q < data + 4n; q += 16) { V = load q; body } */
function loopOverVectors(body: number[]): number[] {
  return [
    ...localGet(DATA), ...localSet(Q),
    ...localGet(DATA), ...localGet(N), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(END),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(Q), ...localGet(END), op.i32GeU, op.brIf, 1,
    ...localGet(Q), ...simdMem(simd.v128Load, 0), ...localSet(V),
    ...body,
    ...localGet(Q), ...i32Const(16), op.i32Add, ...localSet(Q),
    op.br, 0, op.end, op.end,
  ];
}

function summaryBody(): number[] {
  const code: number[] = [
    ...v128Const(f32x4(Infinity)), ...localTee(POS_INF), ...localSet(MIN),
    ...v128Const(f32x4(-Infinity)), ...localTee(NEG_INF), ...localSet(MAX),
  ];
  code.push(...loopOverVectors([
    // fin = (v − v == 0)
    ...localGet(V), ...localGet(V), ...simdOp(simd.f32x4Sub), ...v128Const(f32x4(0)), ...simdOp(simd.f32x4Eq), ...localSet(FIN),
    ...localGet(MIN), ...localGet(V), ...localGet(POS_INF), ...localGet(FIN), ...simdOp(simd.v128Bitselect), ...simdOp(simd.f32x4Min), ...localSet(MIN),
    ...localGet(MAX), ...localGet(V), ...localGet(NEG_INF), ...localGet(FIN), ...simdOp(simd.v128Bitselect), ...simdOp(simd.f32x4Max), ...localSet(MAX),
    ...localGet(V), ...localGet(FIN), ...simdOp(simd.v128And), ...localSet(V),
    ...localGet(SUM_LO), ...localGet(V), ...simdOp(simd.f64x2PromoteLowF32x4), ...simdOp(simd.f64x2Add), ...localSet(SUM_LO),
    ...localGet(SUM_HI), ...localGet(V), ...localGet(V), ...shuffle(HIGH_HALF_LANES), ...simdOp(simd.f64x2PromoteLowF32x4), ...simdOp(simd.f64x2Add), ...localSet(SUM_HI),
    ...localGet(COUNT), ...localGet(FIN), ...simdOp(simd.i32x4Sub), ...localSet(COUNT),
  ]));
  for (const [local, offset] of [[MIN, 0], [MAX, 16], [SUM_LO, 32], [SUM_HI, 48], [COUNT, 64]]) {
    code.push(...localGet(THIRD), ...localGet(local), ...simdMem(simd.v128Store, 4, offset));
  }
  return functionBody([[2, type.i32], [10, type.v128]], code);
}

function countAboveBody(): number[] {
  const code: number[] = [
    ...localGet(THIRD), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...localSet(T),
    ...v128Const(f32x4(Infinity)), ...localSet(POS_INF),
  ];
  code.push(...loopOverVectors([
    // COUNT −= (t < v) & (v < +∞)
    ...localGet(COUNT),
    ...localGet(V), ...localGet(T), ...simdOp(simd.f32x4Gt),
    ...localGet(V), ...localGet(POS_INF), ...simdOp(simd.f32x4Lt), ...simdOp(simd.v128And),
    ...simdOp(simd.i32x4Sub), ...localSet(COUNT),
  ]));
  // the four lanes added: (c0 + c1) + (c2 + c3) through two shuffles
  code.push(...localGet(COUNT), ...localGet(COUNT), ...localGet(COUNT), ...shuffle(HIGH_HALF_LANES), ...simdOp(simd.i32x4Add), ...localSet(COUNT));
  code.push(...localGet(COUNT), ...localGet(COUNT), ...localGet(COUNT), ...shuffle([4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7]), ...simdOp(simd.i32x4Add));
  code.push(...simdOp(simd.i32x4ExtractLane), 0);
  return functionBody([[2, type.i32], [10, type.v128]], code);
}

// histogram(data, n, lo, hi, perUnit, step, bins, counts): statistics.ts's histogram loop, one value at a time.
const H_DATA = 0, H_N = 1, H_LO = 2, H_HI = 3, H_PER_UNIT = 4, H_STEP = 5, H_BINS = 6, H_COUNTS = 7;
const H_P = 8, H_END = 9, H_K = 10, H_V = 11;

function histogramBody(): number[] {
  const get = localGet;
  const edge = (k: number[]): number[] => [...get(H_LO), ...k, op.f64ConvertI32S, ...get(H_STEP), op.f64Mul, op.f64Add]; // lo + k·step
  const code: number[] = [
    ...get(H_DATA), ...localSet(H_P),
    ...get(H_DATA), ...get(H_N), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(H_END),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(H_P), ...get(H_END), op.i32GeU, op.brIf, 1,
    ...get(H_P), op.f32Load, 2, 0, op.f64PromoteF32, ...localTee(H_V),
    ...get(H_LO), op.f64Ge, ...get(H_V), ...get(H_HI), op.f64Le, op.i32And,
    op.if, EMPTY_BLOCK,
    // k = floor((v − lo) · perUnit), then settled against the edges themselves
    ...get(H_V), ...get(H_LO), op.f64Sub, ...get(H_PER_UNIT), op.f64Mul, op.f64Floor, op.i32TruncF64S, ...localSet(H_K),
    ...get(H_K), ...get(H_BINS), op.i32GeS,
    op.if, EMPTY_BLOCK,
    ...get(H_BINS), ...i32Const(1), op.i32Sub, ...localSet(H_K),
    op.else,
    ...get(H_K), ...i32Const(0), op.i32GtS, ...get(H_V), ...edge(get(H_K)), op.f64Lt, op.i32And,
    op.if, EMPTY_BLOCK,
    ...get(H_K), ...i32Const(1), op.i32Sub, ...localSet(H_K),
    op.else,
    ...get(H_K), ...get(H_BINS), ...i32Const(1), op.i32Sub, op.i32LtS,
    ...get(H_V), ...edge([...get(H_K), ...i32Const(1), op.i32Add]), op.f64Ge, op.i32And,
    op.if, EMPTY_BLOCK,
    ...get(H_K), ...i32Const(1), op.i32Add, ...localSet(H_K),
    op.end, op.end, op.end,
    // counts[k]++
    ...get(H_COUNTS), ...get(H_K), ...i32Const(2), op.i32Shl, op.i32Add, ...localTee(H_K),
    ...get(H_K), op.i32Load, 2, 0, ...i32Const(1), op.i32Add, op.i32Store, 2, 0,
    op.end,
    ...get(H_P), ...i32Const(4), op.i32Add, ...localSet(H_P),
    op.br, 0, op.end, op.end,
  ];
  return functionBody([[3, type.i32], [1, type.f64]], code);
}

function buildModule(): Uint8Array {
  const summaryType = [0x60, ...vector([[type.i32], [type.i32], [type.i32]]), 0];
  const countType = [0x60, ...vector([[type.i32], [type.i32], [type.f64]]), ...vector([[type.i32]])];
  const histogramType = [0x60, ...vector([[type.i32], [type.i32], [type.f64], [type.f64], [type.f64], [type.f64], [type.i32], [type.i32]]), 0];
  const sharedMemoryLimits = [0x03, ...leb128(0), ...leb128(65536)]; // flags: has maximum, shared
  return Uint8Array.from([
    ...MODULE_HEADER,
    ...section(sectionId.type, vector([summaryType, countType, histogramType])),
    ...section(sectionId.import, vector([[...name('env'), ...name('memory'), externalKind.memory, ...sharedMemoryLimits]])),
    ...section(sectionId.function, vector([[0], [1], [2]])),
    ...section(sectionId.export, vector([
      [...name('summary'), externalKind.function, 0],
      [...name('countAbove'), externalKind.function, 1],
      [...name('histogram'), externalKind.function, 2],
    ])),
    ...section(sectionId.code, vector([summaryBody(), countAboveBody(), histogramBody()])),
  ]);
}
