/**
 * The steps the light path's kernels share (calibrate-simd.ts, and the flats' preparation in
 * prepare-simd.ts), in one place so that the two compute alike: what they set up before their
 * loop (the scaling factors splatted to f64x2, the constant vectors, where whole vectors of four
 * pixels end: $qEnd, a byte offset in the float32 arrays, the last n % 4 pixels: $rem, and the
 * raw cursor $r at the start of the stored bytes), the stored values of four pixels in host
 * order, and a master's pixel pairs.
 */
import { address, half, i32Const, localGet, localSet, op, simd, simdMem, simdOp, SWAP32_LANES, v128Const, WIDEN_INT16_LANES } from './wasm-emitter';

/** The locals (by index) the prologue reads and sets. */
export type PrologueLocals = Readonly<Record<'bzero' | 'bscale' | 'darkScale' | 'bz' | 'bs' | 'ds' | 'zero' | 'swap32' | 'widen' | 'n' | 'qEnd' | 'rem' | 'raw' | 'r', number>>;

/** The locals the per-pixel steps read and set. */
export type StepLocals = Readonly<Record<'rawV' | 'widen' | 'swap32' | 'stored' | 'q', number>>;

/** Where a master's pixel pairs come from: 8-byte loads at $q (whole vectors), or locals built lane by lane (the last n % 4 pixels). */
export type MasterSource = 'memory' | 'locals';

/** The prologue's code. */
export function lightKernelPrologue(L: PrologueLocals): number[] {
  const splat = (param: number, local: number) => [...localGet(param), ...simdOp(simd.f64x2Splat), ...localSet(local)];
  return [
    ...splat(L.bzero, L.bz),
    ...splat(L.bscale, L.bs),
    ...splat(L.darkScale, L.ds),
    ...v128Const(new Array(16).fill(0)), ...localSet(L.zero),
    ...v128Const(SWAP32_LANES), ...localSet(L.swap32),
    ...v128Const(WIDEN_INT16_LANES), ...localSet(L.widen),
    ...localGet(L.n), ...i32Const(-4), op.i32And, ...i32Const(2), op.i32Shl, ...localSet(L.qEnd),
    ...localGet(L.n), ...i32Const(3), op.i32And, ...localSet(L.rem),
    ...localGet(L.raw), ...localSet(L.r),
  ];
}

/** $stored = the four stored values of $rawV in host order: int16 byte-swapped and sign-extended to i32, or float32 byte-swapped. */
export function decodeStored(L: StepLocals, format: 'int16' | 'float32'): number[] {
  return format === 'int16'
    ? [...localGet(L.rawV), ...localGet(L.widen), ...simdOp(simd.i8x16Swizzle), ...i32Const(16), ...simdOp(simd.i32x4ShrS), ...localSet(L.stored)]
    : [...localGet(L.rawV), ...localGet(L.swap32), ...simdOp(simd.i8x16Swizzle), ...localSet(L.stored)];
}

/** One master's pixels 0–1 or 2–3 of the four at $q (from `base`, or the vector `local`), as float32 in lanes 0–1. */
export function masterHalf(L: StepLocals, source: MasterSource, base: number, local: number, second: boolean): number[] {
  return source === 'memory' ? [...address(base, L.q), ...simdMem(simd.v128Load64Zero, 0, second ? 8 : 0)] : half(local, second);
}
