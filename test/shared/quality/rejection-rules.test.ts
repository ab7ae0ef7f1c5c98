import { describe, expect, it } from 'vitest';
import { measureFrame } from '../../../shared/quality/measure-frame';
import {
  DEFAULT_REJECTION_RULES,
  formatRule,
  parseRejectionRules,
  RejectionRuleError,
  suggestRejections,
  type FrameToJudge,
} from '../../../shared/quality/rejection-rules';
import { syntheticFrame } from './synthetic-sky';

type Quality = FrameToJudge['quality'];
const quality = (q: Partial<Quality>): Quality => ({ fwhm: 3, stars: 500, background: 1000, eccentricity: 0.2, noise: 30, weight: 1e6, ...q });

describe('suggestRejections on a measured night', () => {
  it('a night where a third of the lights are defocused and two are clouded: exactly those are suggested', () => {
    // 15 lights of one field in L: 5 defocused (FWHM × 1.8), 2 clouded (sky × 4, stars ÷ 5), the rest
    // sharp, with a little seeing and sky variation from frame to frame; and 4 lights in Ha, all good
    const frames: FrameToJudge[] = [];
    const expected = new Set<string>();
    for (let i = 0; i < 15; i++) {
      const defocused = i % 3 === 1;
      const clouded = i === 6 || i === 12;
      const seeing = 3 * (1 + 0.02 * Math.sin(i * 1.7));
      const truth = syntheticFrame({
        width: 1024,
        height: 1024,
        seed: 40 + i,
        stars: 500,
        psf: { fwhm: defocused ? 1.8 * seeing : seeing, beta: 3 },
        referencePsf: { fwhm: 3, beta: 3 },
        skyFactor: (clouded ? 4 : 1) * (1 + 0.01 * Math.cos(i)),
        transmission: clouded ? 0.2 : 1,
      });
      const id = `L_${String(i).padStart(3, '0')}.fits`;
      frames.push({ frameId: id, filter: 'L', quality: measureFrame(truth.pixels, truth.width, truth.height) });
      if (defocused || clouded) expected.add(id);
    }
    for (let i = 0; i < 4; i++) {
      const truth = syntheticFrame({ width: 1024, height: 1024, seed: 90 + i, stars: 200, psf: { fwhm: 4.5, beta: 3 }, skyFactor: 0.3 });
      frames.push({ frameId: `Ha_${i}.fits`, filter: 'Ha', quality: measureFrame(truth.pixels, truth.width, truth.height) });
    }
    const suggestions = suggestRejections(frames);
    const rejected = suggestions.filter((s) => s.rejected).map((s) => s.frameId);
    expect(new Set(rejected)).toEqual(expected);
    for (const s of suggestions) expect(s.reasons.length > 0).toBe(s.rejected);
    const defocused = suggestions.find((s) => s.frameId === 'L_001.fits')!;
    expect(defocused.reasons.some((r) => /^fwhm [\d.]+ > median\+3mad = [\d.]+ \(median [\d.]+, MAD [\d.]+\)$/.test(r))).toBe(true);
    const clouded = suggestions.find((s) => s.frameId === 'L_006.fits')!;
    expect(clouded.reasons.some((r) => r.startsWith('background '))).toBe(true);
    expect(clouded.reasons.some((r) => r.startsWith('stars ') && r.includes('< 50% ='))).toBe(true);
  });
});

describe('suggestRejections: the rules', () => {
  const night = (values: Partial<Quality>[], filter: string | null = 'R'): FrameToJudge[] =>
    values.map((q, i) => ({ frameId: `f${i}`, filter, quality: quality(q) }));

  it('compares each frame with the median and MAD of its own filter only', () => {
    const frames = [...night([{ fwhm: 3 }, { fwhm: 3.1 }, { fwhm: 2.9 }, { fwhm: 3.0 }], 'R'), ...night([{ fwhm: 6 }, { fwhm: 6.1 }, { fwhm: 5.9 }], 'Ha')];
    expect(suggestRejections(frames).every((s) => !s.rejected)).toBe(true);
  });

  it('FWHM above median + 3·MAD: the raw MAD, at least 1 % of the median', () => {
    // median 3, MAD 0.1: the limit is 3.3
    const frames = night([2.8, 2.9, 2.9, 3.0, 3.1, 3.29, 3.31].map((fwhm) => ({ fwhm })));
    expect(suggestRejections(frames).map((s) => s.rejected)).toEqual([false, false, false, false, false, false, true]);
    // identical frames: one 2 % worse is within 3 · 1 % of the median… and one 4 % worse is not
    const flat = night([{ fwhm: 3 }, { fwhm: 3 }, { fwhm: 3 }, { fwhm: 3.06 }, { fwhm: 3.12 }]);
    expect(suggestRejections(flat).map((s) => s.rejected)).toEqual([false, false, false, false, true]);
  });

  it('stars below half the median, eccentricity above 0.6, background above median + 5·MAD', () => {
    // stars: median 400, the limit 200; background: median 1000, MAD 0 → 1 % of 1000, the limit 1050
    const frames = night([{}, {}, { stars: 199 }, { stars: 201 }, { eccentricity: 0.61 }, { background: 1051 }, { background: 990 }, { background: 1010 }].map((q) => ({ stars: 400, ...q })));
    const result = suggestRejections(frames);
    expect(result.map((s) => s.rejected)).toEqual([false, false, true, false, true, true, false, false]);
    expect(result[4].reasons).toEqual(['eccentricity 0.610 > 0.6 = 0.600']);
  });

  it('a manual keep or reject wins over the rules, and says so', () => {
    const frames = night([{}, {}, { fwhm: 9 }, {}]).map((f, i) => (i === 2 ? { ...f, manual: 'keep' as const } : i === 3 ? { ...f, manual: 'reject' as const } : f));
    const result = suggestRejections(frames);
    expect(result[2].rejected).toBe(false);
    expect(result[2].reasons[0]).toBe('kept by hand');
    expect(result[2].reasons[1]).toMatch(/^fwhm 9 > median\+3mad/);
    expect(result[3]).toEqual({ frameId: 'f3', rejected: true, reasons: ['rejected by hand'] });
  });

  it('a figure that was not measured (no stars: FWHM null) takes no part', () => {
    const frames = night([{}, {}, { fwhm: null, eccentricity: null, stars: 0 }, {}]);
    const result = suggestRejections(frames);
    expect(result[2].rejected).toBe(true);
    expect(result[2].reasons).toHaveLength(1);
    expect(result[2].reasons[0]).toMatch(/^stars 0 < 50% = 250/);
  });

  it('custom rules replace the defaults', () => {
    const frames = night([{ fwhm: 4 }, { fwhm: 4.6 }, { fwhm: 4.4 }]);
    const result = suggestRejections(frames, parseRejectionRules('fwhm>4.5'));
    expect(result.map((s) => s.rejected)).toEqual([false, true, false]);
  });
});

describe('parseRejectionRules', () => {
  it('reads the command-line form, with aliases and spaces', () => {
    const rules = parseRejectionRules('fwhm>4.5, stars<50%,ecc>0.6,background>median+5mad, noise < median-1.5mad,weight<median');
    expect(rules).toEqual([
      { metric: 'fwhm', comparison: '>', threshold: { kind: 'value', value: 4.5 } },
      { metric: 'stars', comparison: '<', threshold: { kind: 'percent-of-median', percent: 50 } },
      { metric: 'eccentricity', comparison: '>', threshold: { kind: 'value', value: 0.6 } },
      { metric: 'background', comparison: '>', threshold: { kind: 'median-mad', mads: 5 } },
      { metric: 'noise', comparison: '<', threshold: { kind: 'median-mad', mads: -1.5 } },
      { metric: 'weight', comparison: '<', threshold: { kind: 'median-mad', mads: 0 } },
    ]);
  });

  it('formats rules back to the same text', () => {
    const text = 'fwhm>median+3mad,stars<50%,background>median+5mad,eccentricity>0.6';
    expect(parseRejectionRules(text).map(formatRule).join(',')).toBe(text);
    expect(DEFAULT_REJECTION_RULES.map(formatRule).join(',')).toBe(text);
  });

  it.each([
    ['fwhm>4.5,sharpness>2', "rule 2 'sharpness>2': unknown figure 'sharpness'"],
    ['fwhm>>4.5', "rule 1 'fwhm>>4.5': expected fwhm, then < or >, then a number"],
    ['stars<50%%', "rule 1 'stars<50%%': expected stars"],
    ['fwhm>median+3', "rule 1 'fwhm>median+3': expected fwhm"],
    ['fwhm>4.5,,ecc>0.6', "rule 2 '': empty"],
    ['', 'no rejection rules given'],
  ])('%j is refused, naming the bad part', (text, message) => {
    expect(() => parseRejectionRules(text)).toThrow(RejectionRuleError);
    expect(() => parseRejectionRules(text)).toThrow(message);
  });
});
