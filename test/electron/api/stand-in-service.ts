/**
 * A stand-in NightcalService for transport tests: a few canned answers, a record of calls,
 * an event emitter, and methods that fail in each way a transport must carry.
 */
import { ApiError, type NightcalEvent, type PreviewImage } from '../../../shared/contract';
import type { NightcalService } from '../../../electron/api/create-api';

export interface StandInService extends NightcalService {
  /** Every call that reached the service, with its (already validated) argument. */
  readonly calls: { readonly method: string; readonly arg: unknown }[];
  /** Sends an event to every subscriber. */
  emit(event: NightcalEvent): void;
  /** How many subscribers there are now. */
  listenerCount(): number;
}

/** Pixels that JSON alone would not carry: NaN, ±Infinity, −0, a denormal, 16-bit range. */
export const PREVIEW_PIXELS = Float32Array.from([1.5, NaN, -0, 3.25, Infinity, -Infinity, 1e-40, 65535]);

export function standInPreview(source: PreviewImage['source']): PreviewImage {
  return {
    source,
    width: 4,
    height: 2,
    sourceWidth: 16,
    sourceHeight: 8,
    binFactor: 4,
    pixels: PREVIEW_PIXELS.slice(),
    stats: { mean: NaN, median: 2.375, sigma: 1.2, min: -Infinity, max: Infinity, nanCount: 1, hotPixels: null },
    histogram: { lo: 0, hi: 4, counts: [1, 2, 3, 1] },
    limits: { zscale: { z1: 1, z2: 3 }, autoStretch: { shadows: 0, midtones: 0.25, highlights: 1 } },
    colour: null,
  };
}

export function standInService(): StandInService {
  const listeners = new Set<(event: NightcalEvent) => void>();
  const calls: { method: string; arg: unknown }[] = [];
  const record = (method: string, arg?: unknown) => void calls.push({ method, arg });
  const unavailable = (method: string) => async () => {
    record(method);
    throw new ApiError('busy', `${method} is not part of this stand-in`);
  };
  return {
    calls,
    emit: (event) => listeners.forEach((listener) => listener(event)),
    listenerCount: () => listeners.size,
    async openNight(request) {
      record('openNight', request);
      if (request.path === '/missing') throw new ApiError('not-found', 'no folder at /missing');
      return {
        root: request.path,
        outputDir: `${request.path}/calibrated`,
        frames: [],
        groups: [],
        unclassified: [],
        problems: [],
        plan: { masters: [], lights: [], problems: [] },
        libraries: [],
        scanSeconds: 0.25,
      };
    },
    openDemoNight: unavailable('openDemoNight'),
    setFrameOverride: unavailable('setFrameOverride'),
    buildMasters: unavailable('buildMasters'),
    calibrate: unavailable('calibrate'),
    startWatch: unavailable('startWatch'),
    async stopWatch() {
      record('stopWatch');
    },
    async cancelRun() {
      record('cancelRun');
    },
    async getPreview(request) {
      record('getPreview', request);
      return standInPreview(request.source);
    },
    getPixels: unavailable('getPixels'),
    async getHeader(request) {
      record('getHeader', request);
      // A bug, not an expected failure: its message and stack must stay on this side.
      throw new TypeError('Cannot read properties of undefined (reading "cards") at /home/observer/secret.ts:12');
    },
    getSnapshot: unavailable('getSnapshot'),
    async chooseFolder() {
      record('chooseFolder');
      return null;
    },
    listFolder: unavailable('listFolder'),
    runDestination: unavailable('runDestination'),
    revealOutput: unavailable('revealOutput'),
    listLibrary: unavailable('listLibrary'),
    addToLibrary: unavailable('addToLibrary'),
    saveMastersToLibrary: unavailable('saveMastersToLibrary'),
    setFrameVerdict: unavailable('setFrameVerdict'),
    setRejectionRules: unavailable('setRejectionRules'),
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async dispose() {
      listeners.clear();
      return { stuckThreads: 0 };
    },
  };
}

/** A few events of each kind, as the pipeline sends them. */
export function scanProgress(filesRead: number): NightcalEvent {
  return { kind: 'scan', phase: 'progress', root: '/data/night', filesRead, filesFound: 100, groups: 0, unclassified: 0, problems: 0 };
}

export function frameDone(frameId: string): NightcalEvent {
  return { kind: 'frame', frameId, status: 'done', ms: 120, outputPath: `/data/night/calibrated/${frameId}`, error: null, kernel: null, write: null, quality: null };
}

export function runProgress(done: number): NightcalEvent {
  return { kind: 'progress', stage: 'calibrate', done, failed: 0, total: 10, elapsedSeconds: done, framesPerSecond: 1, etaSeconds: 10 - done };
}

export function runDone(): NightcalEvent {
  return {
    kind: 'done',
    summary: {
      outputDir: '/data/night/calibrated',
      manifestPath: '/data/night/calibrated/nightcal-run.json',
      total: 10,
      done: 10,
      failed: 0,
      skipped: 0,
      cancelled: false,
      seconds: 10,
      framesPerSecond: 1,
      masters: [],
      kernels: { 'wasm-simd': 10, javascript: 0 },
      writes: { direct: 10, buffered: 0 },
      errors: [],
      lightNotes: { 'no-flat': 0, 'no-dark': 0, 'no-bias': 0, 'dark-unscaled': 0, 'dark-scaled': 0 },
      notes: [],
    },
  };
}
