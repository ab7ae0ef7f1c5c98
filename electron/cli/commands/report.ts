/** `nightcal report`: one CSV row per light of a run, its quality figures and whether it is rejected, from the run's manifest. */
import { relative, sep } from 'node:path';
import type { FrameReview } from '../../../shared/contract';
import { parseRejectionRules, RejectionRuleError, type RejectionRule } from '../../../shared/quality/rejection-rules';
import { readManifest, type ManifestFrame, type RunManifest } from '../../outputs/run-manifest';
import { reviewOfManifest } from '../../pipeline/run-review';
import { EXIT, oneFolder, UsageError, type CommandSpec, type OptionValues } from '../command-line';

export const REPORT: CommandSpec = {
  name: 'report',
  summary: 'Print a run’s lights as CSV: file, filter, time, status, quality figures, rejected and why (from the output folder’s nightcal-run.json).',
  args: '<out>',
  options: {
    reject: { type: 'string', value: 'RULES', help: "judge with these rules instead of the run's ('fwhm>4.5,stars<50%'); nothing is changed" },
  },
  notes: [
    'columns: file, filter, time, status, background, noise, stars, fwhm, fwhm_arcsec, eccentricity, saturated, weight, rejected, reasons, verdict, output',
    'fwhm in pixels, background and noise in ADU of the calibrated frames; an empty cell was not measured',
    'exit status: 0 printed; 2 bad usage or no NightCal run in the folder',
  ],
};

/** The CSV's columns, in order. */
export const REPORT_COLUMNS = ['file', 'filter', 'time', 'status', 'background', 'noise', 'stars', 'fwhm', 'fwhm_arcsec', 'eccentricity', 'saturated', 'weight', 'rejected', 'reasons', 'verdict', 'output'] as const;

export async function report(values: OptionValues, positionals: readonly string[]): Promise<number> {
  const folder = oneFolder(positionals, 'output folder');
  const manifest = readManifest(folder);
  if (manifest === null) throw new UsageError(`no NightCal run in ${folder} (no readable nightcal-run.json): give the folder a calibration wrote to`);
  let rules: RejectionRule[] | undefined;
  if (typeof values.reject === 'string') {
    try {
      rules = parseRejectionRules(values.reject);
    } catch (error) {
      if (error instanceof RejectionRuleError) throw new UsageError(`--reject: ${error.message}`);
      throw error;
    }
  }
  process.stdout.write(reportCsv(manifest, rules));
  return EXIT.ok;
}

/** The table of `manifest`'s lights as CSV (RFC 4180), judged by `rules` (default: the manifest's). */
export function reportCsv(manifest: RunManifest, rules?: readonly RejectionRule[]): string {
  const reviews = new Map<string, FrameReview>(reviewOfManifest(manifest, rules).review.frames.map((frame) => [frame.frameId, frame]));
  const rows = manifest.lights.map((plan) => {
    const frame: ManifestFrame | undefined = manifest.frames[plan.frameId];
    const review = reviews.get(plan.frameId) ?? null;
    const q = frame?.quality ?? null;
    return [
      plan.frameId,
      frame?.filter ?? '',
      frame?.dateObs ?? '',
      frame?.status ?? 'not run',
      q?.background,
      q?.noise,
      q === null ? null : q.stars,
      q?.fwhm,
      q?.fwhmArcsec,
      q?.eccentricity,
      q?.saturated,
      q?.weight,
      review === null ? '' : review.rejected ? 'yes' : 'no',
      [...(review?.reasons ?? []), ...(q?.unmeasured ? [`not measured: ${q.unmeasured}`] : [])].join('; '),
      review?.verdict ?? '',
      frame?.outputPath ? relative(manifest.outputDir, frame.outputPath).split(sep).join('/') : '',
    ];
  });
  return [REPORT_COLUMNS, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

