/**
 * The checksum of checksum.ts in WebAssembly SIMD: per 16 bytes, a += v; b += a (i32x4.add
 * twice). It lives in the light path's module (calibrate-simd.ts) so that a worker sums a chunk
 * of raw bytes and of output right after the kernel made them, while they are still in cache.
 *
 *   (func $checksum (param $p i32) (param $groups i32) (param $state i32)
 *     $a = v128.load $state   $b = v128.load offset=16 $state
 *     $end = $p + ($groups << 4)
 *     (block (loop (br_if 1 (i32.ge_u $p $end))
 *       $a = i32x4.add $a (v128.load $p)   $b = i32x4.add $b $a   $p += 16   (br 0)))
 *     v128.store $state $a   v128.store offset=16 $state $b)
 */
import { EMPTY_BLOCK, i32Const, localGet, localSet, localTee, op, simd, simdMem, simdOp } from './wasm-emitter';
import { declareFunction, type KernelFunction } from './wasm-module';
import { CHECKSUM_GROUP_BYTES, type StreamChecksum } from './checksum';

/** checksum(p, groups, state): `groups` 16-byte groups at byte offset p into the 32-byte state at `state`. */
export type ChecksumEntry = (p: number, groups: number, state: number) => void;

/** The function, for a module over the arena's memory. */
export function checksumFunction(): KernelFunction {
  const fn = declareFunction({ name: 'checksum', params: { p: 'i32', groups: 'i32', state: 'i32' }, locals: { end: 'i32', a: 'v128', b: 'v128' } });
  const L = fn.local;
  return fn.body([
    ...localGet(L.state), ...simdMem(simd.v128Load, 0), ...localSet(L.a),
    ...localGet(L.state), ...simdMem(simd.v128Load, 0, 16), ...localSet(L.b),
    ...localGet(L.p), ...localGet(L.groups), ...i32Const(4), op.i32Shl, op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(L.p), ...localGet(L.end), op.i32GeU, op.brIf, 1,
    ...localGet(L.a), ...localGet(L.p), ...simdMem(simd.v128Load, 0), ...simdOp(simd.i32x4Add), ...localTee(L.a),
    ...localGet(L.b), ...simdOp(simd.i32x4Add), ...localSet(L.b),
    ...localGet(L.p), ...i32Const(CHECKSUM_GROUP_BYTES), op.i32Add, ...localSet(L.p),
    op.br, 0, op.end, op.end,
    ...localGet(L.state), ...localGet(L.a), ...simdMem(simd.v128Store, 0),
    ...localGet(L.state), ...localGet(L.b), ...simdMem(simd.v128Store, 0, 16),
  ]);
}

/**
 * `checksum` takes `byteLength` bytes at byte offset `p` of `memory` through the kernel, with
 * `scratch` (32 bytes, 16-byte aligned, in the same memory) holding the state while it runs; a
 * final partial group is taken by the JavaScript path (zero-padded), so only the last call of a
 * stream may pass a length that is not a multiple of 16.
 */
export function checksumInMemory(entry: ChecksumEntry, memory: { readonly buffer: ArrayBufferLike }, p: number, byteLength: number, scratch: number, checksum: StreamChecksum): void {
  const groups = Math.floor(byteLength / CHECKSUM_GROUP_BYTES);
  if (groups > 0) {
    const state = new Uint32Array(memory.buffer, scratch, 8);
    state.set(checksum.state);
    entry(p, groups, scratch);
    checksum.state.set(state);
    checksum.advancedByKernel(groups);
  }
  const rest = byteLength - groups * CHECKSUM_GROUP_BYTES;
  if (rest > 0) checksum.update(new Uint8Array(memory.buffer, p + groups * CHECKSUM_GROUP_BYTES, rest));
}
