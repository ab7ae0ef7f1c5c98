import { afterAll, describe, expect, test } from 'vitest';
import { allocateMasters, slotTable, type PoolMemory } from '../../../electron/pool/arena';
import { CalibrationPool } from '../../../electron/pool/calibration-pool';
import type { ProbeResult } from '../../../electron/pool/task-messages';
import { StreamChecksum } from '../../../shared/pixels/checksum';

const SPECS = [
  { id: 'bias_test', width: 64, height: 64 },
  { id: 'flat_test', width: 48, height: 32 },
  { id: 'dark_odd', width: 101, height: 7 }, // 2828 bytes: the checksum's last group is partial
];

/** Probes until every worker has answered at least once (tasks are spread over idle workers). */
async function probeEveryWorker(pool: CalibrationPool, masterId: string, workers: number): Promise<Map<number, ProbeResult>> {
  const answers = new Map<number, ProbeResult>();
  const probeOnce = (value: number) => pool.run({ kind: 'probe', masterId, value });
  for (let round = 0; round < 50 && answers.size < workers; round += 1) {
    const results = await Promise.all([1, 2, 3, 4].map((n) => probeOnce(1000 * round + n)));
    for (const result of results) answers.set(result.threadId, result);
  }
  return answers;
}

describe.each([
  ['in the WebAssembly arena', true],
  ['as separate SharedArrayBuffers (no WebAssembly)', false],
] as const)('CalibrationPool shares the masters %s', (_where, wasm) => {
  const memory: PoolMemory = allocateMasters(SPECS, { workers: 2, wasm });
  const pool = new CalibrationPool({ workers: 2, memory });
  afterAll(() => pool.destroy());

  test('the memory is laid out as asked', () => {
    const flat = memory.masters.flat_test;
    if (wasm) {
      expect(memory.arena).not.toBeNull();
      // Both masters live in the arena's one memory, at distinct 16-byte-aligned offsets past the slot table.
      expect(memory.masters.bias_test.buffer).toBe(memory.arena!.memory.buffer);
      expect(flat.buffer).toBe(memory.arena!.memory.buffer);
      expect(memory.masters.bias_test.byteOffset).toBeGreaterThan(0);
      expect(flat.byteOffset).toBeGreaterThanOrEqual(memory.masters.bias_test.byteOffset + 64 * 64 * 4);
      expect(flat.byteOffset % 16).toBe(0);
      expect(memory.arena!.slots).toHaveLength(2 + 2);
    } else {
      expect(memory.arena).toBeNull();
      expect(flat.buffer).not.toBe(memory.masters.bias_test.buffer);
      expect(flat.byteOffset).toBe(0);
      expect(flat.buffer.byteLength).toBe(48 * 32 * 4);
    }
  });

  test('every worker sees the very same memory as main, not a copy', async () => {
    // The second master, so that its byteOffset (not 0 in the arena) is what is proven.
    const flat = memory.masters.flat_test;
    const cells = new Int32Array(flat.buffer, flat.byteOffset, 2);
    Atomics.store(cells, 1, 424242);
    const answers = await probeEveryWorker(pool, 'flat_test', 2);
    expect(answers.size).toBe(2);
    for (const result of answers.values()) {
      expect(result.isShared).toBe(true);
      expect(result.inArena).toBe(wasm);
      // The worker reads what main wrote after the pool was created...
      expect(result.readBack).toBe(424242);
    }
    // ...and main reads what a worker wrote: one memory, three threads.
    const last = await pool.run({ kind: 'probe', masterId: 'flat_test', value: 777 });
    expect(last.readBack).toBe(424242);
    expect(Atomics.load(cells, 0)).toBe(777);
    // The view main uses for master pixels is over that same memory, at the same place.
    const view = pool.master('flat_test');
    expect(view.buffer).toBe(flat.buffer);
    expect(view.byteOffset).toBe(flat.byteOffset);
    expect(new Int32Array(view.buffer, view.byteOffset, 1)[0]).toBe(777);
    // Each worker holds its own arena slot (none without an arena).
    const slots = [...answers.values()].map((result) => result.slot);
    if (wasm) expect(new Set(slots).size).toBe(2);
    else expect(slots).toEqual([null, null]);
  });

  test("a master's checksum is checksum.ts's over its float32 bytes, the masters left as they were", () => {
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const { id } of SPECS) {
      const pixels = pool.master(id);
      pixels.forEach((_, i) => (pixels[i] = next() < 0.01 ? NaN : (next() - 0.5) * 1e6));
      const before = pixels.slice();
      const expected = new StreamChecksum().update(new Uint8Array(before.buffer)).digest();
      expect(pool.masterChecksum(id), id).toBe(expected);
      expect(pool.masterChecksum(id), `${id}, again`).toBe(expected);
      expect(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)).toEqual(new Uint8Array(before.buffer));
    }
    pool.master('dark_odd')[706] += 1;
    expect(pool.masterChecksum('dark_odd')).not.toBe(new StreamChecksum().update(new Uint8Array(pool.master('dark_odd').slice(0, 706).buffer)).digest());
  });

  test('a master unknown to the workers is a clear error', async () => {
    await expect(pool.run({ kind: 'probe', masterId: 'nope', value: 1 })).rejects.toThrow(/no shared master 'nope'/);
  });
});

describe('arena slots', () => {
  test('with more workers than slots, one worker holds the slot and the others none; every slot is freed when the threads exit', async () => {
    const memory = allocateMasters(SPECS, { workers: 3, slots: 1 });
    const pool = new CalibrationPool({ workers: 3, memory });
    const table = slotTable(memory.arena!);
    try {
      const answers = await probeEveryWorker(pool, 'bias_test', 3);
      expect(answers.size).toBe(3);
      const holders = [...answers.values()].filter((result) => result.slot !== null);
      expect(holders.map((result) => result.slot)).toEqual([0]);
      expect(Atomics.load(table, 0)).toBe(holders[0].threadId);
    } finally {
      await pool.destroy();
    }
    expect(Array.from(table)).toEqual([0]);
  });
});
