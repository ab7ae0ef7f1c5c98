/**
 * The level at which a camera's raw pixels are saturated, in physical ADU (BZERO and BSCALE
 * applied), for FrameQuality.saturated and for leaving saturated stars out of the PSF: the
 * header's SATURATE when it has one, else the largest value the stored integers can hold (a
 * 16-bit camera with BZERO 32768 saturates at 65535). Float data has no such ceiling: null.
 */

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
