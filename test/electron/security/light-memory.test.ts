/**
 * Item 9: the light stage respects --memory with 2 workers. The built command runs with a
 * preload that notes, in its worker threads, when each light's input is opened and when its
 * output is placed (test/support/io-fault-preload.mjs): from those moments, how many lights were
 * in workers' hands at once. A budget that holds one light beside the masters must never see
 * two, whatever the timing (the next light is only handed out once the last is written); a
 * budget with room sees two, which shows the count can fail. Peak RSS is the bench's
 * (`npm run bench -- --only=light-memory`), not a test's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../support/built-cli';
import { DemoNights, doneEvent, IO_FAULT_PRELOAD } from './cli-nights';

const LIGHTS = 12;
let root: string;
let night: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-light-memory-'));
  // 1024² lights: 6 MB each in flight (2 bytes read, 4 written per pixel), masters 16 MB.
  night = await new DemoNights(root).copy(join(root, 'night'), { size: 1024, lights: LIGHTS });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Calibrates with --memory `memoryMB` on 2 workers; the most lights in workers' hands at once, the summary, the peak RSS (MiB). */
async function lightsAtOnce(memoryMB: number) {
  const out = join(root, `out-${memoryMB}`);
  const trace = join(root, `trace-${memoryMB}.txt`);
  const rss = join(root, `rss-${memoryMB}.txt`);
  const result = await runCli(['calibrate', night, '--out', out, '--json', '--workers', '2', '--memory', String(memoryMB)], {
    killAfterMs: 120_000,
    env: {
      XDG_DATA_HOME: join(root, 'data'),
      NODE_OPTIONS: `--import=${IO_FAULT_PRELOAD}`,
      NIGHTCAL_TEST_TRACE: trace,
      NIGHTCAL_TEST_TRACE_INPUTS: join(night, 'Lights') + '/',
      NIGHTCAL_TEST_TRACE_OUTPUTS: join(out, 'Lights') + '/',
      NIGHTCAL_TEST_MAX_RSS: rss,
    },
  });
  expect(result.code, result.stderr).toBe(0);
  const moments = readFileSync(trace, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .map(([what, ns, name]) => ({ what, ns: BigInt(ns), name }));
  // A light counts from its first open to its output's placing.
  const firstStart = new Map<string, bigint>();
  for (const m of moments) if (m.what === 'start' && !firstStart.has(m.name)) firstStart.set(m.name, m.ns);
  const edges = [...firstStart].map(([, ns]) => ({ ns, step: 1 }));
  for (const m of moments) if (m.what === 'end') edges.push({ ns: m.ns, step: -1 });
  edges.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.step - b.step));
  let held = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (held += edge.step));
  expect(firstStart.size).toBe(LIGHTS);
  expect(moments.filter((m) => m.what === 'end')).toHaveLength(LIGHTS);
  return { most, done: doneEvent(result.stdout)!, peakMiB: Number(readFileSync(rss, 'utf8')) / 1024 };
}

describe('item 9: lights in flight within --memory, 2 workers', () => {
  test('a budget that holds one light beside the masters: one light at a time, and the run says why', async () => {
    const { most, done, peakMiB } = await lightsAtOnce(220);
    expect(done).toMatchObject({ done: LIGHTS, failed: 0 });
    expect(most).toBe(1);
    expect(peakMiB).toBeLessThanOrEqual(220);
    expect(done.notes).toContain('the memory budget (220 MB) holds 1 light of 7 MB at once besides the masters (16 MB): the run uses 1 of 2 workers');
  }, 120_000);

  test('a budget with room: both workers hold a light at once (the count sees concurrency)', async () => {
    const { most, done } = await lightsAtOnce(1024);
    expect((done.notes ?? []).filter((note) => note.startsWith('the memory budget'))).toEqual([]);
    expect(most).toBe(2);
  }, 120_000);
});
