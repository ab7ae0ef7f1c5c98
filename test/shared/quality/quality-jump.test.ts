import { describe, expect, it } from 'vitest';
import type { FrameQuality } from '../../../shared/contract';
import { qualityJump } from '../../../shared/quality/quality-jump';

const light = (fwhm: number | null, stars: number): FrameQuality => ({ background: 300, noise: 15, stars, fwhm, fwhmArcsec: null, eccentricity: 0.1, saturated: 0, weight: 1e6, unmeasured: fwhm === null ? 'no stars' : null, channels: null });
const steady = [3.0, 3.1, 2.9, 3.0, 3.05, 2.95].map((fwhm) => light(fwhm, 270));

describe('qualityJump: the newest light against the ones just before it', () => {
  it('a steady night says nothing, nor a first light, nor a light 25 % softer', () => {
    expect(qualityJump(steady, light(3.1, 265))).toBeNull();
    expect(qualityJump(steady.slice(0, 2), light(9, 10))).toBeNull();
    expect(qualityJump(steady, light(3.75, 270))).toBeNull();
  });

  it('FWHM up by a third: refocus', () => {
    expect(qualityJump(steady, light(4.1, 260))).toBe("FWHM 4.1 px, up 37 % on the last 6 lights' 3.0 px: refocus?");
  });

  it('half the stars: clouds; both at once are both said', () => {
    expect(qualityJump(steady, light(3.0, 120))).toBe("120 stars, 56 % fewer than the last 6 lights' 270: clouds?");
    expect(qualityJump(steady, light(4.5, 60))).toMatch(/^FWHM 4\.5 px, up 50 % .*refocus\?; 60 stars, 78 % fewer .*clouds\?$/);
  });

  it('the reference is the last 10 lights: a slow drift long ago does not count', () => {
    const drifted = [...Array.from({ length: 5 }, () => light(2.0, 300)), ...Array.from({ length: 10 }, () => light(3.0, 270))];
    expect(qualityJump(drifted, light(3.2, 270))).toBeNull();
    expect(qualityJump(drifted, light(4.0, 270))).toMatch(/up 33 % on the last 10 lights' 3\.0 px/);
  });
});
