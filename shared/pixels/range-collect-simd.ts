/**
 * The values of an image that lie in one range, collected in WebAssembly SIMD: what the exact
 * median (statistics.ts medianLowMemory) needs once the histogram has found the bins holding
 * the middle ranks. Those bins hold a few pixels in a thousand, so the loop tests four pixels
 * per step and looks at a step's lanes only when one of them is in the range. Why: the
 * JavaScript loop it replaces cost ~30 ms of a 2048² flat's median, the kernel a few ms.
 *
 *   (func $collect (param $data i32) (param $n i32) (param $lo f64) (param $hi f64)
 *       (param $out i32) (param $capacity i32) (result i32)
 *     $LO, $HI = f32x4.splat (f32.demote $lo), … $hi       ;; float32 bounds (the caller's)
 *     whole vectors: $m = (f32x4.ge $v $LO) & (f32x4.lt $v $HI)
 *       (if (v128.any_true $m)  for each lane set: out[k] = v[lane] while k < capacity; k += 1)
 *     the last n % 4 one at a time: lo ≤ promote v < hi in float64 (the same test)
 *     $k)                                                   ;; the count, even past capacity
 */
import { EMPTY_BLOCK, i32Const, localGet, localSet, localTee, op, simd, simdLane, simdMem, simdOp } from './wasm-emitter';
import { declareFunction, type KernelFunction } from './wasm-module';

/** collect(data, n, lo, hi, out, capacity) → count: byte offsets, a count, float32 bounds, room for `capacity` values. */
export type CollectEntry = (data: number, n: number, lo: number, hi: number, out: number, capacity: number) => number;

function collectDeclaration() {
  return declareFunction({
    name: 'collect',
    params: { data: 'i32', n: 'i32', lo: 'f64', hi: 'f64', out: 'i32', capacity: 'i32' },
    locals: { p: 'i32', end: 'i32', last: 'i32', k: 'i32', x: 'f64', v: 'v128', m: 'v128', loV: 'v128', hiV: 'v128' },
    results: ['i32'],
  });
}

/** collect(data, n, lo, hi, out, capacity) → count, for a module over the arena's memory. */
export function collectFunction(): KernelFunction {
  const fn = collectDeclaration();
  const L = fn.local;
  const get = localGet;
  // if (k < capacity) store; k += 1
  const take = (store: number[]): number[] => [
    ...get(L.k), ...get(L.capacity), op.i32LtU, op.if, EMPTY_BLOCK, ...store, op.end,
    ...get(L.k), ...i32Const(1), op.i32Add, ...localSet(L.k),
  ];
  const slot = [...get(L.out), ...get(L.k), ...i32Const(2), op.i32Shl, op.i32Add]; // out + 4k
  const code: number[] = [
    ...get(L.lo), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...localSet(L.loV),
    ...get(L.hi), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...localSet(L.hiV),
    ...get(L.data), ...localSet(L.p),
    ...get(L.data), ...get(L.n), ...i32Const(-4), op.i32And, ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.end),
    ...get(L.data), ...get(L.n), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.last),
    // whole vectors: m = (v ≥ LO) & (v < HI); its lanes are looked at only when one is set
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.p), ...get(L.end), op.i32GeU, op.brIf, 1,
    ...get(L.p), ...simdMem(simd.v128Load, 0), ...localTee(L.v), ...get(L.loV), ...simdOp(simd.f32x4Ge),
    ...get(L.v), ...get(L.hiV), ...simdOp(simd.f32x4Lt), ...simdOp(simd.v128And), ...localTee(L.m),
    ...simdOp(simd.v128AnyTrue),
    op.if, EMPTY_BLOCK,
  ];
  for (let lane = 0; lane < 4; lane++) {
    code.push(...get(L.m), ...simdOp(simd.i32x4ExtractLane), lane, op.if, EMPTY_BLOCK);
    code.push(...take([...slot, ...get(L.v), ...simdLane(simd.v128Store32Lane, 0, 0, lane)]));
    code.push(op.end);
  }
  code.push(
    op.end,
    ...get(L.p), ...i32Const(16), op.i32Add, ...localSet(L.p),
    op.br, 0, op.end, op.end,
    // the last n % 4, one at a time, compared in float64 (the bounds are float32 values: the same test)
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.p), ...get(L.last), op.i32GeU, op.brIf, 1,
    ...get(L.p), op.f32Load, 2, 0, op.f64PromoteF32, ...localTee(L.x), ...get(L.lo), op.f64Ge,
    ...get(L.x), ...get(L.hi), op.f64Lt, op.i32And,
    op.if, EMPTY_BLOCK,
    ...take([...slot, ...get(L.p), op.i32Load, 2, 0, op.i32Store, 2, 0]),
    op.end,
    ...get(L.p), ...i32Const(4), op.i32Add, ...localSet(L.p),
    op.br, 0, op.end, op.end,
    ...get(L.k),
  );
  return fn.body(code);
}
