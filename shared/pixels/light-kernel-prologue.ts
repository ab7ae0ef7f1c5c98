/**
 * What the light path's kernels (calibrate-simd.ts, and the flats' preparation in
 * prepare-simd.ts) set up before their loop, in one place so that the two compute alike: the
 * scaling factors splatted to f64x2, the constant vectors, where whole vectors of four pixels
 * end ($qEnd, a byte offset in the float32 arrays), the last n % 4 pixels ($rem), and the raw
 * cursor $r at the start of the stored bytes.
 */
import { i32Const, localGet, localSet, op, simd, simdOp, SWAP32_LANES, v128Const, WIDEN_INT16_LANES } from './wasm-emitter';

/** The locals (by index) the prologue reads and sets. */
export type PrologueLocals = Readonly<Record<'bzero' | 'bscale' | 'darkScale' | 'bz' | 'bs' | 'ds' | 'zero' | 'swap32' | 'widen' | 'n' | 'qEnd' | 'rem' | 'raw' | 'r', number>>;

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
