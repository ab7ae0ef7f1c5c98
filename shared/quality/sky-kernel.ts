/**
 * The sky mesh's per-cell statistics (sky-mesh.ts: layerSky) in WebAssembly, over sample grids
 * that lie in the pixels' memory (read there by the cut-out kernel's strided copy): per cell the
 * finite samples, their median clipped at 3 σ and the noise from the diagonal differences. Like
 * the cut-outs, it spares a worker's first lights the interpreter. The same values as the
 * JavaScript: a median is the same number whichever exact selection finds it (Wirth's here, as
 * select.ts uses for short ranges), and every other step is the same float64 operation in the
 * same order (test/shared/quality/sky-kernel.test.ts).
 *
 *   (func $cellSky (param $samples $neighbours $n $r0 $r1 $c0 $c1 $scratch $held $out i32)
 *     $out[0] = clippedMedian of the finite samples[r·n + c], r0 ≤ r < r1, c0 ≤ c < c1 (NaN when fewer than 4)
 *     $out[1] = 1.4826 · median |samples − neighbours| / √2 over the finite differences (likewise)
 *   (func $median (param $buf $k i32) (result f64))          the mean of the two middle values for an even k
 *   (func $wirth (param $buf $lo $hi $k i32))                Hoare's partition until buf[k] has rank k
 *   (func $clippedMedian (param $buf $held $k i32) (result f64))  the clipped median as a rank of
 *                                                            the first median's partition (sky-mesh.ts)
 */
import { EMPTY_BLOCK, f64Const, i32Const, leb128, localGet, localSet, op } from '../pixels/wasm-emitter';
import { declareFunction, kernelModule, type KernelFunction } from '../pixels/wasm-module';
import { MAD_TO_SIGMA } from '../pixels/statistics';
import { instantiate, moduleOf, type WasmMemory, type WasmModule } from '../pixels/wasm-api';
import { cutoutFunctionsOf, CUTOUT_SCRATCH_BYTES } from './cutout-kernel';
import type { PixelRows } from './pixel-rows';

/** The sample grids in the pixels' memory and the kernel that measures a cell of them there. */
export interface SkyCells {
  readonly samples: Float32Array;
  readonly neighbours: Float32Array;
  /** The cell's level and σ (NaN: too few samples) into `out`, its samples rows [r0, r1) and columns [c0, c1) of the grid. */
  cell(r0: number, r1: number, c0: number, c1: number): void;
  readonly out: Float64Array;
}

/**
 * The samples of `grid` and their diagonal neighbours (columns `shift` over, the next row, the
 * one before for the last row of the image) gathered in the pixels' scratch by the cut-out
 * kernel, with the sky kernel to measure them; null where the pixels are not in a WebAssembly
 * memory or the scratch has no room.
 */
export function skyCellsIn(image: PixelRows, grid: { readonly columns: SampleAxis; readonly rows: SampleAxis }, shift: number): SkyCells | null {
  const wasm = image.wasm;
  if (wasm === undefined) return null;
  const { columns, rows } = grid;
  const count = rows.count * columns.count;
  const samplesAt = Math.ceil(wasm.scratch / 16) * 16;
  const neighboursAt = samplesAt + Math.ceil((4 * count) / 16) * 16;
  const bufferAt = neighboursAt + Math.ceil((4 * count) / 16) * 16;
  const heldAt = bufferAt + 8 * count;
  const outAt = heldAt + 8 * count;
  if (outAt + 16 > wasm.scratch + wasm.scratchBytes - CUTOUT_SCRATCH_BYTES) return null;
  const gather = cutoutFunctionsOf(wasm.memory);
  const kernel = skyKernelOf(wasm.memory);
  if (gather === null || kernel === null) return null;
  const { width, height } = image;
  const n = columns.count;
  const bigEndian = wasm.bigEndian ? 1 : 0;
  const pixel = (x: number, y: number) => wasm.byteOffset + 4 * (y * width + x);
  gather.cutout(pixel(columns.start, rows.start), 4 * rows.step * width, rows.count, n, samplesAt, 4 * n, 0, bigEndian, 4 * columns.step);
  // the rows whose neighbour is the next row, then the last one's (the row before it)
  const below = Math.min(rows.count, Math.max(0, Math.ceil((height - 1 - rows.start) / rows.step)));
  if (below > 0) gather.cutout(pixel(columns.start + shift, rows.start + 1), 4 * rows.step * width, below, n, neighboursAt, 4 * n, 0, bigEndian, 4 * columns.step);
  for (let r = below; r < rows.count; r++) {
    const y = rows.start + r * rows.step;
    gather.cutout(pixel(columns.start + shift, y > 0 ? y - 1 : y), 0, 1, n, neighboursAt + 4 * n * r, 4 * n, 0, bigEndian, 4 * columns.step);
  }
  const buffer = wasm.memory.buffer;
  const out = new Float64Array(buffer, outAt, 2);
  return {
    samples: new Float32Array(buffer, samplesAt, count),
    neighbours: new Float32Array(buffer, neighboursAt, count),
    out,
    cell: (r0, r1, c0, c1) => kernel.cellSky(samplesAt, neighboursAt, n, r0, r1, c0, c1, bufferAt, heldAt, outAt),
  };
}

/** Sample positions start + i·step, i < count, along one axis of the image (sky-mesh.ts). */
export interface SampleAxis {
  readonly start: number;
  readonly step: number;
  readonly count: number;
}

/** The kernel over one memory: every argument a byte offset in it, but counts and indices. */
export interface SkyKernel {
  cellSky(samples: number, neighbours: number, n: number, r0: number, r1: number, c0: number, c1: number, scratch: number, held: number, out: number): void;
}

/** The kernel compiled, once per thread (or adopted from main); null where the engine lacks WebAssembly SIMD or threads. */
export function compiledSkyKernel(): WasmModule | null {
  return moduleOf('sky mesh', skyKernelBytes);
}

const instances = new WeakMap<WasmMemory, SkyKernel | null>();

/** The kernel over `memory`, once per memory and thread; null where there is none. */
export function skyKernelOf(memory: WasmMemory): SkyKernel | null {
  if (!instances.has(memory)) {
    const compiled = compiledSkyKernel();
    const exports = compiled === null || !(memory.buffer instanceof SharedArrayBuffer) ? null : instantiate(compiled, { env: { memory } });
    instances.set(memory, exports === null ? null : { cellSky: exports.cellSky as SkyKernel['cellSky'] });
  }
  return instances.get(memory)!;
}

const f64Load = (offset = 0) => [0x2b, 3, ...leb128(offset)];
const f64Store = (offset = 0) => [0x39, 3, ...leb128(offset)];
const F32_LOAD = [op.f32Load, 2, 0];
const I32_EQZ = 0x45;
const I32_LT_S = 0x48;
const I32_LE_S = 0x4c;
const I32_GT_S = 0x4a;
const I32_MUL = 0x6c;
const I32_SHR_S = 0x75;
const F64_EQ = 0x61;
const F64_LT = 0x63;
const F64_GT = 0x64;
const F64_LE = 0x65;
const F64_ABS = 0x99;
const F64_NEG = 0x9a;
const F64_DIV = 0xa3;
const CALL = 0x10;
const RETURN = 0x0f;
const IF_F64 = 0x7c;
/** Function indices, in the order the module lists them. */
const WIRTH = 0, MEDIAN = 1, CLIPPED = 2;

/** The module's bytes (exported for the golden text-form test). */
export function skyKernelBytes(): Uint8Array {
  return kernelModule([wirthFunction(), medianFunction(), clippedFunction(), cellFunction()], { kind: 'imported-shared' });
}

/** buf + 8·index on the stack. */
const at = (buf: number, index: number) => [...localGet(buf), ...localGet(index), ...i32Const(3), op.i32Shl, op.i32Add];
const inc = (local: number, by = 1) => [...localGet(local), ...i32Const(by), op.i32Add, ...localSet(local)];

function wirthFunction(): KernelFunction {
  const fn = declareFunction({ name: 'wirth', params: { buf: 'i32', lo: 'i32', hi: 'i32', k: 'i32' }, locals: { l: 'i32', m: 'i32', i: 'i32', j: 'i32', x: 'f64', t: 'f64' } });
  const L = fn.local;
  const get = localGet;
  return fn.body([
    ...get(L.lo), ...localSet(L.l), ...get(L.hi), ...localSet(L.m),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.l), ...get(L.m), I32_LT_S, I32_EQZ, op.brIf, 1,
    ...at(L.buf, L.k), ...f64Load(), ...localSet(L.x),
    ...get(L.l), ...localSet(L.i), ...get(L.m), ...localSet(L.j),
    op.loop, EMPTY_BLOCK,
    // while (buf[i] < x) i++;  while (x < buf[j]) j--;
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...at(L.buf, L.i), ...f64Load(), ...get(L.x), F64_LT, I32_EQZ, op.brIf, 1, ...inc(L.i), op.br, 0, op.end, op.end,
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...get(L.x), ...at(L.buf, L.j), ...f64Load(), F64_LT, I32_EQZ, op.brIf, 1, ...inc(L.j, -1), op.br, 0, op.end, op.end,
    ...get(L.i), ...get(L.j), I32_LE_S, op.if, EMPTY_BLOCK,
    ...at(L.buf, L.i), ...f64Load(), ...localSet(L.t),
    ...at(L.buf, L.i), ...at(L.buf, L.j), ...f64Load(), ...f64Store(),
    ...at(L.buf, L.j), ...get(L.t), ...f64Store(),
    ...inc(L.i), ...inc(L.j, -1),
    op.end,
    ...get(L.i), ...get(L.j), I32_LE_S, op.brIf, 0,
    op.end,
    ...get(L.j), ...get(L.k), I32_LT_S, op.if, EMPTY_BLOCK, ...get(L.i), ...localSet(L.l), op.end,
    ...get(L.k), ...get(L.i), I32_LT_S, op.if, EMPTY_BLOCK, ...get(L.j), ...localSet(L.m), op.end,
    op.br, 0, op.end, op.end,
  ]);
}

function medianFunction(): KernelFunction {
  const fn = declareFunction({ name: 'median', params: { buf: 'i32', k: 'i32' }, locals: { mid: 'i32', i: 'i32', upper: 'f64', v: 'f64' }, results: ['f64'] });
  const L = fn.local;
  const get = localGet;
  return fn.body([
    ...get(L.k), ...i32Const(1), I32_SHR_S, ...localSet(L.mid),
    ...get(L.k), ...i32Const(1), op.i32And, op.if, IF_F64,
    ...get(L.buf), ...i32Const(0), ...get(L.k), ...i32Const(1), op.i32Sub, ...get(L.mid), CALL, WIRTH,
    ...at(L.buf, L.mid), ...f64Load(),
    op.else,
    ...get(L.buf), ...i32Const(0), ...get(L.k), ...i32Const(1), op.i32Sub, ...get(L.mid), ...i32Const(1), op.i32Sub, CALL, WIRTH,
    // everything from mid on is ≥ the lower middle value: the upper one is their minimum
    ...at(L.buf, L.mid), ...f64Load(), ...localSet(L.upper),
    ...get(L.mid), ...i32Const(1), op.i32Add, ...localSet(L.i),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.i), ...get(L.k), op.i32GeS, op.brIf, 1,
    ...at(L.buf, L.i), ...f64Load(), ...localSet(L.v),
    ...get(L.v), ...get(L.upper), F64_LT, op.if, EMPTY_BLOCK, ...get(L.v), ...localSet(L.upper), op.end,
    ...inc(L.i), op.br, 0, op.end, op.end,
    ...get(L.buf), ...get(L.mid), ...i32Const(1), op.i32Sub, ...i32Const(3), op.i32Shl, op.i32Add, ...f64Load(),
    ...get(L.upper), op.f64Add, ...f64Const(2), F64_DIV,
    op.end,
  ]);
}

/** sky-mesh.ts's clippedMedian: the clipped median as a rank of the first median's partition. */
function clippedFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'clippedMedian',
    params: { buf: 'i32', held: 'i32', k: 'i32' },
    locals: { i: 'i32', kept: 'i32', below: 'i32', above: 'i32', pivot: 'i32', rank: 'i32', end: 'i32', center: 'f64', sigma: 'f64', v: 'f64', lower: 'f64', upper: 'f64' },
    results: ['f64'],
  });
  const L = fn.local;
  const get = localGet;
  const loop = (from: number[], to: number[], body: number[]) => [...from, ...localSet(L.i), op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...get(L.i), ...to, I32_GT_S, op.brIf, 1, ...body, ...inc(L.i), op.br, 0, op.end, op.end];
  const lastIndex = [...get(L.k), ...i32Const(1), op.i32Sub];
  return fn.body([
    ...get(L.buf), ...get(L.k), CALL, MEDIAN, ...localSet(L.center),
    // held = |buf − center|; σ = 1.4826 · their median
    ...loop(i32Const(0), lastIndex, [...at(L.held, L.i), ...at(L.buf, L.i), ...f64Load(), ...get(L.center), op.f64Sub, F64_ABS, ...f64Store()]),
    ...f64Const(MAD_TO_SIGMA), ...get(L.held), ...get(L.k), CALL, MEDIAN, op.f64Mul, ...localSet(L.sigma),
    ...get(L.sigma), ...f64Const(0), F64_GT, I32_EQZ, op.if, EMPTY_BLOCK, ...get(L.center), RETURN, op.end,
    // the values beyond 3σ, below the centre and above it
    ...loop(i32Const(0), lastIndex, [
      ...at(L.buf, L.i), ...f64Load(), ...localSet(L.v),
      ...get(L.v), ...get(L.center), op.f64Sub, F64_ABS, ...f64Const(3), ...get(L.sigma), op.f64Mul, F64_LE, I32_EQZ, op.if, EMPTY_BLOCK,
      ...get(L.v), ...get(L.center), F64_LT, op.if, EMPTY_BLOCK, ...inc(L.below), op.else, ...inc(L.above), op.end,
      op.end,
    ]),
    ...get(L.k), ...get(L.below), op.i32Sub, ...get(L.above), op.i32Sub, ...localSet(L.kept),
    ...get(L.kept), ...i32Const(4), I32_LT_S, op.if, EMPTY_BLOCK, ...get(L.center), RETURN, op.end,
    // the median left buf split at rank (k − 1) >> 1: the kept values' lower middle is found on one side
    ...get(L.k), ...i32Const(1), op.i32Sub, ...i32Const(1), I32_SHR_S, ...localSet(L.pivot),
    ...get(L.kept), ...i32Const(1), op.i32Sub, ...i32Const(1), I32_SHR_S, ...get(L.below), op.i32Add, ...localSet(L.rank),
    ...get(L.pivot), ...get(L.rank), I32_LT_S, op.if, EMPTY_BLOCK,
    ...get(L.buf), ...get(L.pivot), ...i32Const(1), op.i32Add, ...lastIndex, ...get(L.rank), CALL, WIRTH,
    op.end,
    ...get(L.rank), ...get(L.pivot), I32_LT_S, op.if, EMPTY_BLOCK,
    ...get(L.buf), ...i32Const(0), ...get(L.pivot), ...i32Const(1), op.i32Sub, ...get(L.rank), CALL, WIRTH,
    op.end,
    ...at(L.buf, L.rank), ...f64Load(), ...localSet(L.lower),
    ...get(L.kept), ...i32Const(1), op.i32And, op.if, EMPTY_BLOCK, ...get(L.lower), RETURN, op.end,
    // the next rank: the least after it on its side (the pivot, too, from below)
    ...get(L.rank), ...get(L.pivot), I32_LT_S, op.if, EMPTY_BLOCK, ...get(L.pivot), ...localSet(L.end), op.else, ...lastIndex, ...localSet(L.end), op.end,
    ...f64Const(Infinity), ...localSet(L.upper),
    ...loop([...get(L.rank), ...i32Const(1), op.i32Add], get(L.end), [
      ...at(L.buf, L.i), ...f64Load(), ...localSet(L.v),
      ...get(L.v), ...get(L.upper), F64_LT, op.if, EMPTY_BLOCK, ...get(L.v), ...localSet(L.upper), op.end,
    ]),
    ...get(L.lower), ...get(L.upper), op.f64Add, ...f64Const(2), F64_DIV,
  ]);
}

function cellFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'cellSky',
    params: { samples: 'i32', neighbours: 'i32', n: 'i32', r0: 'i32', r1: 'i32', c0: 'i32', c1: 'i32', scratch: 'i32', held: 'i32', out: 'i32' },
    locals: { r: 'i32', i: 'i32', end: 'i32', k: 'i32', v: 'f64' },
  });
  const L = fn.local;
  const get = localGet;
  // for r in [r0, r1), i in [r·n + c0, r·n + c1): body
  const cells = (body: number[]) => [
    ...get(L.r0), ...localSet(L.r),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.r), ...get(L.r1), op.i32GeS, op.brIf, 1,
    ...get(L.r), ...get(L.n), I32_MUL, ...localSet(L.end),
    ...get(L.end), ...get(L.c0), op.i32Add, ...localSet(L.i),
    ...get(L.end), ...get(L.c1), op.i32Add, ...localSet(L.end),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.i), ...get(L.end), op.i32GeS, op.brIf, 1,
    ...body,
    ...inc(L.i), op.br, 0, op.end, op.end,
    ...inc(L.r), op.br, 0, op.end, op.end,
  ];
  const sample = (base: number) => [...get(base), ...get(L.i), ...i32Const(2), op.i32Shl, op.i32Add, ...F32_LOAD, op.f64PromoteF32];
  // v − v = 0: finite
  const keepIfFinite = (value: number[]) => [
    ...get(L.v), ...get(L.v), op.f64Sub, ...f64Const(0), F64_EQ, op.if, EMPTY_BLOCK,
    ...at(L.scratch, L.k), ...value, ...f64Store(), ...inc(L.k),
    op.end,
  ];
  const result = (slot: number, value: number[]) => [
    ...get(L.out), ...get(L.k), ...i32Const(4), op.i32GeS, op.if, IF_F64, ...value, op.else, ...f64Const(NaN), op.end, ...f64Store(8 * slot),
  ];
  return fn.body([
    ...cells([...sample(L.samples), ...localSet(L.v), ...keepIfFinite(get(L.v))]),
    ...result(0, [...get(L.scratch), ...get(L.held), ...get(L.k), CALL, CLIPPED]),
    ...i32Const(0), ...localSet(L.k),
    // |d| as d < 0 ? −d : d (a difference of −0 stays −0, as in JavaScript)
    ...cells([...sample(L.samples), ...sample(L.neighbours), op.f64Sub, ...localSet(L.v), ...keepIfFinite([...get(L.v), ...f64Const(0), F64_LT, op.if, IF_F64, ...get(L.v), F64_NEG, op.else, ...get(L.v), op.end])]),
    ...result(1, [...f64Const(MAD_TO_SIGMA), ...get(L.scratch), ...get(L.k), CALL, MEDIAN, op.f64Mul, ...f64Const(Math.SQRT2), F64_DIV]),
  ]);
}
