/**
 * Sorting networks compiled to WebAssembly SIMD: for a stack of n frames, a fixed network of
 * compare-exchanges (min/max) sorts — or, pruned, finds the median of — four pixels at a time
 * over tiles of TILE_COLUMNS pixels. The module is generated here as bytes (no toolchain);
 * where WebAssembly SIMD is unavailable, callers use the scalar selection in select.ts.
 */
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
  if (sorter === undefined) {
    const full = sortingNetwork(n);
    sorter = compileTileSorter(n, kind === 'median' ? pruneNetwork(full, medianWires(n)) : full, kind === 'median' ? medianWires(n) : null);
    sorters.set(key, sorter);
  }
  return sorter;
}

/** The little of the WebAssembly API used here (shared/ is compiled without DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { run: (from: number, to: number) => void; memory: { buffer: ArrayBuffer } } };
}

function compileTileSorter(n: number, network: Int32Array, outputs: readonly number[] | null): TileSorter | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const instance = new wasm.Instance(new wasm.Module(tileSorterModule(n, network, outputs)));
    const { run, memory } = instance.exports;
    return {
      rows: new Float32Array(memory.buffer, 0, n * TILE_COLUMNS),
      nanFlags: new Int32Array(memory.buffer, n * TILE_COLUMNS * 4, TILE_COLUMNS),
      run: (columns) => {
        if (columns > 0) run(0, Math.ceil(columns / 4) * 16);
      },
    };
  } catch {
    return null; // an engine without SIMD rejects the module: the scalar path takes over
  }
}

/** The WebAssembly opcodes the tile sorter uses (core, then the 0xfd-prefixed SIMD ones). */
const op = { loop: 0x03, end: 0x0b, brIf: 0x0d, localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41, i32LtU: 0x49, i32Add: 0x6a };
const simdOp = { load: 0x00, store: 0x0b, f32x4Ne: 0x42, or: 0x50, f32x4Pmin: 0xea, f32x4Pmax: 0xeb };
const V128 = 0x7b;
const I32 = 0x7f;

/**
 * The WebAssembly module, written out directly: one function run(from, to) that, for each
 * 16-byte column offset in [from, to), loads the n rows into v128 locals, ORs their NaN masks
 * into the flag row, applies every comparator as f32x4.pmin/pmax (one instruction each on x86
 * and ARM; NaN is handled through the flags instead), and stores the output wires back.
 */
function tileSorterModule(n: number, network: Int32Array, outputs: readonly number[] | null): Uint8Array {
  const rowBytes = TILE_COLUMNS * 4;
  const pages = Math.ceil(((n + 1) * rowBytes) / 65536);
  const FROM = 0; // parameters are locals 0 and 1
  const TO = 1;
  const get = (local: number) => [op.localGet, ...leb128(local)];
  const set = (local: number) => [op.localSet, ...leb128(local)];
  const wire = (w: number) => 2 + w;
  const mask = 2 + n;
  const simd = (code: number) => [0xfd, ...leb128(code)];
  const memarg = (row: number) => [4, ...leb128(row * rowBytes)]; // 16-byte aligned, offset of the row
  const code: number[] = [op.loop, 0x40];
  for (let w = 0; w < n; w++) code.push(...get(FROM), ...simd(simdOp.load), ...memarg(w), ...set(wire(w)));
  for (let w = 0; w < n; w++) {
    code.push(...get(wire(w)), ...get(wire(w)), ...simd(simdOp.f32x4Ne)); // all ones where NaN
    if (w > 0) code.push(...simd(simdOp.or));
  }
  code.push(...set(mask), ...get(FROM), ...get(mask), ...simd(simdOp.store), ...memarg(n));
  for (let c = 0; c < network.length; c += 2) {
    const a = wire(network[c]);
    const b = wire(network[c + 1]);
    code.push(...get(a), ...get(b), ...simd(simdOp.f32x4Pmin), ...get(a), ...get(b), ...simd(simdOp.f32x4Pmax), ...set(b), ...set(a));
  }
  for (const w of outputs ?? Array.from({ length: n }, (_, i) => i)) code.push(...get(FROM), ...get(wire(w)), ...simd(simdOp.store), ...memarg(w));
  // from += 16; repeat while from < to
  code.push(...get(FROM), op.i32Const, 16, op.i32Add, op.localTee, FROM, ...get(TO), op.i32LtU, op.brIf, 0, op.end, op.end);
  const body = [1, ...leb128(n + 1), V128, ...code]; // one group of n + 1 v128 locals
  const section = (id: number, bytes: number[]) => [id, ...leb128(bytes.length), ...bytes];
  const name = (text: string) => [text.length, ...Array.from(text, (ch) => ch.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
    ...section(1, [1, 0x60, 2, I32, I32, 0]), // types: (i32, i32) → ()
    ...section(3, [1, 0]), // functions: function 0 has type 0
    ...section(5, [1, 0, ...leb128(pages)]), // memories: one of `pages` pages
    ...section(7, [2, ...name('run'), 0, 0, ...name('memory'), 2, 0]), // exports
    ...section(10, [1, ...leb128(body.length), ...body]), // code
  ]);
}

function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}
