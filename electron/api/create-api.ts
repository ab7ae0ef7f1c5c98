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
import { headerOf, pixelsOf, previewOf } from './previews';
import { RecentNights } from './recent-nights';
import { CalibrationRun } from '../pipeline/calibration-run';
import { defaultSettings, librariesToUse, libraryAddTarget, resolveRunSettings, type SessionSettings } from '../pipeline/run-settings';
import { addToLibrary, storeMasterFiles } from '../library/add-to-library';
import { listLibraries, openLibraries } from '../library/library-listing';
import { defaultLibraryDir } from '../library/library-folder';
import { changeReview, type ReviewChange } from '../pipeline/run-review';
import { hasManifest } from '../outputs/run-manifest';
import { parseRejectionRules } from '../../shared/quality/rejection-rules';
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
  const session = new NightSession({ ...defaultSettings(NIGHTCAL_VERSION), defaultLibrary: defaultLibraryDir(host.dataDir), ...settings }, events.emit);
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

  /** A verdict or the rules changed in the night's last run (this session's, else the one in its output folder). */
  const review = (change: ReviewChange) =>
    session.exclusive(async () => {
      const { view } = session.requireNight();
      const folder = session.run?.state.summary?.outputDir ?? (hasManifest(view.outputDir) ? view.outputDir : null);
      if (folder === null) throw new ApiError('bad-request', 'this night has no calibration run to review yet: calibrate it first');
      const result = await changeReview(folder, change);
      session.run?.showReview?.(result);
      return result;
    });

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
    getPixels: (request) => pixelsOf(session, request),
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
    async listLibrary() {
      const roots = librariesToUse(session.settings);
      const addTarget = libraryAddTarget(session.settings);
      if (roots.length === 0) return { addTarget, libraries: [], masters: [], skipped: [], rawFrames: { bias: 0, dark: 0, darkflat: 0, flat: 0 }, notes: addTarget ? [`no library yet at ${addTarget}: adding a folder of calibration frames makes it`] : ['this session uses no calibration library'] };
      const { libraries, notes } = await openLibraries(roots, { utcOffsetHours: session.settings.utcOffsetHours });
      const listing = await listLibraries(libraries, Date.now(), session.settings.flatScaling);
      return { ...listing, addTarget, notes: [...notes, ...listing.notes] };
    },
    addToLibrary: (request) => {
      if (host.allowedRoots && !host.allowedRoots.some((root) => isWithin(request.path, root))) return Promise.reject(outsideAllowedRoots(request.path, 'open'));
      const target = libraryAddTarget(session.settings);
      if (target === null) return Promise.reject(new ApiError('bad-request', 'this session uses no calibration library (started with --no-library)'));
      return session.exclusive(async (signal) => {
        // The masters are built by a session of their own: the open night, its masters and its last run stay as they are.
        const builder = createNightcalApi(host, { ...session.settings, libraries: [target] });
        const stop = (): void => void builder.cancelRun();
        signal.addEventListener('abort', stop);
        try {
          const report = await addToLibrary(builder, request.path, target, { utcOffsetHours: session.settings.utcOffsetHours });
          return report;
        } finally {
          signal.removeEventListener('abort', stop);
          await builder.dispose();
        }
      }).then(async (report) => {
        // The open night is planned again: a master just added may be the one its lights lacked.
        if (!session.busy) await session.replanWithLibraries();
        return report;
      });
    },
    saveMastersToLibrary: () => {
      const target = libraryAddTarget(session.settings);
      if (target === null) return Promise.reject(new ApiError('bad-request', 'this session uses no calibration library (started with --no-library)'));
      return session
        .exclusive(async () => {
          const { view } = session.requireNight();
          const built = session.views.filter((m) => m.status === 'done' && m.path !== null && !m.spec.file && existsSync(m.path)).map((m) => ({ id: m.spec.id, path: m.path! }));
          if (built.length === 0) throw new ApiError('bad-request', 'no master of this night is built yet: build the masters (or calibrate) first');
          const stored = await storeMasterFiles(target, view.plan.masters, built, session.settings.utcOffsetHours);
          return { library: target, dir: view.root, skipped: [], cancelled: false, ...stored };
        })
        .then(async (report) => {
          await session.replanWithLibraries();
          return report;
        });
    },
    setFrameVerdict: (request) => review({ kind: 'verdict', frameId: request.frameId, verdict: request.verdict }),
    setRejectionRules: (request) => review({ kind: 'rules', rules: request.rules === null ? null : parseRejectionRules(request.rules) }),
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
