import { describe, expect, test } from 'vitest';
import type { FrameInfo } from '../../../shared/night/frames';
import { groupFrames } from '../../../shared/night/group-frames';
import { planMasters } from '../../../shared/night/plan-masters';
import { deepFreeze, frame, frames, NIGHT } from './night-frames';

/** A complete night: 3 biases, darks 60 s and 120 s, R flats at mixed exposures, G flats, lights R 60 s and G 120 s. */
function completeNight(): FrameInfo[] {
  return [
    ...frames('Bias/bias', 3, 'bias'),
    ...frames('Darks/dark60', 3, 'dark', { exposure: 60 }),
    ...frames('Darks/dark120', 2, 'dark', { exposure: 120 }),
    frame('Flats/flatR_01.fits', 'flat', { filter: 'R', exposure: 2 }),
    frame('Flats/flatR_02.fits', 'flat', { filter: 'R', exposure: 2 }),
    frame('Flats/flatR_03.fits', 'flat', { filter: 'R', exposure: 3.5 }),
    frame('Flats/flatR_04.fits', 'flat', { filter: 'R', exposure: 5 }),
    ...frames('Flats/flatG', 2, 'flat', { filter: 'G', exposure: 4 }),
    ...frames('Lights/M31_R', 3, 'light', { filter: 'R', exposure: 60 }),
    ...frames('Lights/M31_G', 2, 'light', { filter: 'G', exposure: 120 }),
  ];
}

describe('groupFrames', () => {
  test('a complete night: keys, ids, order, exposures', () => {
    const { groups, unclassified, problems } = groupFrames(completeNight());
    expect(groups.map((g) => g.id)).toEqual([
      `bias|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `dark|60|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `dark|120|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `flat|G|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `flat|R|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `light|G|120|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `light|R|60|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
    ]);
    const flatR = groups.find((g) => g.id.startsWith('flat|R'))!;
    // Flats of one filter combine across exposures; the group's exposure is their median (2, 2, 3.5, 5 → 2.75).
    expect(flatR.exposure).toBe(2.75);
    expect(flatR.frameIds).toEqual(['Flats/flatR_01.fits', 'Flats/flatR_02.fits', 'Flats/flatR_03.fits', 'Flats/flatR_04.fits']);
    expect(groups[0]).toMatchObject({ type: 'bias', filter: null, binning: '1x1', width: 100, height: 100, night: NIGHT });
    expect(groups.find((g) => g.id.startsWith('light|R'))).toMatchObject({ filter: 'R', exposure: 60, frameIds: ['Lights/M31_R_01.fits', 'Lights/M31_R_02.fits', 'Lights/M31_R_03.fits'] });
    expect(unclassified).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('dark flats group like darks, by exposure and setup, between the darks and the flats', () => {
    const night = [
      ...completeNight(),
      ...frames('DarkFlats/df2', 3, 'darkflat', { exposure: 2, filter: 'R' }),
      ...frames('DarkFlats/df4', 2, 'darkflat', { exposure: 4, filter: 'G' }),
      frame('DarkFlats/df_bin2.fits', 'darkflat', { exposure: 2, bin: [2, 2] }),
      frame('DarkFlats/df_none.fits', 'darkflat', { exposure: null }),
    ];
    const { groups, problems } = groupFrames(night);
    expect(groups.map((g) => `${g.id} ×${g.frameIds.length}`).slice(3, 6)).toEqual([
      `darkflat|2|gain 100|offset 30|1x1|100x100|-10C|${NIGHT} ×3`,
      `darkflat|2|gain 100|offset 30|2x2|100x100|-10C|${NIGHT} ×1`,
      `darkflat|4|gain 100|offset 30|1x1|100x100|-10C|${NIGHT} ×2`,
    ]);
    expect(groups.find((g) => g.id.startsWith('darkflat|4'))).toMatchObject({ type: 'darkflat', filter: null, exposure: 4 });
    expect(problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      'missing-exposure: DarkFlats/df_none.fits: darkflat without an exposure time (EXPTIME/EXPOSURE): left out of the dark flats',
      `single-frame-master: the master dark flat 2 s (gain 100, offset 30, 2x2, 100x100, −10.0 °C, night ${NIGHT}) is a single frame: its noise is not averaged down`,
    ]);
    // Masters for dark flats are planned elsewhere; planning the night must not stumble over them.
    expect(() => planMasters(night, groups)).not.toThrow();
  });

  test('binning, size, night and filter case each make another group', () => {
    const { groups } = groupFrames([
      frame('a.fits', 'light', { filter: 'R' }),
      frame('b.fits', 'light', { filter: 'R', bin: [2, 2] }),
      frame('c.fits', 'light', { filter: 'R', size: [200, 100] }),
      frame('d.fits', 'light', { filter: 'R', night: '2026-03-02' }),
      frame('e.fits', 'light', { filter: 'r' }),
      frame('f.fits', 'light', { filter: null }),
    ]);
    expect(groups.map((g) => g.id)).toEqual([
      `light|-|60|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `light|R|60|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
      `light|R|60|gain 100|offset 30|1x1|100x100|-10C|2026-03-02`,
      `light|R|60|gain 100|offset 30|1x1|200x100|-10C|${NIGHT}`,
      `light|R|60|gain 100|offset 30|2x2|100x100|-10C|${NIGHT}`,
      `light|r|60|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`,
    ]);
  });

  test('exposures equal to the microsecond are one group; biases ignore exposure and filter', () => {
    const { groups } = groupFrames([
      frame('d1.fits', 'dark', { exposure: 60 }),
      frame('d2.fits', 'dark', { exposure: 60.0000001 }),
      frame('b1.fits', 'bias', { exposure: 0, filter: 'BLOCK' }),
      frame('b2.fits', 'bias', { exposure: 1e-5, filter: 'R' }),
    ]);
    expect(groups.map((g) => [g.id, g.frameIds.length])).toEqual([
      [`bias|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`, 2],
      [`dark|60|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`, 2],
    ]);
  });

  test('unreadable, duplicate, excluded and unknown files stay out of groups, each reported', () => {
    const night = [
      ...frames('lights/M31', 2, 'light', { filter: 'R' }),
      frame('lights/M31_copy.fits', 'light', { filter: 'R', duplicateOf: 'lights/M31_01.fits' }),
      frame('lights/M31_bad.fits', 'light', { filter: 'R', excluded: true }),
      frame('lights/broken.fits', 'unknown', { error: { code: 'truncated', message: 'lights/broken.fits: file ends inside the header' } }),
      frame('ThAr_001.fits', 'unknown'),
    ];
    const { groups, unclassified, problems } = groupFrames(night);
    expect(groups.map((g) => g.frameIds)).toEqual([['lights/M31_01.fits', 'lights/M31_02.fits']]);
    expect(unclassified).toEqual(['ThAr_001.fits']);
    expect(problems.map((p) => [p.code, p.severity, p.frameIds])).toEqual([
      // In id order (plain code-unit order: upper case before lower case).
      ['unclassified', 'warning', ['ThAr_001.fits']],
      ['duplicate', 'warning', ['lights/M31_copy.fits', 'lights/M31_01.fits']],
      ['unreadable', 'error', ['lights/broken.fits']],
    ]);
    expect(problems[2].message).toContain('file ends inside the header');
    expect(problems[1].message).toBe('lights/M31_copy.fits is a byte-identical copy of lights/M31_01.fits: it is left out');
  });

  test('missing exposure: a dark is left out; a flat and a light are grouped; a bias needs none', () => {
    const { groups, problems } = groupFrames([
      frame('dark_01.fits', 'dark', { exposure: 60 }),
      frame('dark_02.fits', 'dark', { exposure: null }),
      frame('flat_01.fits', 'flat', { filter: 'R', exposure: null }),
      frame('light_01.fits', 'light', { filter: 'R', exposure: null }),
      frame('bias_01.fits', 'bias', { exposure: null }),
    ]);
    expect(groups.map((g) => [g.id, g.exposure, g.frameIds])).toEqual([
      [`bias|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`, null, ['bias_01.fits']],
      [`dark|60|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`, 60, ['dark_01.fits']],
      [`flat|R|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`, null, ['flat_01.fits']],
      [`light|R|-|gain 100|offset 30|1x1|100x100|-10C|${NIGHT}`, null, ['light_01.fits']],
    ]);
    const missing = problems.filter((p) => p.code === 'missing-exposure');
    expect(missing.map((p) => [p.severity, p.frameIds])).toEqual([
      ['error', ['dark_02.fits']],
      ['error', ['flat_01.fits']],
      ['error', ['light_01.fits']],
    ]);
    expect(missing[0].message).toContain('left out of the master darks');
  });

  test('a calibration group of one frame is reported (info); a single light is not', () => {
    const { problems } = groupFrames([frame('bias.fits', 'bias'), frame('flat.fits', 'flat'), frame('light.fits', 'light')]);
    expect(problems.map((p) => [p.code, p.severity, p.frameIds])).toEqual([
      ['single-frame-master', 'info', ['bias.fits']],
      ['single-frame-master', 'info', ['flat.fits']],
    ]);
  });

  test('a filter containing the id separator cannot collide with another key', () => {
    const { groups } = groupFrames([frame('a.fits', 'light', { filter: 'R|60' }), frame('b.fits', 'light', { filter: 'R' })]);
    expect(new Set(groups.map((g) => g.id)).size).toBe(2);
    expect(groups.map((g) => g.filter)).toEqual(['R', 'R|60']);
  });

  test('the result does not depend on the order of the input', () => {
    const night = completeNight();
    const shuffled = [...night].reverse();
    shuffled.push(shuffled.shift()!);
    expect(groupFrames(shuffled)).toEqual(groupFrames(night));
  });

  test('the input is not changed', () => {
    const night = [...completeNight(), frame('x.fits', 'unknown'), frame('d.fits', 'dark', { exposure: null })];
    const before = JSON.stringify(night);
    deepFreeze(night);
    expect(() => groupFrames(night)).not.toThrow();
    expect(JSON.stringify(night)).toBe(before);
  });
});

/** A frame with header facts changed (gain, offset, temperature, camera…). */
function withFacts(base: FrameInfo, facts: Partial<NonNullable<FrameInfo['facts']>>): FrameInfo {
  return { ...base, facts: { ...base.facts!, ...facts } };
}

describe('groupFrames: camera settings and temperature', () => {
  test('frames of another gain, offset, readout mode, camera or subframe never combine', () => {
    const base = (id: string) => frame(id, 'bias');
    const { groups } = groupFrames([
      base('a.fits'),
      withFacts(base('b.fits'), { gain: 200 }),
      withFacts(base('c.fits'), { offset: 50 }),
      withFacts(base('d.fits'), { readoutMode: 'High Gain Mode' }),
      withFacts(base('e.fits'), { camera: 'ZWO ASI2600MM Pro' }),
      withFacts(base('f.fits'), { subframe: { x: 100, y: 50 } }),
      withFacts(base('g.fits'), { subframe: { x: 0, y: 0 } }), // a full frame written as a subframe at 0,0
    ]);
    expect(new Set(groups.map((g) => g.frameIds.join()))).toEqual(new Set(['a.fits,g.fits', 'b.fits', 'c.fits', 'd.fits', 'e.fits', 'f.fits']));
    expect(groups.find((g) => g.frameIds.includes('f.fits'))!.id).toContain('|at 100,50|');
  });

  test('temperatures within the tolerance combine; 5 °C apart split; a slow drift never chains −10 °C to −3 °C', () => {
    const at = (id: string, t: number) => withFacts(frame(id, 'dark'), { temperature: t, setTemp: null, ccdTemp: t, temperatureSource: 'CCD-TEMP' });
    const { groups } = groupFrames([at('a.fits', -10.4), at('b.fits', -9.8), at('c.fits', -9.1), at('d.fits', -5), at('e.fits', -4.6)]);
    expect(groups.map((g) => [g.frameIds, g.temperature])).toEqual([
      [['a.fits', 'b.fits', 'c.fits'], { mean: -9.767, min: -10.4, max: -9.1, source: 'CCD-TEMP' }],
      [['d.fits', 'e.fits'], { mean: -4.8, min: -5, max: -4.6, source: 'CCD-TEMP' }],
    ]);
    const drift = groupFrames(Array.from({ length: 8 }, (_, i) => at(`t${i}.fits`, -10 + i)));
    for (const group of drift.groups) expect(group.temperature!.max - group.temperature!.min).toBeLessThanOrEqual(4);
    expect(drift.groups.length).toBeGreaterThan(1);
  });

  test('a setting written by some frames and not others is "unknown", which matches only unknown; one written by none is ignored', () => {
    const mixed = groupFrames([frame('a.fits', 'bias'), withFacts(frame('b.fits', 'bias'), { gain: null })]);
    expect(mixed.groups).toHaveLength(2);
    const none = [withFacts(frame('c.fits', 'bias'), { gain: null, offset: null }), withFacts(frame('d.fits', 'bias'), { gain: null, offset: null })];
    const ignored = groupFrames(none);
    expect(ignored.groups.map((g) => g.frameIds)).toEqual([['c.fits', 'd.fits']]);
    expect(ignored.groups[0].id).not.toContain('gain');
  });

  test('lights already calibrated by the capture software are grouped apart, and said once with the evidence', () => {
    const pre = { bias: true, dark: true, flat: false, pedestal: null, evidence: ['HISTORY Auto-Dark Subtraction (CCDSoft)'] };
    const { groups, problems } = groupFrames([
      frame('raw.fits', 'light', { filter: 'R' }),
      withFacts(frame('auto1.fits', 'light', { filter: 'R' }), { precalibrated: pre }),
      withFacts(frame('auto2.fits', 'light', { filter: 'R' }), { precalibrated: pre }),
    ]);
    expect(groups.map((g) => [g.frameIds, g.precalibrated])).toEqual([
      [['raw.fits'], ''],
      [['auto1.fits', 'auto2.fits'], 'BD'],
    ]);
    expect(problems.filter((p) => p.code === 'pre-calibrated').map((p) => p.message)).toEqual([
      `lights R 60 s (gain 100, offset 30, 1x1, 100x100, −10.0 °C, night ${NIGHT}): already bias- and dark-subtracted by the capture software (HISTORY Auto-Dark Subtraction (CCDSoft)): not applied again`,
    ]);
  });
});
