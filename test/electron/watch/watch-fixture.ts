/** A night being written as a capture program writes it: a demo night as the source, frames fed into a watched copy. */
import { closeSync, copyFileSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FrameEvent, NightcalEvent, NightView, WatchState } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { writeDemoNight, type DemoNightOptions } from '../../../electron/demo/synthetic-night';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from '../../../electron/pipeline/watch-run';
import { testHost } from '../../support/test-host';

/** Quick waits for tests: files settle in 40 ms, series in 400 ms, a file never completes after 1.5 s. */
export const TEST_WATCH_SETTINGS: WatchSettings = { ...DEFAULT_WATCH_SETTINGS, settleMs: 40, calibrationSettleMs: 400, incompleteTimeoutMs: 1500, pollMs: 1000 };

/** A demo night in `root/source`; `root/night` gets its bias, darks and the folders named. */
export async function sourceAndNight(
  root: string,
  options: { size: number; lights: number; withFlats: boolean; lightsInNight: number; lightConditions?: DemoNightOptions['lightConditions'] },
): Promise<{ source: string; night: string; lights: string[] }> {
  const source = join(root, 'source');
  await writeDemoNight(source, { size: options.size, lights: options.lights, biasFrames: 5, darkFrames: 5, flatsPerFilter: 5, seed: 7, lightConditions: options.lightConditions });
  const night = join(root, 'night');
  mkdirSync(join(night, 'Lights'), { recursive: true });
  cpSync(join(source, 'Bias'), join(night, 'Bias'), { recursive: true });
  cpSync(join(source, 'Darks'), join(night, 'Darks'), { recursive: true });
  if (options.withFlats) cpSync(join(source, 'Flats'), join(night, 'Flats'), { recursive: true });
  const lights = readdirSync(join(source, 'Lights')).sort().map((name) => join(source, 'Lights', name));
  for (const light of lights.slice(0, options.lightsInNight)) copyFileSync(light, join(night, 'Lights', basename(light)));
  return { source, night, lights: lights.slice(options.lightsInNight) };
}

/** Writes `from` to `to` in `pieces` writes with `pauseMs` between them, as a capture program streams a frame. */
export async function writeInPieces(from: string, to: string, pieces: number, pauseMs: number): Promise<void> {
  const bytes = readFileSync(from);
  const fd = openSync(to, 'w');
  try {
    const step = Math.ceil(bytes.length / pieces);
    for (let offset = 0; offset < bytes.length; offset += step) {
      writeSync(fd, bytes, offset, Math.min(step, bytes.length - offset));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes `from` under a temporary name beside `to` (not a FITS name), then renames it into place. */
export function writeByRename(from: string, to: string): void {
  const temporary = join(dirname(to), `${basename(to)}.tmp`);
  copyFileSync(from, temporary);
  renameSync(temporary, to);
}

/** A watch through the API, its events recorded. */
export interface Watching {
  readonly api: NightcalService;
  readonly events: NightcalEvent[];
  readonly stopped: Promise<WatchState>;
  /** 'done' frame events per frame id. */
  doneCount(frameId: string): number;
  lastWatch(): WatchState | null;
  until(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** The night as the latest night event gave it (a watch's arrivals taken), null before one. */
  lastNight(): NightView | null;
  stop(): Promise<WatchState>;
}

export async function startWatching(night: string, dataDir: string, settings: WatchSettings = TEST_WATCH_SETTINGS): Promise<Watching> {
  const api = createNightcalApi(testHost(dataDir), { workers: 2, watch: settings, directIo: false });
  const events: NightcalEvent[] = [];
  // Reviews list every light (they come once a second while lights are measured), and a night
  // event is the whole night: kept, they would be the test's memory, not the watch's. The latest night is kept apart.
  let latestNight: NightView | null = null;
  api.onEvent((event) => {
    if (event.kind === 'night') latestNight = event.night;
    else if (event.kind !== 'review') events.push(event);
  });
  await api.openNight({ path: night });
  const stopped = api.startWatch({});
  stopped.catch(() => undefined);
  const watching: Watching = {
    api,
    events,
    stopped,
    lastNight: () => latestNight,
    doneCount: (frameId) => events.filter((event): event is FrameEvent => event.kind === 'frame' && event.frameId === frameId && event.status === 'done').length,
    lastWatch: () => {
      for (let i = events.length - 1; i >= 0; i--) {
        const event = events[i];
        if (event.kind === 'watch') return event.watch;
      }
      return null;
    },
    async until(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out; last watch state: ${JSON.stringify(watching.lastWatch())}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      await api.stopWatch();
      const last = await stopped;
      await api.dispose();
      return last;
    },
  };
  await watching.until(() => watching.lastWatch()?.mode != null);
  return watching;
}
