/**
 * When a file being written counts as complete, over real files and the real folder watcher:
 * written in pieces (taken once, after its last piece), by rename from a temporary name, a
 * burst faster than the looks, and a file that never completes (reported once after the timeout,
 * then left alone); notifications and the poll fallback both find files, and say which is in use.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchMode } from '../../../shared/contract';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { ArrivalTracker } from '../../../electron/watch/arrival-tracker';
import { FolderWatcher } from '../../../electron/watch/folder-watcher';
import { writeByRename, writeInPieces } from './watch-fixture';

let root: string;
let light: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-arrivals-'));
  await writeDemoNight(join(root, 'source'), { size: 128, lights: 2, biasFrames: 1, darkFrames: 1, flatsPerFilter: 1 });
  light = join(root, 'source', 'Lights', 'M51-001L.fit');
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Seen {
  readonly complete: { path: string; at: number; size: number }[];
  readonly gaveUp: { path: string; missing: string; at: number }[];
  readonly modes: { mode: WatchMode; note: string }[];
}

async function watching(dir: string, options: { pollOnly?: boolean; timeoutMs?: number } = {}) {
  mkdirSync(dir, { recursive: true });
  const seen: Seen = { complete: [], gaveUp: [], modes: [] };
  const tracker = new ArrivalTracker({ settleMs: 40, incompleteTimeoutMs: options.timeoutMs ?? 800 }, {
    complete: (path, size) => seen.complete.push({ path, at: Date.now(), size }),
    gaveUp: (path, missing) => seen.gaveUp.push({ path, missing, at: Date.now() }),
  });
  const watcher = new FolderWatcher(dir, { skipDirs: [join(dir, 'calibrated')], pollMs: options.pollOnly ? 300 : 5000, pollOnly: options.pollOnly, onSighting: (path) => tracker.saw(path), onMode: (mode, note) => seen.modes.push({ mode, note }) });
  await watcher.start();
  return { seen, tracker, close: () => (watcher.close(), tracker.close()) };
}

const until = async (predicate: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a file a capture program writes is taken once it is complete', () => {
  it('written in pieces with pauses longer than the quiet time: taken once, after the last piece, at its full size', async () => {
    const dir = join(root, 'pieces');
    const { seen, close } = await watching(dir);
    expect(seen.modes[0]?.mode).toBe('notify');
    const target = join(dir, 'a.fits');
    // Pauses of 60 ms exceed the 40 ms quiet time: each look finds it short and waits for the next write.
    await writeInPieces(light, target, 12, 60);
    const written = Date.now();
    await until(() => seen.complete.length > 0);
    await pause(300);
    expect(seen.complete).toHaveLength(1);
    expect(seen.complete[0].size).toBe(readFileSync(light).length);
    expect(seen.complete[0].at).toBeGreaterThanOrEqual(written - 60);
    close();
  });

  it('a header and all its pixels but the padding of the last block, stable: never taken, reported once after the timeout with what is missing, then left alone', async () => {
    const dir = join(root, 'never');
    const { seen, tracker, close } = await watching(dir, { timeoutMs: 600 });
    const bytes = readFileSync(light);
    // 128² of 16 bits end 1,792 bytes into their last block: cut 1,000 bytes into that padding.
    writeFileSync(join(dir, 'cut.fits'), bytes.subarray(0, bytes.length - 1000));
    await until(() => seen.gaveUp.length > 0, 5000);
    expect(seen.complete).toHaveLength(0);
    expect(seen.gaveUp[0].missing).toMatch(/^1000 of its \d+ bytes still to come$/);
    expect(tracker.pending).toBe(0);
    await pause(1500);
    expect(seen.gaveUp).toHaveLength(1); // not retried
    // It is finished after all: its size changed, so it is waited for once more and taken.
    writeFileSync(join(dir, 'cut.fits'), bytes);
    await until(() => seen.complete.length > 0, 5000);
    close();
  });

  it('renamed into place from a temporary name, and a burst of 20 at once: each taken exactly once, none lost', async () => {
    const dir = join(root, 'rename');
    const { seen, close } = await watching(dir);
    writeByRename(light, join(dir, 'renamed.fits'));
    for (let i = 0; i < 20; i++) writeByRename(light, join(dir, `burst-${i}.fits`));
    await until(() => seen.complete.length >= 21);
    // Touched after it was taken (a program setting its times): still taken once.
    utimesSync(join(dir, 'renamed.fits'), new Date(), new Date());
    await pause(300);
    const paths = seen.complete.map((entry) => entry.path);
    expect(new Set(paths).size).toBe(21);
    expect(paths).toHaveLength(21);
    expect(paths.some((path) => path.endsWith('.tmp'))).toBe(false);
    close();
  });

  it('polling (a share without notifications) says so, and finds files at its interval', async () => {
    const dir = join(root, 'polled');
    const { seen, close } = await watching(dir, { pollOnly: true });
    expect(seen.modes.at(-1)?.mode).toBe('poll');
    expect(seen.modes.at(-1)?.note).toMatch(/every/);
    writeByRename(light, join(dir, 'p.fits'));
    await until(() => seen.complete.length > 0, 5000);
    close();
  });

  it('files in the output folder and hidden folders are never taken', async () => {
    const dir = join(root, 'skipped');
    const { seen, close } = await watching(dir);
    mkdirSync(join(dir, 'calibrated'), { recursive: true });
    mkdirSync(join(dir, '.incoming'), { recursive: true });
    writeByRename(light, join(dir, 'calibrated', 'out.fits'));
    writeByRename(light, join(dir, '.incoming', 'tmp.fits'));
    writeByRename(light, join(dir, 'real.fits'));
    await until(() => seen.complete.length > 0);
    await pause(300);
    expect(seen.complete.map((entry) => entry.path)).toEqual([join(dir, 'real.fits')]);
    close();
  });
});
