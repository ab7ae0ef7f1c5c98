/**
 * Which lights to leave out of a stack, suggested from their quality figures, with the rule
 * that decided shown beside each. Rules compare a frame with the other frames of its filter
 * (a frame is only ever judged against frames that could be stacked with it): FWHM far above
 * the filter's median (defocus, bad seeing, wind), far fewer stars (clouds), a far brighter sky
 * (clouds lit from below, the Moon, dawn), elongated stars (guiding). A manual keep or reject of
 * a frame always wins over the rules.
 *
 * Rules as text, as the command line takes them: 'fwhm>4.5,stars<50%,ecc>0.6,background>median+5mad'.
 */
import { medianInPlace } from '../pixels/select';
import type { FrameQuality, QualityMetric, RuleLimit } from '../contract';

/** Figures a rule can test. */
export type RuleMetric = QualityMetric;
export type { RuleLimit };

/** What a figure is compared with: a fixed value, a percentage of the filter's median, or median ± k·MAD. */
export type RuleThreshold =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'percent-of-median'; readonly percent: number }
  | { readonly kind: 'median-mad'; readonly mads: number };

/** One rule: a frame is suggested for rejection when `metric comparison threshold` holds. */
export interface RejectionRule {
  readonly metric: RuleMetric;
  readonly comparison: '>' | '<';
  readonly threshold: RuleThreshold;
}

/** The defaults: FWHM above median + 3·MAD, stars below half the median, sky above median + 5·MAD, eccentricity above 0.6. */
export const DEFAULT_REJECTION_RULES: readonly RejectionRule[] = [
  { metric: 'fwhm', comparison: '>', threshold: { kind: 'median-mad', mads: 3 } },
  { metric: 'stars', comparison: '<', threshold: { kind: 'percent-of-median', percent: 50 } },
  { metric: 'background', comparison: '>', threshold: { kind: 'median-mad', mads: 5 } },
  { metric: 'eccentricity', comparison: '>', threshold: { kind: 'value', value: 0.6 } },
];

/** A frame to judge. */
export interface FrameToJudge {
  readonly frameId: string;
  /** Its filter; frames are compared within a filter (null: the frames without one). */
  readonly filter: string | null;
  readonly quality: Pick<FrameQuality, 'fwhm' | 'stars' | 'background' | 'eccentricity' | 'noise' | 'weight'>;
  /** A person's decision, which the rules never override. */
  readonly manual?: 'keep' | 'reject' | null;
}

/** The suggestion for one frame. */
export interface RejectionSuggestion {
  readonly frameId: string;
  readonly rejected: boolean;
  /** Each rule the frame fails, with its figures ('fwhm 5.40 > median+3mad = 3.37 (median 3.00, MAD 0.12)'), and a manual decision when there is one. */
  readonly reasons: string[];
}

/** A rule string that does not parse; the message names the bad part. */
export class RejectionRuleError extends Error {
  override readonly name = 'RejectionRuleError';
}

const METRIC_NAMES: Readonly<Record<string, RuleMetric>> = {
  fwhm: 'fwhm',
  stars: 'stars',
  background: 'background',
  bg: 'background',
  sky: 'background',
  eccentricity: 'eccentricity',
  ecc: 'eccentricity',
  noise: 'noise',
  weight: 'weight',
};

const NUMBER = String.raw`[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?`;
const RULE = new RegExp(String.raw`^([a-z]+)\s*([<>])\s*(?:(${NUMBER})(%)?|median(?:\s*([+-])\s*(${NUMBER})\s*(?:\*\s*)?mad)?)$`, 'i');

/** Parses 'fwhm>4.5,stars<50%,ecc>0.6,background>median+5mad' (comma-separated; spaces allowed). */
export function parseRejectionRules(text: string): RejectionRule[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.every((part) => part === '')) throw new RejectionRuleError('no rejection rules given (expected e.g. fwhm>median+3mad,stars<50%)');
  return parts.map((part, index) => parseRule(part, index + 1));
}

function parseRule(part: string, position: number): RejectionRule {
  const where = `rule ${position} '${part}'`;
  if (part === '') throw new RejectionRuleError(`${where}: empty (two commas in a row, or one at the end?)`);
  const match = RULE.exec(part);
  if (match === null) {
    const metric = /^[a-z]+/i.exec(part)?.[0] ?? '';
    if (!(metric.toLowerCase() in METRIC_NAMES)) throw new RejectionRuleError(`${where}: unknown figure '${metric}' (one of ${Object.keys(METRIC_NAMES).join(', ')})`);
    throw new RejectionRuleError(`${where}: expected ${metric}, then < or >, then a number, a percentage of the filter's median (50%) or median±k·mad (median+3mad)`);
  }
  const [, name, comparison, value, percent, sign, mads] = match;
  const metric = METRIC_NAMES[name.toLowerCase()];
  if (metric === undefined) throw new RejectionRuleError(`${where}: unknown figure '${name}' (one of ${Object.keys(METRIC_NAMES).join(', ')})`);
  const threshold: RuleThreshold =
    value !== undefined
      ? percent !== undefined
        ? { kind: 'percent-of-median', percent: Number(value) }
        : { kind: 'value', value: Number(value) }
      : { kind: 'median-mad', mads: mads === undefined ? 0 : (sign === '-' ? -1 : 1) * Number(mads) };
  return { metric, comparison: comparison as '<' | '>', threshold };
}

/** A rule as text, in the form parseRejectionRules reads. */
export function formatRule(rule: RejectionRule): string {
  const { threshold: t } = rule;
  const right =
    t.kind === 'value' ? `${t.value}` : t.kind === 'percent-of-median' ? `${t.percent}%` : t.mads === 0 ? 'median' : `median${t.mads < 0 ? '-' : '+'}${Math.abs(t.mads)}mad`;
  return `${rule.metric}${rule.comparison}${right}`;
}

/** Each filter's median and MAD of every figure a rule tests. */
function filterStatistics(frames: readonly FrameToJudge[], rules: readonly RejectionRule[]): Map<string | null, Map<RuleMetric, { median: number; mad: number }>> {
  const byFilter = new Map<string | null, FrameToJudge[]>();
  for (const frame of frames) {
    const group = byFilter.get(frame.filter);
    if (group) group.push(frame);
    else byFilter.set(frame.filter, [frame]);
  }
  const statistics = new Map<string | null, Map<RuleMetric, { median: number; mad: number }>>();
  for (const [filter, group] of byFilter) {
    const perMetric = new Map<RuleMetric, { median: number; mad: number }>();
    for (const rule of rules) {
      if (perMetric.has(rule.metric)) continue;
      const values = group.map((f) => f.quality[rule.metric]).filter((v): v is number => v !== null && Number.isFinite(v));
      perMetric.set(rule.metric, medianAndMad(values));
    }
    statistics.set(filter, perMetric);
  }
  return statistics;
}

/** The limit of every rule in every filter of `frames`, in the order of the filters met, then the rules. */
export function ruleLimits(frames: readonly FrameToJudge[], rules: readonly RejectionRule[] = DEFAULT_REJECTION_RULES): RuleLimit[] {
  const limits: RuleLimit[] = [];
  for (const [filter, figures] of filterStatistics(frames, rules)) {
    for (const rule of rules) {
      const { median, mad } = figures.get(rule.metric)!;
      const known = Number.isFinite(median);
      limits.push({ filter, rule: formatRule(rule), metric: rule.metric, comparison: rule.comparison, value: thresholdValue(rule.threshold, median, mad), median: known ? median : null, mad: known ? mad : null });
    }
  }
  return limits;
}

/** Suggestions for every frame, in input order: each frame against its filter's median and MAD. */
export function suggestRejections(frames: readonly FrameToJudge[], rules: readonly RejectionRule[] = DEFAULT_REJECTION_RULES): RejectionSuggestion[] {
  const statistics = filterStatistics(frames, rules);
  return frames.map((frame) => {
    const reasons: string[] = [];
    const figures = statistics.get(frame.filter)!;
    for (const rule of rules) {
      const value = frame.quality[rule.metric];
      if (value === null || !Number.isFinite(value)) continue;
      const { median, mad } = figures.get(rule.metric)!;
      const limit = thresholdValue(rule.threshold, median, mad);
      if (limit === null) continue;
      if (rule.comparison === '>' ? value > limit : value < limit) reasons.push(describe(rule, value, limit, median, mad));
    }
    if (frame.manual === 'keep') return { frameId: frame.frameId, rejected: false, reasons: ['kept by hand', ...reasons] };
    if (frame.manual === 'reject') return { frameId: frame.frameId, rejected: true, reasons: ['rejected by hand', ...reasons] };
    return { frameId: frame.frameId, rejected: reasons.length > 0, reasons };
  });
}

/**
 * The rules after a limit was dragged to `value` on the quality plot in one filter: its rule
 * keeps its kind, so that it still means the same in every filter (median+k·mad gets the k that
 * puts the line there in this filter, a percentage of the median the percentage; a fixed limit
 * the value).
 */
export function withDraggedLimit(rules: readonly RejectionRule[], limit: Pick<RuleLimit, 'rule' | 'median' | 'mad'>, value: number): RejectionRule[] {
  const round = (v: number) => Number(v.toPrecision(3));
  return rules.map((rule) => {
    if (formatRule(rule) !== limit.rule) return rule;
    const t = rule.threshold;
    const { median, mad } = limit;
    const threshold: RuleThreshold =
      t.kind === 'median-mad' && median !== null && mad !== null && mad > 0
        ? { kind: 'median-mad', mads: round((value - median) / mad) }
        : t.kind === 'percent-of-median' && median !== null && median !== 0
          ? { kind: 'percent-of-median', percent: round((100 * value) / median) }
          : { kind: 'value', value: round(value) };
    return { ...rule, threshold };
  });
}

function thresholdValue(threshold: RuleThreshold, median: number, mad: number): number | null {
  if (threshold.kind === 'value') return threshold.value;
  if (!Number.isFinite(median)) return null; // no frame of the filter has the figure
  return threshold.kind === 'percent-of-median' ? (median * threshold.percent) / 100 : median + threshold.mads * mad;
}

function describe(rule: RejectionRule, value: number, limit: number, median: number, mad: number): string {
  const shown = (v: number) => (Number.isInteger(v) ? `${v}` : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));
  const context = rule.threshold.kind === 'value' ? '' : rule.threshold.kind === 'percent-of-median' ? ` (median ${shown(median)})` : ` (median ${shown(median)}, MAD ${shown(mad)})`;
  return `${rule.metric} ${shown(value)} ${rule.comparison} ${formatRule(rule).slice(rule.metric.length + 1)} = ${shown(limit)}${context}`;
}

/** The smallest MAD a rule uses, as a fraction of the median: in a night of nearly identical frames, one 0.5 % off is not an outlier. */
const MIN_RELATIVE_MAD = 0.01;

/** Median and MAD, the raw median absolute deviation (not scaled to σ), at least MIN_RELATIVE_MAD of the median. */
function medianAndMad(values: number[]): { median: number; mad: number } {
  if (values.length === 0) return { median: NaN, mad: NaN };
  const buf = Float64Array.from(values);
  const median = medianInPlace(buf, 0, buf.length);
  for (let i = 0; i < values.length; i++) buf[i] = Math.abs(values[i] - median);
  return { median, mad: Math.max(medianInPlace(buf, 0, buf.length), MIN_RELATIVE_MAD * Math.abs(median)) };
}
