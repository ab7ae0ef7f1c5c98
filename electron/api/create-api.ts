/**
 * createNightcalApi(host): the plain object implementing NightcalApi that every front end
 * serves (Electron IPC, browser mode, command line). It delegates to the session and the
 * pipeline; it never computes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppSnapshot, CalibrateRequest, FolderListing, NightcalClient, NightView } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import { NIGHTCAL_VERSION } from '../../shared/version';
import { isInside, realLocation } from '../outputs/output-paths';
import { outsideAllowedRoots } from './allowed-roots';
import { EventHub } from './event-hub';
import { listFolder } from './folder-listing';
import type { NightcalHost } from './host';
import { NightSession } from './night-session';
import { headerOf, previewOf } from './previews';
import { RecentNights } from './recent-nights';
import { CalibrationRun } from '../pipeline/calibration-run';
import { defaultSettings, resolveRunSettings, type SessionSettings } from '../pipeline/run-settings';

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
    const view = await session.open(path, utcOffsetHours);
    await recent.add(path);
    return view;
  };

  /** A run of the open night with its settings resolved once; the session shows it to every window. */
  const newRun = (request: CalibrateRequest): CalibrationRun => {
    const { view } = session.requireNight();
    const run = new CalibrationRun({ night: view, frames: session.framesById(), settings: resolveRunSettings(request, session.settings, view.outputDir), masters: session, emit: events.emit });
    session.run = run;
    return run;
  };

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
    buildMasters: (request) => session.exclusive((signal) => newRun({ ...request, outputDir: undefined }).buildMasters(signal)),
    calibrate: (request) => {
      // Where a host confines the session (browser mode), outputs stay inside its folders too.
      if (request.outputDir !== undefined && host.allowedRoots && !host.allowedRoots.some((root) => isWithin(request.outputDir!, root))) {
        return Promise.reject(new ApiError('forbidden', `${request.outputDir} is outside the folders this session may write to`));
      }
      return session.exclusive((signal) => newRun(request).calibrate(signal));
    },
    async cancelRun() {
      session.cancel();
    },
    getPreview: (request) => previewOf(session, request.source, request.maxSize, request.mosaic),
    getHeader: (request) => headerOf(session, request.source),
    async getSnapshot(): Promise<AppSnapshot> {
      return {
        version: NIGHTCAL_VERSION,
        night: session.view,
        masters: session.views,
        run: session.runState,
        recentNights: recent.all,
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

/** Inside `root` once symbolic links are resolved (a link cannot lead out of an allowed root). */
function isWithin(path: string, root: string): boolean {
  return isInside(realLocation(path), realLocation(root));
}
