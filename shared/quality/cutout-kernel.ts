/**
 * The star cut-outs' per-pixel loops in WebAssembly: reading a cut-out from where the calibrated
 * pixels lie (big-endian in a worker's slot) into scratch beside them, and the weighted sums of
 * the adaptive moments (star-shape.ts) and the template fit (psf-template.ts), one pass over
 * the whole cut-out a call. Why: a worker measures only a few dozen lights, and JavaScript runs
 * its first ones in the interpreter (200–300 ms a worker, most of it in these loops);
 * WebAssembly is compiled once, in main, before it runs. A call does a whole pass, each row's
 * window and weights computed inside (exp as wasm-exp.ts gives it), so what stays in JavaScript
 * is the iteration around it, a few lines a worker optimises quickly. Each function does the JavaScript loop's
 * float64 operations in the same order (no fused operations in either), so both give the same
 * bits (test/shared/quality/cutout-kernel.test.ts).
 *
 *   (func $cutout (param $src $rowBytes $rows $count $out $outRowBytes i32) (param $level f64) (param $bigEndian $pixelBytes i32)
 *     for each of $rows rows, $count pixels $pixelBytes apart: f32.store $out (f32.demote (f64.promote
 *     (pixel, bytes reversed when $bigEndian)) − $level)), then $src += $rowBytes, $out += $outRowBytes
 *     (also the sky's sample grid, sky-kernel.ts)
 *   (func $momentsRow (param $at $end i32) (param $dx $dy $w $ratio $kx f64) (param $acc i32)
 *     s0, sw2, sx, sy, sxx, syy, sxy at $acc (f64); for each float32 v at $at … $end (inclusive) that
 *     is not NaN: wv = w·v; s0 += wv; sw2 += w·w; sx += wv·dx; sy += wv·dy; sxx += wv·dx·dx;
 *     syy += wv·dy·dy; sxy += wv·dx·dy — after every pixel dx += 1, w ·= ratio, ratio ·= kx
 *   (func $centroidRow …)  s0, sx, sy: gv = g·v; s0 += gv; sx += gv·dx; sy += gv·dy
 *   (func $templateRow …)  n, sumG, sumG2, sumV, sumGV, s0, sxx, syy: n += 1; sumG += g;
 *     sumG2 += g·g; sumV += v; sumGV += g·v; s0 += g·v; sxx += g·v·dx·dx; syy += g·v·dy·dy
 *   (func $momentsPass, $centroidPass, $templatePass (param $at $side $x0 $y0 i32) (param $cx $cy $ixx $ixy $iyy $kx $limit f64) (param $acc i32))
 *     the row function on each row of the side × side cut-out inside the window (passFunction below)
 *   (func $exp (param $x f64) (result f64))  Math.exp's bits (wasm-exp.ts)
 *   (func $rings (param $at $side $x0 $y0 i32) (param $cx $cy $ixx $ixy $iyy $step f64) (param $bins $sums i32)
 *     for each pixel of the side × side cut-out that is not NaN: dx = (x0 + c) − cx, dy = (y0 + r) − cy,
 *     ρ = √(ixx·dx·dx + 2·ixy·dx·dy + iyy·dy·dy), k = ⌊ρ / step⌋; when k < bins:
 *     sumV[k] += v, sumR[k] += ρ, count[k] += 1 (the three arrays of $bins float64 one after another)
 */
import { EMPTY_BLOCK, f64Const, HIGH_HALF_LANES, i32Const, JOIN_LOW_HALVES_LANES, leb128, localGet, localSet, op, shuffle, simd, simdMem, simdOp, SWAP32_LANES } from '../pixels/wasm-emitter';
import { expFunction } from '../pixels/wasm-exp';
import { declareFunction, kernelModule, type KernelFunction } from '../pixels/wasm-module';
import { instantiate, moduleOf, type WasmMemory, type WasmModule } from '../pixels/wasm-api';
import type { PixelRows, WasmPixels } from './pixel-rows';
import { fitMoffatGauss } from './profile-fit';
import { FIT_MAX_RINGS, FIT_WORK_FLOATS, profileFitKernelOf } from './profile-fit-kernel';

/** Bytes at the end of a frame's quality scratch that cut-outs take (one at a time): about 15,000 pixels, the sums and the fit's scratch before them. */
export const CUTOUT_SCRATCH_BYTES = 64 * 1024;
/** Most rings of a profile fit the kernel sums (fitProfile uses at most 40). */
const MAX_BINS = FIT_MAX_RINGS;
/** The row sums, the rings' three arrays, then the profile fit's rings (three arrays), parameters and scratch (profile-fit-kernel.ts). */
const FIT_AT = 8 + 3 * MAX_BINS;
const SUMS_BYTES = 8 * (FIT_AT + 3 * MAX_BINS + 4 + FIT_WORK_FLOATS);

/** The kernel and its scratch for one frame's pixels: `values` and `sums` lie in the pixels' memory. */
export interface CutoutKernel {
  /** Room for the cut-out's pixels (float32), and the running sums the row functions add to. */
  readonly values: Float32Array;
  readonly sums: Float64Array;
  /** values[at + r·side + i] = pixel (x0 + i, y0 + r) − level for r < rows, i < count (the caller keeps inside the image). */
  cutout(x0: number, y0: number, rows: number, count: number, side: number, at: number, level: number): void;
  /**
   * One pass's sums over the side × side cut-out at (x0, y0) in `values`, in `sums` (returned):
   * 7 for the moments, 3 for the template's centroid, 8 for its fit (see above). The weight is
   * centred at (cx, cy) with inverse covariance (ixx, ixy, iyy), kx = exp(−ixx), inside its
   * window: the ellipse q ≤ limit (moments) or the circle of radius² limit (the template's).
   */
  pass(kind: PassKind, side: number, x0: number, y0: number, cx: number, cy: number, ixx: number, ixy: number, iyy: number, kx: number, limit: number): Float64Array;
  /** The rings' sums of values, radii and counts (fitProfile) over the side × side cut-out at (x0, y0), into bins[0, 3·bins). */
  rings(side: number, x0: number, y0: number, cx: number, cy: number, ixx: number, ixy: number, iyy: number, step: number, bins: number): void;
  readonly bins: Float64Array;
  readonly maxBins: number;
  /** fitMoffatGauss (profile-fit.ts) of at most maxBins rings, by its kernel: the fit, or null when it fails. */
  fitProfile(rs: readonly number[], vs: readonly number[], ns: readonly number[], start: readonly number[]): number[] | null;
}

/** The sums a pass adds up (see CutoutKernel.pass). */
export type PassKind = 'moments' | 'centroid' | 'template';

type PassFunction = (at: number, side: number, x0: number, y0: number, cx: number, cy: number, ixx: number, ixy: number, iyy: number, kx: number, limit: number, acc: number) => void;

/** The module's exports (byte offsets in its memory; see above). */
export type CutoutFunctions = {
  cutout(src: number, rowBytes: number, rows: number, count: number, out: number, outRowBytes: number, level: number, bigEndian: number, pixelBytes: number): void;
  momentsPass: PassFunction;
  centroidPass: PassFunction;
  templatePass: PassFunction;
  rings(at: number, side: number, x0: number, y0: number, cx: number, cy: number, ixx: number, ixy: number, iyy: number, step: number, bins: number, sums: number): void;
};

/** The kernel compiled, once per thread (or adopted from main); null where the engine lacks WebAssembly SIMD or threads. */
export function compiledCutoutKernel(): WasmModule | null {
  return moduleOf('star cut-out', cutoutKernelBytes);
}

const instances = new WeakMap<WasmMemory, CutoutFunctions | null>();
const kernels = new WeakMap<WasmPixels, CutoutKernel | null>();

/** The module's functions over `memory`, instantiated once per memory and thread; null where there is no kernel. */
export function cutoutFunctionsOf(memory: WasmMemory): CutoutFunctions | null {
  if (!instances.has(memory)) {
    const compiled = compiledCutoutKernel();
    const exports = compiled === null || !(memory.buffer instanceof SharedArrayBuffer) ? null : instantiate(compiled, { env: { memory } });
    instances.set(memory, exports as CutoutFunctions | null);
  }
  return instances.get(memory)!;
}

/** The cut-out kernel for pixels in a WebAssembly memory (its scratch the last CUTOUT_SCRATCH_BYTES of theirs); null where there is none or no room. */
export function cutoutKernelOf(image: PixelRows & { readonly wasm: WasmPixels }): CutoutKernel | null {
  let kernel = kernels.get(image.wasm);
  if (kernel === undefined) kernels.set(image.wasm, (kernel = createCutoutKernel(image.wasm, image.width, image.height)));
  return kernel;
}

function createCutoutKernel(wasm: WasmPixels, imageWidth: number, imageHeight: number): CutoutKernel | null {
  const { memory } = wasm;
  const end = Math.floor((wasm.scratch + wasm.scratchBytes) / 16) * 16;
  const sumsAt = end - CUTOUT_SCRATCH_BYTES;
  if (sumsAt < Math.ceil(wasm.scratch / 16) * 16 || end > memory.buffer.byteLength) return null;
  const fns = cutoutFunctionsOf(memory);
  if (fns === null) return null;
  const values = new Float32Array(memory.buffer, sumsAt + SUMS_BYTES, (CUTOUT_SCRATCH_BYTES - SUMS_BYTES) / 4);
  const sums = new Float64Array(memory.buffer, sumsAt, 8);
  const bins = new Float64Array(memory.buffer, sumsAt + 64, 3 * MAX_BINS);
  const fit = profileFitKernelOf(memory);
  const rings = new Float64Array(memory.buffer, sumsAt + 8 * FIT_AT, 3 * MAX_BINS + 4);
  const ringsAt = rings.byteOffset;
  const pAt = ringsAt + 8 * 3 * MAX_BINS;
  const workAt = pAt + 32;
  const base = values.byteOffset;
  const width = 4 * imageWidth;
  const bigEndian = wasm.bigEndian ? 1 : 0;
  const passes: Record<PassKind, PassFunction> = { moments: fns.momentsPass, centroid: fns.centroidPass, template: fns.templatePass };
  const inside = (from: number, to: number) => {
    if (!(from >= 0 && to < values.length)) throw new RangeError(`cut-out kernel: values [${from}, ${to}] are outside its ${values.length}`);
  };
  return {
    values,
    sums,
    bins,
    maxBins: MAX_BINS,
    fitProfile(rs, vs, ns, start) {
      const n = rs.length;
      if (!(n <= MAX_BINS && vs.length === n && ns.length === n && start.length === 4)) throw new RangeError(`profile fit kernel: ${n} rings, ${MAX_BINS} at most`);
      if (fit === null) return fitMoffatGauss(rs as number[], vs as number[], ns as number[], start as number[]);
      for (let i = 0; i < n; i++) {
        rings[i] = rs[i];
        rings[MAX_BINS + i] = vs[i];
        rings[2 * MAX_BINS + i] = ns[i];
      }
      for (let k = 0; k < 4; k++) rings[3 * MAX_BINS + k] = start[k];
      const ok = fit(ringsAt, ringsAt + 8 * MAX_BINS, ringsAt + 16 * MAX_BINS, n, pAt, workAt);
      return ok === 1 ? [rings[3 * MAX_BINS], rings[3 * MAX_BINS + 1], rings[3 * MAX_BINS + 2], rings[3 * MAX_BINS + 3]] : null;
    },
    rings(side, x0, y0, cx, cy, ixx, ixy, iyy, step, n) {
      inside(0, side * side - 1);
      if (!(n <= MAX_BINS)) throw new RangeError(`cut-out kernel: ${n} rings, ${MAX_BINS} at most`);
      fns.rings(base, side, x0, y0, cx, cy, ixx, ixy, iyy, step, n, bins.byteOffset);
    },
    cutout(x0, y0, rows, count, side, at, level) {
      if (rows <= 0 || count <= 0) return;
      inside(at, at + (rows - 1) * side + count - 1);
      if (x0 < 0 || y0 < 0 || x0 + count > imageWidth || y0 + rows > imageHeight) throw new RangeError(`cut-out kernel: ${count}×${rows} pixels at (${x0}, ${y0}) are outside the ${imageWidth}×${imageHeight} image`);
      fns.cutout(wasm.byteOffset + y0 * width + 4 * x0, width, rows, count, base + 4 * at, 4 * side, level, bigEndian, 4);
    },
    pass(kind, side, x0, y0, cx, cy, ixx, ixy, iyy, kx, limit) {
      inside(0, side * side - 1);
      sums.fill(0);
      passes[kind](base, side, x0, y0, cx, cy, ixx, ixy, iyy, kx, limit, sums.byteOffset);
      return sums;
    },
  };
}

// ---------------------------------------------------------------- the module

const f64Load = (offset: number) => [0x2b, 3, ...leb128(offset)];
const f64Store = (offset: number) => [0x39, 3, ...leb128(offset)];
const F32_LOAD = [op.f32Load, 2, 0];
const F32_STORE = [0x38, 2, 0];
const I32_LOAD = [op.i32Load, 2, 0];
const F64_EQ = 0x61;
const I32_EQ = 0x46;
const I32_GT_U = 0x4b;
const I32_SHR_U = 0x76;
const I32_MUL = 0x6c;
const F32_REINTERPRET_I32 = 0xbe;

/** The module's bytes (exported for the golden text-form test). */
export function cutoutKernelBytes(): Uint8Array {
  const called = [cutoutFunction(), ...ROW_SUMS.map(rowSumsFunction), ringsFunction(), expFunction()];
  // a function's index is its place in the module (it imports none), which the passes call by
  const index = (name: string) => called.findIndex((fn) => fn.name === name);
  const passes = ROW_SUMS.map((spec) => passFunction(spec, index(spec.name), index('exp')));
  return kernelModule([...called, ...passes], { kind: 'imported-shared' });
}

function cutoutFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'cutout',
    params: { src: 'i32', rowBytes: 'i32', rows: 'i32', count: 'i32', out: 'i32', outRowBytes: 'i32', level: 'f64', bigEndian: 'i32', pixelBytes: 'i32' },
    locals: { r: 'i32', p: 'i32', q: 'i32', end: 'i32', bits: 'i32', vectorEnd: 'i32', v: 'v128', lv: 'v128' },
  });
  const L = fn.local;
  const get = localGet;
  // (v − level) of two lanes in float64, as the scalar loop does each pixel
  const lessLevel = (second: boolean) => [
    ...get(L.v), ...(second ? [...get(L.v), ...shuffle(HIGH_HALF_LANES)] : []), ...simdOp(simd.f64x2PromoteLowF32x4),
    ...get(L.lv), ...simdOp(simd.f64x2Sub), ...simdOp(simd.f32x4DemoteF64x2Zero),
  ];
  // contiguous pixels (every cut-out; not the sky's strided samples): four at a time, the rest one by one
  const vectors = [
    ...get(L.pixelBytes), ...i32Const(4), I32_EQ, ...get(L.count), ...i32Const(4), op.i32GeU, op.i32And, op.if, EMPTY_BLOCK,
    ...get(L.end), ...i32Const(12), op.i32Sub, ...localSet(L.vectorEnd),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.q), ...get(L.vectorEnd), op.i32GeU, op.brIf, 1,
    ...get(L.p), ...simdMem(simd.v128Load, 0), ...localSet(L.v),
    ...get(L.bigEndian), op.if, EMPTY_BLOCK, ...get(L.v), ...get(L.v), ...shuffle(SWAP32_LANES), ...localSet(L.v), op.end,
    ...get(L.q), ...lessLevel(false), ...lessLevel(true), ...shuffle(JOIN_LOW_HALVES_LANES), ...simdMem(simd.v128Store, 0),
    ...get(L.p), ...i32Const(16), op.i32Add, ...localSet(L.p),
    ...get(L.q), ...i32Const(16), op.i32Add, ...localSet(L.q),
    op.br, 0, op.end, op.end,
    op.end,
  ];
  // the bytes of $bits reversed: (b >>> 24) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24)
  const swap = [
    ...get(L.bits), ...i32Const(24), I32_SHR_U,
    ...get(L.bits), ...i32Const(8), I32_SHR_U, ...i32Const(0xff00), op.i32And, op.i32Or,
    ...get(L.bits), ...i32Const(0xff00), op.i32And, ...i32Const(8), op.i32Shl, op.i32Or,
    ...get(L.bits), ...i32Const(24), op.i32Shl, op.i32Or, ...localSet(L.bits),
  ];
  return fn.body([
    ...get(L.level), ...simdOp(simd.f64x2Splat), ...localSet(L.lv),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.r), ...get(L.rows), op.i32GeU, op.brIf, 1,
    ...get(L.src), ...get(L.r), ...get(L.rowBytes), I32_MUL, op.i32Add, ...localSet(L.p),
    ...get(L.out), ...get(L.r), ...get(L.outRowBytes), I32_MUL, op.i32Add, ...localSet(L.q),
    ...get(L.q), ...get(L.count), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(L.end),
    ...vectors,
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.q), ...get(L.end), op.i32GeU, op.brIf, 1,
    ...get(L.p), ...I32_LOAD, ...localSet(L.bits),
    ...get(L.bigEndian), op.if, EMPTY_BLOCK, ...swap, op.end,
    ...get(L.q), ...get(L.bits), F32_REINTERPRET_I32, op.f64PromoteF32, ...get(L.level), op.f64Sub, op.f32DemoteF64, ...F32_STORE,
    ...get(L.p), ...get(L.pixelBytes), op.i32Add, ...localSet(L.p),
    ...get(L.q), ...i32Const(4), op.i32Add, ...localSet(L.q),
    op.br, 0, op.end, op.end,
    ...get(L.r), ...i32Const(1), op.i32Add, ...localSet(L.r),
    op.br, 0, op.end, op.end,
  ]);
}

/** A term of a row sum, from the pixel's value v, its weight w, gw = w·v, and its offsets dx, dy. */
type Term = readonly ('v' | 'w' | 'wv' | 'dx' | 'dy' | 'one')[];

/** Each row function's sums, in the order they lie at $acc: the product of the term's factors, left to right. */
const ROW_SUMS: readonly RowSums[] = [
  { name: 'momentsRow', pass: 'momentsPass', window: 'ellipse', terms: [['wv'], ['w', 'w'], ['wv', 'dx'], ['wv', 'dy'], ['wv', 'dx', 'dx'], ['wv', 'dy', 'dy'], ['wv', 'dx', 'dy']] },
  { name: 'centroidRow', pass: 'centroidPass', window: 'circle', terms: [['wv'], ['wv', 'dx'], ['wv', 'dy']] },
  { name: 'templateRow', pass: 'templatePass', window: 'circle', terms: [['one'], ['w'], ['w', 'w'], ['v'], ['wv'], ['wv'], ['wv', 'dx', 'dx'], ['wv', 'dy', 'dy']] },
];

/**
 * A row function, and the pass over a whole cut-out that calls it on each row: the weight's
 * window is the ellipse q ≤ limit of the weight itself (adaptive moments) or the circle
 * dy² + dx² ≤ limit (the template).
 */
interface RowSums {
  readonly name: string;
  readonly pass: string;
  readonly window: 'ellipse' | 'circle';
  readonly terms: readonly Term[];
}

function rowSumsFunction(spec: RowSums): KernelFunction {
  const sums = Object.fromEntries(spec.terms.map((_, k) => [`s${k}`, 'f64' as const]));
  const fn = declareFunction({
    name: spec.name,
    params: { at: 'i32', end: 'i32', dx: 'f64', dy: 'f64', w: 'f64', ratio: 'f64', kx: 'f64', acc: 'i32' },
    locals: { v: 'f64', wv: 'f64', ...sums },
  });
  const L = fn.local as Record<string, number>;
  const get = localGet;
  const code: number[] = [];
  spec.terms.forEach((_, k) => code.push(...get(L.acc), ...f64Load(8 * k), ...localSet(L[`s${k}`])));
  code.push(
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.at), ...get(L.end), I32_GT_U, op.brIf, 1,
    ...get(L.at), ...F32_LOAD, op.f64PromoteF32, ...localSet(L.v),
    ...get(L.v), ...get(L.v), F64_EQ, op.if, EMPTY_BLOCK,
    ...get(L.w), ...get(L.v), op.f64Mul, ...localSet(L.wv),
  );
  spec.terms.forEach((term, k) => {
    code.push(...get(L[`s${k}`]));
    term.forEach((factor, i) => {
      code.push(...(factor === 'one' ? f64Const(1) : get(L[factor])));
      if (i > 0) code.push(op.f64Mul);
    });
    code.push(op.f64Add, ...localSet(L[`s${k}`]));
  });
  code.push(
    op.end,
    ...get(L.at), ...i32Const(4), op.i32Add, ...localSet(L.at),
    ...get(L.dx), ...f64Const(1), op.f64Add, ...localSet(L.dx),
    ...get(L.w), ...get(L.ratio), op.f64Mul, ...localSet(L.w),
    ...get(L.ratio), ...get(L.kx), op.f64Mul, ...localSet(L.ratio),
    op.br, 0, op.end, op.end,
  );
  spec.terms.forEach((_, k) => code.push(...get(L.acc), ...get(L[`s${k}`]), ...f64Store(8 * k)));
  return fn.body(code);
}

const F64_CONVERT_I32_S = op.f64ConvertI32S;
const F64_SQRT = 0x9f;
const F64_LT = 0x63;
const I32_TRUNC_F64_S = op.i32TruncF64S;

/** fitProfile's rings (see above), row by row over the cut-out. */
function ringsFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'rings',
    params: { at: 'i32', side: 'i32', x0: 'i32', y0: 'i32', cx: 'f64', cy: 'f64', ixx: 'f64', ixy: 'f64', iyy: 'f64', step: 'f64', bins: 'i32', sums: 'i32' },
    locals: { r: 'i32', c: 'i32', p: 'i32', slot: 'i32', v: 'f64', dx: 'f64', dy: 'f64', rho: 'f64', k: 'f64' },
  });
  const L = fn.local;
  const get = localGet;
  const inc = (local: number) => [...get(local), ...i32Const(1), op.i32Add, ...localSet(local)];
  // sums + 8·(part·bins + k) += value
  const add = (part: number, value: number[]) => [
    ...get(L.sums), ...get(L.slot), ...get(L.bins), ...i32Const(part), I32_MUL, op.i32Add, ...i32Const(3), op.i32Shl, op.i32Add, ...localSet(L.p),
    ...get(L.p), ...get(L.p), ...f64Load(0), ...value, op.f64Add, ...f64Store(0),
  ];
  return fn.body([
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.r), ...get(L.side), op.i32GeS, op.brIf, 1,
    ...get(L.y0), ...get(L.r), op.i32Add, F64_CONVERT_I32_S, ...get(L.cy), op.f64Sub, ...localSet(L.dy),
    ...i32Const(0), ...localSet(L.c),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.c), ...get(L.side), op.i32GeS, op.brIf, 1,
    ...get(L.at), ...get(L.r), ...get(L.side), I32_MUL, ...get(L.c), op.i32Add, ...i32Const(2), op.i32Shl, op.i32Add, ...F32_LOAD, op.f64PromoteF32, ...localSet(L.v),
    ...get(L.v), ...get(L.v), F64_EQ, op.if, EMPTY_BLOCK,
    ...get(L.x0), ...get(L.c), op.i32Add, F64_CONVERT_I32_S, ...get(L.cx), op.f64Sub, ...localSet(L.dx),
    ...get(L.ixx), ...get(L.dx), op.f64Mul, ...get(L.dx), op.f64Mul,
    ...f64Const(2), ...get(L.ixy), op.f64Mul, ...get(L.dx), op.f64Mul, ...get(L.dy), op.f64Mul, op.f64Add,
    ...get(L.iyy), ...get(L.dy), op.f64Mul, ...get(L.dy), op.f64Mul, op.f64Add,
    F64_SQRT, ...localSet(L.rho),
    ...get(L.rho), ...get(L.step), 0xa3 /* f64.div */, op.f64Floor, ...localSet(L.k),
    // k < bins (a NaN radius counts nowhere, as a NaN index does nothing in JavaScript)
    ...get(L.k), ...get(L.bins), F64_CONVERT_I32_S, F64_LT, op.if, EMPTY_BLOCK,
    ...get(L.k), I32_TRUNC_F64_S, ...localSet(L.slot),
    ...add(0, get(L.v)), ...add(1, get(L.rho)), ...add(2, f64Const(1)),
    op.end,
    op.end,
    ...inc(L.c), op.br, 0, op.end, op.end,
    ...inc(L.r), op.br, 0, op.end, op.end,
  ]);
}

const F64_CEIL = 0x9b;
const F64_MIN = 0xa4;
const F64_MAX = 0xa5;
const F64_NEG = 0x9a;
const F64_GT = 0x64;
const I32_EQZ = 0x45;
const CALL = 0x10;
/** i32.trunc_sat_f64_s: a NaN bound gives 0 instead of a trap (JavaScript's loop then runs nowhere, as here). */
const I32_TRUNC_SAT_F64_S = [0xfc, 0x02];

/**
 * One pass of a row function over a side × side cut-out (star-shape.ts's and psf-template.ts's
 * loop over rows, in the same float64 operations): per row dy = (y0 + r) − cy, the columns inside
 * the window, the weight at the first of them and its ratio to the next, w = exp(−q/2) and
 * exp(−(ixx·(2dx + 1) + 2ixy·dy)/2), by the exp that gives Math.exp's bits (wasm-exp.ts).
 *
 *   (func $…Pass (param $at $side $x0 $y0 i32) (param $cx $cy $ixx $ixy $iyy $kx $limit f64) (param $acc i32))
 */
function passFunction(spec: RowSums, row: number, exp: number): KernelFunction {
  const fn = declareFunction({
    name: spec.pass,
    params: { at: 'i32', side: 'i32', x0: 'i32', y0: 'i32', cx: 'f64', cy: 'f64', ixx: 'f64', ixy: 'f64', iyy: 'f64', kx: 'f64', limit: 'f64', acc: 'i32' },
    locals: { r: 'i32', first: 'i32', last: 'i32', dx: 'f64', dy: 'f64', b: 'f64', disc: 'f64', root: 'f64', from: 'f64', to: 'f64', offset: 'f64' },
  });
  const L = fn.local;
  const get = localGet;
  const set = localSet;
  // on to the next row, from inside an if (whose own depth is 0: the loop is 1)
  const next = [...get(L.r), ...i32Const(1), op.i32Add, ...set(L.r), op.br, 1];
  // the offsets from and to of the window on this row (or on to the next row when it misses it)
  const window = spec.window === 'ellipse'
    ? [
        // ellipseSpan: b = ixy·dy, disc = b² − ixx·(iyy·dy·dy − limit), (−b ∓ √disc) / ixx
        ...get(L.ixy), ...get(L.dy), op.f64Mul, ...set(L.b),
        ...get(L.b), ...get(L.b), op.f64Mul, ...get(L.ixx), ...get(L.iyy), ...get(L.dy), op.f64Mul, ...get(L.dy), op.f64Mul, ...get(L.limit), op.f64Sub, op.f64Mul, op.f64Sub, ...set(L.disc),
        ...get(L.disc), ...f64Const(0), op.f64Ge, I32_EQZ, op.if, EMPTY_BLOCK, ...next, op.end,
        ...get(L.disc), F64_SQRT, ...set(L.root),
        ...get(L.b), F64_NEG, ...get(L.root), op.f64Sub, ...get(L.ixx), 0xa3, ...set(L.from),
        ...get(L.b), F64_NEG, ...get(L.root), op.f64Add, ...get(L.ixx), 0xa3, ...set(L.to),
      ]
    : [
        // dy² ≤ limit, then ∓√(limit − dy²)
        ...get(L.dy), ...get(L.dy), op.f64Mul, ...get(L.limit), F64_GT, op.if, EMPTY_BLOCK, ...next, op.end,
        ...get(L.limit), ...get(L.dy), ...get(L.dy), op.f64Mul, op.f64Sub, F64_SQRT, ...set(L.root),
        ...get(L.root), F64_NEG, ...set(L.from),
        ...get(L.root), ...set(L.to),
      ];
  // the circle's bounds are cx − x0 − half and cx − x0 + half: the same operations as + (−half)
  return fn.body([
    ...get(L.cx), ...get(L.x0), F64_CONVERT_I32_S, op.f64Sub, ...set(L.offset),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.r), ...get(L.side), op.i32GeS, op.brIf, 1,
    ...get(L.y0), ...get(L.r), op.i32Add, F64_CONVERT_I32_S, ...get(L.cy), op.f64Sub, ...set(L.dy),
    ...window,
    ...f64Const(0), ...get(L.offset), ...get(L.from), op.f64Add, F64_CEIL, F64_MAX, ...I32_TRUNC_SAT_F64_S, ...set(L.first),
    ...get(L.side), ...i32Const(1), op.i32Sub, F64_CONVERT_I32_S, ...get(L.offset), ...get(L.to), op.f64Add, op.f64Floor, F64_MIN, ...I32_TRUNC_SAT_F64_S, ...set(L.last),
    ...get(L.last), ...get(L.first), op.i32LtS, op.if, EMPTY_BLOCK, ...next, op.end,
    ...get(L.x0), ...get(L.first), op.i32Add, F64_CONVERT_I32_S, ...get(L.cx), op.f64Sub, ...set(L.dx),
    // the row function's arguments: the addresses of the first and last values, dx, dy, w, ratio, kx, acc
    ...get(L.at), ...get(L.r), ...get(L.side), I32_MUL, ...get(L.first), op.i32Add, ...i32Const(2), op.i32Shl, op.i32Add,
    ...get(L.at), ...get(L.r), ...get(L.side), I32_MUL, ...get(L.last), op.i32Add, ...i32Const(2), op.i32Shl, op.i32Add,
    ...get(L.dx), ...get(L.dy),
    // w = exp(−0.5·(ixx·dx·dx + 2·ixy·dx·dy + iyy·dy·dy))
    ...f64Const(-0.5),
    ...get(L.ixx), ...get(L.dx), op.f64Mul, ...get(L.dx), op.f64Mul,
    ...f64Const(2), ...get(L.ixy), op.f64Mul, ...get(L.dx), op.f64Mul, ...get(L.dy), op.f64Mul, op.f64Add,
    ...get(L.iyy), ...get(L.dy), op.f64Mul, ...get(L.dy), op.f64Mul, op.f64Add,
    op.f64Mul, CALL, ...leb128(exp),
    // ratio = exp(−0.5·(ixx·(2·dx + 1) + 2·ixy·dy))
    ...f64Const(-0.5),
    ...get(L.ixx), ...f64Const(2), ...get(L.dx), op.f64Mul, ...f64Const(1), op.f64Add, op.f64Mul,
    ...f64Const(2), ...get(L.ixy), op.f64Mul, ...get(L.dy), op.f64Mul, op.f64Add,
    op.f64Mul, CALL, ...leb128(exp),
    ...get(L.kx), ...get(L.acc), CALL, ...leb128(row),
    ...get(L.r), ...i32Const(1), op.i32Add, ...set(L.r), op.br, 0,
    op.end, op.end,
  ]);
}
