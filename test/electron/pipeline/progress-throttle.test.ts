import { describe, expect, test } from 'vitest';
import type { ProgressEvent } from '../../../shared/contract';
import { ProgressThrottle } from '../../../electron/pipeline/progress-throttle';

describe('ProgressThrottle', () => {
  test('1,000 frames finishing at once make one event, and finish() sends the totals', () => {
    const sent: ProgressEvent[] = [];
    const throttle = new ProgressThrottle('calibrate', 1000, (event) => sent.push(event), 250);
    for (let i = 0; i < 1000; i += 1) throttle.count('done', true);
    expect(sent).toHaveLength(1);
    throttle.finish();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ done: 1000, failed: 0, total: 1000, etaSeconds: 0 });
  });

  test('done counts calibrated and skipped frames, failed the failures; the rate is the light stage’s worked frames, shown once it means something', () => {
    let now = 0;
    const sent: ProgressEvent[] = [];
    const throttle = new ProgressThrottle('calibrate', 30, (event) => sent.push(event), 0, () => now);
    throttle.count('skipped', false);
    throttle.count('skipped', false);
    throttle.count('failed', false); // blocked before any work (an unreadable file)
    // The masters took 4 s; then a frame every 100 ms (10 fr/s).
    now = 4000;
    throttle.running();
    for (let i = 1; i <= 4; i += 1) {
      now = 4000 + 100 * i;
      throttle.count('done', true);
    }
    expect(sent.at(-1)).toMatchObject({ done: 6, failed: 1, framesPerSecond: null, etaSeconds: null }); // 4 frames, 0.4 s: not yet
    for (let i = 5; i <= 12; i += 1) {
      now = 4000 + 100 * i;
      throttle.count(i === 12 ? 'failed' : 'done', true);
    }
    const last = sent.at(-1)!;
    expect(last).toMatchObject({ done: 13, failed: 2, total: 30 });
    // 12 frames over the stage's 1.2 s: 10 fr/s (from the click it would read 2.3), 15 left → 1.5 s.
    expect(last.framesPerSecond).toBeCloseTo(10, 9);
    expect(last.etaSeconds).toBeCloseTo(1.5, 9);
    expect(last.elapsedSeconds).toBeCloseTo(5.2, 9); // elapsed is the run's, from its start
    now = 9000;
    expect(throttle.finish()).toBeCloseTo(10, 9); // the stage's average, its last frame at 5.2 s
    expect(sent.at(-1)!.etaSeconds).toBeNull(); // frames left, none coming: no time left to tell
  });
});
