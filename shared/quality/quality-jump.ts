/**
 * While a night is watched: has the newest light's quality jumped against the lights just before
 * it (of its filter)? A focus that drifts shows as FWHM up by a third, clouds as half the stars;
 * the watch says so at once: the moment to refocus or close the roof.
 */
import type { FrameQuality } from '../contract';

/** How many earlier lights of the filter make the reference (their median), and how few suffice. */
export const JUMP_WINDOW = 10;
const JUMP_MIN_REFERENCE = 3;
/** FWHM this much above the reference's median is a jump (+30 %). */
export const FWHM_JUMP = 1.3;
/** Stars below this share of the reference's median is a jump (half). */
export const STARS_DROP = 0.5;

/** A jump in words ('FWHM 4.1 px, up 37 % on the last 10 lights' 3.0 px: refocus?'), or null when there is none (or too few lights before it). */
export function qualityJump(earlier: readonly FrameQuality[], newest: FrameQuality): string | null {
  const reference = earlier.slice(-JUMP_WINDOW);
  if (reference.length < JUMP_MIN_REFERENCE) return null;
  const notes: string[] = [];
  const fwhm = median(reference.map((q) => q.fwhm).filter((v): v is number => v !== null));
  if (fwhm !== null && newest.fwhm !== null && newest.fwhm > FWHM_JUMP * fwhm) {
    notes.push(`FWHM ${newest.fwhm.toFixed(1)} px, up ${Math.round((newest.fwhm / fwhm - 1) * 100)} % on the last ${reference.length} lights' ${fwhm.toFixed(1)} px: refocus?`);
  }
  const stars = median(reference.map((q) => q.stars));
  if (stars !== null && stars > 0 && newest.stars < STARS_DROP * stars) {
    notes.push(`${newest.stars} stars, ${Math.round((1 - newest.stars / stars) * 100)} % fewer than the last ${reference.length} lights' ${Math.round(stars)}: clouds?`);
  }
  return notes.length > 0 ? notes.join('; ') : null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}
