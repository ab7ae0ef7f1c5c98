/**
 * A run's rejections, from its manifest: every light with an output, judged within its filter
 * by the manifest's rules (shared/quality/rejection-rules.ts), a decision by hand winning; the
 * kept lists written beside it. Verdicts and rules change here, under the output folder's lock,
 * and are recorded in the manifest, so a rerun (a resume) keeps them.
 */
import { relative, sep } from 'node:path';
import { ApiError, type FrameVerdict, type RunReview } from '../../shared/contract';
import { reviewLights, reviewLimits } from '../../shared/quality/frame-review';
import { DEFAULT_REJECTION_RULES, formatRule, parseRejectionRules, type RejectionRule } from '../../shared/quality/rejection-rules';
import { writeFileAtomicSync } from '../outputs/atomic-write';
import { FolderLock } from '../outputs/folder-lock';
import { writeKeptLists } from '../outputs/kept-lists';
import { manifestPath, readManifest, type RunManifest } from '../outputs/run-manifest';

/** The rules as the manifest records them. */
export function rulesText(rules: readonly RejectionRule[]): string[] {
  return rules.map(formatRule);
}

/** The manifest's rules (the defaults where it has none). */
export function manifestRules(manifest: RunManifest): RejectionRule[] {
  return manifest.review.rules.length > 0 ? parseRejectionRules(manifest.review.rules.join(',')) : [...DEFAULT_REJECTION_RULES];
}

/** The review of the manifest's lights (those with an output), in the run's order, and what each filter keeps. */
export function reviewOfManifest(manifest: RunManifest, rules: readonly RejectionRule[] = manifestRules(manifest)): { review: Omit<RunReview, 'keptLists'>; kept: { filter: string | null; outputs: string[] }[] } {
  const lights = manifest.lights
    .map((plan) => manifest.frames[plan.frameId])
    .filter((frame) => frame !== undefined && (frame.status === 'done' || frame.status === 'skipped') && frame.outputPath !== null);
  const toReview = lights.map((frame) => ({ frameId: frame.frameId, filter: frame.filter, quality: frame.quality, verdict: manifest.review.verdicts[frame.frameId] ?? null }));
  const frames = reviewLights(toReview, rules);
  const kept = new Map<string | null, string[]>();
  frames.forEach((review, i) => {
    const list = kept.get(review.filter) ?? [];
    if (!kept.has(review.filter)) kept.set(review.filter, list);
    if (!review.rejected) list.push(relative(manifest.outputDir, lights[i].outputPath!).split(sep).join('/'));
  });
  return { review: { provisional: false, rules: rulesText(rules), limits: reviewLimits(toReview, rules), frames }, kept: [...kept].map(([filter, outputs]) => ({ filter, outputs })) };
}

/** The review of the lights written so far while the run goes on: nothing written, no kept lists. */
export function provisionalReview(manifest: RunManifest): RunReview {
  return { ...reviewOfManifest(manifest).review, provisional: true, keptLists: [] };
}

/** The review, with the kept lists written into the run's output folder. */
export function writeReview(manifest: RunManifest): RunReview {
  const { review, kept } = reviewOfManifest(manifest);
  return { ...review, keptLists: writeKeptLists(manifest.outputDir, kept) };
}

/** What changes: one light's verdict, or the rules (null: the defaults). */
export type ReviewChange =
  | { readonly kind: 'verdict'; readonly frameId: string; readonly verdict: FrameVerdict | null }
  | { readonly kind: 'rules'; readonly rules: readonly RejectionRule[] | null };

/** Applies `change` to the run in `outputDir`: its manifest rewritten, its kept lists too; the new review. */
export async function changeReview(outputDir: string, change: ReviewChange): Promise<RunReview> {
  const lock = FolderLock.acquire(outputDir);
  try {
    const manifest = readManifest(outputDir);
    if (manifest === null) throw new ApiError('not-found', `no NightCal run in ${outputDir} to review`);
    if (change.kind === 'verdict') {
      const frame = manifest.frames[change.frameId];
      if (frame === undefined || !manifest.lights.some((plan) => plan.frameId === change.frameId)) {
        throw new ApiError('not-found', `no light '${change.frameId}' in the run in ${outputDir}`);
      }
      if (change.verdict === null) delete manifest.review.verdicts[change.frameId];
      else manifest.review.verdicts[change.frameId] = change.verdict;
    } else {
      manifest.review.rules = rulesText(change.rules ?? DEFAULT_REJECTION_RULES);
    }
    writeFileAtomicSync(manifestPath(outputDir), [Buffer.from(JSON.stringify(manifest, null, 1))], { replaces: 'run-file' });
    return writeReview(manifest);
  } finally {
    lock.release();
  }
}
