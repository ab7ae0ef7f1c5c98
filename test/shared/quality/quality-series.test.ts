/** The plot's and blink's data: per filter, the measured lights in time order with what the review made of them. */
import { describe, expect, it } from 'vitest';
import type { FrameQuality, FrameRunState, NightView, RunReview } from '../../../shared/contract';
import { qualityLines, qualitySeries } from '../../../shared/quality/quality-series';

const q = (fwhm: number | null): FrameQuality => ({ background: 300, noise: 12, stars: 250, fwhm, fwhmArcsec: null, eccentricity: 0.1, saturated: 0, weight: 1e6, unmeasured: fwhm === null ? 'no stars above 5σ' : null, channels: null });
const night = (frames: { id: string; filter: string; dateObs: string | null }[]) => ({ frames: frames.map((f) => ({ id: f.id, facts: { filter: f.filter, dateObs: f.dateObs } })) }) as unknown as NightView;
const state = (id: string, quality: FrameQuality | null): FrameRunState => ({ frameId: id, status: 'done', ms: 1, outputPath: `/o/${id}`, error: null, kernel: null, write: null, quality });

describe('qualitySeries', () => {
  const view = night([
    { id: 'L3', filter: 'L', dateObs: '2026-03-14T22:00:00Z' },
    { id: 'L1', filter: 'L', dateObs: '2026-03-14T20:00:00Z' },
    { id: 'R1', filter: 'R', dateObs: '2026-03-14T21:00:00Z' },
    { id: 'L2', filter: 'L', dateObs: '2026-03-14T21:00:00Z' },
    { id: 'L4', filter: 'L', dateObs: null },
  ]);
  const frames = { L3: state('L3', q(3)), L1: state('L1', q(5.4)), R1: state('R1', q(4)), L2: state('L2', null), L4: state('L4', q(null)) };
  const review: RunReview = {
    provisional: false,
    rules: ['fwhm>median+3mad'],
    limits: [{ filter: 'L', rule: 'fwhm>median+3mad', metric: 'fwhm', comparison: '>', value: 3.3, median: 3, mad: 0.1 }, { filter: 'R', rule: 'fwhm>median+3mad', metric: 'fwhm', comparison: '>', value: null, median: null, mad: null }],
    frames: [{ frameId: 'L1', filter: 'L', verdict: null, rejected: true, reasons: ['fwhm 5.40 > median+3mad = 3.30'] }, { frameId: 'L3', filter: 'L', verdict: 'keep', rejected: false, reasons: ['kept by hand'] }],
    keptLists: [],
  };

  it('one series per filter, in time order (undated last), lights without a quality record left out', () => {
    const series = qualitySeries(view, ['L3', 'L1', 'R1', 'L2', 'L4'], frames, review);
    expect(series.map((s) => s.filter)).toEqual(['L', 'R']);
    expect(series[0].points.map((p) => p.frameId)).toEqual(['L1', 'L3', 'L4']);
    expect(series[0].points.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(series[0].points[0]).toMatchObject({ rejected: true, reasons: ['fwhm 5.40 > median+3mad = 3.30'], time: Date.parse('2026-03-14T20:00:00Z') });
    expect(series[0].points[1]).toMatchObject({ rejected: false, verdict: 'keep' });
    expect(series[0].limits).toEqual([review.limits[0]]);
    // a limit no light of the filter gives is not drawn
    expect(series[1].limits).toEqual([]);
  });

  it('no review yet (the run just started): every light kept, no limits', () => {
    const [l] = qualitySeries(view, ['L1', 'L3'], frames, null);
    expect(l.points.every((p) => !p.rejected && p.verdict === null)).toBe(true);
    expect(l.limits).toEqual([]);
  });

  it('says why a FWHM is missing', () => {
    expect(qualityLines(q(null))[0]).toBe('FWHM — (no stars above 5σ)');
    expect(qualityLines(q(3.04))[0]).toBe('FWHM 3.04 px');
  });
});
