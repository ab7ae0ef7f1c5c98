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
 *
 * The module also holds the checksum (checksum-simd.ts) and a flat's preparation before its
 * median (prepare-simd.ts), so that every thread instantiates one module over the arena.
 */
import {
  address,
  EMPTY_BLOCK,
  half,
  i32Const,
  JOIN_LOW_HALVES_LANES,
  localGet,
  localSet,
  localTee,
  op,
  shuffle,
  simd,
  simdLane,
  simdMem,
  simdOp,
} from './wasm-emitter';
import { declareFunction, kernelModule, type KernelFunction } from './wasm-module';
import { decodeStored, lightKernelPrologue, masterHalf, type MasterSource } from './light-kernel-steps';
import { checksumFunction, type ChecksumEntry } from './checksum-simd';
import { PREPARE_FORMATS, prepareExportName, prepareFunctions, type PrepareEntry, type PrepareFormat } from './prepare-simd';
import { instantiate, moduleOf, type WasmMemory, type WasmModule } from './wasm-api';

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
  /** The checksum of checksum.ts over `groups` 16-byte groups at `p`, its 32-byte state at `state` (checksum-simd.ts). */
  checksum(p: number, groups: number, state: number): void;
  /**
   * A flat's preparation (prepare-simd.ts): `out` receives n host-order float32, calibratePixels'
   * (no flat) of the decoded stored values; `bias` or `dark` is null when there is none, not both.
   */
  prepare(format: PrepareFormat, raw: number, n: number, bias: number | null, dark: number | null, out: number, bzero: number, bscale: number, darkScale: number): void;
}

/** Raw formats the kernel reads, with their bytes per pixel. */
const RAW_FORMATS = { int16: 2, float32: 4 } as const;
type RawFormat = keyof typeof RAW_FORMATS;

/** Pixels per call at most: byte offsets of the f32 arrays stay below 2^32. */
const MAX_PIXELS = 2 ** 30 - 1;

/**
 * The kernel compiled, once per thread; null where the engine lacks WebAssembly SIMD or shared
 * memory. The pool compiles it in main and hands it to every worker with the arena, so that
 * workers neither compile nor optimise it again (which competes with them for the cores).
 */
export function compiledCalibrateKernel(): WasmModule | null {
  return moduleOf('calibration', calibrateKernelBytes);
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
  const checksum = exports.checksum as ChecksumEntry;
  const prepare = (format: PrepareFormat, raw: number, n: number, bias: number | null, dark: number | null, out: number, bzero: number, bscale: number, darkScale: number): void => {
    if (bias === null && dark === null) throw new RangeError('prepare kernel: neither a bias nor a dark to subtract');
    const masters = [['bias', bias], ['dark', dark]].filter((entry): entry is [string, number] => entry[1] !== null);
    checkRegions(memory.buffer.byteLength, n, darkScale, [['raw', raw, n * PREPARE_FORMATS[format]], ...masters.map(([label, offset]): Region => [label, offset, n * 4])], out);
    const entry = exports[prepareExportName(format, bias === null ? 'dark' : dark === null ? 'bias' : 'bias-dark')] as PrepareEntry;
    entry(raw, n, bias ?? 0, dark ?? 0, out, bzero, bscale, darkScale);
  };
  return {
    memory,
    calibrate16: call('int16'),
    calibrate32f: call('float32'),
    checksum: (p, groups, state) => {
      const bytes = memory.buffer.byteLength;
      if (!Number.isInteger(groups) || groups < 0 || !Number.isInteger(p) || p < 0 || p + groups * 16 > bytes || !Number.isInteger(state) || state < 0 || state % 16 !== 0 || state + 32 > bytes) {
        throw new RangeError(`checksum kernel: [${p}, ${p + groups * 16}) or the state at ${state} is outside the ${bytes}-byte memory (or not 16-byte aligned)`);
      }
      checksum(p, groups, state);
    },
    prepare,
  };
}

/** A region of the memory a call reads or writes: its label, byte offset and length. */
type Region = [label: string, offset: number, bytes: number];

function checkCall(memoryBytes: number, format: RawFormat, raw: number, n: number, bias: number, dark: number, flat: number, out: number, darkScale: number): void {
  const inputs: Region[] = [['raw', raw, n * RAW_FORMATS[format]], ['bias', bias, n * 4], ['dark', dark, n * 4], ['flat', flat, n * 4]];
  checkRegions(memoryBytes, n, darkScale, inputs, out);
}

/** RangeError unless n is a pixel count, darkScale finite, every region inside the memory and `out` (n float32) clear of the inputs. */
function checkRegions(memoryBytes: number, n: number, darkScale: number, inputs: readonly Region[], out: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PIXELS) throw new RangeError(`calibrate kernel: ${n} is not a pixel count (0–${MAX_PIXELS})`);
  if (!Number.isFinite(darkScale)) throw new RangeError(`calibrate kernel: darkScale must be finite, got ${darkScale}`);
  for (const [label, offset, bytes] of [...inputs, ['out', out, n * 4] as Region]) {
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes > memoryBytes) {
      throw new RangeError(`calibrate kernel: ${label} bytes [${offset}, ${offset + bytes}) are outside the ${memoryBytes}-byte memory`);
    }
  }
  for (const [label, offset, bytes] of inputs) {
    if (n > 0 && offset < out + n * 4 && out < offset + bytes) throw new RangeError(`calibrate kernel: out overlaps ${label}`);
  }
}

// ---------------------------------------------------------------- the module

/** The locals of both functions, by name: parameters (byte offsets, a count, three factors), then the loop's. */
function calibrateFunction(exportName: string) {
  return declareFunction({
    name: exportName,
    params: { raw: 'i32', n: 'i32', bias: 'i32', dark: 'i32', flat: 'i32', out: 'i32', bzero: 'f64', bscale: 'f64', darkScale: 'f64' },
    locals: {
      q: 'i32', qEnd: 'i32', r: 'i32', rem: 'i32',
      bz: 'v128', bs: 'v128', ds: 'v128', zero: 'v128', swap32: 'v128', widen: 'v128',
      rawV: 'v128', biasV: 'v128', darkV: 'v128', flatV: 'v128', stored: 'v128', w: 'v128', outV: 'v128',
    },
  });
}
type Locals = ReturnType<typeof calibrateFunction>['local'];

/** Four calibrated pixels from $rawV and $flatV (and the masters at $q), left on the stack as big-endian bytes. */
function calculate(L: Locals, format: RawFormat, masters: MasterSource): number[] {
  const code: number[] = decodeStored(L, format);
  const promote = simdOp(simd.f64x2PromoteLowF32x4);
  for (const second of [false, true]) {
    code.push(...half(L.stored, second), ...simdOp(format === 'int16' ? simd.f64x2ConvertLowI32x4S : simd.f64x2PromoteLowF32x4));
    code.push(...localGet(L.bs), ...simdOp(simd.f64x2Mul), ...localGet(L.bz), ...simdOp(simd.f64x2Add));
    if (format === 'float32') code.push(...simdOp(simd.f32x4DemoteF64x2Zero), ...promote);
    code.push(...masterHalf(L, masters, L.bias, L.biasV, second), ...promote, ...simdOp(simd.f64x2Sub));
    code.push(...localGet(L.ds), ...masterHalf(L, masters, L.dark, L.darkV, second), ...promote, ...simdOp(simd.f64x2Mul), ...simdOp(simd.f64x2Sub));
    code.push(...masterHalf(L, masters, L.flat, L.flatV, second), ...promote, ...simdOp(simd.f64x2Div));
    code.push(...simdOp(simd.f32x4DemoteF64x2Zero));
  }
  code.push(...shuffle(JOIN_LOW_HALVES_LANES), ...localTee(L.w));
  // w + ((w − w) + √flat · 0)
  code.push(...localGet(L.w), ...localGet(L.w), ...simdOp(simd.f32x4Sub));
  code.push(...localGet(L.flatV), ...simdOp(simd.f32x4Sqrt), ...localGet(L.zero), ...simdOp(simd.f32x4Mul));
  code.push(...simdOp(simd.f32x4Add), ...simdOp(simd.f32x4Add));
  code.push(...localGet(L.swap32), ...simdOp(simd.i8x16Swizzle));
  return code;
}

function calibrateFunctionFor(exportName: string, format: RawFormat): KernelFunction {
  const fn = calibrateFunction(exportName);
  const L = fn.local;
  const rawStep = 4 * RAW_FORMATS[format];
  const code: number[] = lightKernelPrologue(L);

  // Whole vectors of four pixels.
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK);
  code.push(...localGet(L.q), ...localGet(L.qEnd), op.i32GeU, op.brIf, 1);
  code.push(...localGet(L.r), ...(format === 'int16' ? simdMem(simd.v128Load64Zero, 0) : simdMem(simd.v128Load, 0)), ...localSet(L.rawV));
  code.push(...address(L.flat, L.q), ...simdMem(simd.v128Load, 0), ...localSet(L.flatV));
  code.push(...address(L.out, L.q), ...calculate(L, format, 'memory'), ...simdMem(simd.v128Store, 0));
  code.push(...localGet(L.q), ...i32Const(16), op.i32Add, ...localSet(L.q));
  code.push(...localGet(L.r), ...i32Const(rawStep), op.i32Add, ...localSet(L.r));
  code.push(op.br, 0, op.end, op.end);

  // The last n % 4 pixels, one lane at a time: no byte outside the arrays is read or written.
  const ifLane = (lane: number, body: number[]) => [...localGet(L.rem), ...i32Const(lane), op.i32GtU, op.if, EMPTY_BLOCK, ...body, op.end];
  // Lanes not loaded stay 0; what CALCULATE makes of them is never stored.
  for (const local of [L.rawV, L.biasV, L.darkV, L.flatV]) code.push(...localGet(L.zero), ...localSet(local));
  for (let lane = 0; lane < 3; lane++) {
    const loads =
      format === 'int16'
        ? [...localGet(L.r), ...localGet(L.rawV), ...simdLane(simd.v128Load16Lane, 0, lane * 2, lane), ...localSet(L.rawV)]
        : [...localGet(L.r), ...localGet(L.rawV), ...simdLane(simd.v128Load32Lane, 0, lane * 4, lane), ...localSet(L.rawV)];
    for (const [base, local] of [[L.bias, L.biasV], [L.dark, L.darkV], [L.flat, L.flatV]]) {
      loads.push(...address(base, L.q), ...localGet(local), ...simdLane(simd.v128Load32Lane, 0, lane * 4, lane), ...localSet(local));
    }
    code.push(...ifLane(lane, loads));
  }
  code.push(...calculate(L, format, 'locals'), ...localSet(L.outV));
  for (let lane = 0; lane < 3; lane++) {
    code.push(...ifLane(lane, [...address(L.out, L.q), ...localGet(L.outV), ...simdLane(simd.v128Store32Lane, 0, lane * 4, lane)]));
  }
  return fn.body(code);
}

/** The kernel module's bytes (exported for the golden text-form test). */
export function calibrateKernelBytes(): Uint8Array {
  return kernelModule([calibrateFunctionFor('calibrate16', 'int16'), calibrateFunctionFor('calibrate32f', 'float32'), checksumFunction(), ...prepareFunctions()], { kind: 'imported-shared' });
}
