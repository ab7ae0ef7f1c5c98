import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDemoNight } from '../../electron/demo/synthetic-night';
import { readFitsHeaderSync } from '../../electron/fits/read-header';
import { DEMO_MAX_BYTES, demoNightBytes, demoNightFrames, demoNightTooBig, REQUEST_LIMITS } from '../../shared/request-limits';

describe('the request limits', () => {
  it('each has min ≤ default ≤ max and says why', () => {
    for (const [name, limit] of Object.entries(REQUEST_LIMITS)) {
      expect(limit.min, name).toBeLessThanOrEqual(limit.max);
      if (limit.default !== null) {
        expect(limit.default, name).toBeGreaterThanOrEqual(limit.min);
        expect(limit.default, name).toBeLessThanOrEqual(limit.max);
      }
      expect(limit.why.length, name).toBeGreaterThan(20);
    }
  });
});

describe('the size of a demo night', () => {
  it('counts the frames and bytes the demo writer really writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightcal-demo-bytes-'));
    try {
      for (const [options, filters] of [[{ size: 16, lights: 3 }, 2], [{ size: 24, lights: 5, filters: ['L', 'R', 'G', 'B'] }, 4]] as const) {
        const night = join(dir, `night-${filters}`);
        await writeDemoNight(night, options);
        const frames = ['Bias', 'Darks', 'Flats', 'Lights'].flatMap((folder) => readdirSync(join(night, folder)).map((name) => join(night, folder, name)));
        expect(frames).toHaveLength(demoNightFrames(options.lights, filters));
        const pixelBytes = frames.reduce((sum, path) => {
          const { layout } = readFitsHeaderSync(path);
          return sum + layout.width * layout.height * (Math.abs(layout.bitpix) / 8);
        }, 0);
        expect(pixelBytes).toBe(demoNightBytes(options.size, frames.length));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is allowed up to 4 GiB, and beyond that refused with how big it would be', () => {
    expect(DEMO_MAX_BYTES).toBe(4 * 1024 ** 3);
    expect(demoNightTooBig({})).toBeNull();
    expect(demoNightTooBig({ size: 4096, lights: 83 })).toBeNull(); // 128 frames × 32 MiB = 4 GiB
    expect(demoNightTooBig({ size: 4096, lights: 84 })).toMatch(/^the demo night would take 4\.03 GiB \(129 frames of 4096×4096 16-bit pixels\)/);
    expect(demoNightTooBig({ size: 4096, lights: 60, filters: 5 })).toMatch(/4\.22 GiB \(135 frames/);
    expect(demoNightTooBig({ size: 8192, lights: 2000 })).toMatch(/would take 256 GiB \(2045 frames.*more than the 4 GiB a demo may take: choose a smaller size or fewer lights$/);
  });
});
