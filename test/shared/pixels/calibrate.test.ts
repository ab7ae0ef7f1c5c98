import { describe, expect, it } from 'vitest';
import { calibratePixels, type CalibrationFrames } from '../../../shared/pixels/calibrate';
import { differences, makeRandom } from './seeded-random';

const filled = (n: number, value: number) => new Float32Array(n).fill(value);

describe('calibratePixels on constant frames', () => {
  it('takes a bias of 5 back out', () => {
    const raw = filled(16, 105);
    const out = new Float32Array(16);
    calibratePixels(raw, { bias: filled(16, 5), dark: null, darkScale: 0, flat: null }, out);
    expect(Array.from(out)).toEqual(new Array(16).fill(100));
  });

  it('scales a dark of 1.7 ADU by the exposure ratio (300 s light, 60 s dark)', () => {
    // raw = bias 5 + 5 × 1.7 dark + 100 signal
    const raw = filled(16, 5 + 5 * 1.7 + 100);
    const out = new Float32Array(16);
    calibratePixels(raw, { bias: filled(16, 5), dark: filled(16, 1.7), darkScale: 300 / 60, flat: null }, out);
    for (const v of out) expect(v).toBeCloseTo(100, 4);
  });

  it('divides by the flat ratio', () => {
    // a pixel seeing 80 % of the light: 100 of signal recorded as 80
    const raw = filled(16, 5 + 80);
    const out = new Float32Array(16);
    calibratePixels(raw, { bias: filled(16, 5), dark: null, darkScale: 0, flat: filled(16, 0.8) }, out);
    for (const v of out) expect(v).toBeCloseTo(100, 4);
  });
});

describe('calibratePixels, pixel by pixel', () => {
  // raw, bias, dark (darkScale 2), flat → expected, and why
  const table: readonly [number, number, number, number, number, string][] = [
    [110, 10, 1, 1, 98, '(110 − 10 − 2·1) / 1'],
    [210, 10, 2, 2, 98, '(210 − 10 − 2·2) / 2'],
    [60, 10, 0.5, 0.5, 98, '(60 − 10 − 2·0.5) / 0.5'],
    [10, 10, 0, 1e-30, 0, 'nothing left after the bias: 0 / tiny flat = 0'],
    [100, 10, 0, 0, NaN, 'zero flat'],
    [100, 10, 0, -1, NaN, 'negative flat'],
    [100, 10, 0, NaN, NaN, 'NaN flat'],
    [100, 10, 0, Infinity, NaN, 'infinite flat'],
    [100, 10, 0, -Infinity, NaN, 'negative infinite flat'],
    [1e30, 0, 0, 1e-30, NaN, '1e60 overflows float32: NaN, not Infinity'],
    [-1e30, 0, 0, 1e-30, NaN, '−1e60 overflows float32: NaN, not −Infinity'],
    [20, 10, 0, 1.401298464324817e-45, NaN, '10 / the smallest float32 overflows'],
    [3e38, -3e38, 0, 1, NaN, '6e38 overflows float32'],
    [NaN, 10, 0, 1, NaN, 'NaN raw pixel'],
    [Infinity, 10, 0, 1, NaN, 'infinite raw pixel'],
  ];
  const column = (k: 0 | 1 | 2 | 3) => Float32Array.from(table, (row) => row[k]);

  it.each(table.map((row, i) => [i, row[5], row[4]] as const))('pixel %i: %s → %s', (i, _why, expected) => {
    const out = new Float32Array(table.length);
    calibratePixels(column(0), { bias: column(1), dark: column(2), darkScale: 2, flat: column(3) }, out);
    if (Number.isNaN(expected)) expect(out[i]).toBeNaN();
    else expect(out[i]).toBe(expected);
  });

  it('gives the same table through the path for missing masters (bias and dark folded into raw)', () => {
    const raw = Float32Array.from(table, ([r, b, d]) => r - b - 2 * d);
    const out = new Float32Array(table.length);
    calibratePixels(raw, { bias: null, dark: null, darkScale: 0, flat: column(3) }, out);
    table.forEach(([, , , , expected], i) => {
      if (Number.isNaN(expected)) expect(out[i]).toBeNaN();
      else expect(out[i]).toBe(expected);
    });
  });
});

/** The definition: the formula in double precision, stored as float32, NaN for a bad flat or a non-finite result. */
function reference(raw: number, bias: number, dark: number, scale: number, flat: number): number {
  if (!(flat > 0) || flat === Infinity) return NaN;
  const value = Math.fround((raw - bias - scale * dark) / flat);
  return Number.isFinite(value) ? value : NaN;
}

/** Values from ±1e−40 to ±1e40, some zero, some NaN or infinite. */
function wildValue(random: () => number): number {
  const kind = random();
  if (kind < 0.03) return NaN;
  if (kind < 0.05) return random() < 0.5 ? Infinity : -Infinity;
  if (kind < 0.08) return 0;
  const magnitude = 10 ** (random() * 80 - 40);
  return random() < 0.3 ? -magnitude : magnitude;
}

describe('calibratePixels over random inputs', () => {
  const n = 20_000;
  const random = makeRandom(42);
  const make = () => Float32Array.from({ length: n }, () => wildValue(random));
  const raw = make();
  const bias = make();
  const dark = make();
  const flat = make();

  it('never writes ±Infinity, and agrees with the definition everywhere', () => {
    for (const darkScale of [0, 1, 3.7, -0.5]) {
      const out = new Float32Array(n);
      calibratePixels(raw, { bias, dark, darkScale, flat }, out);
      expect(out.some((v) => v === Infinity || v === -Infinity)).toBe(false);
      const expected = Float32Array.from({ length: n }, (_, i) => reference(raw[i], bias[i], dark[i], darkScale, flat[i]));
      expect(differences(out, expected)).toEqual([]);
    }
  });

  it('treats each missing master as 0 (bias, dark) or 1 (flat), in all eight combinations', () => {
    for (let mask = 0; mask < 8; mask++) {
      const frames: CalibrationFrames = {
        bias: mask & 1 ? bias : null,
        dark: mask & 2 ? dark : null,
        darkScale: 1.5,
        flat: mask & 4 ? flat : null,
      };
      const out = new Float32Array(n);
      calibratePixels(raw, frames, out);
      expect(out.some((v) => v === Infinity || v === -Infinity)).toBe(false);
      const expected = Float32Array.from({ length: n }, (_, i) =>
        reference(raw[i], frames.bias ? bias[i] : 0, frames.dark ? dark[i] : 0, 1.5, frames.flat ? flat[i] : 1),
      );
      expect(differences(out, expected), `masters present: ${mask.toString(2).padStart(3, '0')}`).toEqual([]);
    }
  });

  it('gives the same result in place as out of place', () => {
    const frames = { bias, dark, darkScale: 2.5, flat };
    const out = new Float32Array(n);
    calibratePixels(raw, frames, out);
    const inPlace = raw.slice();
    calibratePixels(inPlace, frames, inPlace);
    expect(differences(inPlace, out)).toEqual([]);
  });

  it('leaves its inputs unchanged', () => {
    const copies = [raw, bias, dark, flat].map((a) => a.slice());
    calibratePixels(raw, { bias, dark, darkScale: 2, flat }, new Float32Array(n));
    calibratePixels(raw, { bias: null, dark, darkScale: 2, flat: null }, new Float32Array(n));
    [raw, bias, dark, flat].forEach((array, k) => expect(differences(array, copies[k])).toEqual([]));
  });
});

describe('calibratePixels ranges and errors', () => {
  const n = 100;
  const raw = Float32Array.from({ length: n }, (_, i) => 100 + i);
  const frames: CalibrationFrames = { bias: filled(n, 100), dark: null, darkScale: 0, flat: filled(n, 2) };

  it('writes only [start, end)', () => {
    const out = filled(n, -7);
    calibratePixels(raw, frames, out, 10, 20);
    for (let i = 0; i < n; i++) expect(out[i]).toBe(i >= 10 && i < 20 ? i / 2 : -7);
  });

  it('splits into ranges with the same result as one call', () => {
    const whole = new Float32Array(n);
    calibratePixels(raw, frames, whole);
    const pieces = new Float32Array(n);
    for (const [start, end] of [[0, 33], [33, 34], [34, 34], [34, 100]]) calibratePixels(raw, frames, pieces, start, end);
    expect(differences(pieces, whole)).toEqual([]);
  });

  it('refuses ranges outside the frame and frames of another size, naming them', () => {
    const out = new Float32Array(n);
    expect(() => calibratePixels(raw, frames, out, -1, 10)).toThrow(/range/);
    expect(() => calibratePixels(raw, frames, out, 0, n + 1)).toThrow(/range/);
    expect(() => calibratePixels(raw, frames, out, 20, 10)).toThrow(/range/);
    expect(() => calibratePixels(raw, { ...frames, flat: filled(n - 1, 1) }, out)).toThrow(/flat frame has 99 pixels/);
    expect(() => calibratePixels(raw, frames, new Float32Array(n - 1))).toThrow(/out frame/);
    expect(() => calibratePixels(raw, { ...frames, darkScale: NaN }, out)).toThrow(/darkScale/);
  });
});
