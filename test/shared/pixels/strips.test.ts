import { describe, expect, it } from 'vitest';
import { bytesPerStripRow, planStrips, type StripParameters } from '../../../shared/pixels/strips';
import { makeRandom } from './seeded-random';

const MiB = 1024 * 1024;

// Per worker and row: frames·width·(raw bytes + 4) for the raw strips and the float32 stack,
// plus width·4 for the output row. Rows that fit = ⌊((budget − fixed)/workers) / row bytes⌋;
// rows wanted = min(that, ⌈height / (4·workers)⌉, height); then the rows are spread evenly over
// ⌈height / wanted⌉ strips.
const table: readonly { params: StripParameters; rows: number; strips: number; why: string }[] = [
  {
    params: { frameCount: 100, width: 4096, height: 4096, budgetBytes: 512 * MiB, workers: 2, bytesPerRawPixel: 2 },
    rows: 108,
    strips: 38,
    why: 'row = 100·4096·6 + 4096·4 = 2,473,984 B; 256 MiB per worker holds 108 rows; ⌈4096/108⌉ = 38 strips of ⌈4096/38⌉ = 108',
  },
  {
    params: { frameCount: 100, width: 4096, height: 4096, budgetBytes: 512 * MiB, workers: 2, bytesPerRawPixel: 4 },
    rows: 81,
    strips: 51,
    why: 'BITPIX −32: row = 100·4096·8 + 16,384 = 3,293,184 B → 81 rows; ⌈4096/81⌉ = 51 strips of ⌈4096/51⌉ = 81',
  },
  {
    params: { frameCount: 15, width: 2048, height: 2048, budgetBytes: 1024 * MiB, workers: 2, bytesPerRawPixel: 2 },
    rows: 256,
    strips: 8,
    why: 'memory allows 2788 rows, but 4 strips per worker keep both busy: ⌈2048/8⌉ = 256',
  },
  {
    params: { frameCount: 15, width: 4096, height: 4096, budgetBytes: 256 * MiB, workers: 2, bytesPerRawPixel: 2, fixedBytes: 4096 * 4096 * 4 },
    rows: 256,
    strips: 16,
    why: 'the 64 MiB master held aside leaves 96 MiB per worker: 261 rows of 385,024 B; ⌈4096/261⌉ = 16 strips of 256',
  },
  {
    params: { frameCount: 10, width: 100, height: 1000, budgetBytes: 240 * 6400 + 100, workers: 1, bytesPerRawPixel: 2 },
    rows: 200,
    strips: 5,
    why: '240 rows of 6400 B fit; ⌈1000/240⌉ = 5 strips, evened out to 200 rows each (not 4 × 240 + 40)',
  },
  {
    params: { frameCount: 3, width: 64, height: 48, budgetBytes: 1024 * MiB, workers: 1, bytesPerRawPixel: 2 },
    rows: 12,
    strips: 4,
    why: 'a small image with memory to spare: 4 strips for the one worker, ⌈48/4⌉ = 12 rows',
  },
  {
    params: { frameCount: 5, width: 10, height: 10, budgetBytes: 1024 * MiB, workers: 2, bytesPerRawPixel: 2 },
    rows: 2,
    strips: 5,
    why: '⌈10/8⌉ = 2 rows wanted for parallelism → 5 strips of 2',
  },
  {
    params: { frameCount: 20, width: 2048, height: 1, budgetBytes: 1024 * MiB, workers: 4, bytesPerRawPixel: 2 },
    rows: 1,
    strips: 1,
    why: 'one row is one strip whatever the workers',
  },
];

describe('planStrips', () => {
  it.each(table)('$params.frameCount frames of $params.width×$params.height, $params.workers workers: $rows rows ($why)', ({ params, rows, strips }) => {
    const plan = planStrips(params);
    expect(plan.rowsPerStrip).toBe(rows);
    expect(plan.strips.length).toBe(strips);
    expect(plan.bytesPerWorker).toBe(rows * bytesPerStripRow(params.width, params.frameCount, params.bytesPerRawPixel));
    expect(plan.bytesPerWorker * params.workers + (params.fixedBytes ?? 0)).toBeLessThanOrEqual(params.budgetBytes);
  });

  it('computes the row bytes of the memory model', () => {
    expect(bytesPerStripRow(4096, 100, 2)).toBe(2_473_984);
    expect(bytesPerStripRow(2048, 15, 2)).toBe(192_512);
  });

  it('covers every row exactly once, in order, for many random plans', () => {
    const random = makeRandom(6);
    for (let trial = 0; trial < 500; trial++) {
      const width = 1 + Math.floor(random() * 9000);
      const height = 1 + Math.floor(random() * 9000);
      const frameCount = 1 + Math.floor(random() * 300);
      const workers = 1 + Math.floor(random() * 8);
      const bytesPerRawPixel = [1, 2, 4, 8][Math.floor(random() * 4)];
      const row = bytesPerStripRow(width, frameCount, bytesPerRawPixel);
      const budgetBytes = row * workers * (1 + Math.floor(random() * 2 * height)); // at least one row each
      const plan = planStrips({ width, height, frameCount, workers, budgetBytes, bytesPerRawPixel });
      let next = 0;
      for (const strip of plan.strips) {
        expect(strip.rowStart).toBe(next);
        expect(strip.rowCount).toBeGreaterThanOrEqual(1);
        expect(strip.rowCount).toBeLessThanOrEqual(plan.rowsPerStrip);
        next += strip.rowCount;
      }
      expect(next).toBe(height);
      expect(plan.bytesPerWorker * workers).toBeLessThanOrEqual(budgetBytes);
    }
  });

  it('throws a clear error when not even one row fits', () => {
    const params = { frameCount: 1000, width: 8192, height: 8192, budgetBytes: 64 * MiB, workers: 2, bytesPerRawPixel: 2 };
    // one row is 1000·8192·6 + 32768 = 49,184,768 B, more than the 32 MiB of each worker
    expect(() => planStrips(params)).toThrow(/Not enough memory to combine 1000 frames of 8192×8192: one row per worker needs 46\.9 MB/);
    expect(() => planStrips({ ...params, frameCount: 10, fixedBytes: 64 * MiB })).toThrow(/Not enough memory/);
  });

  it('refuses nonsense sizes', () => {
    const params = { frameCount: 10, width: 100, height: 100, budgetBytes: MiB, workers: 1, bytesPerRawPixel: 2 };
    expect(() => planStrips({ ...params, width: 0 })).toThrow(/width/);
    expect(() => planStrips({ ...params, workers: 1.5 })).toThrow(/workers/);
    expect(() => planStrips({ ...params, bytesPerRawPixel: 3 })).toThrow(/bytesPerRawPixel/);
    expect(() => planStrips({ ...params, budgetBytes: -1 })).toThrow(/budgetBytes/);
  });
});
