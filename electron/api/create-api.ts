/**
 * createNightcalApi(host): the plain object implementing NightcalApi that every front end
 * serves (Electron IPC, browser mode, command line). It delegates to the session and the
 * pipeline; it never computes.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppSnapshot, CalibrateRequest, FolderListing, NightcalClient, NightView } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import { NIGHTCAL_VERSION } from '../../shared/version';
import { defaultOutputDir, isInside, realLocation } from '../outputs/output-paths';
import { findFitsFiles } from '../pipeline/find-fits-files';
import { outsideAllowedRoots } from './allowed-roots';
import { EventHub } from './event-hub';
import { countFitsFiles, listFolder } from './folder-listing';
import type { NightcalHost } from './host';
import { NightSession } from './night-session';
import { headerOf, previewOf } from './previews';
import { RecentNights } from './recent-nights';
import { CalibrationRun } from '../pipeline/calibration-run';
import { defaultSettings, resolveRunSettings, type SessionSettings } from '../pipeline/run-settings';
import { WatchRun } from '../pipeline/watch-run';

/** The API as a front end owns it: requests, events, and disposal of its workers. */
export interface NightcalService extends NightcalClient {
  /**
   * Stops any run and releases worker threads; says how many threads did not stop (stuck in a
   * read past its deadline, in the kernel): the process cannot exit normally while they exist.
   */
  dispose(): Promise<{ readonly stuckThreads: number }>;
}

export function createNightcalApi(host: NightcalHost, settings: Partial<SessionSettings> = {}): NightcalService {
  const events = new EventHub();
  const session = new NightSession({ ...defaultSettings(NIGHTCAL_VERSION), ...settings }, events.emit);
  const recent = new RecentNights(host.dataDir);

  const open = async (path: string, utcOffsetHours?: number): Promise<NightView> => {
    // The roots first: outside them, whether a path exists is none of the page's business.
    if (host.allowedRoots && !host.allowedRoots.some((root) => isWithin(path, root))) throw outsideAllowedRoots(path, 'open');
    if (!existsSync(path)) throw new ApiError('not-found', `no folder at ${path}`);
    await assertHoldsFits(path);
    const view = await session.open(path, utcOffsetHours);
    await recent.add(path);
    return view;
  };

  /** A run of the open night with its settings resolved once; a calibration is the run every window shows. */
  const newRun = (request: CalibrateRequest, shown: boolean): CalibrationRun => {
    const { view } = session.requireNight();
    const run = new CalibrationRun({ night: view, frames: session.framesById(), settings: resolveRunSettings(request, session.settings, view.outputDir), masters: session, emit: events.emit });
    if (shown) session.run = run;
    return run;
  };
  /** Where a host confines the session (browser mode), outputs stay inside its folders too. */
  const outsideRoots = (outputDir: string | undefined): ApiError | null =>
    outputDir !== undefined && host.allowedRoots && !host.allowedRoots.some((root) => isWithin(outputDir, root))
      ? new ApiError('forbidden', `${outputDir} is outside the folders this session may write to; to allow a folder, start NightCal with \`nightcal serve --root DIR\``)
      : null;

  return {
    openNight: (request) => open(request.path, request.utcOffsetHours),
    async openDemoNight(request) {
      const dir = join(host.dataDir, 'demo-night');
      // Reopening the demo keeps it (and its outputs); a new one is drawn only when asked for.
      if (!existsSync(join(dir, 'Lights')) || request.size !== undefined || request.lights !== undefined) {
        // Loaded on demand: the demo's tables cost start-up time nobody else should pay.
        const { writeDemoNight } = await import('../demo/synthetic-night');
        await session.exclusive((signal) => writeDemoNight(dir, { size: request.size, lights: request.lights }, signal));
      }
      return open(dir);
    },
    setFrameOverride: (request) => {
      const override = {
        ...(request.type !== undefined ? { type: request.type ?? undefined } : {}),
        ...(request.excluded !== undefined ? { excluded: request.excluded } : {}),
      };
      return session.setOverride(request.frameId, override);
    },
    // Building masters alone is no calibration run: the last run stays what windows show.
    buildMasters: (request) => session.exclusive((signal) => newRun({ ...request, outputDir: undefined }, false).buildMasters(signal)),
    calibrate: (request) => {
      const refused = outsideRoots(request.outputDir);
      if (refused) return Promise.reject(refused);
      return session.exclusive((signal) => newRun(request, true).calibrate(signal));
    },
    async runDestination(request) {
      const refused = outsideRoots(request.outputDir);
      if (refused) throw refused;
      return newRun(request, false).destination();
    },
    async cancelRun() {
      session.cancel();
    },
    startWatch: (request) => {
      const refused = outsideRoots(request.outputDir);
      if (refused) return Promise.reject(refused);
      return session.exclusive((signal) => {
        const { view } = session.requireNight();
        const watch = new WatchRun(session, resolveRunSettings(request, session.settings, view.outputDir), session.settings.watch, events.emit);
        session.watch = watch;
        // Its lights are what the Calibrate step lists and what a calibrated preview reads.
        session.run = { get state() { return watch.runState; } };
        return watch.run(signal);
      });
    },
    async stopWatch() {
      if (session.watch?.state.active) session.cancel();
    },
    getPreview: (request) => previewOf(session, request.source, request.maxSize, request.mosaic),
    getHeader: (request) => headerOf(session, request.source),
    async getSnapshot(): Promise<AppSnapshot> {
      return {
        version: NIGHTCAL_VERSION,
        night: session.view,
        masters: session.views,
        run: session.runState,
        watch: session.watch?.state ?? null,
        recentNights: recent.openableIn(host.allowedRoots, isWithin),
        host: { kind: host.kind, canChooseFolder: host.kind === 'desktop', canReveal: host.kind === 'desktop' },
      };
    },
    chooseFolder: () => host.chooseFolder(),
    listFolder: (request): Promise<FolderListing> => listFolder(host.allowedRoots, request.path),
    async revealOutput() {
      const { view } = session.requireNight();
      const target = session.runState?.summary?.outputDir ?? view.outputDir;
      if (!(await host.revealPath(existsSync(target) ? target : view.root))) {
        throw new ApiError('bad-request', 'this front end cannot open a file manager');
      }
    },
    onEvent: (listener) => events.on(listener),
    dispose: () => session.dispose(),
  };
}

/**
 * A folder with no FITS file anywhere is no night: said at once, with how far it was searched,
 * instead of an empty night (the scan's own walk, with its output folder left out).
 */
async function assertHoldsFits(path: string): Promise<void> {
  if (!statSync(path).isDirectory()) throw new ApiError('bad-request', `${path} is a file, not a folder: open the folder that holds the night's frames`);
  if ((await findFitsFiles(path, [defaultOutputDir(path)])).length > 0) return;
  const { folders } = await countFitsFiles(path, { files: 1, folders: 100_000 });
  throw new ApiError('not-found', `no FITS files found in ${path} (searched ${folders} ${folders === 1 ? 'folder' : 'folders'}): open the folder that holds the night's frames`);
}

/** Inside `root` once symbolic links are resolved (a link cannot lead out of an allowed root). */
function isWithin(path: string, root: string): boolean {
  return isInside(realLocation(path), realLocation(root));
}
