import { describe, expect, test } from 'vitest';
import { groupFrames } from '../../../shared/night/group-frames';
import { lightsToCalibrate } from '../../../shared/night/lights-to-calibrate';
import { planMasters } from '../../../shared/night/plan-masters';
import { deepFreeze, frame, frames } from './night-frames';

function night(list: ReturnType<typeof frame>[]) {
  const plan = planMasters(list, groupFrames(list).groups);
  return deepFreeze({ frames: list, plan });
}

describe('lightsToCalibrate', () => {
  test('planned lights, plus lights the plan could not take, each failing with its own file named; sorted by id', () => {
    const list = [
      ...frames('bias', 3, 'bias'),
      ...frames('dark', 3, 'dark', { exposure: 60 }),
      ...frames('flat', 3, 'flat', { filter: 'R' }),
      frame('b-light.fits', 'light', { filter: 'R' }),
      frame('a-noexp.fits', 'light', { filter: 'R', exposure: null }),
      frame('c-big.fits', 'light', { filter: 'R', size: [200, 200] }),
      { ...frame('d-excluded.fits', 'light', { filter: 'R' }), excluded: true },
      { ...frame('e-copy.fits', 'light', { filter: 'R' }), duplicateOf: 'b-light.fits' },
    ];
    const lights = lightsToCalibrate(night(list));
    expect(lights.map((l) => l.frameId)).toEqual(['a-noexp.fits', 'b-light.fits', 'c-big.fits']);
    const [noExposure, good, big] = lights;
    expect(good.blocked).toBeNull();
    // With darks to scale, a light without an exposure cannot be calibrated.
    expect(noExposure.blocked?.code).toBe('missing-exposure');
    expect(noExposure.blocked?.message).toContain(list.find((f) => f.id === 'a-noexp.fits')!.path);
    expect(big.blocked).toMatchObject({ code: 'no-matching-master' });
    expect(big.blocked?.message).toContain(list.find((f) => f.id === 'c-big.fits')!.path);
  });
});
