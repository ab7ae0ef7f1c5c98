/**
 * A bounded soak of a watch: 300 small lights renamed into a watched night as fast as the disk
 * takes them. Every one is calibrated once, and after a garbage collection the main thread's
 * heap at the end is within a stated bound of its heap after 50 frames (nothing is kept per
 * frame beyond its state entry and its place in the night), and so is the process's RSS, with
 * a wider bound (the workers' memory is in it). The figures are printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import { sourceAndNight, startWatching, writeByRename } from '../watch/watch-fixture';

const FRAMES = 300;
const WARM_UP = 50;
/**
 * RSS growth allowed from frame 50 to frame 300. Measured on this machine it varies from run to
 * run between about −30 and +45 MB (allocator and GC timing of a 2-worker process, quality
 * measurement on), so the bound catches only leaks of about 350 KB a frame or more (250 frames).
 */
const MAX_RSS_GROWTH_MB = 90;
/**
 * Main-thread heap growth allowed over the same 250 frames, after a collection: each frame's
 * state, its scanned entry and its place in the night view are a few KB (3 MB in all measured
 * here), so 12 MB catches a leak of ~50 KB a frame (one preview or review kept per frame is more).
 */
const MAX_HEAP_GROWTH_MB = 12;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
let root: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** RSS and the main thread's heap in MB, after a collection. */
const memoryMB = (): { rss: number; heap: number } => {
  gc();
  // The heap alone: buffers outside it (I/O, worker messages) come and go by tens of MB; a kept buffer shows in the RSS.
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 1024 / 1024, heap: heapUsed / 1024 / 1024 };
};

it(`${FRAMES} lights fed quickly: each calibrated once, heap and RSS flat after the first ${WARM_UP}`, async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-watch-soak-'));
  const { night, lights } = await sourceAndNight(root, { size: 64, lights: FRAMES, withFlats: true, lightsInNight: 0 });
  const watching = await startWatching(night, join(root, 'data'));
  const done = () => watching.lastWatch()?.calibrated ?? 0;
  for (const light of lights.slice(0, WARM_UP)) writeByRename(light, join(night, 'Lights', basename(light)));
  await watching.until(() => done() === WARM_UP, 60_000);
  watching.events.length = 0; // the test's own record is not the process's memory
  const warm = memoryMB();
  let peakQueue = 0;
  for (const light of lights.slice(WARM_UP)) writeByRename(light, join(night, 'Lights', basename(light)));
  await watching.until(() => {
    peakQueue = Math.max(peakQueue, watching.lastWatch()?.queued ?? 0);
    if (watching.events.length > 2000) watching.events.splice(0, watching.events.length - 50);
    return done() >= FRAMES;
  }, 120_000);
  const end = memoryMB();
  const last = await watching.stop();
  const grew = (key: 'rss' | 'heap', bound: number) => `${key} ${warm[key].toFixed(1)} MB after ${WARM_UP}, ${end[key].toFixed(1)} MB at the end (${(end[key] - warm[key]).toFixed(1)} MB, bound ${bound})`;
  console.log(`watch soak: ${FRAMES} lights; ${grew('heap', MAX_HEAP_GROWTH_MB)}; ${grew('rss', MAX_RSS_GROWTH_MB)}; deepest queue ${peakQueue}`);
  expect(last.calibrated).toBe(FRAMES); // each once: a light calibrated twice would count twice
  expect(last.failed).toBe(0);
  expect(end.heap - warm.heap).toBeLessThan(MAX_HEAP_GROWTH_MB);
  expect(end.rss - warm.rss).toBeLessThan(MAX_RSS_GROWTH_MB);
}, 300_000);
