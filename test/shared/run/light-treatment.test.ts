/**
 * The plan's decision for each light, as a badge and a reason: nights built so that each light
 * group gets one known treatment (every step, no flat, a scaled dark, an unscaled dark of
 * another exposure, no dark, nothing at all), planned by the real planner.
 */
import { describe, expect, it } from 'vitest';
import type { FrameInfo, MasterPlan } from '../../../shared/night/frames';
import { groupFrames } from '../../../shared/night/group-frames';
import { planMasters } from '../../../shared/night/plan-masters';
import { countNotes, lightTreatments, noteCountPhrases } from '../../../shared/run/light-treatment';
import { frame, frames, NIGHT } from '../night/night-frames';

/** The settings part of a master's id (night-frames' camera: gain 100, offset 30, 1x1, 100x100, −10 °C). */
const SET = 'g100_o30_1x1_100x100_m10C';

function nightOf(list: readonly FrameInfo[]): { frames: readonly FrameInfo[]; plan: MasterPlan } {
  return { frames: list, plan: planMasters(list, groupFrames(list).groups) };
}

describe('lightTreatment: what each light gets, from its plan', () => {
  // Bias; darks of 60 s; flats in R only. Lights: R 60 s (everything), G 60 s (no flat), R 120 s (dark scaled ×2).
  const night = nightOf([
    ...frames('bias', 3, 'bias'),
    ...frames('dark60', 3, 'dark', { exposure: 60 }),
    ...frames('flatR', 3, 'flat', { filter: 'R', exposure: 2 }),
    ...frames('lightR', 2, 'light', { filter: 'R', exposure: 60 }),
    ...frames('lightG', 3, 'light', { filter: 'G', exposure: 60 }),
    ...frames('longR', 2, 'light', { filter: 'R', exposure: 120 }),
  ]);
  const treatments = lightTreatments(night);

  it('bias, dark of its exposure and flat: complete, with no note', () => {
    const t = treatments.get('lightR_01.fits')!;
    expect(t).toMatchObject({ steps: 'BDF', notes: [], complete: true, blocked: false, badge: 'BDF' });
    expect(t.masters).toEqual({ bias: `bias_${SET}_${NIGHT}`, dark: `dark_60s_${SET}_${NIGHT}`, flat: `flat_R_${SET}_${NIGHT}` });
    expect(t.reason).toContain(`flat flat_R_${SET}_${NIGHT} (R)`);
  });

  it('no flat for its filter: incomplete, and the reason is the plan’s', () => {
    const t = treatments.get('lightG_02.fits')!;
    expect(t).toMatchObject({ steps: 'BD', notes: ['no-flat'], complete: false, badge: 'BD · no flat' });
    expect(t.reason).toMatch(/^BD: bias .*, dark .*\(60 s\)\. .*: no flats taken for filter G\.$/);
  });

  it('a dark scaled to its exposure: complete, and the badge says by how much', () => {
    const t = treatments.get('longR_01.fits')!;
    expect(t).toMatchObject({ steps: 'BDF', notes: ['dark-scaled'], complete: true, badge: 'BDF · dark ×2' });
    expect(t.reason).toContain('scaled ×2');
  });

  it('counts per note over the lights written, in words', () => {
    const counts = countNotes(treatments, treatments.keys());
    expect(counts).toEqual({ 'no-flat': 3, 'no-dark': 0, 'no-bias': 0, 'dark-unscaled': 0, 'dark-scaled': 2 });
    expect(noteCountPhrases(counts)).toEqual(['3 lights without a flat', '2 lights with a scaled dark']);
    // Only the lights asked for: one light, one phrase, singular.
    expect(noteCountPhrases(countNotes(treatments, ['lightG_01.fits', 'lightR_01.fits']))).toEqual(['1 light without a flat']);
  });
});

describe('lightTreatment: darks that cannot be scaled, and lights that get nothing', () => {
  it('no bias and only a dark of another exposure: subtracted unscaled, incomplete', () => {
    const night = nightOf([...frames('dark300', 3, 'dark', { exposure: 300 }), ...frames('flat', 3, 'flat', { filter: 'L', exposure: 2 }), ...frames('light', 2, 'light', { filter: 'L', exposure: 60 })]);
    const t = lightTreatments(night).get('light_01.fits')!;
    // The dark holds the bias: the bias is removed with it, so B is there; the dark is of 300 s, unscaled.
    expect(t).toMatchObject({ steps: 'BDF', notes: ['dark-unscaled'], complete: false, badge: 'BDF · dark unscaled' });
    expect(t.reason).toContain('the bias, with the dark (no master bias)');
    expect(t.reason).toMatch(/master dark 300 s, unscaled, for 60 s lights: no dark of their exposure and no bias to scale one/);
  });

  it('bias and flat but no dark: incomplete, "no dark"', () => {
    const night = nightOf([...frames('bias', 3, 'bias'), ...frames('flat', 3, 'flat', { filter: 'L', exposure: 2 }), ...frames('light', 1, 'light', { filter: 'L', exposure: 60 })]);
    expect(lightTreatments(night).get('light_01.fits')).toMatchObject({ steps: 'BF', notes: ['no-dark'], complete: false, badge: 'BF · no dark' });
  });

  it('a light that cannot be calibrated: blocked, not calibrated, the reason names why', () => {
    const broken = frame('broken.fits', 'light', { filter: 'L', error: { code: 'truncated', message: '/nights/x/broken.fits: cut short' } });
    const night = nightOf([...frames('bias', 3, 'bias'), broken]);
    const t = lightTreatments(night).get('broken.fits')!;
    expect(t).toMatchObject({ steps: '', blocked: true, complete: false, badge: 'not calibrated', reason: '/nights/x/broken.fits: cut short' });
    expect(countNotes(lightTreatments(night), ['broken.fits'])['no-flat']).toBe(0);
  });

  it('covers exactly the lights a run takes, in its order', () => {
    const night = nightOf([...frames('bias', 1, 'bias'), ...frames('b', 2, 'light'), ...frames('a', 2, 'light')]);
    expect([...lightTreatments(night).keys()]).toEqual(['a_01.fits', 'a_02.fits', 'b_01.fits', 'b_02.fits']);
  });
});
