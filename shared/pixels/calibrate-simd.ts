/**
 * The light hot path compiled to WebAssembly SIMD: big-endian stored pixels straight from the
 * file's bytes to big-endian float32 ready to write, in one pass over a shared memory that
 * also holds the masters. Every pixel equals calibrateStored's (calibrate.ts), the reference
 * and fallback, bit for bit: the same float64 operations in the same order, two pixels per
 * f64x2, four per iteration; NaN wherever it gives NaN (the sign and payload bits of a NaN,
 * which IEEE 754 leaves open, may differ between the two). The module is generated here as
 * bytes (no toolchain); where WebAssembly SIMD or threads are unavailable,
 * compiledCalibrateKernel gives null and callers use calibrate.ts.
 *
 * Why: for a 2048² 16-bit frame the JavaScript path costs ~20 ms (swap, calibrateStored, swap
 * for writing) and this kernel ~4.5 ms, swaps included (test/bench/calibrate-kernel-bench.ts).
 *
 * The two exported functions, as WebAssembly text (one body emitted per raw format):
 *
 *   (import "env" "memory" (memory 0 65536 shared))
 *   (func $calibrate16 / $calibrate32f
 *       (param $raw i32) (param $n i32) (param $bias i32) (param $dark i32) (param $flat i32)
 *       (param $out i32) (param $bzero f64) (param $bscale f64) (param $darkScale f64)
 *     $BZ, $BS, $DS = f64x2.splat($bzero), …($bscale), …($darkScale)
 *     $qEnd = ($n & -4) << 2   ;; byte offset in the f32 arrays where whole vectors end
 *     $r = $raw
 *     (block (loop
 *       (br_if 1 (i32.ge_u $q $qEnd))
 *       $rawV  = v128.load64_zero $r        ;; int16: 4 pixels, 8 bytes (float32: v128.load, 16 bytes)
 *       $flatV = v128.load ($flat + $q)      ;; the four flats, for the NaN rule
 *       (v128.store ($out + $q) CALCULATE)   ;; master halves: v128.load64_zero ($bias + $q) offset 0, 8…
 *       $q += 16  $r += 8 (float32: 16)
 *       (br 0)))
 *     ;; the last n % 4 pixels (0–3): lanes loaded one by one into $rawV, $biasV, $darkV, $flatV,
 *     ;; CALCULATE with the master halves taken from those, lanes stored one by one
 *
 *   CALCULATE, four pixels:
 *     int16:   $stored = i32x4.shr_s (i8x16.swizzle $rawV $WIDEN) 16  ;; byte swap and sign-extend
 *     float32: $stored = i8x16.swizzle $rawV $SWAP32                  ;; byte swap
 *     for each half h (pixels 0–1, then 2–3; `half` moves lanes 2–3 down for the second):
 *       v = f64x2.convert_low_i32x4_s (half $stored)     float32: f64x2.promote_low_f32x4 (half …)
 *       v = v * $BS + $BZ                                 ;; stored·bscale + bzero
 *       float32 only: v = promote (demote v)              ;; scaleStored rounds to float32 first
 *       v = v − promote (bias h)                          ;; master halves: 8-byte loads (or half $biasV)
 *       v = v − $DS * promote (dark h)
 *       v = v / promote (flat h)
 *       w_h = f32x4.demote_f64x2_zero v                   ;; Math.fround, in lanes 0–1
 *     $w = i8x16.shuffle w_0 w_1 (bytes 0–7 of each)
 *     out = $w + (($w − $w) + f32x4.sqrt $flatV · 0)     ;; the NaN rule, in f32x4 (see below)
 *     i8x16.swizzle out $SWAP32                          ;; to big-endian
 *
 * Loading each pair of master pixels with its own 8-byte load, rather than a 16-byte load and a
 * shuffle per half, made the 16-bit kernel ~8 % faster (4.5 against 4.9 ms for 2048²); an
 * unrolled loop of 8 pixels and shuffles by constant lanes instead of swizzles were slower.
 *
 * The NaN rule in float32 gives calibrate.ts's float64 result: w is a float32, so w − w is 0 or
 * NaN exactly as in float64, and √flat·0 is NaN for the same flats (negative, NaN, ±∞) in both.
 */
import {
  address,
  EMPTY_BLOCK,
  externalKind,
  functionBody,
  half,
  i32Const,
  JOIN_LOW_HALVES_LANES,
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
  simdLane,
  simdMem,
  simdOp,
  SWAP32_LANES,
  type,
  v128Const,
  vector,
  WIDEN_INT16_LANES,
} from './wasm-emitter';
import { compileModule, instantiate, WASM32_MAX_PAGES, type WasmMemory, type WasmModule } from './wasm-api';

/**
 * The kernel over one shared memory. Arguments are byte offsets in `memory` (any alignment) and
 * a pixel count: `raw` holds n stored values as in the file (big-endian), `bias`, `dark`, `flat`
 * n host-order float32 masters, and `out` receives n big-endian float32 pixels; inputs are only
 * read and `out` must not overlap them. Throws RangeError for a region outside the memory.
 */
export interface CalibrateKernel {
  readonly memory: WasmMemory;
  /** BITPIX 16 (no BLANK): out = calibrateStored's pixels for Int16Array stored values. */
  calibrate16(raw: number, n: number, bias: number, dark: number, flat: number, out: number, bzero: number, bscale: number, darkScale: number): void;
  /** BITPIX −32: out = calibrateStored's pixels for Float32Array stored values. */
  calibrate32f(raw: number, n: number, bias: number, dark: number, flat: number, out: number, bzero: number, bscale: number, darkScale: number): void;
}

/** Raw formats the kernel reads, with their bytes per pixel. */
const RAW_FORMATS = { int16: 2, float32: 4 } as const;
type RawFormat = keyof typeof RAW_FORMATS;

/** Pixels per call at most: byte offsets of the f32 arrays stay below 2^32. */
const MAX_PIXELS = 2 ** 30 - 1;

let compiled: WasmModule | null | undefined;

/**
 * The kernel compiled, once per thread; null where the engine lacks WebAssembly SIMD or shared
 * memory. The pool compiles it in main and hands it to every worker with the arena, so that
 * workers neither compile nor optimise it again (which competes with them for the cores).
 */
export function compiledCalibrateKernel(): WasmModule | null {
  if (compiled === undefined) compiled = compileModule(buildModule());
  return compiled;
}

/** True when this engine has what the kernel needs: WebAssembly with SIMD and shared memory. */
export function calibrateKernelSupported(): boolean {
  return compiledCalibrateKernel() !== null;
}

/**
 * The kernel instantiated over `memory` (a shared WebAssembly.Memory) from `module` (this
 * thread's compiled kernel by default), or null where the engine refuses it.
 */
export function createCalibrateKernel(memory: WasmMemory, module: WasmModule | null = compiledCalibrateKernel()): CalibrateKernel | null {
  if (!(memory.buffer instanceof SharedArrayBuffer) || module === null) return null;
  const exports = instantiate(module, { env: { memory } });
  if (exports === null) return null;
  type Entry = (raw: number, n: number, bias: number, dark: number, flat: number, out: number, bzero: number, bscale: number, darkScale: number) => void;
  const entries = { int16: exports.calibrate16 as Entry, float32: exports.calibrate32f as Entry };
  const call = (format: RawFormat): Entry => (raw, n, bias, dark, flat, out, bzero, bscale, darkScale) => {
    checkCall(memory.buffer.byteLength, format, raw, n, bias, dark, flat, out, darkScale);
    entries[format](raw, n, bias, dark, flat, out, bzero, bscale, darkScale);
  };
  return { memory, calibrate16: call('int16'), calibrate32f: call('float32') };
}

function checkCall(memoryBytes: number, format: RawFormat, raw: number, n: number, bias: number, dark: number, flat: number, out: number, darkScale: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PIXELS) throw new RangeError(`calibrate kernel: ${n} is not a pixel count (0–${MAX_PIXELS})`);
  if (!Number.isFinite(darkScale)) throw new RangeError(`calibrate kernel: darkScale must be finite, got ${darkScale}`);
  const regions: [string, number, number][] = [
    ['raw', raw, n * RAW_FORMATS[format]],
    ['bias', bias, n * 4],
    ['dark', dark, n * 4],
    ['flat', flat, n * 4],
    ['out', out, n * 4],
  ];
  for (const [label, offset, bytes] of regions) {
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes > memoryBytes) {
      throw new RangeError(`calibrate kernel: ${label} bytes [${offset}, ${offset + bytes}) are outside the ${memoryBytes}-byte memory`);
    }
  }
  for (const [label, offset, bytes] of regions.slice(0, 4)) {
    if (n > 0 && offset < out + n * 4 && out < offset + bytes) throw new RangeError(`calibrate kernel: out overlaps ${label}`);
  }
}

// ---------------------------------------------------------------- the module

// Locals: the nine parameters, then i32 and v128 locals (indices as the listing names them).
const RAW = 0, N = 1, BIAS = 2, DARK = 3, FLAT = 4, OUT = 5, BZERO = 6, BSCALE = 7, DARK_SCALE = 8;
const Q = 9, Q_END = 10, R = 11, REM = 12;
const BZ = 13, BS = 14, DS = 15, ZERO = 16, SWAP32 = 17, WIDEN = 18;
const RAW_V = 19, BIAS_V = 20, DARK_V = 21, FLAT_V = 22, STORED = 23, W = 24, OUT_V = 25;
const I32_LOCALS = 4;
const V128_LOCALS = 13;


/**
 * Where CALCULATE takes the masters' pixel pairs from: 8-byte loads at $q (whole vectors), or
 * the locals $biasV, $darkV, $flatV built lane by lane (the last n % 4 pixels).
 */
type MasterSource = 'memory' | 'locals';

/** One master's pixels 0–1 or 2–3 of the four at $q, as float32 in lanes 0–1. */
function masterHalf(source: MasterSource, base: number, local: number, second: boolean): number[] {
  return source === 'memory' ? [...address(base, Q), ...simdMem(simd.v128Load64Zero, 0, second ? 8 : 0)] : half(local, second);
}

/** Four calibrated pixels from $rawV and $flatV (and the masters at $q), left on the stack as big-endian bytes. */
function calculate(format: RawFormat, masters: MasterSource): number[] {
  const code: number[] =
    format === 'int16'
      ? [...localGet(RAW_V), ...localGet(WIDEN), ...simdOp(simd.i8x16Swizzle), ...i32Const(16), ...simdOp(simd.i32x4ShrS), ...localSet(STORED)]
      : [...localGet(RAW_V), ...localGet(SWAP32), ...simdOp(simd.i8x16Swizzle), ...localSet(STORED)];
  const promote = simdOp(simd.f64x2PromoteLowF32x4);
  for (const second of [false, true]) {
    code.push(...half(STORED, second), ...simdOp(format === 'int16' ? simd.f64x2ConvertLowI32x4S : simd.f64x2PromoteLowF32x4));
    code.push(...localGet(BS), ...simdOp(simd.f64x2Mul), ...localGet(BZ), ...simdOp(simd.f64x2Add));
    if (format === 'float32') code.push(...simdOp(simd.f32x4DemoteF64x2Zero), ...promote);
    code.push(...masterHalf(masters, BIAS, BIAS_V, second), ...promote, ...simdOp(simd.f64x2Sub));
    code.push(...localGet(DS), ...masterHalf(masters, DARK, DARK_V, second), ...promote, ...simdOp(simd.f64x2Mul), ...simdOp(simd.f64x2Sub));
    code.push(...masterHalf(masters, FLAT, FLAT_V, second), ...promote, ...simdOp(simd.f64x2Div));
    code.push(...simdOp(simd.f32x4DemoteF64x2Zero));
  }
  code.push(...shuffle(JOIN_LOW_HALVES_LANES), ...localTee(W));
  // w + ((w − w) + √flat · 0)
  code.push(...localGet(W), ...localGet(W), ...simdOp(simd.f32x4Sub));
  code.push(...localGet(FLAT_V), ...simdOp(simd.f32x4Sqrt), ...localGet(ZERO), ...simdOp(simd.f32x4Mul));
  code.push(...simdOp(simd.f32x4Add), ...simdOp(simd.f32x4Add));
  code.push(...localGet(SWAP32), ...simdOp(simd.i8x16Swizzle));
  return code;
}

function calibrateBody(format: RawFormat): number[] {
  const rawStep = 4 * RAW_FORMATS[format];
  const splat = (param: number, local: number) => [...localGet(param), ...simdOp(simd.f64x2Splat), ...localSet(local)];
  const code: number[] = [
    ...splat(BZERO, BZ),
    ...splat(BSCALE, BS),
    ...splat(DARK_SCALE, DS),
    ...v128Const(new Array(16).fill(0)), ...localSet(ZERO),
    ...v128Const(SWAP32_LANES), ...localSet(SWAP32),
    ...v128Const(WIDEN_INT16_LANES), ...localSet(WIDEN),
    ...localGet(N), ...i32Const(-4), op.i32And, ...i32Const(2), op.i32Shl, ...localSet(Q_END),
    ...localGet(N), ...i32Const(3), op.i32And, ...localSet(REM),
    ...localGet(RAW), ...localSet(R),
  ];

  // Whole vectors of four pixels.
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK);
  code.push(...localGet(Q), ...localGet(Q_END), op.i32GeU, op.brIf, 1);
  code.push(...localGet(R), ...(format === 'int16' ? simdMem(simd.v128Load64Zero, 0) : simdMem(simd.v128Load, 0)), ...localSet(RAW_V));
  code.push(...address(FLAT, Q), ...simdMem(simd.v128Load, 0), ...localSet(FLAT_V));
  code.push(...address(OUT, Q), ...calculate(format, 'memory'), ...simdMem(simd.v128Store, 0));
  code.push(...localGet(Q), ...i32Const(16), op.i32Add, ...localSet(Q));
  code.push(...localGet(R), ...i32Const(rawStep), op.i32Add, ...localSet(R));
  code.push(op.br, 0, op.end, op.end);

  // The last n % 4 pixels, one lane at a time: no byte outside the arrays is read or written.
  const ifLane = (lane: number, body: number[]) => [...localGet(REM), ...i32Const(lane), op.i32GtU, op.if, EMPTY_BLOCK, ...body, op.end];
  // Lanes not loaded stay 0; what CALCULATE makes of them is never stored.
  for (const local of [RAW_V, BIAS_V, DARK_V, FLAT_V]) code.push(...localGet(ZERO), ...localSet(local));
  for (let lane = 0; lane < 3; lane++) {
    const loads =
      format === 'int16'
        ? [...localGet(R), ...localGet(RAW_V), ...simdLane(simd.v128Load16Lane, 0, lane * 2, lane), ...localSet(RAW_V)]
        : [...localGet(R), ...localGet(RAW_V), ...simdLane(simd.v128Load32Lane, 0, lane * 4, lane), ...localSet(RAW_V)];
    for (const [base, local] of [[BIAS, BIAS_V], [DARK, DARK_V], [FLAT, FLAT_V]]) {
      loads.push(...address(base, Q), ...localGet(local), ...simdLane(simd.v128Load32Lane, 0, lane * 4, lane), ...localSet(local));
    }
    code.push(...ifLane(lane, loads));
  }
  code.push(...calculate(format, 'locals'), ...localSet(OUT_V));
  for (let lane = 0; lane < 3; lane++) {
    code.push(...ifLane(lane, [...address(OUT, Q), ...localGet(OUT_V), ...simdLane(simd.v128Store32Lane, 0, lane * 4, lane)]));
  }
  return functionBody([[I32_LOCALS, type.i32], [V128_LOCALS, type.v128]], code);
}

function buildModule(): Uint8Array {
  const signature = [0x60, ...vector([[type.i32], [type.i32], [type.i32], [type.i32], [type.i32], [type.i32], [type.f64], [type.f64], [type.f64]]), 0];
  const sharedMemoryLimits = [0x03, ...leb128(0), ...leb128(WASM32_MAX_PAGES)]; // flags: has maximum, shared
  return Uint8Array.from([
    ...MODULE_HEADER,
    ...section(sectionId.type, vector([signature])),
    ...section(sectionId.import, vector([[...name('env'), ...name('memory'), externalKind.memory, ...sharedMemoryLimits]])),
    ...section(sectionId.function, vector([[0], [0]])), // two functions of type 0
    ...section(sectionId.export, vector([
      [...name('calibrate16'), externalKind.function, 0],
      [...name('calibrate32f'), externalKind.function, 1],
    ])),
    ...section(sectionId.code, vector([calibrateBody('int16'), calibrateBody('float32')])),
  ]);
}
