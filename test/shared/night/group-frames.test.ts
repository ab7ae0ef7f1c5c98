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
      `bias|1x1|100x100|${NIGHT}`,
      `dark|60|1x1|100x100|${NIGHT}`,
      `dark|120|1x1|100x100|${NIGHT}`,
      `flat|G|1x1|100x100|${NIGHT}`,
      `flat|R|1x1|100x100|${NIGHT}`,
      `light|G|120|1x1|100x100|${NIGHT}`,
      `light|R|60|1x1|100x100|${NIGHT}`,
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
      `darkflat|2|1x1|100x100|${NIGHT} ×3`,
      `darkflat|2|2x2|100x100|${NIGHT} ×1`,
      `darkflat|4|1x1|100x100|${NIGHT} ×2`,
    ]);
    expect(groups.find((g) => g.id.startsWith('darkflat|4'))).toMatchObject({ type: 'darkflat', filter: null, exposure: 4 });
    expect(problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      'missing-exposure: DarkFlats/df_none.fits: darkflat without an exposure time (EXPTIME/EXPOSURE): left out of the dark flats',
      `single-frame-master: the master dark flat 2 s (2x2, 100x100, night ${NIGHT}) is a single frame: its noise is not averaged down`,
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
      `light|-|60|1x1|100x100|${NIGHT}`,
      `light|R|60|1x1|100x100|${NIGHT}`,
      `light|R|60|1x1|100x100|2026-03-02`,
      `light|R|60|1x1|200x100|${NIGHT}`,
      `light|R|60|2x2|100x100|${NIGHT}`,
      `light|r|60|1x1|100x100|${NIGHT}`,
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
      [`bias|1x1|100x100|${NIGHT}`, 2],
      [`dark|60|1x1|100x100|${NIGHT}`, 2],
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
      [`bias|1x1|100x100|${NIGHT}`, null, ['bias_01.fits']],
      [`dark|60|1x1|100x100|${NIGHT}`, 60, ['dark_01.fits']],
      [`flat|R|1x1|100x100|${NIGHT}`, null, ['flat_01.fits']],
      [`light|R|-|1x1|100x100|${NIGHT}`, null, ['light_01.fits']],
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
