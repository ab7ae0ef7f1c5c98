/**
 * A bounded soak of a watch: 300 small lights renamed into a watched night as fast as the disk
 * takes them. Every one is calibrated once, and the process's RSS (after a garbage collection)
 * at the end is within a stated bound of its RSS after 50 frames: nothing is kept per frame
 * beyond its one state entry. The figures are printed.
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

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
let root: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rssMB = (): number => {
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
};

it(`${FRAMES} lights fed quickly: each calibrated once, RSS flat after the first ${WARM_UP}`, async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-watch-soak-'));
  const { night, lights } = await sourceAndNight(root, { size: 64, lights: FRAMES, withFlats: true, lightsInNight: 0 });
  const watching = await startWatching(night, join(root, 'data'));
  const done = () => watching.lastWatch()?.calibrated ?? 0;
  for (const light of lights.slice(0, WARM_UP)) writeByRename(light, join(night, 'Lights', basename(light)));
  await watching.until(() => done() === WARM_UP, 60_000);
  watching.events.length = 0; // the test's own record is not the process's memory
  const warm = rssMB();
  let peakQueue = 0;
  for (const light of lights.slice(WARM_UP)) writeByRename(light, join(night, 'Lights', basename(light)));
  await watching.until(() => {
    peakQueue = Math.max(peakQueue, watching.lastWatch()?.queued ?? 0);
    if (watching.events.length > 2000) watching.events.splice(0, watching.events.length - 50);
    return done() >= FRAMES;
  }, 120_000);
  const end = rssMB();
  const last = await watching.stop();
  console.log(`watch soak: ${FRAMES} lights, RSS ${warm.toFixed(1)} MB after ${WARM_UP}, ${end.toFixed(1)} MB at the end (+${(end - warm).toFixed(1)} MB, bound ${MAX_RSS_GROWTH_MB}); deepest queue ${peakQueue}`);
  expect(last.calibrated).toBe(FRAMES); // each once: a light calibrated twice would count twice
  expect(last.failed).toBe(0);
  expect(end - warm).toBeLessThan(MAX_RSS_GROWTH_MB);
}, 300_000);
