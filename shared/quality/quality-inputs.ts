/**
 * What the measurement of a light needs to know of it, decided once in main from its header
 * (the worker only computes): how the colours of a one-shot-colour sensor lie on the stored
 * pixels, the pixel scale, and the raw value at which the camera saturates.
 */
import type { BayerLayout, FrameFacts } from '../night/frames';
import { cfaChannelAt } from '../night/cfa-pattern';
import type { BayerPattern, MeasureOptions } from './measure-frame';
import type { PixelRows } from './pixel-rows';
import { saturationLevel } from './saturation';

/** The inputs of one light's measurement (they travel in the calibration task). */
export interface QualityInputs {
  /** Colours of the stored cells (0,0), (1,0), (0,1), (1,1), or null for a mono frame. */
  readonly bayerPattern: BayerPattern | null;
  /** Arcseconds per pixel, or null. */
  readonly pixelScale: number | null;
  /** Raw value (physical ADU) at or above which a pixel is saturated, or null when unknown. */
  readonly saturation: number | null;
}

/** How the raw values are stored, as far as saturation goes. */
export interface StoredFormat {
  readonly bitpix: number;
  readonly bzero: number;
  readonly bscale: number;
  readonly height: number;
}

/** The inputs for a light of these header facts (null facts: a mono frame of unknown scale) and storage. */
export function qualityInputs(facts: Pick<FrameFacts, 'bayer' | 'pixelScale' | 'saturation'> | null, stored: StoredFormat): QualityInputs {
  return {
    bayerPattern: facts?.bayer ? storedPattern(facts.bayer, stored.height) : null,
    pixelScale: facts?.pixelScale != null && Number.isFinite(facts.pixelScale) && facts.pixelScale > 0 ? facts.pixelScale : null,
    saturation: saturationLevel({ bitpix: stored.bitpix, bzero: stored.bzero, bscale: stored.bscale, saturate: facts?.saturation ?? null }),
  };
}

/** measureFrame's options for these inputs, with the raw values to test saturation on. */
export function measureOptions(inputs: QualityInputs, raw: PixelRows | null): MeasureOptions {
  return {
    bayerPattern: inputs.bayerPattern,
    pixelScale: inputs.pixelScale,
    saturation: inputs.saturation !== null && raw !== null ? { level: inputs.saturation, raw } : null,
  };
}

/** The pattern as the stored pixels see it: offsets and row order applied (cfa-pattern.ts). */
function storedPattern(bayer: BayerLayout, height: number): BayerPattern | null {
  if (height < 2) return null;
  const cells = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([x, y]) => cfaChannelAt(bayer, x, y, height).channel);
  const pattern = cells.join('');
  return pattern === 'RGGB' || pattern === 'BGGR' || pattern === 'GRBG' || pattern === 'GBRG' ? pattern : null;
}
