/**
 * The usage log: records appended by runs at once never interleave, a line cut by a crash spoils
 * only itself, and a library that cannot be written gives a note, never an error.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LIBRARY_META_DIR, readUsage, recordUsage, type UsageRecord } from '../../../electron/library/library-index';

const WORKER = resolve('test/electron/library/library-worker.ts');
let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'nightcal-usage-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const record = (i: number): UsageRecord => ({ relativePath: `masters/dark/m${i}.fits`, sha256: String(i % 10).repeat(64), run: `/runs/r${i}`, night: '/nights/n', at: '2026-03-01T12:00:00.000Z' });

describe('usage.jsonl', () => {
  test('records come back in order; a line cut short is skipped and closed before the next append', async () => {
    const root = join(temp, 'order');
    mkdirSync(root);
    expect(await readUsage(root)).toEqual({ records: [], skippedLines: 0 });
    expect(await recordUsage(root, [record(1), record(2)])).toEqual({ recorded: 2, note: null });
    appendFileSync(join(root, LIBRARY_META_DIR, 'usage.jsonl'), '{"relativePath":"masters/dark/cut'); // a crash mid-write
    expect(await recordUsage(root, [record(3)])).toEqual({ recorded: 1, note: null });
    const usage = await readUsage(root);
    expect(usage.records).toEqual([record(1), record(2), record(3)]);
    expect(usage.skippedLines).toBe(1);
  });

  test('a record that is not one is refused before anything is written', async () => {
    const root = join(temp, 'bad');
    mkdirSync(root);
    await expect(recordUsage(root, [record(1), { ...record(2), relativePath: '../outside.fits' }])).rejects.toThrow(/usage record 1: .*leads outside/);
    await expect(recordUsage(root, [{ ...record(1), sha256: 'abc' }])).rejects.toThrow(/sha256/);
    expect((await readUsage(root)).records).toEqual([]);
  });

  test('a library that cannot be written gives a note', async () => {
    const root = join(temp, 'blocked');
    mkdirSync(root);
    writeFileSync(join(root, LIBRARY_META_DIR), 'not a folder');
    const result = await recordUsage(root, [record(1)]);
    expect(result.recorded).toBe(0);
    expect(result.note).toMatch(/usage log .* cannot be written/);
    expect(readFileSync(join(root, LIBRARY_META_DIR), 'utf8')).toBe('not a folder');
  });

  test('three processes appending 200 records each at once: 600 whole records', async () => {
    const root = join(temp, 'parallel');
    mkdirSync(root);
    const run = (): Promise<string> =>
      new Promise((done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', WORKER, 'usage', root, '200'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`usage worker exited ${code}`))));
      });
    const outs = await Promise.all([run(), run(), run()]);
    expect(outs.map((out) => JSON.parse(out).recorded)).toEqual([200, 200, 200]);
    const usage = await readUsage(root);
    expect(usage.skippedLines).toBe(0);
    expect(usage.records).toHaveLength(600);
    expect(new Set(usage.records.map((r) => r.run)).size).toBe(600);
  }, 60_000);
});
