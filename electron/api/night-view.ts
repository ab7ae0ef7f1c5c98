/** From scanned files and the user's overrides to what the user sees: frames, groups, problems, plan. */
import type { NightView } from '../../shared/contract';
import { applyOverrides, type FrameOverride } from '../../shared/night/frame-overrides';
import { groupFrames } from '../../shared/night/group-frames';
import { planMasters } from '../../shared/night/plan-masters';
import { DEFAULT_TEMPERATURE_TOLERANCE, matchRulesFor } from '../../shared/night/matching';
import type { ScannedNight } from '../pipeline/scan-night';

/** How the night is matched and planned: the user's tolerance and flat scaling. */
export interface PlanSettings {
  /** °C either side (matching.ts). */
  readonly temperatureTolerance: number;
  readonly flatScaling: 'per-channel' | 'single';
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = { temperatureTolerance: DEFAULT_TEMPERATURE_TOLERANCE, flatScaling: 'per-channel' };

export function deriveNightView(scanned: ScannedNight, overrides: ReadonlyMap<string, FrameOverride>, outputDir: string, settings: PlanSettings = DEFAULT_PLAN_SETTINGS): NightView {
  const frames = applyOverrides(scanned.frames.map((entry) => entry.frame), overrides);
  const rules = matchRulesFor(frames, settings.temperatureTolerance);
  const grouping = groupFrames(frames, rules);
  const plan = planMasters(frames, grouping.groups, { rules, flatScaling: settings.flatScaling });
  return {
    root: scanned.root,
    outputDir,
    frames,
    groups: grouping.groups,
    unclassified: grouping.unclassified,
    problems: [...grouping.problems, ...plan.problems],
    plan,
    scanSeconds: scanned.seconds,
  };
}
