import { describe, expect, test } from 'vitest';
import { allocateMasters, claimSlot, planArena, releaseSlots, SPARE_SLOTS } from '../../../electron/pool/arena';
import { wasmSimdSupported } from '../../../shared/pixels/wasm-api';

describe('planArena', () => {
  const specs = [
    { id: 'bias', width: 101, height: 7 }, // 707 pixels: an odd size, so alignment shows
    { id: 'dark', width: 101, height: 7 },
    { id: 'flat_R', width: 64, height: 64 }, // the largest: 4096 pixels
  ];

  test('puts the slot table, every master and every slot in disjoint 16-byte-aligned regions', () => {
    const layout = planArena(specs, 4)!;
    const regions: [string, number, number][] = [
      ['table', layout.slotTable, 4 * 4],
      ['main scratch', layout.mainScratch, 32],
      ...specs.map((s): [string, number, number] => [s.id, layout.masterOffsets[s.id], s.width * s.height * 4]),
      ...layout.slots.flatMap((slot, i): [string, number, number][] => [
        [`raw ${i}`, slot.raw, 4096 * 4],
        [`output ${i}`, slot.output, Math.ceil((4096 * 4) / 2880) * 2880],
      ]),
    ];
    expect(regions).toHaveLength(2 + 3 + 8);
    const sorted = [...regions].sort((a, b) => a[1] - b[1]);
    for (let i = 0; i < sorted.length; i++) {
      expect(sorted[i][1] % 16, sorted[i][0]).toBe(0);
      if (i > 0) expect(sorted[i][1], `${sorted[i][0]} after ${sorted[i - 1][0]}`).toBeGreaterThanOrEqual(sorted[i - 1][1] + sorted[i - 1][2]);
    }
    const last = sorted[sorted.length - 1];
    expect(layout.pages * 65536).toBeGreaterThanOrEqual(last[1] + last[2]);
    expect(layout.pages).toBe(Math.ceil((last[1] + last[2]) / 65536));
    // A slot is sized for the largest master: 4 raw bytes and a padded float32 data unit per pixel.
    expect(layout.slotPixels).toBe(4096);
  });

  test('gives no layout when it would pass 65536 pages (a 32-bit memory), and no slots without masters', () => {
    // Masters of 16384 × 12288 float32 are 0.75 GiB each; a slot for them 1.5 GiB.
    const huge = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, width: 16384, height: 12288 }));
    expect(planArena(huge.slice(0, 2), 1)?.pages).toBe(3 * 16384 + 18); // 3 GiB, and pages for the table, a slot's scratch (1 MiB) and header room, and padding
    expect(planArena(huge.slice(0, 2), 2)).toBeNull(); // 4.5 GiB
    expect(planArena(huge, 0)).toBeNull(); // 4.5 GiB of masters alone
    expect(planArena([], 4)?.slots).toEqual([]);
  });
});

describe('allocateMasters', () => {
  test('gives one slot per worker plus the spares, and separate buffers when WebAssembly is not wanted', () => {
    const specs = [{ id: 'bias', width: 8, height: 8 }];
    expect(allocateMasters(specs, { workers: 3 }).arena?.slots).toHaveLength(3 + SPARE_SLOTS);
    expect(allocateMasters(specs, { workers: 3, slots: 1 }).arena?.slots).toHaveLength(1);
    const separate = allocateMasters(specs, { workers: 3, wasm: false });
    expect(separate.arena).toBeNull();
    expect(separate.masters.bias).toMatchObject({ byteOffset: 0, width: 8, height: 8 });
    expect(separate.masters.bias.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  test.runIf(wasmSimdSupported())('hands the workers every kernel they run, compiled once in main: the calibration, the statistics and the measurement', () => {
    const arena = allocateMasters([{ id: 'bias', width: 8, height: 8 }], { workers: 2 }).arena!;
    expect(Object.keys(arena.modules).sort()).toEqual(expect.arrayContaining(['calibration', 'profile fit', 'quality measurement', 'sky mesh', 'star cut-out', 'statistics']));
    for (const module of Object.values(arena.modules)) expect(module).toBeInstanceOf(WebAssembly.Module);
  });
});

describe('the slot table', () => {
  test('hands each slot to one owner, none when all are taken, and frees only the owner’s', () => {
    const table = new Int32Array(new SharedArrayBuffer(3 * 4));
    expect([claimSlot(table, 11), claimSlot(table, 12), claimSlot(table, 13)]).toEqual([0, 1, 2]);
    expect(claimSlot(table, 14)).toBeNull();
    expect(releaseSlots(table, 99)).toBe(0);
    expect(releaseSlots(table, 12)).toBe(1);
    expect(Array.from(table)).toEqual([11, 0, 13]);
    expect(claimSlot(table, 14)).toBe(1);
    expect(() => claimSlot(table, 0)).toThrow(/thread id/);
  });
});
