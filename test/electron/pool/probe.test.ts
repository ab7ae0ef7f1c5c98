import { test, expect } from 'vitest';
import { makePool } from '../../../electron/pool/calibration-pool';
test('pool runs ts worker', async () => {
  const p = makePool();
  expect(await p.run(41)).toBe(42);
  await p.destroy();
});
