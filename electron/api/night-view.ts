/** From scanned files and the user's overrides to what the user sees: frames, groups, problems, plan. */
import type { NightView } from '../../shared/contract';
import { applyOverrides, type FrameOverride } from '../../shared/night/frame-overrides';
import { groupFrames } from '../../shared/night/group-frames';
import { planMasters } from '../../shared/night/plan-masters';
import { DEFAULT_TEMPERATURE_TOLERANCE, matchRulesFor } from '../../shared/night/matching';
import { libraryCandidates, libraryViews, type LibraryContents } from '../../shared/library/library-masters';
import { problem } from '../../shared/night/problems';
import type { ScannedNight } from '../pipeline/scan-night';

/** How the night is matched and planned: the user's tolerance and flat scaling. */
export interface PlanSettings {
  /** °C either side (matching.ts). */
  readonly temperatureTolerance: number;
  readonly flatScaling: 'per-channel' | 'single';
  /** Flats may come from a library too (by default a night's flats are its own: dust moves). */
  readonly libraryFlats: boolean;
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = { temperatureTolerance: DEFAULT_TEMPERATURE_TOLERANCE, flatScaling: 'per-channel', libraryFlats: false };

/** The calibration libraries a night is planned with, as opened (electron/library/open-libraries.ts). */
export interface NightLibraries {
  readonly contents: readonly LibraryContents[];
  readonly problems: readonly string[];
}

/** `libraries` null: none is used (not even the default one), and the plan says 'in this night'. */
export function deriveNightView(scanned: ScannedNight, overrides: ReadonlyMap<string, FrameOverride>, outputDir: string, settings: PlanSettings = DEFAULT_PLAN_SETTINGS, libraries: NightLibraries | null = null): NightView {
  const frames = applyOverrides(scanned.frames.map((entry) => entry.frame), overrides);
  const rules = matchRulesFor(frames, settings.temperatureTolerance);
  const grouping = groupFrames(frames, rules);
  const candidates = libraries ? libraryCandidates(libraries.contents, settings.flatScaling) : null;
  const plan = planMasters(frames, grouping.groups, { rules, flatScaling: settings.flatScaling, ...(candidates ? { library: candidates.masters, libraryFlats: settings.libraryFlats } : {}) });
  const libraryProblems = (libraries?.problems ?? []).map((text) => problem('library', 'warning', text, []));
  return {
    root: scanned.root,
    outputDir,
    frames,
    groups: grouping.groups,
    unclassified: grouping.unclassified,
    problems: [...grouping.problems, ...plan.problems, ...libraryProblems],
    plan,
    libraries: libraries && candidates ? libraryViews(libraries.contents, candidates, plan, frames) : [],
    scanSeconds: scanned.seconds,
  };
}
