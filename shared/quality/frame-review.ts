/**
 * The review of a run's lights: the rules' suggestions within each filter (rejection-rules.ts)
 * with a decision by hand winning over them, as the contract carries it to every front end.
 */
import type { FrameQuality, FrameReview, FrameVerdict } from '../contract';
import { suggestRejections, type RejectionRule } from './rejection-rules';

/** A light to review: its filter, its quality record (null: never measured), a decision by hand. */
export interface LightToReview {
  readonly frameId: string;
  readonly filter: string | null;
  readonly quality: FrameQuality | null;
  readonly verdict: FrameVerdict | null;
}

const NOT_MEASURED: Pick<FrameQuality, 'fwhm' | 'stars' | 'background' | 'eccentricity' | 'noise' | 'weight'> = {
  fwhm: null,
  stars: NaN, // no count to compare: never judged by the stars rule, nor counted in its median
  background: null,
  eccentricity: null,
  noise: null,
  weight: null,
};

/** Every light's review, in the order given: each judged against the measured lights of its filter. */
export function reviewLights(lights: readonly LightToReview[], rules: readonly RejectionRule[]): FrameReview[] {
  const suggestions = suggestRejections(
    lights.map((light) => ({ frameId: light.frameId, filter: light.filter, quality: light.quality ?? NOT_MEASURED, manual: light.verdict })),
    rules,
  );
  return lights.map((light, i) => ({
    frameId: light.frameId,
    filter: light.filter,
    verdict: light.verdict,
    rejected: suggestions[i].rejected,
    reasons: suggestions[i].reasons,
  }));
}
