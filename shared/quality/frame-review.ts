/**
 * The review of a run's lights: the rules' suggestions within each filter (rejection-rules.ts)
 * with a decision by hand winning over them, as the contract carries it to every front end.
 */
import type { FrameQuality, FrameReview, FrameVerdict } from '../contract';
import { ruleLimits, suggestRejections, type RejectionRule, type RuleLimit } from './rejection-rules';

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

const toJudge = (lights: readonly LightToReview[]) =>
  lights.map((light) => ({ frameId: light.frameId, filter: light.filter, quality: light.quality ?? NOT_MEASURED, manual: light.verdict }));

/** Where each rule cuts in each filter of `lights` (the lines the quality plot draws). */
export function reviewLimits(lights: readonly LightToReview[], rules: readonly RejectionRule[]): RuleLimit[] {
  return ruleLimits(toJudge(lights), rules);
}

/** Every light's review, in the order given: each judged against the measured lights of its filter. */
export function reviewLights(lights: readonly LightToReview[], rules: readonly RejectionRule[]): FrameReview[] {
  const suggestions = suggestRejections(toJudge(lights), rules);
  return lights.map((light, i) => ({
    frameId: light.frameId,
    filter: light.filter,
    verdict: light.verdict,
    rejected: suggestions[i].rejected,
    reasons: suggestions[i].reasons,
  }));
}
