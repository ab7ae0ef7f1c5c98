import { describe, expect, test } from 'vitest';
import type { FrameInfo, MasterPlan } from '../../../shared/night/frames';
import { groupFrames } from '../../../shared/night/group-frames';
import { matchRulesFor } from '../../../shared/night/matching';
import { planMasters } from '../../../shared/night/plan-masters';
import { deepFreeze, frame, frames, NIGHT } from './night-frames';

const NEXT = '2026-03-02';
/** What every test frame's id carries: gain 100, offset 30, −10 °C (night-frames.ts). */
const SET = 'g100_o30_1x1_100x100_m10C';

function plan(night: readonly FrameInfo[], options: Parameters<typeof planMasters>[2] = {}): MasterPlan {
  return planMasters(night, groupFrames(night, options.rules).groups, options);
}

function lightPlan(result: MasterPlan, frameId: string) {
  const found = result.lights.find((l) => l.frameId === frameId);
  if (!found) throw new Error(`no plan for ${frameId}`);
  return found;
}

function master(result: MasterPlan, id: string) {
  const found = result.masters.find((m) => m.id === id);
  if (!found) throw new Error(`no master ${id} among ${result.masters.map((m) => m.id).join(', ')}`);
  return found;
}

function codes(result: MasterPlan): string[] {
  return result.problems.map((p) => `${p.code}:${p.severity}`);
}

/** Frames with header facts changed (gain, temperature, Bayer pattern, pre-calibration…). */
function withFacts(list: readonly FrameInfo[], facts: Partial<NonNullable<FrameInfo['facts']>>): FrameInfo[] {
  return list.map((f) => ({ ...f, facts: { ...f.facts!, ...facts } }));
}

const bias = `bias_${SET}_${NIGHT}`;
const dark = (t: number) => `dark_${t}s_${SET}_${NIGHT}`;

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

  test('one master per calibration group, with file-name-safe ids that say their settings', () => {
    expect(result.masters.map((m) => [m.id, m.kind, m.frameIds.length])).toEqual([
      [bias, 'bias', 5],
      [dark(60), 'dark', 3],
      [dark(300), 'dark', 3],
      [`flat_G_${SET}_${NIGHT}`, 'flat', 3],
      [`flat_R_${SET}_${NIGHT}`, 'flat', 3],
    ]);
    for (const m of result.masters) expect(m.id).toMatch(/^[A-Za-z0-9._+-]+$/);
  });

  test('darks are bias-subtracted frame by frame; each flat gets the dark of the nearest exposure, scaled, after the bias', () => {
    expect(master(result, dark(60))).toMatchObject({ includesBias: false, normalise: null, preparations: Array(3).fill({ biasId: bias, darkId: null, darkScale: 1 }) });
    expect(master(result, `flat_R_${SET}_${NIGHT}`)).toMatchObject({ normalise: 'single', preparations: Array(3).fill({ biasId: bias, darkId: dark(60), darkScale: 2 / 60 }) });
    expect(master(result, `flat_G_${SET}_${NIGHT}`).preparations[0]).toEqual({ biasId: bias, darkId: dark(60), darkScale: 3 / 60 });
  });

  test('every light gets the bias, the dark of its exposure unscaled and the flat of its filter, each with its reason', () => {
    const light = lightPlan(result, 'lightR_03.fits');
    expect(light).toMatchObject({ biasId: bias, darkId: dark(60), darkScale: 1, flatId: `flat_R_${SET}_${NIGHT}`, missing: [], calstat: 'BDF', precalibrated: '', blocked: null });
    expect(light.steps).toEqual({
      bias: { status: 'applied', masterId: bias, reason: 'master bias' },
      dark: { status: 'applied', masterId: dark(60), reason: "master dark 60 s: the lights' exposure" },
      flat: { status: 'applied', masterId: `flat_R_${SET}_${NIGHT}`, reason: 'master flat R' },
    });
    expect(lightPlan(result, 'lightG_01.fits')).toMatchObject({ darkId: dark(300), darkScale: 1, calstat: 'BDF' });
    expect(result.problems).toEqual([]);
  });

  test('the inputs are not changed, and group order does not matter', () => {
    const grouped = groupFrames(night).groups;
    deepFreeze(night);
    deepFreeze(grouped);
    expect(planMasters(night, [...grouped].reverse())).toEqual(result);
  });
});

describe('planMasters: camera settings', () => {
  // A CMOS night: bias and darks at two gains and two temperatures; lights and flats at gain 100, −10 °C.
  const night = [
    ...frames('bias100', 5, 'bias'),
    ...withFacts(frames('bias200', 5, 'bias'), { gain: 200 }),
    ...frames('dark100', 3, 'dark', { exposure: 300 }),
    ...withFacts(frames('dark200', 3, 'dark', { exposure: 300 }), { gain: 200 }),
    ...withFacts(frames('darkWarm', 3, 'dark', { exposure: 300 }), { temperature: -5.1, setTemp: -5.1 }),
    ...frames('flat', 3, 'flat', { filter: 'R', exposure: 2 }),
    ...frames('light', 3, 'light', { filter: 'R', exposure: 300 }),
  ];
  const result = plan(night);

  test('no master mixes settings: each combines frames of one gain and one temperature only', () => {
    const factsOf = new Map(night.map((f) => [f.id, f.facts!]));
    for (const m of result.masters) {
      const settings = new Set(m.frameIds.map((id) => `${factsOf.get(id)!.gain}|${factsOf.get(id)!.temperature}`));
      expect(settings.size, m.id).toBe(1);
    }
    expect(result.masters.map((m) => m.id)).toEqual([
      bias,
      `bias_g200_o30_1x1_100x100_m10C_${NIGHT}`,
      dark(300),
      `dark_300s_g100_o30_1x1_100x100_m5C_${NIGHT}`,
      `dark_300s_g200_o30_1x1_100x100_m10C_${NIGHT}`,
      `flat_R_${SET}_${NIGHT}`,
    ]);
  });

  test('a dark is bias-subtracted only by a bias of its own settings; the warm dark has none, and holds its bias', () => {
    expect(master(result, `dark_300s_g200_o30_1x1_100x100_m10C_${NIGHT}`).preparations[0].biasId).toBe(`bias_g200_o30_1x1_100x100_m10C_${NIGHT}`);
    expect(master(result, `dark_300s_g100_o30_1x1_100x100_m5C_${NIGHT}`)).toMatchObject({ includesBias: true, preparations: Array(3).fill({ biasId: null, darkId: null, darkScale: 1 }) });
  });

  test('the lights get the gain-100, −10 °C masters; the others are reported unused, once each', () => {
    expect(lightPlan(result, 'light_01.fits')).toMatchObject({ biasId: bias, darkId: dark(300), flatId: `flat_R_${SET}_${NIGHT}`, calstat: 'BDF' });
    expect(result.problems.map((p) => p.message)).toEqual([
      'master bias (gain 200, offset 30, 1x1, 100x100, −10.0 °C) is used by no light of this night',
      'master dark 300 s (gain 100, offset 30, 1x1, 100x100, −5.1 °C) is used by no light of this night',
      'master dark 300 s (gain 200, offset 30, 1x1, 100x100, −10.0 °C) is used by no light of this night',
    ]);
  });

  test('when nothing matches, the plan says which setting failed and by how much', () => {
    const warmOnly = plan([...frames('dark', 3, 'dark', { exposure: 300 }).map((f) => ({ ...f, facts: { ...f.facts!, temperature: -5.1, setTemp: -5.1 } })), ...frames('light', 2, 'light', { filter: 'R', exposure: 300 })]);
    const light = lightPlan(warmOnly, 'light_01.fits');
    expect(light.steps.dark).toEqual({
      status: 'missing',
      masterId: null,
      reason: 'no dark matches: master dark 300 s: −5.1 °C for −10.0 °C (4.9 °C apart; tolerance ±2 °C)',
    });
    expect(light.blocked?.code).toBe('no-matching-master');
    const gain = plan([...withFacts(frames('flat', 3, 'flat', { filter: 'R', exposure: 2 }), { gain: 200 }), ...frames('bias', 3, 'bias'), ...frames('light', 2, 'light', { filter: 'R' })]);
    expect(lightPlan(gain, 'light_01.fits').steps.flat.reason).toBe('no flat for filter R matches: master flat R: gain 200 for 100');
  });

  test('a wider tolerance takes the warm dark; the tolerance is the user’s', () => {
    const night2 = [...withFacts(frames('dark', 3, 'dark', { exposure: 300 }), { temperature: -5.1, setTemp: -5.1 }), ...frames('light', 2, 'light', { filter: 'R', exposure: 300 })];
    const wide = plan(night2, { rules: matchRulesFor(night2, 5) });
    expect(lightPlan(wide, 'light_01.fits').darkId).toBe(`dark_300s_g100_o30_1x1_100x100_m5C_${NIGHT}`);
    // The one setting that differs from the lights' is said; the others match and are not repeated.
    expect(lightPlan(wide, 'light_01.fits').steps.dark.reason).toBe("master dark 300 s (−5.1 °C for −10.0 °C): the lights' exposure");
  });
});

describe('planMasters: darks', () => {
  test('no bias, darks at the lights exposure: the dark holds the bias and removes it, scale 1, calstat BD', () => {
    const result = plan([...frames('dark', 3, 'dark', { exposure: 120 }), ...frames('light', 2, 'light', { filter: 'R', exposure: 120 })]);
    const light = lightPlan(result, 'light_01.fits');
    expect(light).toMatchObject({ biasId: null, darkId: dark(120), darkScale: 1, flatId: null, calstat: 'BD' });
    expect(light.steps.bias).toEqual({ status: 'included', masterId: null, reason: 'removed by the dark, which holds the bias' });
    expect(codes(result)).toEqual(['no-flat:warning']);
    expect(light.steps.flat).toEqual({ status: 'missing', masterId: null, reason: 'no flats taken for filter R' });
  });

  test('a step with no frames of its kind at all says so', () => {
    const lights = frames('light', 2, 'light', { filter: 'R', exposure: 120 });
    const biasOnly = lightPlan(plan([...frames('bias', 3, 'bias'), ...lights]), 'light_01.fits');
    expect([biasOnly.steps.dark.reason, biasOnly.steps.flat.reason]).toEqual(['no darks taken', 'no flats taken for filter R']);
    const flatOnly = lightPlan(plan([...frames('flat', 3, 'flat', { filter: 'R', exposure: 2 }), ...lights]), 'light_01.fits');
    expect(flatOnly.steps.bias.reason).toBe('no biases taken');
  });

  test('with a bias, a dark of another exposure is scaled by t_light / t_dark, reported once per light group', () => {
    const result = plan([...frames('bias', 3, 'bias'), ...frames('dark', 3, 'dark', { exposure: 60 }), ...frames('light', 3, 'light', { filter: 'R', exposure: 90 })]);
    expect(lightPlan(result, 'light_02.fits')).toMatchObject({ biasId: bias, darkId: dark(60), darkScale: 1.5, calstat: 'BD' });
    expect(codes(result)).toEqual(['dark-scaled:info', 'no-flat:warning']);
  });

  test('with a bias: the exact exposure first, else the nearest, the longer on a tie', () => {
    const darks = [...frames('bias', 3, 'bias'), ...frames('d60', 2, 'dark', { exposure: 60 }), ...frames('d120', 2, 'dark', { exposure: 120 }), ...frames('d180', 2, 'dark', { exposure: 180 })];
    const result = plan([...darks, frame('a.fits', 'light', { exposure: 120 }), frame('b.fits', 'light', { exposure: 150 }), frame('c.fits', 'light', { exposure: 100 })]);
    expect(lightPlan(result, 'a.fits')).toMatchObject({ darkId: dark(120), darkScale: 1 });
    expect(lightPlan(result, 'b.fits')).toMatchObject({ darkId: dark(180), darkScale: 150 / 180 });
    expect(lightPlan(result, 'c.fits')).toMatchObject({ darkId: dark(120), darkScale: 100 / 120 });
  });

  test('no bias, darks of one other exposure: the nearest is used unscaled (scaling would scale the bias), with a warning', () => {
    const result = plan([...frames('dark', 3, 'dark', { exposure: 300 }), ...frames('light', 2, 'light', { filter: 'R', exposure: 120 })]);
    expect(lightPlan(result, 'light_01.fits')).toMatchObject({ darkId: dark(300), darkScale: 1, calstat: 'BD' });
    const warning = result.problems.find((p) => p.code === 'dark-unscaled')!;
    expect(warning.severity).toBe('warning');
    expect(warning.message).toContain('unscaled, for 120 s lights: no dark of their exposure and no bias to scale one (the dark current is off by 180 s worth)');
  });

  test('no bias, darks of two exposures: bias and dark current are fitted per pixel, and any exposure is calibrated with them', () => {
    const result = plan([...frames('d60', 3, 'dark', { exposure: 60 }), ...frames('d300', 3, 'dark', { exposure: 300 }), ...frames('light', 2, 'light', { filter: 'R', exposure: 120 }), ...frames('flat', 3, 'flat', { filter: 'R', exposure: 2 })]);
    const biasFit = `biasfit_${SET}_${NIGHT}`;
    const rate = `darkrate_${SET}_${NIGHT}`;
    expect(master(result, biasFit)).toMatchObject({ kind: 'bias', fit: { darkIds: [dark(60), dark(300)], part: 'bias' }, preparations: [] });
    expect(master(result, rate)).toMatchObject({ kind: 'dark', exposure: 1, includesBias: false, fit: { part: 'rate' } });
    expect(lightPlan(result, 'light_01.fits')).toMatchObject({ biasId: biasFit, darkId: rate, darkScale: 120, calstat: 'BDF' });
    // The flats too: the fitted bias plus the dark current of their 2 s.
    expect(master(result, `flat_R_${SET}_${NIGHT}`).preparations[0]).toEqual({ biasId: biasFit, darkId: rate, darkScale: 2 });
    expect(codes(result)).toContain('dark-fitted:info');
    // A light at one of the darks' own exposures still gets that dark as it is (amp glow and all).
    const exact = plan([...frames('d60', 3, 'dark', { exposure: 60 }), ...frames('d300', 3, 'dark', { exposure: 300 }), ...frames('light', 2, 'light', { exposure: 300 })]);
    expect(lightPlan(exact, 'light_01.fits')).toMatchObject({ biasId: null, darkId: dark(300), darkScale: 1 });
  });

  test('the same night is preferred, and a dark of another night is used and said to be', () => {
    const result = plan([...frames('dark', 2, 'dark', { exposure: 60, night: NEXT }), ...frames('light', 2, 'light', { exposure: 60 })]);
    expect(lightPlan(result, 'light_01.fits').darkId).toBe(`dark_60s_${SET}_${NEXT}`);
    expect(codes(result)).toContain('other-night:info');
  });

  test('a light without exposure is blocked when a dark would be needed', () => {
    const result = plan([...frames('dark', 3, 'dark', { exposure: 60 }), frame('light.fits', 'light', { exposure: null })]);
    expect(lightPlan(result, 'light.fits').blocked?.code).toBe('missing-exposure');
  });
});

describe('planMasters: flats, each frame with its own dark', () => {
  test('a dark flat of the frame’s exposure first, then a dark of it, then the bias and a scaled dark, then the bias alone', () => {
    const result = plan([
      ...frames('bias', 3, 'bias'),
      ...frames('df2', 3, 'darkflat', { exposure: 2 }),
      ...frames('dark5', 3, 'dark', { exposure: 5 }),
      ...frames('dark60', 3, 'dark', { exposure: 60 }),
      frame('flat_2s.fits', 'flat', { filter: 'R', exposure: 2 }),
      frame('flat_5s.fits', 'flat', { filter: 'R', exposure: 5 }),
      frame('flat_9s.fits', 'flat', { filter: 'R', exposure: 9 }),
    ]);
    const flat = master(result, `flat_R_${SET}_${NIGHT}`);
    expect(flat.frameIds).toEqual(['flat_2s.fits', 'flat_5s.fits', 'flat_9s.fits']);
    expect(flat.preparations).toEqual([
      { biasId: null, darkId: `darkflat_2s_${SET}_${NIGHT}`, darkScale: 1 },
      { biasId: bias, darkId: dark(5), darkScale: 1 },
      // Scaled down from the shortest longer dark, never up (scaling up amplifies its noise).
      { biasId: bias, darkId: dark(60), darkScale: 9 / 60 },
    ]);
  });

  test('flats of 180 s and 360 s with darks of 240 s and 360 s and no bias: the 360 s flat gets the 360 s dark, the 180 s one the nearest (unscaled)', () => {
    const result = plan([...frames('d240', 3, 'dark', { exposure: 240 }), ...frames('d360', 3, 'dark', { exposure: 360 }), frame('f180.fits', 'flat', { filter: 'C', exposure: 180 }), frame('f360.fits', 'flat', { filter: 'C', exposure: 360 })]);
    // Two exposures and no bias: the fit serves the 180 s flat; the 360 s flat has its own dark.
    expect(master(result, `flat_C_${SET}_${NIGHT}`).preparations).toEqual([
      { biasId: `biasfit_${SET}_${NIGHT}`, darkId: `darkrate_${SET}_${NIGHT}`, darkScale: 180 },
      { biasId: null, darkId: dark(360), darkScale: 1 },
    ]);
  });

  test('no dark flat or dark of a flat’s exposure and no bias to scale one: bias only or nothing, said per exposure', () => {
    const result = plan([...frames('bias', 3, 'bias'), frame('flat.fits', 'flat', { filter: 'R', exposure: 2 })]);
    expect(master(result, `flat_R_${SET}_${NIGHT}`).preparations).toEqual([{ biasId: bias, darkId: null, darkScale: 1 }]);
    expect(result.problems.find((p) => p.code === 'flat-not-dark-subtracted')?.message).toContain('1 frame of 2 s have no dark flat or dark: bias-subtracted only');
  });

  test('a colour sensor’s flat is normalised per colour channel, unless asked for one median', () => {
    const bayer = { pattern: 'RGGB' as const, xOffset: 0, yOffset: 0, rowOrder: 'top-down' as const };
    const night = withFacts([...frames('bias', 3, 'bias'), ...frames('flat', 3, 'flat', { filter: 'L', exposure: 1 })], { bayer });
    expect(plan(night).masters.find((m) => m.kind === 'flat')).toMatchObject({ normalise: 'per-channel', cfa: 'RGGB', bayer });
    expect(plan(night, { flatScaling: 'single' }).masters.find((m) => m.kind === 'flat')?.normalise).toBe('single');
  });
});

describe('planMasters: frames the capture software already calibrated', () => {
  const autoDark = { bias: true, dark: true, flat: false, pedestal: null, evidence: ['HISTORY Auto-Dark Subtraction (CCDSoft)'] };

  test('an auto-darked light gets only the flat; its CALSTAT holds every step', () => {
    const result = plan([...frames('bias', 3, 'bias'), ...frames('dark', 3, 'dark', { exposure: 240 }), ...frames('flat', 3, 'flat', { filter: 'R', exposure: 2 }), ...withFacts(frames('light', 2, 'light', { filter: 'R', exposure: 10 }), { precalibrated: autoDark })]);
    const light = lightPlan(result, 'light_01.fits');
    expect(light).toMatchObject({ biasId: null, darkId: null, darkScale: 1, flatId: `flat_R_${SET}_${NIGHT}`, calstat: 'BDF', precalibrated: 'BD' });
    expect(light.steps.dark).toEqual({ status: 'skipped', masterId: null, reason: 'already dark-subtracted by the capture software' });
    expect(codes(result)).not.toContain('dark-scaled:info');
  });

  test('a bias-subtracted light (CALSTAT B) cannot take a dark that holds the bias: said, and not applied', () => {
    const bOnly = { bias: true, dark: false, flat: false, pedestal: null, evidence: ["CALSTAT = 'B'"] };
    const result = plan([...frames('dark', 3, 'dark', { exposure: 60 }), ...withFacts(frames('light', 2, 'light', { exposure: 60 }), { precalibrated: bOnly })]);
    const light = lightPlan(result, 'light_01.fits');
    expect(light.darkId).toBeNull();
    expect(light.steps.dark.reason).toMatch(/^the lights are bias-subtracted already and the only dark that fits still holds the bias/);
  });
});

describe('planMasters: what cannot be calibrated', () => {
  test('lights of another size than every master are blocked, naming both sizes', () => {
    const result = plan([...frames('bias', 3, 'bias'), frame('light.fits', 'light', { size: [200, 100] })]);
    expect(lightPlan(result, 'light.fits').blocked).toEqual({ code: 'no-matching-master', message: 'no master for its binning and size (1x1, 200x100); masters exist for 1x1, 100x100' });
    expect(codes(result)).toContain('size-mismatch:error');
  });

  test('a night without any calibration frame: every light blocked, one clear problem', () => {
    const result = plan(frames('light', 3, 'light'));
    expect(result.lights.every((l) => l.blocked?.code === 'no-matching-master')).toBe(true);
    expect(codes(result)).toEqual(['no-calibration:error']);
  });

  test('no lights: masters are still planned, and it is said', () => {
    const result = plan(frames('bias', 3, 'bias'));
    expect(result.masters).toHaveLength(1);
    expect(codes(result)).toEqual(['no-lights:info']);
  });

  test('duplicate and excluded frames are in no master and get no plan', () => {
    const result = plan([...frames('bias', 3, 'bias'), frame('bias_copy.fits', 'bias', { duplicateOf: 'bias_01.fits' }), frame('light.fits', 'light', { excluded: true })]);
    expect(result.masters[0].frameIds).toEqual(['bias_01.fits', 'bias_02.fits', 'bias_03.fits']);
    expect(result.lights).toEqual([]);
  });
});
