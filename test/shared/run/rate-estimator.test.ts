/**
 * The light stage's rate and time left, on a scripted clock: every number below is worked out
 * by hand from the frames' finishing times, so a change in the window or the settling rule shows.
 */
import { describe, expect, it } from 'vitest';
import { RateEstimator } from '../../../shared/run/rate-estimator';

/** A clock the test moves by hand, in milliseconds. */
function scriptedClock(start = 0) {
  let now = start;
  return { now: () => now, set: (ms: number) => void (now = ms), advance: (ms: number) => void (now += ms) };
}

describe('RateEstimator', () => {
  it('counts from the light stage, not from the click: masters before it do not count against the lights', () => {
    // The click at 0 ms; masters take 3 s; then 2 workers finish a frame every 25 ms (40 fr/s).
    const clock = scriptedClock(0);
    const rate = new RateEstimator(clock.now);
    clock.set(3000);
    rate.started();
    for (let i = 1; i <= 40; i += 1) {
      clock.set(3000 + 25 * i);
      rate.finished();
    }
    const estimate = rate.estimate(160);
    // 40 frames in the stage's 1 s: 40 fr/s (from the click it would have read 10 fr/s), 160 left → 4 s.
    expect(estimate.framesPerSecond).toBeCloseTo(40, 9);
    expect(estimate.etaSeconds).toBeCloseTo(4, 9);
  });

  it('says nothing until 5 frames and 1 s of the stage: a first frame failing at once is no rate', () => {
    const clock = scriptedClock(1000);
    const rate = new RateEstimator(clock.now);
    rate.started();
    clock.advance(1);
    rate.finished();
    expect(rate.estimate(600)).toEqual({ framesPerSecond: null, etaSeconds: null });
    for (let i = 0; i < 3; i += 1) rate.finished();
    clock.set(2500); // 1.5 s, 4 frames: still too few
    expect(rate.estimate(596)).toEqual({ framesPerSecond: null, etaSeconds: null });
    rate.finished(); // the 5th, at 1.5 s into the stage: 5 frames over 1.5 s
    expect(rate.estimate(595).framesPerSecond).toBeCloseTo(5 / 1.5, 9);
  });

  it('follows the recent frames: a run that slows down reads slow within the window', () => {
    const clock = scriptedClock(0);
    const rate = new RateEstimator(clock.now);
    rate.started();
    // 100 fast frames, 10 ms apart (100 fr/s)…
    for (let i = 1; i <= 100; i += 1) {
      clock.set(10 * i);
      rate.finished();
    }
    expect(rate.estimate(100).framesPerSecond).toBeCloseTo(100, 9);
    // …then 20 slow ones, 500 ms apart (2 fr/s): the last 20 frames, 10 s of them, are all slow.
    for (let i = 1; i <= 20; i += 1) {
      clock.set(1000 + 500 * i);
      rate.finished();
    }
    expect(rate.estimate(80).framesPerSecond).toBeCloseTo(2, 9);
    expect(rate.estimate(80).etaSeconds).toBeCloseTo(40, 9);
  });

  it('never over more than the last 10 s, even when 20 frames took longer, and falls while nothing finishes', () => {
    const clock = scriptedClock(0);
    const rate = new RateEstimator(clock.now);
    rate.started();
    // One frame every 2 s: 20 frames span 40 s, so the window is the last 10 s.
    for (let i = 1; i <= 30; i += 1) {
      clock.set(2000 * i);
      rate.finished();
    }
    // Frames at 52, 54, 56, 58, 60 s are after 50 s: 5 in 10 s.
    expect(rate.estimate(10).framesPerSecond).toBeCloseTo(0.5, 9);
    clock.set(65_000); // nothing since 60 s: 56, 58, 60 s in (55, 65]
    expect(rate.estimate(10).framesPerSecond).toBeCloseTo(0.3, 9);
    clock.set(80_000); // nothing in the last 10 s: no rate to wait on
    expect(rate.estimate(10)).toEqual({ framesPerSecond: 0, etaSeconds: null });
  });

  it('over at least 3 s: two workers finishing frames in pairs read a steady rate, whenever it is read', () => {
    const clock = scriptedClock(0);
    const rate = new RateEstimator(clock.now);
    rate.started();
    // Two frames every 10 ms: 200 fr/s, in bursts.
    for (let t = 10; t <= 6000; t += 10) {
      clock.set(t);
      rate.finished();
      rate.finished();
    }
    for (const lateBy of [0, 3, 9]) {
      clock.set(6000 + lateBy);
      // 600 frames in the last 3 s, give or take the pair on its edge.
      expect(rate.estimate(1000).framesPerSecond! / 200).toBeCloseTo(1, 2);
    }
  });

  it('nothing left is no time left; the stage average runs from its first frame to its last', () => {
    const clock = scriptedClock(500);
    const rate = new RateEstimator(clock.now);
    expect(rate.average()).toBeNull();
    rate.started();
    for (let i = 1; i <= 10; i += 1) {
      clock.set(500 + 200 * i);
      rate.finished();
    }
    expect(rate.estimate(0).etaSeconds).toBe(0);
    clock.set(9000); // the end of the stage comes later: the average stops at the last frame
    expect(rate.average()).toBeCloseTo(10 / 2, 9);
  });
});
