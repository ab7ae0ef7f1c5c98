/**
 * A frame's measurement as the run records it (FrameQuality of the contract): the figures a
 * person, the rules and the manifest use, in plain JSON (no NaN, no Infinity), to the digits
 * the measurement holds.
 */
import type { FrameQuality } from '../contract';
import type { FrameMeasurement } from './measure-frame';

/** Significant digits kept: the figures are good to a few per mille at best. */
const DIGITS = 6;

/** The record of one measurement. */
export function qualityRecord(measurement: FrameMeasurement): FrameQuality {
  return {
    background: figure(measurement.background),
    noise: figure(measurement.noise),
    stars: measurement.stars,
    fwhm: figure(measurement.fwhm),
    fwhmArcsec: figure(measurement.fwhmArcsec),
    eccentricity: figure(measurement.eccentricity),
    saturated: figure(measurement.saturated),
    weight: figure(measurement.weight),
    unmeasured: measurement.unmeasured,
    channels: measurement.channels?.map((c) => ({ name: c.name, background: figure(c.background), noise: figure(c.noise) })) ?? null,
  };
}

/** The record of a frame whose measurement could not run at all, saying why. */
export function unmeasuredRecord(why: string): FrameQuality {
  return { background: null, noise: null, stars: 0, fwhm: null, fwhmArcsec: null, eccentricity: null, saturated: null, weight: null, unmeasured: why, channels: null };
}

function figure(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Number(value.toPrecision(DIGITS));
}
