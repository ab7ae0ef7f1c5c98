import { describe, expect, test } from 'vitest';
import type { FrameInfo, MasterPlan } from '../../../shared/night/frames';
import { groupFrames } from '../../../shared/night/group-frames';
import { planMasters } from '../../../shared/night/plan-masters';
import { deepFreeze, frame, frames, NIGHT } from './night-frames';

const NEXT = '2026-03-02';

function plan(night: readonly FrameInfo[]): MasterPlan {
  return planMasters(night, groupFrames(night).groups);
}

function lightPlan(result: MasterPlan, frameId: string) {
  const found = result.lights.find((l) => l.frameId === frameId);
  if (!found) throw new Error(`no plan for ${frameId}`);
  return found;
}

function codes(result: MasterPlan): string[] {
  return result.problems.map((p) => `${p.code}:${p.severity}`);
}

describe('planMasters: a complete night', () => {
  const night = [
    ...frames('bias', 5, 'bias'),
    ...frames('dark60', 3, 'dark', { exposure: 60 }),
    ...frames('dark300', 3, 'dark', { exposure: 300 }),
    ...frames('flatR', 3, 'flat', { filter: 'R', exposure: 2 }),
    ...frames('flatG', 3, 'flat', { filter: 'G', exposure: 3 }),
    ...frames('lightR', 4, 'light', { filter: 'R', exposure: 60 }),
    ...frames('lightG', 2, 'light', { filter: 'G', exposure: 300 }),
  ];
  const result = plan(night);

  test('one master per calibration group, with file-name-safe ids', () => {
    expect(result.masters.map((m) => [m.id, m.kind, m.groupId, m.frameIds.length])).toEqual([
      [`bias_1x1_100x100_${NIGHT}`, 'bias', `bias|1x1|100x100|${NIGHT}`, 5],
      [`dark_60s_1x1_100x100_${NIGHT}`, 'dark', `dark|60|1x1|100x100|${NIGHT}`, 3],
      [`dark_300s_1x1_100x100_${NIGHT}`, 'dark', `dark|300|1x1|100x100|${NIGHT}`, 3],
      [`flat_G_1x1_100x100_${NIGHT}`, 'flat', `flat|G|1x1|100x100|${NIGHT}`, 3],
      [`flat_R_1x1_100x100_${NIGHT}`, 'flat', `flat|R|1x1|100x100|${NIGHT}`, 3],
    ]);
  });

  test('darks are bias-subtracted; flats are bias- and dark-subtracted (dark scaled to the flat exposure) and normalised', () => {
    const [bias, dark60, , flatG, flatR] = result.masters;
    expect(bias).toMatchObject({ exposure: null, biasId: null, darkId: null, normalise: false, includesBias: false });
    expect(dark60).toMatchObject({ exposure: 60, biasId: bias.id, darkId: null, includesBias: false, normalise: false });
    // Nearest dark to 2 s and 3 s is the 60 s one: scaled by 2/60 and 3/60.
    expect(flatR).toMatchObject({ filter: 'R', exposure: 2, biasId: bias.id, darkId: dark60.id, normalise: true, includesBias: false });
    expect(flatR.darkScale).toBe(2 / 60);
    expect(flatG.darkScale).toBe(3 / 60);
  });

  test('every light gets bias, the dark of its exposure unscaled, and the flat of its filter', () => {
    expect(result.lights.map((l) => l.frameId)).toEqual([...frames('lightG', 2, 'light'), ...frames('lightR', 4, 'light')].map((f) => f.id));
    expect(lightPlan(result, 'lightR_03.fits')).toEqual({
      frameId: 'lightR_03.fits',
      biasId: `bias_1x1_100x100_${NIGHT}`,
      darkId: `dark_60s_1x1_100x100_${NIGHT}`,
      darkScale: 1,
      flatId: `flat_R_1x1_100x100_${NIGHT}`,
      missing: [],
      calstat: 'BDF',
      blocked: null,
    });
    expect(lightPlan(result, 'lightG_01.fits')).toMatchObject({ darkId: `dark_300s_1x1_100x100_${NIGHT}`, flatId: `flat_G_1x1_100x100_${NIGHT}`, calstat: 'BDF' });
  });

  test('nothing to report', () => {
    expect(result.problems).toEqual([]);
  });

  test('the inputs are not changed, and group order does not matter', () => {
    const grouped = groupFrames(night).groups;
    const before = JSON.stringify([night, grouped]);
    deepFreeze(night);
    deepFreeze(grouped);
    expect(planMasters(night, [...grouped].reverse())).toEqual(result);
    expect(JSON.stringify([night, grouped])).toBe(before);
  });
});

describe('planMasters: darks', () => {
  test('no bias, darks at the lights exposure: the dark holds the bias, scale 1, calstat BD', () => {
    const result = plan([...frames('dark', 3, 'dark', { exposure: 120 }), ...frames('light', 2, 'light', { exposure: 120 })]);
    expect(result.masters[0]).toMatchObject({ kind: 'dark', biasId: null, includesBias: true });
    expect(lightPlan(result, 'light_01.fits')).toMatchObject({ biasId: null, darkId: result.masters[0].id, darkScale: 1, calstat: 'BD', blocked: null });
    expect(lightPlan(result, 'light_01.fits').missing).toEqual(['no flat for frames without a filter (1x1, 100x100)']);
    expect(codes(result)).toEqual(['no-flat:warning']);
  });

  test('with a bias, a dark of another exposure is scaled by t_light / t_dark, reported once per light group', () => {
    const result = plan([...frames('bias', 3, 'bias'), ...frames('dark', 3, 'dark', { exposure: 60 }), ...frames('light', 3, 'light', { exposure: 240 })]);
    const light = lightPlan(result, 'light_02.fits');
    expect(light).toMatchObject({ darkId: `dark_60s_1x1_100x100_${NIGHT}`, calstat: 'BD' });
    expect(light.darkScale).toBe(4);
    const scaled = result.problems.filter((p) => p.code === 'dark-scaled');
    expect(scaled.map((p) => [p.severity, p.frameIds.length])).toEqual([['info', 3]]);
    expect(scaled[0].message).toContain('scaled by 4');
  });

  test('with a bias: the exact exposure is preferred, else the nearest, the longer on a tie', () => {
    const darks = [...frames('bias', 3, 'bias'), ...frames('d60', 2, 'dark', { exposure: 60 }), ...frames('d120', 2, 'dark', { exposure: 120 })];
    const exact = plan([...darks, frame('l120.fits', 'light', { exposure: 120 })]);
    expect(lightPlan(exact, 'l120.fits')).toMatchObject({ darkId: `dark_120s_1x1_100x100_${NIGHT}`, darkScale: 1 });
    const tie = plan([...darks, frame('l90.fits', 'light', { exposure: 90 })]);
    expect(lightPlan(tie, 'l90.fits')).toMatchObject({ darkId: `dark_120s_1x1_100x100_${NIGHT}`, darkScale: 0.75 });
    const near = plan([...darks, frame('l50.fits', 'light', { exposure: 50 })]);
    expect(lightPlan(near, 'l50.fits').darkScale).toBe(50 / 60);
  });

  test('no bias, darks of another exposure: the nearest is used unscaled (scaling would scale the bias) and reported', () => {
    const result = plan([...frames('d240', 3, 'dark', { exposure: 240 }), ...frames('d1200', 3, 'dark', { exposure: 1200 }), ...frames('star', 2, 'light', { exposure: 40 })]);
    expect(lightPlan(result, 'star_01.fits')).toMatchObject({ biasId: null, darkId: `dark_240s_1x1_100x100_${NIGHT}`, darkScale: 1, calstat: 'BD' });
    expect(codes(result)).toEqual(['dark-unscaled:warning', 'no-flat:warning']);
    expect(result.problems[0].frameIds).toEqual(['star_01.fits', 'star_02.fits']);
  });

  test('darks from the next evening are used, and said to be', () => {
    const result = plan([...frames('bias', 3, 'bias'), ...frames('dark', 3, 'dark', { exposure: 60, night: NEXT }), ...frames('light', 2, 'light', { exposure: 60 })]);
    expect(lightPlan(result, 'light_01.fits').darkId).toBe(`dark_60s_1x1_100x100_${NEXT}`);
    const other = result.problems.filter((p) => p.code === 'other-night');
    // The master dark itself uses the bias of the night before it; the lights use a dark of the next night.
    expect(other.map((p) => [p.severity, p.frameIds])).toEqual([
      ['info', ['dark_01.fits', 'dark_02.fits', 'dark_03.fits']],
      ['info', ['light_01.fits', 'light_02.fits']],
    ]);
    expect(other[1].message).toContain(`of the night of ${NEXT}`);
  });

  test('the same night is preferred over a nearer exposure on another night (darks without bias: exact exposure first)', () => {
    const withBias = plan([
      ...frames('bias', 3, 'bias'),
      ...frames('dSame', 2, 'dark', { exposure: 30 }),
      ...frames('dNext', 2, 'dark', { exposure: 60, night: NEXT }),
      frame('light.fits', 'light', { exposure: 60 }),
    ]);
    expect(lightPlan(withBias, 'light.fits')).toMatchObject({ darkId: `dark_30s_1x1_100x100_${NIGHT}`, darkScale: 2 });
    const noBias = plan([...frames('dSame', 2, 'dark', { exposure: 30 }), ...frames('dNext', 2, 'dark', { exposure: 60, night: NEXT }), frame('light.fits', 'light', { exposure: 60 })]);
    expect(lightPlan(noBias, 'light.fits')).toMatchObject({ darkId: `dark_60s_1x1_100x100_${NEXT}`, darkScale: 1 });
    expect(codes(noBias)).not.toContain('dark-unscaled:warning');
  });

  test('a light without exposure is blocked when a dark would be needed, calibrated without one otherwise', () => {
    const withDark = plan([...frames('bias', 2, 'bias'), ...frames('dark', 2, 'dark'), frame('light.fits', 'light', { exposure: null })]);
    expect(lightPlan(withDark, 'light.fits').blocked?.code).toBe('missing-exposure');
    const noDark = plan([...frames('bias', 2, 'bias'), frame('light.fits', 'light', { exposure: null })]);
    expect(lightPlan(noDark, 'light.fits')).toMatchObject({ blocked: null, calstat: 'B', missing: ['no master dark (1x1, 100x100)', 'no flat for frames without a filter (1x1, 100x100)'] });
  });
});

describe('planMasters: flats', () => {
  test('no flat for one filter: that group misses it, reported once with the filter named', () => {
    const result = plan([
      ...frames('bias', 3, 'bias'),
      ...frames('flatR', 3, 'flat', { filter: 'R', exposure: 1 }),
      ...frames('lightR', 2, 'light', { filter: 'R', exposure: 60 }),
      ...frames('lightHa', 3, 'light', { filter: 'Ha', exposure: 300 }),
    ]);
    expect(lightPlan(result, 'lightR_01.fits')).toMatchObject({ flatId: `flat_R_1x1_100x100_${NIGHT}`, calstat: 'BF' });
    expect(lightPlan(result, 'lightHa_02.fits')).toMatchObject({ flatId: null, calstat: 'B', missing: ['no master dark (1x1, 100x100)', 'no flat for filter Ha (1x1, 100x100)'] });
    const noFlat = result.problems.filter((p) => p.code === 'no-flat');
    expect(noFlat.map((p) => [p.message, p.frameIds.length])).toEqual([[`lights Ha 300 s (1x1, 100x100, night ${NIGHT}): no flat for filter Ha (1x1, 100x100)`, 3]]);
  });

  test('flat with a dark of its exact exposure (bias-subtracted dark): scale 1', () => {
    const result = plan([...frames('bias', 3, 'bias'), ...frames('dark', 3, 'dark', { exposure: 2 }), ...frames('flat', 3, 'flat', { filter: 'L', exposure: 2 })]);
    expect(result.masters.find((m) => m.kind === 'flat')).toMatchObject({ biasId: `bias_1x1_100x100_${NIGHT}`, darkId: `dark_2s_1x1_100x100_${NIGHT}`, darkScale: 1 });
    expect(codes(result)).toEqual(['no-lights:info']);
  });

  test('flat with a bias and no darks: bias-subtracted only, reported', () => {
    const result = plan([...frames('bias', 3, 'bias'), ...frames('flat', 3, 'flat', { filter: 'L', exposure: 2 })]);
    expect(result.masters.find((m) => m.kind === 'flat')).toMatchObject({ biasId: `bias_1x1_100x100_${NIGHT}`, darkId: null, darkScale: 1, normalise: true });
    expect(result.problems[0]).toMatchObject({ code: 'flat-not-dark-subtracted', severity: 'warning' });
    expect(result.problems[0].message).toContain('bias-subtracted only');
  });

  test('no bias: a dark (holding the bias) of exactly the flat exposure is used unscaled', () => {
    const result = plan([...frames('dark', 3, 'dark', { exposure: 360 }), ...frames('flat', 3, 'flat', { filter: 'Clear', exposure: 360 })]);
    expect(result.masters.find((m) => m.kind === 'flat')).toMatchObject({ biasId: null, darkId: `dark_360s_1x1_100x100_${NIGHT}`, darkScale: 1 });
    expect(codes(result)).toEqual(['no-lights:info']);
  });

  test('no bias, no dark of the flat exposure: the nearest dark (holding the bias) is subtracted unscaled, and said', () => {
    const result = plan([...frames('dark', 3, 'dark', { exposure: 360 }), ...frames('flat', 3, 'flat', { filter: 'Clear', exposure: 180 })]);
    const dark = result.masters.find((m) => m.kind === 'dark')!;
    expect(result.masters.find((m) => m.kind === 'flat')).toMatchObject({ biasId: null, darkId: dark.id, darkScale: 1 });
    expect(result.problems[0].code).toBe('dark-unscaled');
    expect(result.problems[0].message).toContain('no dark of exactly 180 s and no master bias; the 360 s dark (holding the bias) is subtracted unscaled');
  });

  test('no bias, flats of mixed exposures: the nearest dark to their median exposure, unscaled', () => {
    const result = plan([...frames('dark', 3, 'dark', { exposure: 360 }), ...frames('fA', 3, 'flat', { exposure: 360 }), ...frames('fB', 3, 'flat', { exposure: 180 })]);
    const dark = result.masters.find((m) => m.kind === 'dark')!;
    expect(result.masters.find((m) => m.kind === 'flat')).toMatchObject({ exposure: 270, darkId: dark.id, darkScale: 1 });
    expect(result.problems[0].message).toContain("the flats' exposures differ");
  });

  test('no bias and no dark at all: the flat is only normalised, and said', () => {
    const result = plan([...frames('flat', 3, 'flat', { filter: 'Clear', exposure: 180 })]);
    expect(result.masters.find((m) => m.kind === 'flat')).toMatchObject({ biasId: null, darkId: null });
    expect(result.problems[0].code).toBe('flat-not-dark-subtracted');
    expect(result.problems[0].message).toContain('neither bias- nor dark-subtracted');
  });

  test('filter names become file-name-safe master ids', () => {
    const result = plan([...frames('f', 2, 'flat', { filter: 'H alpha/7nm' }), ...frames('g', 2, 'flat', { filter: null })]);
    expect(result.masters.map((m) => m.id)).toEqual([`flat_1x1_100x100_${NIGHT}`, `flat_H-alpha-7nm_1x1_100x100_${NIGHT}`]);
  });
});

describe('planMasters: what cannot be calibrated', () => {
  test('lights of another size than every master are blocked, naming both sizes', () => {
    const result = plan([
      ...frames('bias', 3, 'bias'),
      ...frames('flat', 3, 'flat', { filter: 'R' }),
      ...frames('big', 2, 'light', { filter: 'R', size: [200, 200] }),
      ...frames('binned', 1, 'light', { filter: 'R', bin: [2, 2] }),
      ...frames('ok', 1, 'light', { filter: 'R' }),
    ]);
    const big = lightPlan(result, 'big_01.fits');
    expect(big.blocked).toEqual({ code: 'no-matching-master', message: 'no master for its binning and size (1x1, 200x200); masters exist for 1x1, 100x100' });
    expect(big.calstat).toBe('');
    expect(lightPlan(result, 'binned_01.fits').blocked?.message).toContain('(2x2, 100x100)');
    expect(lightPlan(result, 'ok_01.fits').blocked).toBeNull();
    const mismatch = result.problems.filter((p) => p.code === 'size-mismatch');
    expect(mismatch.map((p) => [p.severity, p.frameIds])).toEqual([
      ['error', ['big_01.fits', 'big_02.fits']],
      ['error', ['binned_01.fits']],
    ]);
  });

  test('a night without any calibration frame: every light blocked, one clear problem', () => {
    const result = plan([...frames('lightR', 2, 'light', { filter: 'R' }), ...frames('lightG', 2, 'light', { filter: 'G' })]);
    expect(result.masters).toEqual([]);
    expect(result.lights.every((l) => l.blocked?.code === 'no-matching-master')).toBe(true);
    expect(result.lights[0].blocked?.message).toBe('no bias, dark or flat frames in this night: nothing to calibrate with');
    expect(result.problems.map((p) => [p.code, p.severity, p.frameIds.length])).toEqual([['no-calibration', 'error', 4]]);
  });

  test('only flats of other filters: blocked, with the missing pieces listed', () => {
    const result = plan([...frames('flatR', 2, 'flat', { filter: 'R' }), frame('lightHa.fits', 'light', { filter: 'Ha' })]);
    const light = lightPlan(result, 'lightHa.fits');
    expect(light.blocked?.code).toBe('no-matching-master');
    expect(light.missing).toEqual(['no master bias (1x1, 100x100)', 'no master dark (1x1, 100x100)', 'no flat for filter Ha (1x1, 100x100)']);
    expect(codes(result)).toEqual(['flat-not-dark-subtracted:warning', 'no-bias:warning', 'no-dark:warning', 'no-flat:warning']);
  });

  test('no lights: masters are still planned, and it is said', () => {
    const result = plan(frames('bias', 2, 'bias'));
    expect(result.masters).toHaveLength(1);
    expect(result.lights).toEqual([]);
    expect(codes(result)).toEqual(['no-lights:info']);
  });

  test('duplicate and excluded frames are in no master and get no plan', () => {
    const night = [
      ...frames('bias', 3, 'bias'),
      frame('bias_copy.fits', 'bias', { duplicateOf: 'bias_01.fits' }),
      frame('bias_bad.fits', 'bias', { excluded: true }),
      ...frames('light', 2, 'light'),
      frame('light_copy.fits', 'light', { duplicateOf: 'light_01.fits' }),
      frame('light_cloudy.fits', 'light', { excluded: true }),
    ];
    const result = plan(night);
    expect(result.masters[0].frameIds).toEqual(['bias_01.fits', 'bias_02.fits', 'bias_03.fits']);
    expect(result.lights.map((l) => l.frameId)).toEqual(['light_01.fits', 'light_02.fits']);
  });
});
