/**
 * From the user's stretch choice and a preview's display limits to the parameters of
 * `renderRgba`: zscale uses (z1, z2); auto-stretch (PixInsight's screen-transfer function)
 * turns its shadows/highlights fractions of [min, max] into ADU and keeps its midtones
 * balance; manual uses the user's limits, each pane its own (raw and calibrated frames lie
 * thousands of ADU apart: one pair for both blacks one out), starting from its image's zscale.
 */
import type { ImageSource, PreviewImage } from '../../shared/contract';
import type { StretchMode } from '../../shared/pixels/stretch';

export type StretchMethod = 'zscale' | 'auto' | 'manual';

/** Which pane a manual stretch is for: the kind of image it shows. */
export type StretchPane = ImageSource['kind'];

/** Black and white points in ADU. */
export interface ManualLimits {
  readonly lo: number;
  readonly hi: number;
}

export interface StretchSettings {
  readonly method: StretchMethod;
  readonly curve: StretchMode;
  /** Manual black and white points per pane; a pane without any uses its image's zscale. */
  readonly manual: Readonly<Partial<Record<StretchPane, ManualLimits>>>;
}

/** The arguments `renderRgba` takes besides the pixels. */
export interface StretchParams {
  readonly lo: number;
  readonly hi: number;
  readonly mode: StretchMode;
  readonly midtones?: number;
}

export const defaultStretch: StretchSettings = { method: 'auto', curve: 'linear', manual: {} };

/** Manual limits for every pane that has none yet, from its own image's zscale (5 significant digits). */
export function seededManual(settings: StretchSettings, panes: readonly { readonly pane: StretchPane; readonly image: Pick<PreviewImage, 'limits'> | null }[]): StretchSettings['manual'] {
  const manual = { ...settings.manual };
  for (const { pane, image } of panes) {
    if (manual[pane] || !image) continue;
    const { z1, z2 } = image.limits.zscale;
    manual[pane] = { lo: Number(z1.toPrecision(5)), hi: Number(z2.toPrecision(5)) };
  }
  return manual;
}

/** Keeps `hi` above `lo` so a flat image (a constant bias) does not divide by zero. */
function ordered(lo: number, hi: number): { lo: number; hi: number } {
  if (hi > lo) return { lo, hi };
  return { lo, hi: lo + Math.max(Math.abs(lo) * 1e-6, 1e-6) };
}

/** The display parameters of one image, shown in `pane`, under the chosen stretch. */
export function stretchParams(settings: StretchSettings, image: Pick<PreviewImage, 'stats' | 'limits'>, pane: StretchPane): StretchParams {
  const { z1, z2 } = image.limits.zscale;
  switch (settings.method) {
    case 'zscale':
      return { ...ordered(z1, z2), mode: settings.curve };
    case 'manual':
      return { ...ordered(settings.manual[pane]?.lo ?? z1, settings.manual[pane]?.hi ?? z2), mode: settings.curve };
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
export function channelStretchParams(settings: StretchSettings, image: Pick<PreviewImage, 'colour'>, pane: StretchPane): readonly [StretchParams, StretchParams, StretchParams] | null {
  if (!image.colour) return null;
  const [r, g, b] = image.colour.channels.map((channel) =>
    stretchParams(settings, { stats: { min: channel.min, max: channel.max } as PreviewImage['stats'], limits: channel.limits }, pane),
  );
  return [r, g, b];
}
