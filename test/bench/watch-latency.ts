/**
 * Watch latency of the BUILT command (`npm run build` first): `node --import tsx test/bench/watch-latency.ts [--rounds N]`.
 *
 * A night of 16-bit frames (3 bias, 3 darks of 60 s, 3 L flats) is watched with the default
 * settings (a file is taken once two looks 100 ms apart agree); lights are then renamed into it
 * one at a time, 1.5 s apart so none waits in a queue. Latency: from the rename (the moment the
 * file is complete) to the calibrated output's `frame done` event (written and renamed into
 * place), read from `nightcal watch --json`'s lines as they arrive. Median and range over the
 * lights, for 2048² and 6248×4176 (a full-frame CMOS).
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 7;

function card(key: string, value: string | number | boolean): string {
  const text = typeof value === 'boolean' ? (value ? 'T' : 'F').padStart(20) : typeof value === 'string' ? `'${value.padEnd(8)}'` : String(value).padStart(20);
  return `${key.padEnd(8)}= ${text}`.padEnd(80);
}

/** A 16-bit frame with a level and a little noise (BZERO 32768), padded to whole blocks. */
function frame(width: number, height: number, type: string, exposure: number, level: number, seed: number): Buffer {
  const cards = [card('SIMPLE', true), card('BITPIX', 16), card('NAXIS', 2), card('NAXIS1', width), card('NAXIS2', height), card('BZERO', 32768), card('BSCALE', 1), card('IMAGETYP', type), card('EXPTIME', exposure), card('FILTER', 'L'), card('DATE-OBS', `2026-03-14T22:${String(seed % 60).padStart(2, '0')}:00`), 'END'.padEnd(80)];
  const header = Buffer.from(cards.join('').padEnd(Math.ceil(cards.length / 36) * 2880));
  const data = Buffer.alloc(Math.ceil((width * height * 2) / 2880) * 2880);
  let state = seed * 2654435761;
  for (let i = 0; i < width * height; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data.writeInt16BE(level + (state >>> 28) - 32768, i * 2);
  }
  return Buffer.concat([header, data]);
}

async function latencies(width: number, height: number): Promise<number[]> {
  const root = mkdtempSync(join(tmpdir(), 'nightcal-watch-bench-'));
  try {
    const night = join(root, 'night');
    for (const folder of ['Bias', 'Darks', 'Flats', 'Lights', 'staging']) mkdirSync(join(folder === 'staging' ? root : night, folder), { recursive: true });
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(night, 'Bias', `bias-${i}.fits`), frame(width, height, 'Bias Frame', 0, 1000, 10 + i));
      writeFileSync(join(night, 'Darks', `dark-${i}.fits`), frame(width, height, 'Dark Frame', 60, 1100, 20 + i));
      writeFileSync(join(night, 'Flats', `flat-${i}.fits`), frame(width, height, 'Flat Field', 1, 30000, 30 + i));
    }
    const child = spawn(process.execPath, [join(process.cwd(), 'out', 'main', 'cli.js'), 'watch', night, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const done = new Map<string, number>();
    let ready = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; status?: string; frameId?: string; masters?: number; error?: { message: string } | null };
      if (event.event === 'frame' && event.status === 'done') done.set(event.frameId!, performance.now());
      if (event.event === 'frame' && event.status === 'failed') console.error(`${event.frameId}: ${event.error?.message}`);
      if (event.event === 'watch' && (event.masters ?? 0) > 0) ready = true;
    });
    const deadline = Date.now() + 120_000;
    while (!ready) {
      if (Date.now() > deadline) throw new Error('no master built within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const result: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const staged = join(root, 'staging', `light-${i}.fits`);
      writeFileSync(staged, frame(width, height, 'Light Frame', 60, 5000, 40 + i));
      const id = `Lights/light-${i}.fits`;
      const complete = performance.now();
      renameSync(staged, join(night, id));
      while (!done.has(id)) await new Promise((resolve) => setTimeout(resolve, 2));
      result.push((done.get(id)! - complete) / 1000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [width, height, target] of [[2048, 2048, 0.5], [6248, 4176, 1.5]] as const) {
  const seconds = await latencies(width, height);
  const m = median(seconds);
  console.log(`watch latency ${width}×${height}: median ${m.toFixed(3)} s (${Math.min(...seconds).toFixed(3)}–${Math.max(...seconds).toFixed(3)}) over ${seconds.length} lights; target < ${target} s: ${m < target ? 'met' : 'NOT met'}`);
}
