/**
 * The quality measurement's two hot loops in WebAssembly SIMD, over the memory the pixels lie in
 * (in a worker: its arena slot), each with a JavaScript twin that gives the same results.
 *
 * significanceRow, the star search: a row of 2×2-binned significances, read
 * straight from where the calibrated pixels lie (in a worker: its arena slot, as big-endian
 * float32), four binned pixels per step. The sky along the row is the mesh's blend of two cell
 * rows, level = a + d·ty (σ likewise), so the caller works it out once per pair of cell rows, not
 * for every row. sig = (S − 4·level) / (2·σ), S the sum of the 2×2 cell, −∞ where it is NaN (a
 * blank pixel is no signal). In float32, in this order, which binnedSignificance (detect-stars.ts)
 * repeats with Math.fround where there is no kernel, so both give the same bits and a frame
 * measures the same wherever it is measured.
 *
 *   (import "env" "memory" (memory 0 65536 shared))
 *   (func $significanceRow (param $top i32) (param $bottom i32) (param $n i32) (param $a i32) (param $d i32)
 *       (param $sa i32) (param $sd i32) (param $ty f64) (param $out i32) (param $bigEndian i32)
 *     $order = $bigEndian ? SWAP32 : identity          ;; swizzle lanes
 *     $t = f32x4.splat (f32.demote_f64 $ty)            ;; a float32 already: exact
 *     $end = ($n & -4) << 2                            ;; bytes of whole vectors of the outputs
 *     (block (loop (br_if 1 (i32.ge_u $q $end))
 *       $c0 = swizzle (v128.load $top + 2q) + swizzle (v128.load $bottom + 2q)             ;; column sums 0–3
 *       $c1 = swizzle (v128.load $top + 2q + 16) + swizzle (v128.load $bottom + 2q + 16)   ;; 4–7
 *       $s = shuffle($c0, $c1: even lanes) + shuffle($c0, $c1: odd lanes)                 ;; the 2×2 sums
 *       $level = (v128.load $a + q) + (v128.load $d + q) · $t;  $sigma likewise from $sa, $sd
 *       $v = ($s − $level · 4) / ($sigma · 2)
 *       v128.store ($out + q) (bitselect $v −∞ (f32x4.eq $v $v))
 *       $q += 16  (br 0)))
 *
 * The last n % 4 binned pixels are the caller's (it reads them by hand).
 *
 * countAtLeast16, the saturation: how many big-endian int16 raw values of a row reach a stored
 * value (the caller turns the level into the least stored value that reaches it), eight a step:
 *
 *   (func $countAtLeast16 (param $p i32) (param $n i32) (param $least i32) (result i32)
 *     $t = i16x8.splat $least   $end = $p + (($n & -8) << 1)
 *     (block (loop (br_if 1 (i32.ge_u $p $end))
 *       $counts = i16x8.sub $counts (i16x8.ge_s (swizzle (v128.load $p) SWAP16) $t)   ;; true lanes are −1
 *       $p += 16  (br 0)))
 *     the sum of the eight lanes of $counts
 *
 * (a lane counts at most n/8 values: rows up to 262,000 pixels). The last n % 8 are the caller's.
 */
import { address, EMPTY_BLOCK, i32Const, leb128, localGet, localSet, op, shuffle, simd, simdMem, simdOp, SWAP32_LANES, v128Const } from '../pixels/wasm-emitter';
import type { KernelFunction } from '../pixels/wasm-module';
import { declareFunction, kernelModule } from '../pixels/wasm-module';
import { instantiate, moduleOf, type WasmMemory, type WasmModule } from '../pixels/wasm-api';

/** The kernel over one shared memory; every argument a byte offset in it but `n` and `bigEndian`. */
export interface QualityKernel {
  readonly memory: WasmMemory;
  /**
   * out[i] = the significance of binned pixel i < n − n % 4 of the rows at `top` and `bottom`
   * (float32, big-endian when asked), the sky a[i] + d[i]·ty and σ sa[i] + sd[i]·ty (float32
   * arrays of n, host order; ty a float32 value).
   */
  row(top: number, bottom: number, n: number, a: number, d: number, sa: number, sd: number, ty: number, out: number, bigEndian: boolean): void;
  /** Of the n − n % 8 big-endian int16 values at `p`, how many are ≥ least (−32768 ≤ least ≤ 32767). */
  countAtLeast16(p: number, n: number, least: number): number;
  /**
   * localMaxima of detect-stars.ts over the band of float32 significances at `sig` (rows 1…h and
   * columns 1…w of `stride`): the indices of the maxima into the int32 array at `out`; how many.
   */
  localMaxima(sig: number, stride: number, h: number, w: number, threshold: number, out: number): number;
  /** True when one of the big-endian int16 values of `rows` rows of `count` at `p` (rows `rowBytes` apart) is ≥ least: a star's core at saturation. */
  anyAtLeast16(p: number, rowBytes: number, rows: number, count: number, least: number): boolean;
}

/** Bytes of each 16-bit lane reversed: big-endian int16 ↔ host order. */
const SWAP16_LANES = [1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14];

const IDENTITY_LANES = Array.from({ length: 16 }, (_, i) => i);
/** Lanes 0 and 2 of two vectors (the even columns of eight), then 1 and 3 (the odd ones). */
const EVEN_LANES = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
const ODD_LANES = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31];
const f32Bytes = (value: number): number[] => Array.from(new Uint8Array(Float32Array.of(value, value, value, value).buffer));

/** The kernel compiled, once per thread (or adopted from main); null where the engine lacks WebAssembly SIMD or threads. */
export function compiledQualityKernel(): WasmModule | null {
  return moduleOf('quality measurement', qualityKernelBytes);
}

const instances = new WeakMap<object, QualityKernel | null>();

/** The kernel over `memory`, made once per memory and thread; null where there is none. */
export function qualityKernelOf(memory: WasmMemory): QualityKernel | null {
  if (!instances.has(memory)) instances.set(memory, createQualityKernel(memory));
  return instances.get(memory)!;
}

/** The kernel over `memory` (a shared WebAssembly.Memory), or null where the engine refuses it. */
export function createQualityKernel(memory: WasmMemory): QualityKernel | null {
  const module = compiledQualityKernel();
  if (module === null || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  const exports = instantiate(module, { env: { memory } });
  if (exports === null) return null;
  const entry = exports.significanceRow as (top: number, bottom: number, n: number, a: number, d: number, sa: number, sd: number, ty: number, out: number, bigEndian: number) => void;
  const count = exports.countAtLeast16 as (p: number, n: number, least: number) => number;
  const maxima = exports.localMaxima as (sig: number, stride: number, h: number, w: number, threshold: number, out: number) => number;
  const any = exports.anyAtLeast16 as (p: number, rowBytes: number, rows: number, count: number, least: number) => number;
  return {
    memory,
    anyAtLeast16(p, rowBytes, rows, count, least) {
      if (rows <= 0 || count <= 0) return false;
      const last = p + (rows - 1) * rowBytes + 2 * count;
      if (!Number.isInteger(p) || p < 0 || rowBytes < 0 || last > memory.buffer.byteLength) throw new RangeError(`saturation kernel: ${rows} rows of ${count} values at ${p} are outside the ${memory.buffer.byteLength}-byte memory`);
      return any(p, rowBytes, rows, count, least) === 1;
    },
    localMaxima(sig, stride, h, w, threshold, out) {
      const bytes = memory.buffer.byteLength;
      const band = 4 * (h + 2) * stride;
      if (!(w + 2 <= stride && h >= 0) || sig < 0 || sig + band > bytes || out < 0 || out + band > bytes || sig % 4 !== 0 || out % 4 !== 0) {
        throw new RangeError(`local maxima kernel: a band of ${h + 2}×${stride} at ${sig} (maxima at ${out}) does not fit the ${bytes}-byte memory`);
      }
      return maxima(sig, stride, h, w, threshold, out);
    },
    countAtLeast16(p, n, least) {
      const bytes = 2 * (n - (n % 8));
      if (!Number.isInteger(p) || p < 0 || p + bytes > memory.buffer.byteLength) throw new RangeError(`saturation kernel: bytes [${p}, ${p + bytes}) are outside the ${memory.buffer.byteLength}-byte memory`);
      if (!Number.isInteger(least) || least < -32768 || least > 32767) throw new RangeError(`saturation kernel: ${least} is not a 16-bit value`);
      if (n > 262_000) throw new RangeError(`saturation kernel: a row of ${n} values is longer than its counts hold`);
      return count(p, n, least);
    },
    row(top, bottom, n, a, d, sa, sd, ty, out, bigEndian) {
      const bytes = memory.buffer.byteLength;
      const whole = n - (n % 4);
      // checked without building a list: this runs for every row searched
      const outside = (at: number, length: number) => !Number.isInteger(at) || at < 0 || at + length > bytes;
      if (outside(top, 8 * whole) || outside(bottom, 8 * whole) || outside(a, 4 * whole) || outside(d, 4 * whole) || outside(sa, 4 * whole) || outside(sd, 4 * whole) || outside(out, 4 * whole)) {
        const regions = [['top', top, 8 * whole], ['bottom', bottom, 8 * whole], ['a', a, 4 * whole], ['d', d, 4 * whole], ['sa', sa, 4 * whole], ['sd', sd, 4 * whole], ['out', out, 4 * whole]] as const;
        const [label, at, length] = regions.find(([, at, length]) => outside(at, length))!;
        throw new RangeError(`significance kernel: ${label} bytes [${at}, ${at + length}) are outside the ${bytes}-byte memory`);
      }
      entry(top, bottom, n, a, d, sa, sd, Math.fround(ty), out, bigEndian ? 1 : 0);
    },
  };
}

/** The module's bytes (exported for the golden text-form test). */
export function qualityKernelBytes(): Uint8Array {
  return kernelModule([significanceFunction(), countFunction(), maximaFunction(), anyFunction()], { kind: 'imported-shared' });
}

function countFunction(): KernelFunction {
  const fn = declareFunction({ name: 'countAtLeast16', params: { p: 'i32', n: 'i32', least: 'i32' }, locals: { end: 'i32', t: 'v128', counts: 'v128', swap: 'v128' }, results: ['i32'] });
  const L = fn.local;
  const code: number[] = [
    ...localGet(L.least), ...simdOp(simd.i16x8Splat), ...localSet(L.t),
    ...v128Const(SWAP16_LANES), ...localSet(L.swap),
    ...localGet(L.p), ...localGet(L.n), ...i32Const(-8), op.i32And, ...i32Const(1), op.i32Shl, op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(L.p), ...localGet(L.end), op.i32GeU, op.brIf, 1,
    ...localGet(L.counts),
    ...localGet(L.p), ...simdMem(simd.v128Load, 0), ...localGet(L.swap), ...simdOp(simd.i8x16Swizzle), ...localGet(L.t), ...simdOp(simd.i16x8GeS),
    ...simdOp(simd.i16x8Sub), ...localSet(L.counts),
    ...localGet(L.p), ...i32Const(16), op.i32Add, ...localSet(L.p),
    op.br, 0, op.end, op.end,
  ];
  // the eight lanes' sum, left on the stack
  for (let lane = 0; lane < 8; lane++) {
    code.push(...localGet(L.counts), ...simdOp(simd.i16x8ExtractLaneS), lane);
    if (lane > 0) code.push(op.i32Add);
  }
  return fn.body(code);
}

function significanceFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'significanceRow',
    params: { top: 'i32', bottom: 'i32', n: 'i32', a: 'i32', d: 'i32', sa: 'i32', sd: 'i32', ty: 'f64', out: 'i32', bigEndian: 'i32' },
    locals: { q: 'i32', q2: 'i32', end: 'i32', order: 'v128', four: 'v128', two: 'v128', minusInf: 'v128', t: 'v128', c0: 'v128', c1: 'v128', v: 'v128' },
  });
  const L = fn.local;
  // base[q] + step[q] · t: the sky between the two cell rows
  const blend = (base: number, step: number) => [
    ...address(base, L.q), ...simdMem(simd.v128Load, 0),
    ...address(step, L.q), ...simdMem(simd.v128Load, 0), ...localGet(L.t), ...simdOp(simd.f32x4Mul), ...simdOp(simd.f32x4Add),
  ];
  const load = (base: number, offset: number) => [...address(base, L.q2), ...simdMem(simd.v128Load, 0, offset), ...localGet(L.order), ...simdOp(simd.i8x16Swizzle)];
  const code: number[] = [
    ...v128Const(IDENTITY_LANES), ...localSet(L.order),
    ...localGet(L.bigEndian), op.if, EMPTY_BLOCK, ...v128Const(SWAP32_LANES), ...localSet(L.order), op.end,
    ...v128Const(f32Bytes(4)), ...localSet(L.four),
    ...v128Const(f32Bytes(2)), ...localSet(L.two),
    ...v128Const(f32Bytes(-Infinity)), ...localSet(L.minusInf),
    ...localGet(L.ty), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...localSet(L.t),
    ...localGet(L.n), ...i32Const(-4), op.i32And, ...i32Const(2), op.i32Shl, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(L.q), ...localGet(L.end), op.i32GeU, op.brIf, 1,
    // column sums of the two rows, columns 0–3 and 4–7 of these eight
    ...load(L.top, 0), ...load(L.bottom, 0), ...simdOp(simd.f32x4Add), ...localSet(L.c0),
    ...load(L.top, 16), ...load(L.bottom, 16), ...simdOp(simd.f32x4Add), ...localSet(L.c1),
    // the 2×2 sums: even columns plus odd ones
    ...localGet(L.c0), ...localGet(L.c1), ...shuffle(EVEN_LANES),
    ...localGet(L.c0), ...localGet(L.c1), ...shuffle(ODD_LANES), ...simdOp(simd.f32x4Add),
    ...blend(L.a, L.d), ...localGet(L.four), ...simdOp(simd.f32x4Mul), ...simdOp(simd.f32x4Sub),
    ...blend(L.sa, L.sd), ...localGet(L.two), ...simdOp(simd.f32x4Mul), ...simdOp(simd.f32x4Div), ...localSet(L.v),
    // NaN → −∞
    ...address(L.out, L.q), ...localGet(L.v), ...localGet(L.minusInf), ...localGet(L.v), ...localGet(L.v), ...simdOp(simd.f32x4Eq), ...simdOp(simd.v128Bitselect), ...simdMem(simd.v128Store, 0),
    ...localGet(L.q), ...i32Const(16), op.i32Add, ...localSet(L.q),
    ...localGet(L.q2), ...i32Const(32), op.i32Add, ...localSet(L.q2),
    op.br, 0, op.end, op.end,
  ];
  return fn.body(code);
}

/** Comparisons and a float32 load with its alignment and constant offset (core instructions). */
const F64_GT = 0x64;
const F64_GE = 0x66;
const I32_MUL = 0x6c;
const f32Load = (offset: number) => [op.f32Load, 2, ...leb128(offset)];

/**
 * localMaxima (detect-stars.ts): v > threshold (in float64, as JavaScript compares; float32 values
 * compare the same promoted), strictly
 * above the four neighbours before it and at least equal to the four after; the index (in floats
 * from $sig) of each stored at $out.
 */
function maximaFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'localMaxima',
    params: { sig: 'i32', stride: 'i32', h: 'i32', w: 'i32', threshold: 'f64', out: 'i32' },
    locals: { y: 'i32', p: 'i32', end: 'i32', s4: 'i32', n: 'i32', v: 'f64' },
    results: ['i32'],
  });
  const L = fn.local;
  const get = localGet;
  // v against the pixel at p + delta (bytes; delta may be negative: the address is computed)
  const against = (delta: number[], cmp: number) => [...get(L.v), ...get(L.p), ...delta, op.i32Add, ...f32Load(0), op.f64PromoteF32, cmp];
  const minus = (k: number) => [...i32Const(0), ...get(L.s4), op.i32Sub, ...i32Const(k), op.i32Add];
  const plus = (k: number) => [...get(L.s4), ...i32Const(k), op.i32Add];
  const code: number[] = [
    ...get(L.stride), ...i32Const(2), op.i32Shl, ...localSet(L.s4),
    ...i32Const(1), ...localSet(L.y),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.y), ...get(L.h), op.i32GtS, op.brIf, 1,
    ...get(L.sig), ...get(L.y), ...get(L.stride), I32_MUL, ...i32Const(1), op.i32Add, ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.p),
    ...get(L.p), ...get(L.w), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.p), ...get(L.end), op.i32GeU, op.brIf, 1,
    ...get(L.p), ...f32Load(0), op.f64PromoteF32, ...localSet(L.v),
    ...get(L.v), ...get(L.threshold), F64_GT,
    op.if, EMPTY_BLOCK,
    ...against(minus(-4), F64_GT), ...against(minus(0), F64_GT), op.i32And, ...against(minus(4), F64_GT), op.i32And,
    ...against(i32Const(-4), F64_GT), op.i32And, ...against(i32Const(4), F64_GE), op.i32And,
    ...against(plus(-4), F64_GE), op.i32And, ...against(plus(0), F64_GE), op.i32And, ...against(plus(4), F64_GE), op.i32And,
    op.if, EMPTY_BLOCK,
    ...get(L.out), ...get(L.n), ...i32Const(2), op.i32Shl, op.i32Add,
    ...get(L.p), ...get(L.sig), op.i32Sub, ...i32Const(2), 0x75 /* i32.shr_s */,
    op.i32Store, 2, 0,
    ...get(L.n), ...i32Const(1), op.i32Add, ...localSet(L.n),
    op.end,
    op.end,
    ...get(L.p), ...i32Const(4), op.i32Add, ...localSet(L.p),
    op.br, 0, op.end, op.end,
    ...get(L.y), ...i32Const(1), op.i32Add, ...localSet(L.y),
    op.br, 0, op.end, op.end,
    ...get(L.n),
  ];
  return fn.body(code);
}

/**
 * anyAtLeast16: 1 when a big-endian int16 of the box is ≥ $least (the value read as JavaScript
 * reads it: ((v & 0xff) << 24 >> 16) | (v >>> 8), v the 16 bits as stored), else 0.
 */
function anyFunction(): KernelFunction {
  const fn = declareFunction({ name: 'anyAtLeast16', params: { p: 'i32', rowBytes: 'i32', rows: 'i32', count: 'i32', least: 'i32' }, locals: { r: 'i32', q: 'i32', end: 'i32', v: 'i32' }, results: ['i32'] });
  const L = fn.local;
  const get = localGet;
  return fn.body([
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.r), ...get(L.rows), op.i32GeS, op.brIf, 1,
    ...get(L.p), ...get(L.r), ...get(L.rowBytes), I32_MUL, op.i32Add, ...localSet(L.q),
    ...get(L.q), ...get(L.count), ...i32Const(1), op.i32Shl, op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.q), ...get(L.end), op.i32GeU, op.brIf, 1,
    ...get(L.q), 0x2f /* i32.load16_u */, 1, 0, ...localSet(L.v),
    ...get(L.v), ...i32Const(0xff), op.i32And, ...i32Const(24), op.i32Shl, ...i32Const(16), 0x75 /* i32.shr_s */,
    ...get(L.v), ...i32Const(8), 0x76 /* i32.shr_u */, op.i32Or,
    ...get(L.least), op.i32GeS, op.if, EMPTY_BLOCK, ...i32Const(1), 0x0f /* return */, op.end,
    ...get(L.q), ...i32Const(2), op.i32Add, ...localSet(L.q),
    op.br, 0, op.end, op.end,
    ...get(L.r), ...i32Const(1), op.i32Add, ...localSet(L.r),
    op.br, 0, op.end, op.end,
    ...i32Const(0),
  ]);
}
