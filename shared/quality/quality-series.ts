/**
 * The quality plot's and the blink view's data: per filter, every measured light in time order
 * with its figures and what the review made of it, and where each rule cuts. Shaped here, once,
 * from what the contract carries (the night's frames, the run's frame states, the review); the
 * renderer only draws it.
 */
import type { FrameQuality, FrameRunState, FrameVerdict, NightView, QualityMetric, RuleLimit, RunReview } from '../contract';

/** One light on the plot. */
export interface QualityPoint {
  readonly frameId: string;
  /** DATE-OBS as ms since the epoch; null without one (then plotted by its place in the run). */
  readonly time: number | null;
  /** Its place among the filter's lights, in time order (0-based). */
  readonly index: number;
  readonly quality: FrameQuality;
  readonly rejected: boolean;
  readonly verdict: FrameVerdict | null;
  /** Why it is rejected or kept, as the review says it; empty when nothing is said. */
  readonly reasons: readonly string[];
}

/** One filter's lights and the limits of its rules. */
export interface FilterSeries {
  readonly filter: string | null;
  readonly points: readonly QualityPoint[];
  /** The rules' limits in this filter, by figure and comparison. */
  readonly limits: readonly (RuleLimit & { readonly value: number })[];
}

/** The figures the plot shows, top to bottom, with their labels. */
export const PLOTTED_METRICS: readonly { readonly metric: QualityMetric; readonly label: string; readonly unit: string }[] = [
  { metric: 'fwhm', label: 'FWHM', unit: 'px' },
  { metric: 'eccentricity', label: 'Eccentricity', unit: '' },
  { metric: 'stars', label: 'Stars', unit: '' },
  { metric: 'background', label: 'Background', unit: 'ADU' },
  { metric: 'weight', label: 'Weight', unit: '' },
];

/** Every filter's series, in the order the filters first appear; lights without a quality record are left out. */
export function qualitySeries(night: NightView | null, frameIds: readonly string[], frames: Readonly<Record<string, FrameRunState>>, review: RunReview | null): FilterSeries[] {
  const info = new Map((night?.frames ?? []).map((frame) => [frame.id, frame]));
  const reviews = new Map((review?.frames ?? []).map((r) => [r.frameId, r]));
  const byFilter = new Map<string | null, { frameId: string; time: number | null; order: number; quality: FrameQuality }[]>();
  frameIds.forEach((frameId, order) => {
    const quality = frames[frameId]?.quality ?? null;
    if (quality === null) return;
    const facts = info.get(frameId)?.facts ?? null;
    const filter = reviews.get(frameId)?.filter ?? facts?.filter ?? null;
    const parsed = facts?.dateObs ? Date.parse(facts.dateObs) : NaN;
    const list = byFilter.get(filter) ?? [];
    if (!byFilter.has(filter)) byFilter.set(filter, list);
    list.push({ frameId, time: Number.isFinite(parsed) ? parsed : null, order, quality });
  });
  return [...byFilter].map(([filter, lights]) => {
    lights.sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity) || a.order - b.order);
    return {
      filter,
      points: lights.map((light, index) => {
        const r = reviews.get(light.frameId);
        return { frameId: light.frameId, time: light.time, index, quality: light.quality, rejected: r?.rejected ?? false, verdict: r?.verdict ?? null, reasons: r?.reasons ?? [] };
      }),
      limits: (review?.limits ?? []).filter((l): l is RuleLimit & { value: number } => l.filter === filter && l.value !== null),
    };
  });
}

/** A light's figures as one line each, for a tooltip or the blink view's overlay. */
export function qualityLines(q: FrameQuality): string[] {
  const n = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
  return [
    `FWHM ${q.fwhm === null ? `— (${q.unmeasured ?? 'not measured'})` : `${n(q.fwhm, 2)} px${q.fwhmArcsec === null ? '' : ` (${n(q.fwhmArcsec, 2)}″)`}`}`,
    `eccentricity ${n(q.eccentricity, 2)}`,
    `stars ${q.stars}`,
    `background ${n(q.background, 1)} ADU, noise ${n(q.noise, 2)}`,
    `weight ${q.weight === null ? '—' : q.weight.toPrecision(3)}`,
  ];
}
