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

  test('done counts calibrated and skipped frames, failed the failures; the rate only frames that were worked on', () => {
    let now = 0;
    const sent: ProgressEvent[] = [];
    const throttle = new ProgressThrottle('calibrate', 10, (event) => sent.push(event), 0, () => now);
    throttle.count('skipped', false);
    throttle.count('skipped', false);
    throttle.count('failed', false); // blocked before any work (an unreadable file)
    now = 1000;
    throttle.count('done', true);
    throttle.count('failed', true);
    const last = sent.at(-1)!;
    expect(last).toMatchObject({ done: 3, failed: 2, total: 10 });
    // Two frames worked on in one second: 2 fr/s, and 5 frames left → 2.5 s.
    expect(last.framesPerSecond).toBeCloseTo(2, 1);
    expect(last.etaSeconds).toBeCloseTo(2.5, 1);
  });
});
