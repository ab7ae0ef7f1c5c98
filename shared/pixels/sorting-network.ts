/**
 * Sorting networks compiled to WebAssembly SIMD: for a stack of n frames, a fixed network of
 * compare-exchanges (min/max) sorts — or, pruned, finds the median of — four pixels at a time
 * over tiles of TILE_COLUMNS pixels. The module is generated here as bytes (no toolchain);
 * where WebAssembly SIMD is unavailable, callers use the scalar selection in select.ts.
 */
import { instantiate, moduleOf, type WasmMemory } from './wasm-api';
import { EMPTY_BLOCK, i32Const, localGet, localSet, localTee, op, simd, simdMem, simdOp } from './wasm-emitter';
import { declareFunction, kernelModule } from './wasm-module';
// ---------------------------------------------------------------- sorting networks

/**
 * The comparators of Batcher's odd–even merge sort for n values, flattened as [a0, b0, a1, b1…]
 * with a < b: applying "if v[a] > v[b] swap" in order sorts v. Built for the next power of two;
 * comparators reaching past n are dropped, which is exact (think of the missing wires as +∞).
 */
export function sortingNetwork(n: number): Int32Array {
  let size = 1;
  while (size < n) size <<= 1;
  const pairs: number[] = [];
  for (let p = 1; p < size; p <<= 1) {
    for (let k = p; k >= 1; k >>= 1) {
      for (let j = k % p; j + k < size; j += 2 * k) {
        for (let i = 0; i < Math.min(k, size - j - k); i++) {
          const a = i + j;
          const b = a + k;
          if (Math.floor(a / (2 * p)) === Math.floor(b / (2 * p)) && b < n) pairs.push(a, b);
        }
      }
    }
  }
  return Int32Array.from(pairs);
}

/** The comparators of `network` that can change the values left on the `outputs` wires (the rest are dropped). */
export function pruneNetwork(network: Int32Array, outputs: readonly number[]): Int32Array {
  const needed = new Set(outputs);
  const kept: number[] = [];
  for (let c = network.length - 2; c >= 0; c -= 2) {
    const a = network[c];
    const b = network[c + 1];
    if (needed.has(a) || needed.has(b)) {
      kept.push(b, a);
      needed.add(a);
      needed.add(b);
    }
  }
  return Int32Array.from(kept.reverse());
}

/** The wires holding the median of n sorted values: the middle one, or the two middle ones for even n. */
export function medianWires(n: number): readonly number[] {
  return n % 2 === 1 ? [n >> 1] : [n / 2 - 1, n / 2];
}

// ---------------------------------------------------------------- SIMD tile sorter

/** Pixels (columns) in a tile: 4 KB per row keeps a 100-frame tile in L2. */
export const TILE_COLUMNS = 1024;

/**
 * A sorting network compiled to WebAssembly SIMD, run over the columns of a tile: row f holds
 * value f of every pixel (`rows[f*TILE_COLUMNS + q]`, the stack's own frame-major layout), and
 * `run` orders every column in place, four at a time. The 'median' kind only guarantees the
 * medianWires rows; the 'sort' kind sorts every row. A column with a NaN is left undefined and
 * flagged in `nanFlags[q]` (non-zero) so that the caller handles it with the scalar path.
 *
 * Why: the median of 15 values per pixel costs ~300 ns with a JavaScript insertion sort and
 * ~30 ns with the network, four pixels per instruction, copies included (pixels-bench.ts).
 */
export interface TileSorter {
  readonly rows: Float32Array;
  readonly nanFlags: Int32Array;
  run(columns: number): void;
}

const sorters = new Map<string, TileSorter | null>();

/**
 * Above this many values the scalar path is used: a network grows as n·log²n (23,521 comparators
 * for 1000 values, compiled in ~0.1 s and still 2× faster than quickselect), and bigger modules
 * cost more to compile than they save.
 */
export const TILE_SORTER_MAX_VALUES = 1024;

/** The compiled sorter for n values (cached); null where WebAssembly SIMD is not available or n is too large. */
export function tileSorter(n: number, kind: 'median' | 'sort'): TileSorter | null {
  if (n > TILE_SORTER_MAX_VALUES) return null;
  const key = `${kind}:${n}`;
  let sorter = sorters.get(key);
  if (sorter === undefined) sorters.set(key, (sorter = compileTileSorter(key, n, kind)));
  return sorter;
}

function compileTileSorter(key: string, n: number, kind: 'median' | 'sort'): TileSorter | null {
  const module = moduleOf(`sorting network (${key})`, () => {
    const full = sortingNetwork(n);
    return kind === 'median' ? tileSorterModule(n, pruneNetwork(full, medianWires(n)), medianWires(n)) : tileSorterModule(n, full, null);
  });
  const exports = module === null ? null : instantiate(module, {});
  if (exports === null) return null; // an engine without SIMD refuses the module: the scalar path takes over
  const run = exports.run as (from: number, to: number) => void;
  const memory = exports.memory as WasmMemory;
  return {
    rows: new Float32Array(memory.buffer, 0, n * TILE_COLUMNS),
    nanFlags: new Int32Array(memory.buffer, n * TILE_COLUMNS * 4, TILE_COLUMNS),
    run: (columns) => {
      if (columns > 0) run(0, Math.ceil(columns / 4) * 16);
    },
  };
}

/**
 * The WebAssembly module, written out directly: one function run(from, to) that, for each
 * 16-byte column offset in [from, to), loads the n rows into v128 locals, ORs their NaN masks
 * into the flag row, applies every comparator as f32x4.pmin/pmax (one instruction each on x86
 * and ARM; NaN is handled through the flags instead), and stores the output wires back.
 */
export function tileSorterModule(n: number, network: Int32Array, outputs: readonly number[] | null): Uint8Array {
  const rowBytes = TILE_COLUMNS * 4;
  const pages = Math.ceil(((n + 1) * rowBytes) / 65536);
  const wires: Record<string, 'v128'> = {};
  for (let w = 0; w < n; w++) wires[`wire${w}`] = 'v128';
  const fn = declareFunction({ name: 'run', params: { from: 'i32', to: 'i32' }, locals: { ...wires, mask: 'v128' } });
  const L = fn.local as Readonly<Record<string, number>>;
  const FROM = L.from;
  const TO = L.to;
  const wire = (w: number): number => L[`wire${w}`];
  const mask = L.mask;
  const row = (code: number, r: number) => simdMem(code, 4, r * rowBytes); // 16-byte aligned, offset of the row
  const code: number[] = [op.loop, EMPTY_BLOCK];
  for (let w = 0; w < n; w++) code.push(...localGet(FROM), ...row(simd.v128Load, w), ...localSet(wire(w)));
  for (let w = 0; w < n; w++) {
    code.push(...localGet(wire(w)), ...localGet(wire(w)), ...simdOp(simd.f32x4Ne)); // all ones where NaN
    if (w > 0) code.push(...simdOp(simd.v128Or));
  }
  code.push(...localSet(mask), ...localGet(FROM), ...localGet(mask), ...row(simd.v128Store, n));
  for (let c = 0; c < network.length; c += 2) {
    const a = wire(network[c]);
    const b = wire(network[c + 1]);
    code.push(...localGet(a), ...localGet(b), ...simdOp(simd.f32x4Pmin), ...localGet(a), ...localGet(b), ...simdOp(simd.f32x4Pmax), ...localSet(b), ...localSet(a));
  }
  for (const w of outputs ?? Array.from({ length: n }, (_, i) => i)) code.push(...localGet(FROM), ...localGet(wire(w)), ...row(simd.v128Store, w));
  // from += 16; repeat while from < to
  code.push(...localGet(FROM), ...i32Const(16), op.i32Add, ...localTee(FROM), ...localGet(TO), op.i32LtU, op.brIf, 0, op.end);
  return kernelModule([fn.body(code)], { kind: 'own', pages });
}
