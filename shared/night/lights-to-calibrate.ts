/**
 * The lights a calibration run covers, in the order it takes them: every planned light, and
 * every light frame the plan could not take (unreadable, no exposure), which the run reports
 * as failed with the reason. Main runs this list; the renderer counts and lists the same one.
 */
import type { FrameInfo, LightPlan, MasterPlan } from './frames';

export function lightsToCalibrate(night: { readonly frames: readonly FrameInfo[]; readonly plan: MasterPlan }): LightPlan[] {
  const planned = new Set(night.plan.lights.map((light) => light.frameId));
  const extra: LightPlan[] = night.frames
    .filter((frame) => frame.classification.type === 'light' && !frame.excluded && frame.duplicateOf === null && !planned.has(frame.id))
    .map((frame) => {
      const blocked = frame.error ?? blockedReason(frame);
      const step = { status: 'missing' as const, masterId: null, reason: blocked?.message ?? '' };
      return { frameId: frame.id, groupId: null, biasId: null, darkId: null, darkScale: 0, flatId: null, steps: { bias: step, dark: step, flat: step }, missing: [], calstat: '', precalibrated: '', blocked };
    });
  const paths = new Map(night.frames.map((frame) => [frame.id, frame.path]));
  // The plan speaks of groups; each light's failure must name its own file.
  const named = night.plan.lights.map((light) => {
    const path = paths.get(light.frameId) ?? light.frameId;
    return light.blocked && !light.blocked.message.includes(path) ? { ...light, blocked: { ...light.blocked, message: `${path}: ${light.blocked.message}` } } : light;
  });
  return [...named, ...extra].sort((a, b) => (a.frameId < b.frameId ? -1 : a.frameId > b.frameId ? 1 : 0));
}

function blockedReason(frame: FrameInfo): LightPlan['blocked'] {
  if (frame.facts && frame.facts.implausible.length > 0) {
    return { code: 'bad-value', message: `${frame.path}: ${frame.facts.implausible.join('; ')}` };
  }
  if (frame.facts && frame.facts.exposure === null) {
    return { code: 'missing-exposure', message: `${frame.path}: no EXPTIME or EXPOSURE in the header` };
  }
  return { code: 'no-matching-master', message: `${frame.path}: no calibration plan for this frame` };
}
