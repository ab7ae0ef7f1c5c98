/**
 * From the user's stretch choice and a preview's display limits to the parameters of
 * `renderRgba`: zscale uses (z1, z2); auto-stretch (PixInsight's screen-transfer function)
 * turns its shadows/highlights fractions of [min, max] into ADU and keeps its midtones
 * balance; manual uses the user's limits, starting from zscale's.
 */
import type { PreviewImage } from '../../shared/contract';
import type { StretchMode } from '../../shared/pixels/stretch';

export type StretchMethod = 'zscale' | 'auto' | 'manual';

export interface StretchSettings {
  readonly method: StretchMethod;
  readonly curve: StretchMode;
  /** Manual black and white points in ADU; null means "start from zscale". */
  readonly manualLo: number | null;
  readonly manualHi: number | null;
}

/** The arguments `renderRgba` takes besides the pixels. */
export interface StretchParams {
  readonly lo: number;
  readonly hi: number;
  readonly mode: StretchMode;
  readonly midtones?: number;
}

export const defaultStretch: StretchSettings = { method: 'auto', curve: 'linear', manualLo: null, manualHi: null };

/** Keeps `hi` above `lo` so a flat image (a constant bias) does not divide by zero. */
function ordered(lo: number, hi: number): { lo: number; hi: number } {
  if (hi > lo) return { lo, hi };
  return { lo, hi: lo + Math.max(Math.abs(lo) * 1e-6, 1e-6) };
}

/** The display parameters of one image under the chosen stretch. */
export function stretchParams(settings: StretchSettings, image: Pick<PreviewImage, 'stats' | 'limits'>): StretchParams {
  const { z1, z2 } = image.limits.zscale;
  switch (settings.method) {
    case 'zscale':
      return { ...ordered(z1, z2), mode: settings.curve };
    case 'manual':
      return { ...ordered(settings.manualLo ?? z1, settings.manualHi ?? z2), mode: settings.curve };
    case 'auto': {
      const { min, max } = image.stats;
      if (!Number.isFinite(min) || !Number.isFinite(max)) return { ...ordered(z1, z2), mode: settings.curve };
      const { shadows, midtones, highlights } = image.limits.autoStretch;
      const range = max - min;
      return { ...ordered(min + shadows * range, min + highlights * range), mode: settings.curve, midtones };
    }
  }
}

/**
 * A colour preview's stretch per channel: zscale and auto-stretch from each channel's own
 * limits (the sky comes out neutral); a manual stretch applies the user's limits to all three.
 */
export function channelStretchParams(settings: StretchSettings, image: Pick<PreviewImage, 'colour'>): readonly [StretchParams, StretchParams, StretchParams] | null {
  if (!image.colour) return null;
  const [r, g, b] = image.colour.channels.map((channel) =>
    stretchParams(settings, { stats: { min: channel.min, max: channel.max } as PreviewImage['stats'], limits: channel.limits }),
  );
  return [r, g, b];
}
