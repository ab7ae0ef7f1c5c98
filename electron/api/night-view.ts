/** From scanned files and the user's overrides to what the user sees: frames, groups, problems, plan. */
import type { NightView } from '../../shared/contract';
import { applyOverrides, type FrameOverride } from '../../shared/night/frame-overrides';
import type { FrameInfo, LightPlan } from '../../shared/night/frames';
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

/**
 * Every light the user expects to see calibrated: the planned ones, plus lights the plan
 * could not take (unreadable, no exposure), which are reported as failed with the reason.
 */
export function lightsToCalibrate(view: NightView): LightPlan[] {
  const planned = new Set(view.plan.lights.map((light) => light.frameId));
  const extra: LightPlan[] = view.frames
    .filter((frame) => frame.classification.type === 'light' && !frame.excluded && frame.duplicateOf === null && !planned.has(frame.id))
    .map((frame) => ({
      frameId: frame.id,
      biasId: null,
      darkId: null,
      darkScale: 0,
      flatId: null,
      missing: [],
      calstat: '',
      blocked: frame.error ?? blockedReason(frame),
    }));
  const paths = new Map(view.frames.map((frame) => [frame.id, frame.path]));
  // The plan speaks of groups; each light's failure must name its own file.
  const named = view.plan.lights.map((light) => {
    const path = paths.get(light.frameId) ?? light.frameId;
    return light.blocked && !light.blocked.message.includes(path) ? { ...light, blocked: { ...light.blocked, message: `${path}: ${light.blocked.message}` } } : light;
  });
  return [...named, ...extra].sort((a, b) => (a.frameId < b.frameId ? -1 : a.frameId > b.frameId ? 1 : 0));
}

function blockedReason(frame: FrameInfo): LightPlan['blocked'] {
  if (frame.facts && frame.facts.exposure === null) {
    return { code: 'missing-exposure', message: `${frame.path}: no EXPTIME or EXPOSURE in the header` };
  }
  return { code: 'no-matching-master', message: `${frame.path}: no calibration plan for this frame` };
}
