/**
 * Calibrating a raw frame with its masters: (raw − bias − darkScale·dark) / flat, in float32.
 * One tight loop over the pixels; this runs once per light, so it is the pipeline's hot path
 * after reading and writing.
 */

/** The masters a frame is calibrated with; a null master is skipped. */
export interface CalibrationFrames {
  /** Master bias (ADU), subtracted as is; null subtracts 0. */
  readonly bias: Float32Array | null;
  /** Master dark (ADU, bias removed), subtracted times `darkScale`; null subtracts 0. */
  readonly dark: Float32Array | null;
  /** Light exposure / dark exposure: how much of the dark current the frame holds. */
  readonly darkScale: number;
  /** Normalised master flat (median 1); null divides by 1. */
  readonly flat: Float32Array | null;
}

/**
 * out[i] = (raw[i] − bias[i] − darkScale·dark[i]) / flat[i] for i in [start, end); a flat pixel
 * that is 0, negative, NaN or infinite gives NaN, never ±Infinity. `out` may be `raw` (in place).
 * Missing frames are skipped (null bias = 0, null dark = 0, null flat = 1). Any result that is
 * not a finite float32 (a NaN or infinite raw value, an overflow) is NaN as well.
 */
export function calibratePixels(
  raw: Float32Array,
  frames: CalibrationFrames,
  out: Float32Array,
  start = 0,
  end = raw.length,
): void {
  const { bias, dark, flat, darkScale } = frames;
  checkLength('bias', bias, raw.length);
  checkLength('dark', dark, raw.length);
  checkLength('flat', flat, raw.length);
  checkLength('out', out, raw.length);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > raw.length || start > end) {
    throw new RangeError(`calibratePixels: range [${start}, ${end}) is not inside the frame's ${raw.length} pixels`);
  }
  if (!Number.isFinite(darkScale)) {
    throw new RangeError(`calibratePixels: darkScale must be finite, got ${darkScale}`);
  }
  if (bias !== null && dark !== null && flat !== null) {
    calibrateFull(raw, bias, dark, darkScale, flat, out, start, end);
  } else {
    calibrateSome(raw, bias, dark, darkScale, flat, out, start, end);
  }
}

function checkLength(name: string, frame: Float32Array | null, length: number): void {
  if (frame !== null && frame.length !== length) {
    throw new RangeError(`calibratePixels: the ${name} frame has ${frame.length} pixels, the raw frame ${length}`);
  }
}

/*
 * Bad pixels are made NaN by arithmetic rather than by tests, which halved the loop's time in
 * the bench (25 → 16 ms for 2048², against 12 ms for the bare formula):
 *   w = fround(q)        the float32 that will be stored; ±Infinity when q overflows float32
 *   w − w                0 for a finite w, NaN for ±Infinity or NaN
 *   √flat · 0            0 for a finite flat ≥ 0, NaN for a negative, NaN or infinite flat
 * A zero flat gives q = ±Infinity or NaN, caught by w − w. (A result of −0 is stored as +0.)
 */

// The common case (all three masters) gets a loop of its own, free of per-pixel null tests.
function calibrateFull(
  raw: Float32Array,
  bias: Float32Array,
  dark: Float32Array,
  darkScale: number,
  flat: Float32Array,
  out: Float32Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    const f = flat[i];
    const w = Math.fround((raw[i] - bias[i] - darkScale * dark[i]) / f);
    out[i] = w + (w - w + Math.sqrt(f) * 0);
  }
}

function calibrateSome(
  raw: Float32Array,
  bias: Float32Array | null,
  dark: Float32Array | null,
  darkScale: number,
  flat: Float32Array | null,
  out: Float32Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    let v = raw[i];
    if (bias !== null) v -= bias[i];
    if (dark !== null) v -= darkScale * dark[i];
    let badFlat = 0;
    if (flat !== null) {
      const f = flat[i];
      v /= f;
      badFlat = Math.sqrt(f) * 0;
    }
    const w = Math.fround(v);
    out[i] = w + (w - w + badFlat);
  }
}

/** How a frame's stored numbers become physical values: bzero + bscale × stored; `blank` → NaN. */
export interface StoredScaling {
  readonly bzero: number;
  readonly bscale: number;
  /** The stored value that marks a missing pixel (integer data), or null. */
  readonly blank: number | null;
}

/** A frame's pixels as stored in the file (host byte order), before scaling. */
export type StoredValues = Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/**
 * calibratePixels straight from the stored numbers: out[i] = (bzero + bscale·stored[i] − bias[i]
 * − darkScale·dark[i]) / flat[i], with the same NaN rules. Scaling and calibrating in one pass
 * saves a full pass over the frame on the light hot path (test/bench/pixels-bench.ts: 2048²
 * int16 with three masters, one pass ~20 ms against ~27 ms for decode then calibrate). The
 * pool's arena path runs calibrate-simd.ts instead (~4.5 ms), which must give these very pixels:
 * this is its reference, and the fallback where WebAssembly SIMD is missing.
 */
export function calibrateStored(stored: StoredValues, scaling: StoredScaling, frames: CalibrationFrames, out: Float32Array): void {
  const { bias, dark, flat, darkScale } = frames;
  const n = out.length;
  if (stored.length < n) throw new RangeError(`calibrateStored: ${stored.length} stored values for ${n} pixels`);
  if (stored instanceof Int16Array && bias !== null && dark !== null && flat !== null && scaling.blank === null) {
    checkLength('bias', bias, n);
    checkLength('dark', dark, n);
    checkLength('flat', flat, n);
    if (!Number.isFinite(darkScale)) throw new RangeError(`calibrateStored: darkScale must be finite, got ${darkScale}`);
    calibrateInt16Full(stored, scaling.bzero, scaling.bscale, bias, dark, darkScale, flat, out);
    return;
  }
  // Other layouts are rarer: scale into `out`, then calibrate it in place.
  scaleStored(stored, scaling, out);
  calibratePixels(out, frames, out);
}

// Monomorphic on Int16Array (16-bit cameras: BITPIX 16, BZERO 32768), the common case.
function calibrateInt16Full(
  stored: Int16Array,
  bzero: number,
  bscale: number,
  bias: Float32Array,
  dark: Float32Array,
  darkScale: number,
  flat: Float32Array,
  out: Float32Array,
): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const f = flat[i];
    const w = Math.fround((stored[i] * bscale + bzero - bias[i] - darkScale * dark[i]) / f);
    out[i] = w + (w - w + Math.sqrt(f) * 0);
  }
}

function scaleStored(stored: StoredValues, scaling: StoredScaling, out: Float32Array): void {
  const { bzero, bscale, blank } = scaling;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = stored[i];
    out[i] = v === blank ? NaN : v * bscale + bzero;
  }
}
