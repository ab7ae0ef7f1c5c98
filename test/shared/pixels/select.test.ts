import { describe, expect, it } from 'vitest';
import { insertionSort, medianInPlace, selectKth, sortRange } from '../../../shared/pixels/select';
import { TILE_COLUMNS, medianWires, pruneNetwork, sortingNetwork, tileSorter } from '../../../shared/pixels/sorting-network';
import { makeRandom } from './seeded-random';

const ascending = (values: ArrayLike<number>) => Array.from(values).sort((a, b) => a - b);

function applyNetwork(network: Int32Array, values: number[]): number[] {
  const v = values.slice();
  for (let c = 0; c < network.length; c += 2) {
    const a = network[c];
    const b = network[c + 1];
    if (v[a] > v[b]) [v[a], v[b]] = [v[b], v[a]];
  }
  return v;
}

describe('sorting networks', () => {
  // The 0-1 principle (Knuth, TAOCP 5.3.4): a comparator network sorts every input if and only
  // if it sorts every input of 0s and 1s; the same holds for the wires a pruned network keeps.
  it('sorts every 0-1 input for 1 to 16 values', () => {
    for (let n = 1; n <= 16; n++) {
      const network = sortingNetwork(n);
      for (let bits = 0; bits < 1 << n; bits++) {
        const input = Array.from({ length: n }, (_, i) => (bits >> i) & 1);
        const output = applyNetwork(network, input);
        for (let i = 1; i < n; i++) if (output[i - 1] > output[i]) throw new Error(`n = ${n} fails on ${input.join('')}`);
      }
    }
  });

  it('pruned to the median wires, still puts the median there for every 0-1 input (1 to 16 values)', () => {
    for (let n = 1; n <= 16; n++) {
      const wires = medianWires(n);
      const network = pruneNetwork(sortingNetwork(n), wires);
      expect(network.length).toBeLessThanOrEqual(sortingNetwork(n).length);
      for (let bits = 0; bits < 1 << n; bits++) {
        const input = Array.from({ length: n }, (_, i) => (bits >> i) & 1);
        const sorted = ascending(input);
        const output = applyNetwork(network, input);
        for (const w of wires) if (output[w] !== sorted[w]) throw new Error(`n = ${n} fails on ${input.join('')}`);
      }
    }
  });

  it('sorts random inputs, and the pruned one finds their median, for 17 to 100 values', () => {
    const random = makeRandom(1);
    for (let n = 17; n <= 100; n++) {
      const full = sortingNetwork(n);
      const pruned = pruneNetwork(full, medianWires(n));
      for (let trial = 0; trial < 20; trial++) {
        const input = Array.from({ length: n }, () => Math.floor(random() * 30));
        const sorted = ascending(input);
        expect(applyNetwork(full, input)).toEqual(sorted);
        const output = applyNetwork(pruned, input);
        for (const w of medianWires(n)) expect(output[w]).toBe(sorted[w]);
      }
    }
  });

  it('knows the middle wires', () => {
    expect(medianWires(1)).toEqual([0]);
    expect(medianWires(4)).toEqual([1, 2]);
    expect(medianWires(15)).toEqual([7]);
  });
});

describe('tileSorter (WebAssembly SIMD)', () => {
  it('sorts every column of a tile, and flags columns holding NaN', (context) => {
    const sorter = tileSorter(13, 'sort');
    if (sorter === null) return context.skip('WebAssembly SIMD is not available in this engine');
    const random = makeRandom(2);
    const columns = 1021; // not a multiple of 4: the last group of four is partly unused
    const input = Float32Array.from({ length: 13 * TILE_COLUMNS }, () => Math.round(random() * 1000) / 4 - 50);
    input[5 * TILE_COLUMNS + 17] = NaN;
    input[0 * TILE_COLUMNS + 1020] = NaN;
    sorter.rows.set(input);
    sorter.run(columns);
    for (let q = 0; q < columns; q++) {
      const column = Array.from({ length: 13 }, (_, f) => input[f * TILE_COLUMNS + q]);
      const hasNaN = column.some(Number.isNaN);
      expect(sorter.nanFlags[q] !== 0, `column ${q}`).toBe(hasNaN);
      if (!hasNaN) expect(Array.from({ length: 13 }, (_, f) => sorter.rows[f * TILE_COLUMNS + q])).toEqual(ascending(column));
    }
  });

  it('leaves the median of every column on the median rows', (context) => {
    for (const n of [1, 2, 5, 10, 31, 64]) {
      const sorter = tileSorter(n, 'median');
      if (sorter === null) return context.skip('WebAssembly SIMD is not available in this engine');
      const random = makeRandom(n);
      const input = Float32Array.from({ length: n * TILE_COLUMNS }, () => Math.floor(random() * 100));
      sorter.rows.set(input);
      sorter.run(TILE_COLUMNS);
      for (let q = 0; q < TILE_COLUMNS; q++) {
        const sorted = ascending(Array.from({ length: n }, (_, f) => input[f * TILE_COLUMNS + q]));
        for (const w of medianWires(n)) expect(sorter.rows[w * TILE_COLUMNS + q]).toBe(sorted[w]);
      }
    }
  });
});

describe('scalar selection', () => {
  it('selectKth puts the value of rank k at k, smaller before and larger after (Wirth and Floyd–Rivest sizes)', () => {
    const random = makeRandom(3);
    for (const n of [1, 2, 3, 10, 100, 601, 602, 5000]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * n * 0.7)); // with ties
      const sorted = ascending(values);
      for (const k of new Set([0, n - 1, n >> 1, Math.floor(n / 3), Math.floor(random() * n)])) {
        const buf = values.slice();
        expect(selectKth(buf, 0, n - 1, k), `n ${n}, k ${k}`).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(buf[i]).toBeLessThanOrEqual(buf[k]);
        for (let i = k + 1; i < n; i++) expect(buf[i]).toBeGreaterThanOrEqual(buf[k]);
        expect(ascending(buf)).toEqual(sorted); // a permutation of the input
      }
    }
  });

  it('selectKth works inside a sub-range and leaves the rest alone', () => {
    const buf = Float64Array.of(99, 5, 3, 9, 1, 7, -99);
    expect(selectKth(buf, 1, 5, 3)).toBe(5); // 1 3 [5] 7 9
    expect(buf[0]).toBe(99);
    expect(buf[6]).toBe(-99);
  });

  it('medianInPlace agrees with sorting for every size up to 80, even and odd', () => {
    const random = makeRandom(4);
    for (let n = 1; n <= 80; n++) {
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * 20) - 10);
      const sorted = ascending(values);
      const h = n >> 1;
      const expected = n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
      expect(medianInPlace(values.slice(), 0, n), `n = ${n}`).toBe(expected);
    }
    // a range in the middle of a buffer
    expect(medianInPlace(Float64Array.of(100, 4, 1, 3, 2, -100), 1, 5)).toBe(2.5);
  });

  it('insertionSort and sortRange sort ranges with ties, sorted and reversed input', () => {
    const random = makeRandom(5);
    for (let n = 0; n <= 300; n += n < 40 ? 1 : 37) {
      const cases = [
        Float64Array.from({ length: n }, () => Math.floor(random() * 10)),
        Float64Array.from({ length: n }, (_, i) => i),
        Float64Array.from({ length: n }, (_, i) => n - i),
      ];
      for (const values of cases) {
        const a = values.slice();
        sortRange(a, 0, n);
        expect(Array.from(a)).toEqual(ascending(values));
        const b = values.slice();
        insertionSort(b, 0, n);
        expect(Array.from(b)).toEqual(ascending(values));
      }
    }
  });
});
