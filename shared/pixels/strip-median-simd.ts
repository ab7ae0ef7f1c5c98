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
import { instantiate, moduleOf, type WasmMemory, type WasmModule } from './wasm-api';
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
  simdMem,
  simdOp,
  v128Const,
  WIDEN_INT16_LANES,
} from './wasm-emitter';
import { declareFunction, kernelModule, type KernelFunction } from './wasm-module';
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

/** Which kernel a strip needs: compiled per frame count, with only the steps it takes. */
export interface StripMedianVariant {
  readonly frames: number;
  readonly bias: boolean;
  readonly dark: boolean;
  readonly scale: boolean;
}

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
  const variant: StripMedianVariant = {
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

function compiledVariant(variant: StripMedianVariant): WasmModule | null {
  return moduleOf(`strip median (${variantKey(variant)})`, () => stripMedianKernelBytes(variant));
}

const variantKey = (v: StripMedianVariant): string => `${v.frames}:${v.bias ? 'b' : ''}${v.dark ? 'd' : ''}${v.scale ? 's' : ''}`;

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

/** The kernel's locals by name: its parameters, the loop's, then one v128 wire per frame (last). */
function medianFunction(frames: number) {
  const wires: Record<string, 'v128'> = {};
  for (let f = 0; f < frames; f++) wires[`wire${f}`] = 'v128';
  return declareFunction({
    name: 'median16',
    params: { raw: 'i32', stride: 'i32', n: 'i32', bias: 'i32', dark: 'i32', params: 'i32', out: 'i32', darkScale: 'f64' },
    locals: {
      q: 'i32', qEnd: 'i32', r: 'i32', rf: 'i32',
      widen: 'v128', nan: 'v128', ds: 'v128', halfConst: 'v128', b0: 'v128', b1: 'v128', d0: 'v128', d1: 'v128',
      rawV: 'v128', stored: 'v128', w: 'v128', w0: 'v128', w1: 'v128', mask: 'v128', any: 'v128',
      ...wires,
    },
    results: ['i32'],
  });
}
type Locals = ReturnType<typeof medianFunction>['local'] & Readonly<Record<string, number>>;

const f32Bytes = (value: number): number[] => Array.from(new Uint8Array(Float32Array.of(value).buffer));
const f64Bytes = (value: number): number[] => Array.from(new Uint8Array(Float64Array.of(value).buffer));

const promote = simdOp(simd.f64x2PromoteLowF32x4);
const demote = simdOp(simd.f32x4DemoteF64x2Zero);

/** Frame f's four prepared values, left on the stack. */
function prepareFrame(L: Locals, variant: StripMedianVariant, f: number): number[] {
  const code: number[] = [...localGet(L.rf), ...simdMem(simd.v128Load64Zero, 0), ...localSet(L.rawV)];
  code.push(...localGet(L.rawV), ...localGet(L.widen), ...simdOp(simd.i8x16Swizzle), ...i32Const(16), ...simdOp(simd.i32x4ShrS), ...localSet(L.stored));
  const param = (k: number) => [...localGet(L.params), ...simdMem(simd.v128Load64Splat, 3, f * STRIP_PARAMS_BYTES_PER_FRAME + k * 8)];
  for (const second of [false, true]) {
    code.push(...half(L.stored, second), ...simdOp(simd.f64x2ConvertLowI32x4S));
    code.push(...param(0), ...simdOp(simd.f64x2Mul), ...param(1), ...simdOp(simd.f64x2Add), ...demote, ...promote);
    if (variant.bias) code.push(...localGet(second ? L.b1 : L.b0), ...simdOp(simd.f64x2Sub));
    if (variant.dark) code.push(...localGet(second ? L.d1 : L.d0), ...simdOp(simd.f64x2Sub));
    code.push(...demote);
    if (variant.bias || variant.dark) {
      // w + (w − w): ±Infinity becomes NaN, as calibratePixels stores it
      code.push(...localTee(L.w), ...localGet(L.w), ...localGet(L.w), ...simdOp(simd.f32x4Sub), ...simdOp(simd.f32x4Add));
    }
    if (variant.scale) code.push(...promote, ...param(2), ...simdOp(simd.f64x2Mul), ...demote);
    code.push(...localSet(second ? L.w1 : L.w0));
  }
  code.push(...localGet(L.w0), ...localGet(L.w1), ...shuffle(JOIN_LOW_HALVES_LANES));
  return code;
}

function medianFunctionFor(variant: StripMedianVariant): KernelFunction {
  const n = variant.frames;
  const fn = medianFunction(n);
  const L = fn.local as Locals;
  const wire = (w: number): number => L[`wire${w}`];
  const code: number[] = [
    ...v128Const(WIDEN_INT16_LANES), ...localSet(L.widen),
    ...v128Const([...f32Bytes(NaN), ...f32Bytes(NaN), ...f32Bytes(NaN), ...f32Bytes(NaN)]), ...localSet(L.nan),
    ...v128Const([...f64Bytes(0.5), ...f64Bytes(0.5)]), ...localSet(L.halfConst),
    ...localGet(L.darkScale), ...simdOp(simd.f64x2Splat), ...localSet(L.ds),
    ...localGet(L.n), ...i32Const(-4), op.i32And, ...i32Const(2), op.i32Shl, ...localSet(L.qEnd),
  ];
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK);
  code.push(...localGet(L.q), ...localGet(L.qEnd), op.i32GeU, op.brIf, 1);
  if (variant.bias) {
    for (const [local, offset] of [[L.b0, 0], [L.b1, 8]]) code.push(...address(L.bias, L.q), ...simdMem(simd.v128Load64Zero, 0, offset), ...promote, ...localSet(local));
  }
  if (variant.dark) {
    for (const [local, offset] of [[L.d0, 0], [L.d1, 8]]) {
      code.push(...localGet(L.ds), ...address(L.dark, L.q), ...simdMem(simd.v128Load64Zero, 0, offset), ...promote, ...simdOp(simd.f64x2Mul), ...localSet(local));
    }
  }
  code.push(...address(L.raw, L.r), ...localSet(L.rf));
  for (let f = 0; f < n; f++) {
    code.push(...prepareFrame(L, variant, f), ...localSet(wire(f)));
    if (f < n - 1) code.push(...localGet(L.rf), ...localGet(L.stride), op.i32Add, ...localSet(L.rf));
  }
  for (let f = 0; f < n; f++) {
    code.push(...localGet(wire(f)), ...localGet(wire(f)), ...simdOp(simd.f32x4Ne));
    if (f > 0) code.push(...simdOp(simd.v128Or));
  }
  code.push(...localTee(L.mask), ...localGet(L.any), ...simdOp(simd.v128Or), ...localSet(L.any));
  const middle = medianWires(n);
  const network = pruneNetwork(sortingNetwork(n), middle);
  for (let c = 0; c < network.length; c += 2) {
    const a = wire(network[c]);
    const b = wire(network[c + 1]);
    code.push(...localGet(a), ...localGet(b), ...simdOp(simd.f32x4Pmin), ...localGet(a), ...localGet(b), ...simdOp(simd.f32x4Pmax), ...localSet(b), ...localSet(a));
  }
  code.push(...address(L.out, L.q), ...localGet(L.nan));
  if (middle.length === 1) {
    code.push(...localGet(wire(middle[0])));
  } else {
    const [low, high] = middle.map(wire);
    for (const second of [false, true]) {
      code.push(...half(low, second), ...promote, ...half(high, second), ...promote, ...simdOp(simd.f64x2Add));
      code.push(...localGet(L.halfConst), ...simdOp(simd.f64x2Mul), ...demote, ...localSet(second ? L.w1 : L.w0));
    }
    code.push(...localGet(L.w0), ...localGet(L.w1), ...shuffle(JOIN_LOW_HALVES_LANES));
  }
  code.push(...localGet(L.mask), ...simdOp(simd.v128Bitselect), ...simdMem(simd.v128Store, 0));
  code.push(...localGet(L.q), ...i32Const(16), op.i32Add, ...localSet(L.q));
  code.push(...localGet(L.r), ...i32Const(8), op.i32Add, ...localSet(L.r));
  code.push(op.br, 0, op.end, op.end);
  code.push(...localGet(L.any), ...simdOp(simd.v128AnyTrue));
  return fn.body(code);
}

/** The bytes of one variant of the kernel (exported for the golden text-form test). */
export function stripMedianKernelBytes(variant: StripMedianVariant): Uint8Array {
  return kernelModule([medianFunctionFor(variant)], { kind: 'imported-shared' });
}
