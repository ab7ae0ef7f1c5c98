import { afterAll, describe, expect, test } from 'vitest';
import { allocateMasters, CalibrationPool } from '../../../electron/pool/calibration-pool';

describe('CalibrationPool shares the masters', () => {
  const masters = allocateMasters([{ id: 'bias_test', width: 64, height: 64 }]);
  const pool = new CalibrationPool({ workers: 2, masters });
  afterAll(() => pool.destroy());

  test('every worker sees the very same SharedArrayBuffer as main, not a copy', async () => {
    const cells = new Int32Array(masters.bias_test.buffer, 0, 2);
    Atomics.store(cells, 1, 424242);
    const seenThreads = new Set<number>();
    // Keep asking until both workers have answered (tasks are spread over idle workers).
    for (let round = 0; round < 50 && seenThreads.size < 2; round += 1) {
      const results = await Promise.all([1, 2, 3, 4].map((n) => pool.run({ kind: 'probe', masterId: 'bias_test', value: 1000 * round + n })));
      for (const result of results) {
        seenThreads.add(result.threadId);
        expect(result.isShared).toBe(true);
        // The worker reads what main wrote after the pool was created...
        expect(result.readBack).toBe(424242);
      }
    }
    expect(seenThreads.size).toBe(2);
    // ...and main reads what a worker wrote: one memory, three threads.
    const last = await pool.run({ kind: 'probe', masterId: 'bias_test', value: 777 });
    expect(last.readBack).toBe(424242);
    expect(Atomics.load(cells, 0)).toBe(777);
    // The view main uses for master pixels is over that same buffer.
    expect(pool.master('bias_test').buffer).toBe(masters.bias_test.buffer);
  });

  test('a master unknown to the workers is a clear error', async () => {
    await expect(pool.run({ kind: 'probe', masterId: 'nope', value: 1 })).rejects.toThrow(/no shared master 'nope'/);
  });
});
