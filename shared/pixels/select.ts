/**
 * Ordering small sets of values fast, two ways:
 * - scalar selection (k-th smallest, median, sort) over a scratch buffer, rearranging it in
 *   place: allocation-free, for one pixel's values at a time, and for whole-image medians;
 * - sorting networks applied to many pixels at once with WebAssembly SIMD (see tileSorter).
 * Callers remove NaN first: every comparison here assumes ordered values.
 *
 * Measured in test/bench/pixels-bench.ts: for a median, insertion sort and Wirth's quickselect
 * tie between about 10 and 25 values, and Wirth wins clearly from 30 (0.55 against 0.69 µs,
 * 1.0 against 2.1 µs at 60); Floyd–Rivest wins for the millions of values of a whole image.
 */

/** Up to this many values, insertion sort is used for a median or a sort (see the bench). */
export const INSERTION_SORT_MAX = 16;

/** Above this many values, Floyd–Rivest's sampling pays for itself. */
const FLOYD_RIVEST_MIN = 600;

/** Sorts buf[start, end) ascending in place (insertion sort: for short ranges only). */
export function insertionSort(buf: Float64Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = buf[i];
    let j = i - 1;
    while (j >= start && buf[j] > v) {
      buf[j + 1] = buf[j];
      j--;
    }
    buf[j + 1] = v;
  }
}

/** Sorts buf[start, end) ascending in place: insertion sort for short ranges, quicksort above. */
export function sortRange(buf: Float64Array, start: number, end: number): void {
  // An explicit stack instead of recursion; the smaller side is always pushed, so 64 levels suffice.
  let lo = start;
  let hi = end - 1;
  const stack: number[] = [];
  for (;;) {
    while (hi - lo + 1 > INSERTION_SORT_MAX) {
      const mid = (lo + hi) >>> 1;
      // median of three as the pivot, which also makes sorted input a good case
      if (buf[mid] < buf[lo]) swap(buf, mid, lo);
      if (buf[hi] < buf[lo]) swap(buf, hi, lo);
      if (buf[hi] < buf[mid]) swap(buf, hi, mid);
      const pivot = buf[mid];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (buf[i] < pivot) i++;
        while (buf[j] > pivot) j--;
        if (i <= j) {
          swap(buf, i, j);
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        stack.push(i, hi);
        hi = j;
      } else {
        stack.push(lo, j);
        lo = i;
      }
    }
    insertionSort(buf, lo, hi + 1);
    if (stack.length === 0) return;
    hi = stack.pop()!;
    lo = stack.pop()!;
  }
}

/**
 * Rearranges buf[lo, hi] (inclusive) so that buf[k] holds the value of rank k, smaller values
 * before it and larger after; returns it. Wirth's algorithm for short ranges, Floyd–Rivest for long.
 */
export function selectKth(buf: Float64Array, lo: number, hi: number, k: number): number {
  if (hi - lo >= FLOYD_RIVEST_MIN) floydRivest(buf, lo, hi, k);
  else wirth(buf, lo, hi, k);
  return buf[k];
}

/** Median of buf[start, end) (no NaN; not empty), rearranging it: the mean of the two middle values for an even count, as numpy.median. */
export function medianInPlace(buf: Float64Array, start: number, end: number): number {
  const n = end - start;
  const mid = start + (n >> 1);
  if (n <= INSERTION_SORT_MAX) {
    insertionSort(buf, start, end);
    return (n & 1) === 1 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
  }
  if ((n & 1) === 1) return selectKth(buf, start, end - 1, mid);
  const lower = selectKth(buf, start, end - 1, mid - 1);
  // everything after index mid−1 is ≥ lower: the upper middle value is their minimum
  let upper = buf[mid];
  for (let i = mid + 1; i < end; i++) if (buf[i] < upper) upper = buf[i];
  return (lower + upper) / 2;
}

function swap(buf: Float64Array, i: number, j: number): void {
  const t = buf[i];
  buf[i] = buf[j];
  buf[j] = t;
}

/** N. Wirth, Algorithms + Data Structures = Programs (1976), "find": Hoare's partition around buf[k]. */
function wirth(buf: Float64Array, lo: number, hi: number, k: number): void {
  let l = lo;
  let m = hi;
  while (l < m) {
    const x = buf[k];
    let i = l;
    let j = m;
    do {
      while (buf[i] < x) i++;
      while (x < buf[j]) j--;
      if (i <= j) {
        const t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) m = j;
  }
}

/**
 * R. W. Floyd and R. L. Rivest, "Algorithm 489: SELECT", CACM 18(3), 1975: narrows [left, right]
 * around k with a recursive pass over a small sample before partitioning.
 */
function floydRivest(buf: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    if (right - left > FLOYD_RIVEST_MIN) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      floydRivest(buf, newLeft, newRight, k);
    }
    const t = buf[k];
    let i = left;
    let j = right;
    swap(buf, left, k);
    if (buf[right] > t) swap(buf, left, right);
    while (i < j) {
      swap(buf, i, j);
      i++;
      j--;
      while (buf[i] < t) i++;
      while (buf[j] > t) j--;
    }
    if (buf[left] === t) swap(buf, left, j);
    else {
      j++;
      swap(buf, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

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
