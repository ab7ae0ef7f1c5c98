/**
 * The quality of a light the worker just calibrated, from the pixels in hand (never read again):
 * the calibrated output as it lies in memory (big-endian in the slot, or the JavaScript path's
 * buffer) and the raw values for saturation, measured by shared/quality with what main decided
 * of the light (QualityInputs). A failure of the measurement is the record's reason, never the
 * frame's: the light is written either way.
 */
import { performance } from 'node:perf_hooks';
import type { FrameQuality } from '../../../shared/contract';
import { measureFrame } from '../../../shared/quality/measure-frame';
import type { PixelRows } from '../../../shared/quality/pixel-rows';
import { measureOptions, type QualityInputs } from '../../../shared/quality/quality-inputs';
import { qualityRecord, unmeasuredRecord } from '../../../shared/quality/quality-record';

/** The light's quality record and how long it took (ms). */
export function measureLight(pixels: PixelRows, raw: PixelRows | null, inputs: QualityInputs): { readonly quality: FrameQuality; readonly ms: number } {
  const started = performance.now();
  let quality: FrameQuality;
  try {
    quality = qualityRecord(measureFrame(pixels, pixels.width, pixels.height, measureOptions(inputs, raw)));
  } catch (error) {
    quality = unmeasuredRecord(`the measurement failed (${error instanceof Error ? error.message : String(error)})`);
  }
  return { quality, ms: performance.now() - started };
}
