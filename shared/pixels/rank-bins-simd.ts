/**
 * The exact median's two passes after the summary (statistics.ts medianByKernel), compiled to
 * WebAssembly SIMD: count the pixels per rank bin, then collect the values of the bins holding
 * the middle ranks. A rank bin is computed in float32, four pixels per step:
 *
 *   bin(v) = min(top, i32.trunc_sat((v − min) · scale))        ;; f32x4.sub, f32x4.mul, i32x4.min_s
 *
 * Each step is monotone in v (rounding, truncation and min never reverse an order), so every bin
 * holds one run of the sorted values and the ranks found from the counts are exact; no bin edge
 * needs settling, unlike histogram()'s float64 bins. The caller takes the last n % 4 pixels
 * (rankBin below gives the same bins: float32 sums and products of float32 values computed in
 * float64 and rounded once more are the float32 ones). Why: histogram()'s kernel, one pixel at a
 * time in float64, took ~35 ms of a 2048² flat's median, and the JavaScript collection ~30 ms
 * more; the whole median now takes ~17 ms (test/bench/pixels-bench.ts --only=masters, busy cores).
 *
 *   rankCounts(data, n4, min, scale, top, counts):  counts[bin(v)] += 1 for the n4 pixels (n4 % 4 = 0)
 *   collectBins(data, n4, min, scale, top, first, last, out, capacity) → count:
 *     m = (bin ≥ first) & (bin ≤ last);  only a step with a lane set looks at its lanes:
 *     out[k] = v while k < capacity; k += 1.  The count, even past capacity.
 */
import { EMPTY_BLOCK, i32Const, localGet, localSet, localTee, op, simd, simdLane, simdMem, simdOp } from './wasm-emitter';
import { declareFunction, type KernelFunction } from './wasm-module';

/** rankCounts(data, n4, min, scale, top, counts). */
export type RankCountsEntry = (data: number, n4: number, min: number, scale: number, top: number, counts: number) => void;
/** collectBins(data, n4, min, scale, top, first, last, out, capacity) → count. */
export type CollectBinsEntry = (data: number, n4: number, min: number, scale: number, top: number, first: number, last: number, out: number, capacity: number) => number;

/** The rank bin of a float32 value, as the kernel computes it (min and scale float32 values, scale > 0). */
export function rankBin(v: number, min: number, scale: number, top: number): number {
  return Math.min(top, Math.trunc(Math.fround(Math.fround(v - min) * scale)));
}

const LOCALS = { p: 'i32', end: 'i32', k: 'i32', v: 'v128', b: 'v128', m: 'v128', minV: 'v128', scaleV: 'v128', topV: 'v128', firstV: 'v128', lastV: 'v128' } as const;

type BinLocals = { readonly data: number; readonly n4: number; readonly min: number; readonly scale: number; readonly top: number; readonly p: number; readonly end: number; readonly v: number; readonly b: number; readonly minV: number; readonly scaleV: number; readonly topV: number };

/** for (p = data; p < data + 4·n4; p += 16) { v = load p; b = bin(v); body } */
function loopOverBins(L: BinLocals, body: number[]): number[] {
  return [
    ...localGet(L.min), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...localSet(L.minV),
    ...localGet(L.scale), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...localSet(L.scaleV),
    ...localGet(L.top), ...simdOp(simd.i32x4Splat), ...localSet(L.topV),
    ...localGet(L.data), ...localSet(L.p),
    ...localGet(L.data), ...localGet(L.n4), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(L.p), ...localGet(L.end), op.i32GeU, op.brIf, 1,
    ...localGet(L.p), ...simdMem(simd.v128Load, 0), ...localTee(L.v),
    ...localGet(L.minV), ...simdOp(simd.f32x4Sub), ...localGet(L.scaleV), ...simdOp(simd.f32x4Mul),
    ...simdOp(simd.i32x4TruncSatF32x4S), ...localGet(L.topV), ...simdOp(simd.i32x4MinS), ...localSet(L.b),
    ...body,
    ...localGet(L.p), ...i32Const(16), op.i32Add, ...localSet(L.p),
    op.br, 0, op.end, op.end,
  ];
}

/** rankCounts, for the statistics module. */
export function rankCountsFunction(): KernelFunction {
  const fn = declareFunction({ name: 'rankCounts', params: { data: 'i32', n4: 'i32', min: 'f64', scale: 'f64', top: 'i32', counts: 'i32' }, locals: LOCALS });
  const L = fn.local;
  const body: number[] = [];
  for (let lane = 0; lane < 4; lane++) {
    // counts[b[lane]] += 1
    body.push(...localGet(L.counts), ...localGet(L.b), ...simdOp(simd.i32x4ExtractLane), lane, ...i32Const(2), op.i32Shl, op.i32Add, ...localTee(L.k));
    body.push(...localGet(L.k), op.i32Load, 2, 0, ...i32Const(1), op.i32Add, op.i32Store, 2, 0);
  }
  return fn.body(loopOverBins(L, body));
}

/** collectBins, for the statistics module. */
export function collectBinsFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'collectBins',
    params: { data: 'i32', n4: 'i32', min: 'f64', scale: 'f64', top: 'i32', first: 'i32', last: 'i32', out: 'i32', capacity: 'i32' },
    locals: LOCALS,
    results: ['i32'],
  });
  const L = fn.local;
  const body: number[] = [
    ...localGet(L.b), ...localGet(L.firstV), ...simdOp(simd.i32x4GeS),
    ...localGet(L.b), ...localGet(L.lastV), ...simdOp(simd.i32x4LeS), ...simdOp(simd.v128And), ...localTee(L.m),
    ...simdOp(simd.v128AnyTrue), op.if, EMPTY_BLOCK,
  ];
  for (let lane = 0; lane < 4; lane++) {
    body.push(...localGet(L.m), ...simdOp(simd.i32x4ExtractLane), lane, op.if, EMPTY_BLOCK);
    // if (k < capacity) out[k] = v[lane];  k += 1
    body.push(...localGet(L.k), ...localGet(L.capacity), op.i32LtU, op.if, EMPTY_BLOCK);
    body.push(...localGet(L.out), ...localGet(L.k), ...i32Const(2), op.i32Shl, op.i32Add, ...localGet(L.v), ...simdLane(simd.v128Store32Lane, 0, 0, lane));
    body.push(op.end, ...localGet(L.k), ...i32Const(1), op.i32Add, ...localSet(L.k), op.end);
  }
  body.push(op.end);
  const code = [
    ...localGet(L.first), ...simdOp(simd.i32x4Splat), ...localSet(L.firstV),
    ...localGet(L.last), ...simdOp(simd.i32x4Splat), ...localSet(L.lastV),
    ...loopOverBins(L, body),
    ...localGet(L.k),
  ];
  return fn.body(code);
}
