/**
 * How long the synthetic night takes to write: `node --import tsx test/bench/demo-night-bench.ts [--large]`.
 *
 * The default demo (512², 15 bias, 10 darks, 2 × 10 flats, 24 lights), median of 3 runs; with
 * --large also 2048² with 15 bias, 10 darks, 2 × 10 flats and 60 lights, once. Written to the
 * system's temp folder and removed afterwards. One thread: generation is not parallelised.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoNight, type DemoNightOptions } from '../../electron/demo/synthetic-night';

async function timeNight(options: DemoNightOptions): Promise<{ seconds: number; files: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'nightcal-demo-bench-'));
  try {
    const started = performance.now();
    const { files } = await writeDemoNight(dir, options);
    return { seconds: (performance.now() - started) / 1000, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs: number[] = [];
let files = 0;
for (let r = 0; r < 3; r++) {
  const result = await timeNight({});
  runs.push(result.seconds);
  files = result.files;
}
runs.sort((a, b) => a - b);
console.log(`default demo night (512², ${files} frames): median ${runs[1].toFixed(2)} s (runs ${runs.map((s) => s.toFixed(2)).join(', ')})`);

if (process.argv.includes('--large')) {
  const large = await timeNight({ size: 2048, lights: 60, biasFrames: 15, darkFrames: 10, flatsPerFilter: 10 });
  console.log(`2048² night (${large.files} frames, ${((large.files * 2048 * 2048 * 2) / 1e9).toFixed(2)} GB): ${large.seconds.toFixed(1)} s`);
}
