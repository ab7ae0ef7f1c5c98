/**
 * The median combine of 16-bit camera frames in one pass, compiled to WebAssembly SIMD: the
 * raw big-endian rows of every frame (as read from the files) go straight to the master's
 * pixels. Per four pixels, each frame's values are decoded (bzero + bscale·stored), have the
 * bias and scaled dark subtracted and the frame's scale applied, and land in a v128 local; a
 * pruned sorting network (sorting-network.ts) leaves the median on its middle wires. No float32
 * stack is written, no tile is copied, and the bias and dark are loaded once per pixel, not
 * once per frame.
 *
 * Every pixel equals the JavaScript path's (read rows → calibratePixels → scaleInPlace →
 * combineStack 'median'), bit for bit: the same float64 operations in the same order, rounded
 * to float32 where that path stores a Float32Array. Pixels whose values include a NaN (a NaN
 * master pixel, an overflow) and the last pixels·mod 4 are done by stripMedianScalar, the
 * reference, which ignores NaN as combineStack does.
 *
 * Why: for the peers' night (15 biases, 10 darks, 10 flats of 2048²) the JavaScript path spent
 * ~0.9 s of worker time decoding, preparing and copying stacks. For a strip of 256 rows × 2048 of
 * 15 frames, this kernel takes 12.5 ms warmed (25 ms on its first call) against 41 ms for the
 * JavaScript path (test/bench/pixels-bench.ts --only=masters).
 *
 * median16(raw, stride, n, bias, dark, params, out, darkScale) → 1 when a NaN was met, else 0:
 *   raw     byte offset of frame 0's n stored int16 (big-endian); frame f at raw + f·stride
 *   bias    byte offset of n host float32 (compiled in only when the strip subtracts a bias)
 *   dark    byte offset of n host float32 (compiled in only with a dark), times darkScale
 *   params  byte offset of three float64 per frame: bscale, bzero, scale (scale compiled in only
 *           when frames are scaled, as flats are by 1/median)
 *   out     byte offset of n host float32: the medians (NaN where a NaN was met)
 *
 * Per four pixels at float32 byte offset q (raw offset q/2):
 *   b_h = promote(bias[q + 8h]);  d_h = darkScale · promote(dark[q + 8h])       h = 0, 1
 *   for each frame f:   s = i32x4.shr_s(swizzle(load64_zero(raw + f·stride + q/2), WIDEN), 16)
 *     for each half h: v = convert_low(half_h s) · bscale_f + bzero_f
 *                      v = promote(demote v)                   ;; the decoded float32
 *                      w = demote(v − b_h − d_h);  w = w + (w − w)   ;; calibratePixels
 *                      w = demote(promote w · scale_f)         ;; scaleInPlace
 *     wire_f = the two halves joined
 *   mask = OR of (wire_f ≠ wire_f);  the network (f32x4.pmin/pmax) over the wires
 *   out[q] = mask ? NaN : (odd n: the middle wire; even: demote((promote lo + promote hi)·0.5))
 */
import { compileModule, instantiate, type WasmMemory, type WasmModule } from './wasm-api';
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
  simdMem,
  simdOp,
  type,
  v128Const,
  vector,
  WIDEN_INT16_LANES,
} from './wasm-emitter';
import { medianWires, pruneNetwork, sortingNetwork } from './sorting-network';
import { medianInPlace } from './select';

/** Frames per strip the kernel takes at most: one v128 local per frame, so the code grows with it. */
export const STRIP_MEDIAN_MAX_FRAMES = 256;

/** Bytes of the per-frame parameter table: bscale, bzero, scale as float64. */
export const STRIP_PARAMS_BYTES_PER_FRAME = 24;

/** How each frame's stored numbers are scaled, and the factor its prepared values are multiplied by. */
export interface StripFrameParams {
  readonly bscale: number;
  readonly bzero: number;
  /** 1 leaves the values as they are (frames that are not normalised). */
  readonly scale: number;
}

/**
 * One strip to combine, as byte offsets in `memory` (see the module comment). `params` is
 * where the kernel's float64 table is written (frames × 24 bytes, 8-byte aligned). Inputs are
 * only read; `out` must not overlap them.
 */
export interface StripMedianInputs {
  readonly memory: WasmMemory;
  readonly raw: number;
  readonly frameStride: number;
  readonly pixels: number;
  readonly frames: readonly StripFrameParams[];
  readonly bias: number | null;
  readonly dark: number | null;
  readonly darkScale: number;
  readonly params: number;
  readonly out: number;
}

type Median16 = (raw: number, stride: number, n: number, bias: number, dark: number, params: number, out: number, darkScale: number) => number;

interface Variant {
  readonly frames: number;
  readonly bias: boolean;
  readonly dark: boolean;
  readonly scale: boolean;
}

const modules = new Map<string, WasmModule | null>();
const instances = new WeakMap<WasmMemory, Map<string, Median16 | null>>();

/** True when this engine compiles the kernel (WebAssembly SIMD with shared memory). */
export function stripMedianSupported(): boolean {
  return compiledVariant({ frames: 3, bias: true, dark: true, scale: true }) !== null;
}

/**
 * out ← the median of every pixel over the strip's frames, prepared as the JavaScript path
 * prepares them. Runs the kernel when the engine has it (false otherwise, or for more than
 * STRIP_MEDIAN_MAX_FRAMES frames: nothing is written and the caller takes its own path),
 * then finishes the pixels the kernel leaves (NaN met, the last pixels mod 4) with
 * stripMedianScalar. Throws RangeError for a region outside the memory or overlapping `out`.
 */
export function stripMedian(inputs: StripMedianInputs): boolean {
  checkInputs(inputs);
  const run = kernelFor(inputs);
  if (run === null) return false;
  writeParams(inputs);
  const { raw, frameStride, pixels, bias, dark, params, out, darkScale } = inputs;
  const sawNaN = run(raw, frameStride, pixels, bias ?? 0, dark ?? 0, params, out, darkScale) !== 0;
  const whole = pixels & ~3;
  const medians = new Float32Array(inputs.memory.buffer, out, pixels);
  if (sawNaN) {
    // Runs of NaN pixels, each redone in one call (a NaN bias column makes long runs).
    for (let p = 0; p < whole; p++) {
      if (medians[p] === medians[p]) continue;
      let end = p + 1;
      while (end < whole && medians[end] !== medians[end]) end++;
      stripMedianScalar(inputs, p, end);
      p = end;
    }
  }
  stripMedianScalar(inputs, whole, pixels);
  return true;
}

/**
 * The reference, pixel by pixel over [start, end): each frame's stored value decoded, prepared
 * (bias, dark, NaN rule, scale) in float32 steps, then the median of the values that are not
 * NaN (NaN when all are), the mean of the two middle ones for an even count, as combineStack.
 */
export function stripMedianScalar(inputs: StripMedianInputs, start = 0, end = inputs.pixels): void {
  const { memory, raw, frameStride, frames, bias, dark, darkScale, out } = inputs;
  const bytes = new DataView(memory.buffer);
  const biasPixels = bias === null ? null : new Float32Array(memory.buffer, bias, inputs.pixels);
  const darkPixels = dark === null ? null : new Float32Array(memory.buffer, dark, inputs.pixels);
  const medians = new Float32Array(memory.buffer, out, inputs.pixels);
  const values = new Float64Array(frames.length);
  for (let p = start; p < end; p++) {
    let n = 0;
    for (let f = 0; f < frames.length; f++) {
      const { bscale, bzero, scale } = frames[f];
      let w = Math.fround(bytes.getInt16(raw + f * frameStride + 2 * p, false) * bscale + bzero);
      if (biasPixels !== null || darkPixels !== null) {
        let v = w;
        if (biasPixels !== null) v -= biasPixels[p];
        if (darkPixels !== null) v -= darkScale * darkPixels[p];
        w = Math.fround(v);
        w = w + (w - w);
      }
      if (scale !== 1) w = Math.fround(w * scale);
      if (w === w) values[n++] = w;
    }
    medians[p] = n === 0 ? NaN : medianInPlace(values, 0, n);
  }
}

function writeParams(inputs: StripMedianInputs): void {
  const table = new Float64Array(inputs.memory.buffer, inputs.params, inputs.frames.length * 3);
  inputs.frames.forEach((frame, f) => table.set([frame.bscale, frame.bzero, frame.scale], f * 3));
}

function kernelFor(inputs: StripMedianInputs): Median16 | null {
  const variant: Variant = {
    frames: inputs.frames.length,
    bias: inputs.bias !== null,
    dark: inputs.dark !== null,
    scale: inputs.frames.some((frame) => frame.scale !== 1),
  };
  if (variant.frames > STRIP_MEDIAN_MAX_FRAMES) return null;
  const key = variantKey(variant);
  let byKey = instances.get(inputs.memory);
  if (byKey === undefined) instances.set(inputs.memory, (byKey = new Map()));
  let run = byKey.get(key);
  if (run === undefined) {
    const module = compiledVariant(variant);
    const exports = module === null ? null : instantiate(module, { env: { memory: inputs.memory } });
    run = exports === null ? null : (exports.median16 as Median16);
    byKey.set(key, run);
  }
  return run;
}

function compiledVariant(variant: Variant): WasmModule | null {
  const key = variantKey(variant);
  let module = modules.get(key);
  if (module === undefined) {
    module = compileModule(buildModule(variant));
    modules.set(key, module);
  }
  return module;
}

const variantKey = (v: Variant): string => `${v.frames}:${v.bias ? 'b' : ''}${v.dark ? 'd' : ''}${v.scale ? 's' : ''}`;

function checkInputs(inputs: StripMedianInputs): void {
  const { memory, raw, frameStride, pixels, frames, bias, dark, params, out, darkScale } = inputs;
  const size = memory.buffer.byteLength;
  if (!(memory.buffer instanceof SharedArrayBuffer)) throw new RangeError('stripMedian: the memory must be shared');
  if (!Number.isInteger(pixels) || pixels < 0 || pixels * 4 > size) throw new RangeError(`stripMedian: ${pixels} is not a pixel count`);
  if (frames.length < 1) throw new RangeError('stripMedian: no frames');
  if (!Number.isInteger(frameStride) || frameStride < pixels * 2) throw new RangeError(`stripMedian: frame stride ${frameStride} is shorter than a frame's ${pixels * 2} bytes`);
  if (!Number.isFinite(darkScale)) throw new RangeError(`stripMedian: darkScale must be finite, got ${darkScale}`);
  if (params % 8 !== 0) throw new RangeError(`stripMedian: the parameter table at ${params} is not 8-byte aligned`);
  const regions: [string, number | null, number][] = [
    ['raw', raw, frameStride * (frames.length - 1) + pixels * 2],
    ['bias', bias, pixels * 4],
    ['dark', dark, pixels * 4],
    ['params', params, frames.length * STRIP_PARAMS_BYTES_PER_FRAME],
    ['out', out, pixels * 4],
  ];
  for (const [label, offset, bytes] of regions) {
    if (offset === null) continue;
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes > size) {
      throw new RangeError(`stripMedian: ${label} bytes [${offset}, ${offset + bytes}) are outside the ${size}-byte memory`);
    }
    if (label !== 'out' && pixels > 0 && offset < out + pixels * 4 && out < offset + bytes) throw new RangeError(`stripMedian: out overlaps ${label}`);
  }
}

// ---------------------------------------------------------------- the module

// Parameters, then i32 locals, then v128 locals (wires last).
const RAW = 0, STRIDE = 1, N = 2, BIAS = 3, DARK = 4, PARAMS = 5, OUT = 6, DARK_SCALE = 7;
const Q = 8, Q_END = 9, R = 10, RF = 11;
const I32_LOCALS = 4;
const WIDEN = 12, NAN = 13, DS = 14, HALF_CONST = 15, B0 = 16, B1 = 17, D0 = 18, D1 = 19;
const RAW_V = 20, STORED = 21, W = 22, W0 = 23, W1 = 24, MASK = 25, ANY = 26, WIRE0 = 27;
const FIXED_V128_LOCALS = WIRE0 - WIDEN;

const f32Bytes = (value: number): number[] => Array.from(new Uint8Array(Float32Array.of(value).buffer));
const f64Bytes = (value: number): number[] => Array.from(new Uint8Array(Float64Array.of(value).buffer));

const promote = simdOp(simd.f64x2PromoteLowF32x4);
const demote = simdOp(simd.f32x4DemoteF64x2Zero);

/** Frame f's four prepared values, left on the stack. */
function prepareFrame(variant: Variant, f: number): number[] {
  const code: number[] = [...localGet(RF), ...simdMem(simd.v128Load64Zero, 0), ...localSet(RAW_V)];
  code.push(...localGet(RAW_V), ...localGet(WIDEN), ...simdOp(simd.i8x16Swizzle), ...i32Const(16), ...simdOp(simd.i32x4ShrS), ...localSet(STORED));
  const param = (k: number) => [...localGet(PARAMS), ...simdMem(simd.v128Load64Splat, 3, f * STRIP_PARAMS_BYTES_PER_FRAME + k * 8)];
  for (const second of [false, true]) {
    code.push(...half(STORED, second), ...simdOp(simd.f64x2ConvertLowI32x4S));
    code.push(...param(0), ...simdOp(simd.f64x2Mul), ...param(1), ...simdOp(simd.f64x2Add), ...demote, ...promote);
    if (variant.bias) code.push(...localGet(second ? B1 : B0), ...simdOp(simd.f64x2Sub));
    if (variant.dark) code.push(...localGet(second ? D1 : D0), ...simdOp(simd.f64x2Sub));
    code.push(...demote);
    if (variant.bias || variant.dark) {
      // w + (w − w): ±Infinity becomes NaN, as calibratePixels stores it
      code.push(...localTee(W), ...localGet(W), ...localGet(W), ...simdOp(simd.f32x4Sub), ...simdOp(simd.f32x4Add));
    }
    if (variant.scale) code.push(...promote, ...param(2), ...simdOp(simd.f64x2Mul), ...demote);
    code.push(...localSet(second ? W1 : W0));
  }
  code.push(...localGet(W0), ...localGet(W1), ...shuffle(JOIN_LOW_HALVES_LANES));
  return code;
}

function medianBody(variant: Variant): number[] {
  const n = variant.frames;
  const wire = (w: number) => WIRE0 + w;
  const code: number[] = [
    ...v128Const(WIDEN_INT16_LANES), ...localSet(WIDEN),
    ...v128Const([...f32Bytes(NaN), ...f32Bytes(NaN), ...f32Bytes(NaN), ...f32Bytes(NaN)]), ...localSet(NAN),
    ...v128Const([...f64Bytes(0.5), ...f64Bytes(0.5)]), ...localSet(HALF_CONST),
    ...localGet(DARK_SCALE), ...simdOp(simd.f64x2Splat), ...localSet(DS),
    ...localGet(N), ...i32Const(-4), op.i32And, ...i32Const(2), op.i32Shl, ...localSet(Q_END),
  ];
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK);
  code.push(...localGet(Q), ...localGet(Q_END), op.i32GeU, op.brIf, 1);
  if (variant.bias) {
    for (const [local, offset] of [[B0, 0], [B1, 8]]) code.push(...address(BIAS, Q), ...simdMem(simd.v128Load64Zero, 0, offset), ...promote, ...localSet(local));
  }
  if (variant.dark) {
    for (const [local, offset] of [[D0, 0], [D1, 8]]) {
      code.push(...localGet(DS), ...address(DARK, Q), ...simdMem(simd.v128Load64Zero, 0, offset), ...promote, ...simdOp(simd.f64x2Mul), ...localSet(local));
    }
  }
  code.push(...address(RAW, R), ...localSet(RF));
  for (let f = 0; f < n; f++) {
    code.push(...prepareFrame(variant, f), ...localSet(wire(f)));
    if (f < n - 1) code.push(...localGet(RF), ...localGet(STRIDE), op.i32Add, ...localSet(RF));
  }
  for (let f = 0; f < n; f++) {
    code.push(...localGet(wire(f)), ...localGet(wire(f)), ...simdOp(simd.f32x4Ne));
    if (f > 0) code.push(...simdOp(simd.v128Or));
  }
  code.push(...localTee(MASK), ...localGet(ANY), ...simdOp(simd.v128Or), ...localSet(ANY));
  const middle = medianWires(n);
  const network = pruneNetwork(sortingNetwork(n), middle);
  for (let c = 0; c < network.length; c += 2) {
    const a = wire(network[c]);
    const b = wire(network[c + 1]);
    code.push(...localGet(a), ...localGet(b), ...simdOp(simd.f32x4Pmin), ...localGet(a), ...localGet(b), ...simdOp(simd.f32x4Pmax), ...localSet(b), ...localSet(a));
  }
  code.push(...address(OUT, Q), ...localGet(NAN));
  if (middle.length === 1) {
    code.push(...localGet(wire(middle[0])));
  } else {
    const [low, high] = middle.map(wire);
    for (const second of [false, true]) {
      code.push(...half(low, second), ...promote, ...half(high, second), ...promote, ...simdOp(simd.f64x2Add));
      code.push(...localGet(HALF_CONST), ...simdOp(simd.f64x2Mul), ...demote, ...localSet(second ? W1 : W0));
    }
    code.push(...localGet(W0), ...localGet(W1), ...shuffle(JOIN_LOW_HALVES_LANES));
  }
  code.push(...localGet(MASK), ...simdOp(simd.v128Bitselect), ...simdMem(simd.v128Store, 0));
  code.push(...localGet(Q), ...i32Const(16), op.i32Add, ...localSet(Q));
  code.push(...localGet(R), ...i32Const(8), op.i32Add, ...localSet(R));
  code.push(op.br, 0, op.end, op.end);
  code.push(...localGet(ANY), ...simdOp(simd.v128AnyTrue));
  return functionBody([[I32_LOCALS, type.i32], [FIXED_V128_LOCALS + n, type.v128]], code);
}

function buildModule(variant: Variant): Uint8Array {
  const signature = [0x60, ...vector([[type.i32], [type.i32], [type.i32], [type.i32], [type.i32], [type.i32], [type.i32], [type.f64]]), ...vector([[type.i32]])];
  const sharedMemoryLimits = [0x03, ...leb128(0), ...leb128(65536)]; // flags: has maximum, shared
  return Uint8Array.from([
    ...MODULE_HEADER,
    ...section(sectionId.type, vector([signature])),
    ...section(sectionId.import, vector([[...name('env'), ...name('memory'), externalKind.memory, ...sharedMemoryLimits]])),
    ...section(sectionId.function, vector([[0]])),
    ...section(sectionId.export, vector([[...name('median16'), externalKind.function, 0]])),
    ...section(sectionId.code, vector([medianBody(variant)])),
  ]);
}
