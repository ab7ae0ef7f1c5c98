/**
 * The level at which a camera's raw pixels are saturated, in physical ADU (BZERO and BSCALE
 * applied), for FrameMeasurement.saturated and for leaving saturated stars out of the PSF: the
 * header's SATURATE when it has one, else the largest value the stored integers can hold (a
 * 16-bit camera with BZERO 32768 saturates at 65535). Float data has no such ceiling: null.
 * And where a frame reaches it: the fraction of its pixels, and whether a star's core does.
 */
import type { PixelRows } from './pixel-rows';

/** What saturationLevel reads from a raw frame's header. */
export interface SaturationFacts {
  readonly bitpix: number;
  readonly bzero?: number | null;
  readonly bscale?: number | null;
  /** The SATURATE keyword, physical ADU. */
  readonly saturate?: number | null;
}

/** Largest stored value of each integer BITPIX. */
const INTEGER_MAX: Readonly<Record<number, number>> = { 8: 255, 16: 32767, 32: 2147483647 };

/** The raw saturation level in physical ADU, or null when neither the header nor the data type gives one. */
export function saturationLevel(facts: SaturationFacts): number | null {
  if (facts.saturate !== undefined && facts.saturate !== null && Number.isFinite(facts.saturate) && facts.saturate > 0) return facts.saturate;
  const max = INTEGER_MAX[facts.bitpix];
  if (max === undefined) return null;
  const bscale = facts.bscale ?? 1;
  const bzero = facts.bzero ?? 0;
  // a negative BSCALE turns the largest stored value into the smallest physical one
  return bscale > 0 ? max * bscale + bzero : null;
}

/** Fraction of pixels ≥ level over every k-th row (about 2²⁰ pixels in all), read whole. */
export function saturatedFraction(raw: PixelRows, level: number): number {
  const { width, height } = raw;
  const step = Math.max(1, Math.ceil((width * height) / (1 << 20)));
  let hits = 0;
  let seen = 0;
  if (raw.countAtLeast !== undefined) {
    // counted where the values lie (16-bit raw values as integers: a third of reading them)
    for (let y = Math.floor((step - 1) / 2); y < height; y += step) {
      hits += raw.countAtLeast(y, level);
      seen += width;
    }
    return seen === 0 ? 0 : hits / seen;
  }
  const row = new Float32Array(width);
  for (let y = Math.floor((step - 1) / 2); y < height; y += step) {
    raw.readRow(y, 0, width, row, 0);
    for (let i = 0; i < width; i++) if (row[i] >= level) hits++;
    seen += width;
  }
  return seen === 0 ? 0 : hits / seen;
}

/** True when a pixel of `raw` within `radius` of (x, y) is at or above `level`. */
export function touchesLevel(raw: PixelRows, x: number, y: number, radius: number, level: number): boolean {
  const r = Math.ceil(radius);
  const x0 = Math.max(0, Math.round(x) - r);
  const x1 = Math.min(raw.width - 1, Math.round(x) + r);
  if (x1 < x0) return false;
  if (raw.anyAtLeast !== undefined) {
    const y0 = Math.max(0, Math.round(y) - r);
    const y1 = Math.min(raw.height - 1, Math.round(y) + r);
    return y1 >= y0 && raw.anyAtLeast(x0, x1, y0, y1, level);
  }
  const n = x1 - x0 + 1;
  // one row kept from call to call: it runs for every star, and a fresh array each time fed the collector
  if (patchRow.length < n) patchRow = new Float32Array(n);
  const row = patchRow;
  for (let yy = Math.max(0, Math.round(y) - r); yy <= Math.min(raw.height - 1, Math.round(y) + r); yy++) {
    raw.readRow(yy, x0, n, row, 0);
    for (let i = 0; i < n; i++) if (row[i] >= level) return true;
  }
  return false;
}

let patchRow = new Float32Array(64);

