/**
 * A window client that simulates main for developing and testing the renderer: a synthetic
 * night (fake-night.ts), masters built strip by strip, a run of many lights on two simulated
 * workers with a few failures, events on timers batched as main batches them (and sent before
 * every answer), and a snapshot that always tells the truth.
 */
import { EventBatcher, EVENT_BATCH_MS } from '../../electron/api/event-batcher';
import { plannedMaster } from '../../shared/run-views';
import {
  API_METHODS,
  ApiError,
  type AppSnapshot,
  type FolderListing,
  type FrameRunState,
  type HeaderView,
  type ImageSource,
  type LibraryListing,
  type ListedMaster,
  type MasterView,
  type NightcalEvent,
  type NightcalWindowClient,
  type ProgressEvent,
  type NightView,
  type PixelBlock,
  type PreviewImage,
  type RunSummary,
} from '../../shared/contract';
import type { FrameInfo } from '../../shared/night/frames';
import { lightsToCalibrate } from '../../shared/night/lights-to-calibrate';
import { fakeHeaderCards, fakeListFolder } from './fake-files';
import { fakePreview, type ImageModel } from './fake-images';
import { simulateCalibration } from './fake-run';
import { CAMERA, fakeFrames, nightView } from './fake-night';

export interface FakeClientOptions {
  readonly host?: 'desktop' | 'browser';
  /** Light frames in the night (default 1,000). */
  readonly lights?: number;
  /** Multiplies every simulated delay: 1 looks like a real run, 0 runs as fast as timers allow. */
  readonly speed?: number;
  /** Simulated milliseconds per light on one worker (default 60). */
  readonly frameMs?: number;
  /** Every n-th light fails (default 97; 0 for none). */
  readonly failEvery?: number;
  /** Start with a night open, masters built, a run going, or a run finished (a reconnecting window). */
  readonly initial?: 'empty' | 'night' | 'masters' | 'running' | 'done';
}

/** The fake, with what tests need to look at. */
export interface FakeNightcalClient extends NightcalWindowClient {
  /** Every request made, in order. */
  readonly calls: { readonly method: string; readonly request: unknown }[];
  /** Sends an event to the subscribers as main would. */
  emit(event: NightcalEvent): void;
}

const DEMO_ROOT = '/home/observer/.local/share/nightcal/demo-night';
const LIBRARY_ROOT = '/home/observer/.local/share/nightcal/library';
const FAKE_KEYS = { camera: 'ZWO ASI294MM Pro', gain: 100, offset: 50, readoutMode: null, binning: '1x1', width: CAMERA.width, height: CAMERA.height, temperature: -10, filter: null };
/** A library of one bias and one dark, the dark used by two runs. */
const FAKE_LIBRARY: LibraryListing = {
  addTarget: LIBRARY_ROOT,
  libraries: [{ root: LIBRARY_ROOT, writable: true, files: 2, seconds: 0.04 }],
  masters: [
    { library: LIBRARY_ROOT, relativePath: 'masters/bias/master_bias_g100_m10C.fits', kind: 'bias', words: 'master bias (gain 100, offset 50, 1x1, 4144x2822, −10.0 °C)', program: 'NightCal', keys: { ...FAKE_KEYS, exposure: null }, frames: 50, dateObs: '2026-09-02T21:14:00', ageDays: 90, usedBy: [] },
    { library: LIBRARY_ROOT, relativePath: 'masters/dark/master_dark_300s_g100_m10C.fits', kind: 'dark', words: 'master dark 300 s (gain 100, offset 50, 1x1, 4144x2822, −10.0 °C)', program: 'PixInsight', keys: { ...FAKE_KEYS, exposure: 300 }, frames: 30, dateObs: '2026-09-02T22:05:00', ageDays: 90, usedBy: [{ run: '/nights/2026-10-12/calibrated', night: '/nights/2026-10-12', at: '2026-10-13T07:02:11Z' }, { run: '/nights/2026-11-03/calibrated', night: '/nights/2026-11-03', at: '2026-11-04T06:40:09Z' }] },
  ],
  skipped: [],
  rawFrames: { bias: 0, dark: 0, darkflat: 0, flat: 0 },
  notes: [],
};
const WORKERS = 2;

/** Creates the fake client. */
export function createFakeNightcalClient(options: FakeClientOptions = {}): FakeNightcalClient {
  let speed = options.speed ?? 1;
  const added: ListedMaster[] = [];
  const lightCount = options.lights ?? 1000;
  const frameMs = options.frameMs ?? 60;
  const failEvery = options.failEvery ?? 97;
  const host = { kind: options.host ?? 'desktop', canChooseFolder: (options.host ?? 'desktop') === 'desktop', canReveal: (options.host ?? 'desktop') === 'desktop' } as const;
  const listeners = new Set<(events: readonly NightcalEvent[]) => void>();
  const batcher = new EventBatcher((events) => listeners.forEach((listener) => listener(events)), EVENT_BATCH_MS * speed);
  const calls: { method: string; request: unknown }[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms * speed));

  let night: NightView | null = null;
  let originals = new Map<string, FrameInfo>();
  let masters: MasterView[] = [];
  let run: { stage: 'masters' | 'calibrate'; active: boolean; frames: Map<string, FrameRunState>; progress: ProgressEvent | null; summary: RunSummary | null } | null = null;
  let cancelled = false;
  let recentNights: string[] = ['/Users/observer/Astro/2026-03-12 NGC 2403', '/Users/observer/Astro/2026-03-09 M 81'];

  const emit = (event: NightcalEvent) => {
    if (event.kind === 'progress' && run && event.stage === 'calibrate') run.progress = event;
    batcher.push(event);
  };
  const runState = () => (run ? { stage: run.stage, active: run.active, frames: [...run.frames.values()], progress: run.progress, summary: run.summary, error: null, review: null } : null);
  const record = (method: string, request?: unknown) => calls.push({ method, request });

  const setNight = (root: string, frames: readonly FrameInfo[], scanSeconds: number) => {
    night = nightView(root, frames, scanSeconds);
    masters = night.plan.masters.map(plannedMaster);
  };

  const scan = async (root: string): Promise<NightView> => {
    const frames = fakeFrames(root, lightCount);
    const steps = 12;
    for (let step = 1; step <= steps; step += 1) {
      await sleep(90);
      const filesRead = Math.round((frames.length * step) / steps);
      emit({ kind: 'scan', phase: step === steps ? 'done' : 'progress', root, filesRead, filesFound: frames.length, groups: step === steps ? 0 : 0, unclassified: 0, problems: 0 });
    }
    originals = new Map(frames.map((f) => [f.id, f]));
    setNight(root, frames, 1.08);
    run = null;
    recentNights = [root, ...recentNights.filter((p) => p !== root)].slice(0, 8);
    return night!;
  };

  const modelOf = (source: ImageSource): { model: ImageModel; combined: number } => {
    if (source.kind === 'master') {
      const master = masters.find((m) => m.spec.id === source.masterId);
      if (!master) throw new ApiError('not-found', `no master ${source.masterId}`);
      const kind = master.spec.kind;
      return { model: kind === 'flat' ? 'master-flat' : kind === 'darkflat' ? 'dark' : kind, combined: master.spec.frameIds.length };
    }
    const frame = night?.frames.find((f) => f.id === source.frameId);
    if (!frame) throw new ApiError('not-found', `no frame ${source.frameId} in this night`);
    if (source.kind === 'calibrated') return { model: 'calibrated-light', combined: 1 };
    const type = frame.classification.type;
    // A dark flat looks like a short dark.
    return { model: type === 'light' || type === 'unknown' ? 'raw-light' : type === 'darkflat' ? 'dark' : type, combined: 1 };
  };

  const buildOne = async (index: number): Promise<MasterView> => {
    const master = masters[index];
    const stripsTotal = 8;
    masters[index] = { ...master, status: 'building' };
    for (let strip = 0; strip <= stripsTotal; strip += 1) {
      emit({ kind: 'master', masterId: master.spec.id, status: 'building', stripsDone: strip, stripsTotal, master: null });
      if (strip < stripsTotal) await sleep(70);
    }
    const preview = fakePreview({ kind: 'master', masterId: master.spec.id }, modelOf({ kind: 'master', masterId: master.spec.id }).model, 256, CAMERA.width, CAMERA.height, master.spec.frameIds.length);
    const done: MasterView = { ...master, status: 'done', path: `${night!.outputDir}/masters/${master.spec.id}.fits`, stats: preview.stats, histogram: preview.histogram, seconds: 0.56 * stripsTotal, error: null };
    masters[index] = done;
    emit({ kind: 'master', masterId: master.spec.id, status: 'done', stripsDone: stripsTotal, stripsTotal, master: done });
    return done;
  };

  const buildMissing = async (): Promise<void> => {
    const total = masters.length;
    const started = Date.now();
    for (let i = 0; i < masters.length; i += 1) {
      if (masters[i].status === 'done') continue;
      await buildOne(i);
      const done = masters.filter((m) => m.status === 'done').length;
      const elapsedSeconds = (Date.now() - started) / 1000;
      emit({ kind: 'progress', stage: 'masters', done, failed: 0, total, elapsedSeconds, framesPerSecond: done / Math.max(elapsedSeconds, 1e-3), etaSeconds: null });
    }
  };

  const calibrateAll = async (): Promise<RunSummary> => {
    if (!night) throw new ApiError('bad-request', 'no night is open');
    if (run?.active) throw new ApiError('busy', 'a run is already going on');
    const current = night;
    const previous = run?.frames;
    // The lights main's own rule picks: the planned ones and those the plan could not take.
    const lights = lightsToCalibrate(current);
    const ids = lights.map((l) => l.frameId);
    const blocked = new Map(lights.flatMap((l) => (l.blocked ? [[l.frameId, l.blocked] as const] : [])));
    const frames = new Map<string, FrameRunState>(ids.map((id) => [id, { frameId: id, status: 'queued', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null }]));
    run = { stage: 'masters', active: true, frames, progress: null, summary: null };
    cancelled = false;
    emit({ kind: 'run', run: runState()! });
    await buildMissing();
    run.stage = 'calibrate';
    const summary = await simulateCalibration({
      night: current,
      frames,
      previous,
      emit,
      sleep,
      frameMs,
      failEvery,
      workers: WORKERS,
      reportEveryMs: () => Math.max(50, 250 * speed),
      isCancelled: () => cancelled,
      blocked,
      mastersUsed: () => masters.filter((m) => m.path).map((m) => ({ id: m.spec.id, path: m.path! })),
    });
    run = { ...run, active: false, summary };
    emit({ kind: 'done', summary });
    return summary;
  };

  const client: FakeNightcalClient = {
    calls,
    emit,
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openNight(request) {
      record('openNight', request);
      if (request.path.trim() === '') throw new ApiError('bad-request', 'the night folder path is empty');
      if (!request.path.startsWith('/')) throw new ApiError('bad-request', `${request.path}: not an absolute path`);
      if (request.path.includes('missing')) throw new ApiError('not-found', `${request.path}: no such folder`);
      return scan(request.path.replace(/\/+$/, ''));
    },
    async openDemoNight(request) {
      record('openDemoNight', request);
      return scan(DEMO_ROOT);
    },
    async setFrameOverride(request) {
      record('setFrameOverride', request);
      if (!night) throw new ApiError('bad-request', 'no night is open');
      await sleep(120);
      const frames = night.frames.map((f) => {
        if (f.id !== request.frameId) return f;
        const original = originals.get(f.id) ?? f;
        const classification = request.type === undefined ? f.classification : request.type === null ? original.classification : { type: request.type, rule: 'user' as const, reason: `set to ${request.type} by the user` };
        return { ...f, classification, excluded: request.excluded ?? f.excluded };
      });
      const known = new Map(masters.map((m) => [m.spec.id, m]));
      setNight(night.root, frames, night.scanSeconds);
      masters = masters.map((m) => {
        const before = known.get(m.spec.id);
        return before && before.spec.frameIds.join() === m.spec.frameIds.join() ? before : m;
      });
      return night!;
    },
    async buildMasters(request) {
      record('buildMasters', request);
      if (!night) throw new ApiError('bad-request', 'no night is open');
      await buildMissing();
      return masters;
    },
    async calibrate(request) {
      record('calibrate', request);
      return calibrateAll();
    },
    async cancelRun() {
      record('cancelRun');
      cancelled = true;
    },
    async startWatch(request) {
      record('startWatch', request);
      throw new ApiError('bad-request', 'this fake does not watch');
    },
    async stopWatch() {
      record('stopWatch');
    },
    async getPreview(request): Promise<PreviewImage> {
      record('getPreview', request);
      await sleep(150);
      const { model, combined } = modelOf(request.source);
      return fakePreview(request.source, model, request.maxSize ?? 1024, CAMERA.width, CAMERA.height, combined);
    },
    async getPixels(request): Promise<PixelBlock> {
      record('getPixels', request);
      await sleep(40);
      // The fake's "true" pixels: its 1024 preview, each value repeated over the full pixels it stands for.
      const { model, combined } = modelOf(request.source);
      const preview = fakePreview(request.source, model, 1024, CAMERA.width, CAMERA.height, combined);
      const pixels = new Float32Array(request.width * request.height);
      for (let y = 0; y < request.height; y++) {
        const row = Math.min(preview.height - 1, Math.floor((request.y + y) / preview.binFactor));
        for (let x = 0; x < request.width; x++) pixels[y * request.width + x] = preview.pixels[row * preview.width + Math.min(preview.width - 1, Math.floor((request.x + x) / preview.binFactor))];
      }
      return { ...request, sourceWidth: CAMERA.width, sourceHeight: CAMERA.height, pixels, bayer: null };
    },
    async getHeader(request): Promise<HeaderView> {
      record('getHeader', request);
      await sleep(60);
      const source = request.source;
      if (source.kind === 'master') {
        const master = masters.find((m) => m.spec.id === source.masterId);
        if (!master) throw new ApiError('not-found', `no master ${source.masterId}`);
        return { source, path: master.path ?? '', cards: fakeHeaderCards({ kind: 'master', spec: master.spec }) };
      }
      const frame = night?.frames.find((f) => f.id === source.frameId);
      if (!frame) throw new ApiError('not-found', `no frame ${source.frameId}`);
      const state = run?.frames.get(frame.id);
      const path = source.kind === 'calibrated' ? (state?.outputPath ?? '') : frame.path;
      return { source, path, cards: fakeHeaderCards({ kind: source.kind, frame }) };
    },
    async getSnapshot(): Promise<AppSnapshot> {
      record('getSnapshot');
      await sleep(30);
      return {
        version: '0.1.0',
        night,
        masters,
        watch: null,
        run: runState(),
        recentNights,
        host,
      };
    },
    async chooseFolder() {
      record('chooseFolder');
      await sleep(300);
      return host.canChooseFolder ? '/Users/observer/Astro/2026-03-14 M 101' : null;
    },
    async listFolder(request): Promise<FolderListing> {
      record('listFolder', request);
      await sleep(40);
      return fakeListFolder(request.path ?? null);
    },
    async runDestination(request) {
      record('runDestination', request);
      if (!night) throw new ApiError('bad-request', 'no night is open');
      const wanted = request.outputDir ?? night.outputDir;
      return { wanted, outputDir: wanted, passedOver: null, refused: null };
    },
    async revealOutput() {
      record('revealOutput');
      if (!host.canReveal) throw new ApiError('forbidden', 'this host cannot show folders');
    },
    async listLibrary() {
      record('listLibrary');
      return { ...FAKE_LIBRARY, masters: [...FAKE_LIBRARY.masters, ...added] };
    },
    async addToLibrary(request) {
      record('addToLibrary', request);
      await sleep(200);
      const master = { ...FAKE_LIBRARY.masters[1], relativePath: 'masters/dark/master_dark_180s_g100_m10C.fits', words: 'master dark 180 s (gain 100, offset 50, 1x1, 4144x2822, −10.0 °C)', keys: { ...FAKE_LIBRARY.masters[1].keys, exposure: 180 }, ageDays: 0, usedBy: [] };
      added.push(master);
      return { library: FAKE_LIBRARY.addTarget!, dir: request.path, masters: [{ kind: 'dark' as const, words: master.words, frames: 20, relativePath: master.relativePath, stored: true }], skipped: [{ file: 'Lights/M31_001.fits', reason: 'a light: a library holds calibration frames and masters only' }], failed: [], notes: [], cancelled: false };
    },
    async saveMastersToLibrary() {
      record('saveMastersToLibrary');
      const built = masters.filter((m) => m.status === 'done');
      if (built.length === 0) throw new ApiError('bad-request', 'no master of this night is built yet: build the masters (or calibrate) first');
      return { library: FAKE_LIBRARY.addTarget!, dir: night?.root ?? DEMO_ROOT, masters: built.map((m) => ({ kind: m.spec.kind, words: m.spec.id, frames: m.spec.frameIds.length, relativePath: `masters/${m.spec.kind}/master_${m.spec.id}.fits`, stored: true })), skipped: [], failed: [], notes: [], cancelled: false };
    },
    async setFrameVerdict(request) {
      record('setFrameVerdict', request);
      throw new ApiError('bad-request', 'the fake client has no review of its runs');
    },
    async setRejectionRules(request) {
      record('setRejectionRules', request);
      throw new ApiError('bad-request', 'the fake client has no review of its runs');
    },
  };

  const initial = options.initial ?? 'empty';
  if (initial !== 'empty') {
    originals = new Map(fakeFrames(DEMO_ROOT, lightCount).map((f) => [f.id, f]));
    setNight(DEMO_ROOT, [...originals.values()], 1.08);
    if (initial !== 'night') {
      masters = masters.map((m) => {
        const preview = fakePreview({ kind: 'master', masterId: m.spec.id }, m.spec.kind === 'flat' ? 'master-flat' : m.spec.kind === 'darkflat' ? 'dark' : m.spec.kind, 256, CAMERA.width, CAMERA.height, m.spec.frameIds.length);
        return { ...m, status: 'done', path: `${night!.outputDir}/masters/${m.spec.id}.fits`, stats: preview.stats, histogram: preview.histogram, seconds: 4.5 };
      });
    }
    if (initial === 'running') void calibrateAll();
    if (initial === 'done') {
      // A finished run, as fast as timers allow, then the chosen pace again.
      const pace = speed;
      speed = 0;
      void calibrateAll().finally(() => {
        speed = pace;
      });
    }
  }
  // As main does: the events a request caused go out before its answer.
  const methods = client as unknown as Record<string, (arg?: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    const call = methods[method].bind(client);
    methods[method] = async (arg?: unknown) => {
      try {
        return await call(arg);
      } finally {
        batcher.flush();
      }
    };
  }
  return client;
}
