/** From scanned files and the user's overrides to what the user sees: frames, groups, problems, plan. */
import type { NightView } from '../../shared/contract';
import { applyOverrides, type FrameOverride } from '../../shared/night/frame-overrides';
import { groupFrames } from '../../shared/night/group-frames';
import { planMasters } from '../../shared/night/plan-masters';
import type { ScannedNight } from '../pipeline/scan-night';

export function deriveNightView(scanned: ScannedNight, overrides: ReadonlyMap<string, FrameOverride>, outputDir: string): NightView {
  const frames = applyOverrides(scanned.frames.map((entry) => entry.frame), overrides);
  const grouping = groupFrames(frames);
  const plan = planMasters(frames, grouping.groups);
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
