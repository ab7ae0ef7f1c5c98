/**
 * A run's identity: a fingerprint of everything that decides its pixels (the masters' input
 * files as they are on disk, the plan, the combine method, the software version). Two runs
 * with the same identity produce the same outputs, so one may resume the other.
 */
import { createHash } from 'node:crypto';
import type { CombineMethod } from '../../shared/contract';
import type { FrameInfo, MasterPlan } from '../../shared/night/frames';

export function runIdentity(plan: MasterPlan, frames: ReadonlyMap<string, Pick<FrameInfo, 'sizeBytes' | 'mtimeMs'>>, method: CombineMethod, version: string): string {
  const masters = plan.masters.map((spec) => ({
    id: spec.id,
    preparations: spec.preparations,
    normalise: spec.normalise,
    fit: spec.fit,
    inputs: spec.frameIds.map((id) => [id, frames.get(id)?.sizeBytes, frames.get(id)?.mtimeMs]),
  }));
  const lights = plan.lights.map((light) => [light.frameId, light.biasId, light.darkId, light.darkScale, light.flatId]);
  return createHash('sha256').update(JSON.stringify({ version, method, masters, lights })).digest('hex').slice(0, 32);
}
