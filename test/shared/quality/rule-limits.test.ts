/** Where each rule cuts, per filter (the plot's threshold lines), and a limit dragged on the plot becoming a rule. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REJECTION_RULES, formatRule, parseRejectionRules, ruleLimits, suggestRejections, withDraggedLimit, type FrameToJudge } from '../../../shared/quality/rejection-rules';

const frame = (id: string, filter: string, fwhm: number, stars = 400, background = 1000): FrameToJudge => ({ frameId: id, filter, quality: { fwhm, stars, background, eccentricity: 0.1, noise: 10, weight: 1 } });
// L: FWHM 3.0, 3.1, 3.2, 2.9, 6.0 → median 3.1, MAD 0.1; R: FWHM 4 × 4, stars 100 → median 4, MAD 0.04 (1 % of the median)
const night = [frame('a', 'L', 3), frame('b', 'L', 3.1), frame('c', 'L', 3.2), frame('d', 'L', 2.9), frame('e', 'L', 6), ...[1, 2, 3, 4].map((i) => frame(`r${i}`, 'R', 4, 100, 200))];

describe('ruleLimits', () => {
  it('gives each rule its limit in each filter, from that filter alone', () => {
    const limits = ruleLimits(night, DEFAULT_REJECTION_RULES);
    const at = (filter: string, rule: string) => limits.find((l) => l.filter === filter && l.rule === rule)!.value!;
    expect(at('L', 'fwhm>median+3mad')).toBeCloseTo(3.1 + 3 * 0.1, 10);
    expect(at('R', 'fwhm>median+3mad')).toBeCloseTo(4 + 3 * 0.04, 10);
    expect(at('L', 'stars<50%')).toBe(200);
    expect(at('R', 'stars<50%')).toBe(50);
    expect(at('L', 'eccentricity>0.6')).toBe(0.6);
    expect(limits).toHaveLength(2 * DEFAULT_REJECTION_RULES.length);
  });

  it('agrees with the suggestions: a frame is suggested exactly when it lies beyond a limit of its filter', () => {
    const limits = ruleLimits(night);
    const suggestions = suggestRejections(night);
    night.forEach((f, i) => {
      const beyond = limits.filter((l) => l.filter === f.filter && l.value !== null).some((l) => (l.comparison === '>' ? f.quality[l.metric]! > l.value! : f.quality[l.metric]! < l.value!));
      expect(suggestions[i].rejected, f.frameId).toBe(beyond);
    });
    expect(suggestions.filter((s) => s.rejected).map((s) => s.frameId)).toEqual(['e']);
  });
});

describe('withDraggedLimit', () => {
  const limitOf = (filter: string, rule: string) => ruleLimits(night).find((l) => l.filter === filter && l.rule === rule)!;

  it('a median+k·mad rule dragged in one filter keeps its kind: the k that puts the line there, the same rule in every filter', () => {
    // L: median 3.1, MAD 0.1; dragged to 3.15 → k = 0.5
    const rules = withDraggedLimit(DEFAULT_REJECTION_RULES, limitOf('L', 'fwhm>median+3mad'), 3.15);
    expect(rules.map(formatRule)).toEqual(['fwhm>median+0.5mad', 'stars<50%', 'background>median+5mad', 'eccentricity>0.6']);
    expect(parseRejectionRules(rules.map(formatRule).join(','))).toEqual(rules);
    expect(ruleLimits(night, rules).find((l) => l.filter === 'L' && l.metric === 'fwhm')!.value).toBeCloseTo(3.15, 10);
    // R's frames, all alike, are not rejected by a line dragged among L's
    expect(suggestRejections(night, rules).filter((s) => s.rejected).map((s) => s.frameId)).toEqual(['c', 'e']);
  });

  it('a percentage stays a percentage, a fixed limit a value', () => {
    expect(formatRule(withDraggedLimit(DEFAULT_REJECTION_RULES, limitOf('L', 'stars<50%'), 300)[1])).toBe('stars<75%');
    expect(formatRule(withDraggedLimit(DEFAULT_REJECTION_RULES, limitOf('R', 'eccentricity>0.6'), 0.4567)[3])).toBe('eccentricity>0.457');
  });
});
