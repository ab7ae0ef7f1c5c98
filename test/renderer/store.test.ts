import { describe, expect, it } from 'vitest';
import type { FrameRunState, NightcalEvent, NightView, PreviewImage, RunSummary } from '../../shared/contract';
import { countFrameStatuses, lightIdsOf } from '../../renderer/run/run-slice';
import { createAppStore } from '../../renderer/store';
import { builtWith } from '../../renderer/masters/masters-slice';
import { builtMaster, snapshotOf, stubApi, testNight } from './store-fixtures';

const summaryOf = (night: NightView, done: number, failed: number): RunSummary => ({
  outputDir: night.outputDir,
  manifestPath: `${night.outputDir}/nightcal-run.json`,
  total: done + failed,
  done,
  failed,
  skipped: 0,
  cancelled: false,
  seconds: 10,
  framesPerSecond: (done + failed) / 10,
  masters: [],
  kernels: { 'wasm-simd': done, javascript: 0 },
  writes: { direct: done, buffered: 0 },
  errors: [],
  lightNotes: { 'no-flat': 0, 'no-dark': 0, 'no-bias': 0, 'dark-unscaled': 0, 'dark-scaled': 0 },
  notes: [],
});

const frameEvent = (frameId: string, status: FrameRunState['status'], ms: number | null = null): NightcalEvent => ({
  kind: 'frame',
  frameId,
  status,
  ms,
  outputPath: status === 'done' ? `/out/${frameId}` : null,
  error: status === 'failed' ? { code: 'truncated', message: `${frameId}: truncated` } : null,
  kernel: null,
  write: null,
  quality: null,
});

describe('the store driven by events', () => {
  it('a scan → masters → run sequence ends with the right counts', () => {
    const night = testNight(20);
    const store = createAppStore(stubApi());
    store.getState().showNight(night, 'opened');
    expect(store.getState().masterIds).toHaveLength(7);
    expect(Object.values(store.getState().masters).every((m) => m.status === 'planned')).toBe(true);

    const events: NightcalEvent[] = [
      { kind: 'scan', phase: 'progress', root: night.root, filesRead: 50, filesFound: 110, groups: 0, unclassified: 0, problems: 0 },
      { kind: 'scan', phase: 'done', root: night.root, filesRead: 110, filesFound: 110, groups: 9, unclassified: 3, problems: 5 },
    ];
    for (const id of store.getState().masterIds) {
      events.push({ kind: 'master', masterId: id, status: 'building', stripsDone: 0, stripsTotal: 4, master: null });
      events.push({ kind: 'master', masterId: id, status: 'building', stripsDone: 3, stripsTotal: 4, master: null });
      events.push({ kind: 'master', masterId: id, status: 'done', stripsDone: 4, stripsTotal: 4, master: builtMaster(night, id) });
    }
    const lights = night.plan.lights.map((l) => l.frameId);
    // Main announces the run, every light queued, before its first light starts.
    const queued = lights.map((frameId) => ({ frameId, status: 'queued' as const, ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null }));
    events.push({ kind: 'run', run: { stage: 'masters', active: true, frames: queued, progress: null, summary: null, error: null, review: null } });
    lights.forEach((id, i) => {
      events.push(frameEvent(id, 'running'));
      events.push(frameEvent(id, i % 7 === 6 ? 'failed' : 'done', 800));
    });
    events.push({ kind: 'progress', stage: 'calibrate', done: 18, failed: 2, total: 20, elapsedSeconds: 10, framesPerSecond: 2, etaSeconds: 0 });
    events.push({ kind: 'done', summary: summaryOf(night, 18, 2) });

    // Events come in batches of any size; cut the sequence in three.
    store.getState().applyEvents(events.slice(0, 2));
    expect(store.getState().scan?.phase).toBe('done');
    store.getState().applyEvents(events.slice(2, 23));
    expect(store.getState().masters[store.getState().masterIds[6]].status).toBe('done');
    store.getState().applyEvents(events.slice(23, 24));
    expect(store.getState()).toMatchObject({ runActive: true, runStage: 'masters', summary: null });
    expect(countFrameStatuses(store.getState().runFrameIds, store.getState().runFrames).queued).toBe(20);
    store.getState().applyEvents(events.slice(24));

    const state = store.getState();
    expect(Object.values(state.masters).filter((m) => m.status === 'done')).toHaveLength(7);
    expect(state.masterStrips[state.masterIds[0]]).toEqual({ done: 4, total: 4 });
    const counts = countFrameStatuses(state.runFrameIds, state.runFrames);
    // Lights 7 and 14 (indices 6 and 13) failed: 2 of 20.
    expect(counts).toEqual({ queued: 0, running: 0, done: 18, failed: 2, cancelled: 0, skipped: 0, total: 20 });
    expect(state.runFrameIds).toEqual(lights);
    expect(state.runFrames[lights[6]].error?.code).toBe('truncated');
    expect(state.runFrames[lights[0]].ms).toBe(800);
    expect(state.summary?.done).toBe(18);
    expect(state.runActive).toBe(false);
    expect(state.runStage).toBe('calibrate');
  });

  it('1,000 frame events applied in one batch cause one store update and keep their order', () => {
    const store = createAppStore(stubApi());
    const ids = Array.from({ length: 1000 }, (_, i) => `Lights/L_${String(i).padStart(4, '0')}.fits`);
    let updates = 0;
    store.subscribe(() => {
      updates += 1;
    });
    store.getState().applyEvents(ids.map((id, i) => frameEvent(id, i < 900 ? 'done' : 'running', i < 900 ? 500 : null)));
    expect(updates).toBe(1);
    const state = store.getState();
    expect(state.runFrameIds).toHaveLength(1000);
    expect(state.runFrameIds[0]).toBe(ids[0]);
    expect(state.runFrameIds[999]).toBe(ids[999]);
    const counts = countFrameStatuses(state.runFrameIds, state.runFrames);
    expect(counts.done).toBe(900);
    expect(counts.running).toBe(100);
  });

  it('a frame event replaces only its frame: the others keep their objects (rows do not re-render)', () => {
    const store = createAppStore(stubApi());
    store.getState().applyEvents([frameEvent('a', 'running'), frameEvent('b', 'running')]);
    const before = store.getState().runFrames;
    store.getState().applyEvents([frameEvent('a', 'done', 100)]);
    const after = store.getState().runFrames;
    expect(after).not.toBe(before);
    expect(after.b).toBe(before.b);
    expect(after.a.status).toBe('done');
  });

  it('totals never start or revive a run: only main’s run event does, and its end', () => {
    const night = testNight(4);
    const store = createAppStore(stubApi());
    store.getState().showNight(night, 'opened');
    store.getState().applyEvents([{ kind: 'done', summary: summaryOf(night, 4, 0) }]);
    store.getState().applyEvents([{ kind: 'progress', stage: 'calibrate', done: 4, failed: 0, total: 4, elapsedSeconds: 2, framesPerSecond: 2, etaSeconds: null }]);
    expect(store.getState().runActive).toBe(false);
    expect(store.getState().summary?.done).toBe(4);
    // A run started in another window: this one drops the last run's end and shows the new one.
    const frames = lightIdsOf(night).map((frameId) => ({ frameId, status: 'queued' as const, ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null }));
    store.getState().applyEvents([{ kind: 'run', run: { stage: 'masters', active: true, frames, progress: null, summary: null, error: null, review: null } }]);
    expect(store.getState()).toMatchObject({ runActive: true, summary: null, progress: null });
    // It ended without a summary (the output folder was refused): every window says why.
    const error = { code: 'output-refused' as const, message: '/night/calibrated: refusing to write here' };
    store.getState().applyEvents([{ kind: 'run', run: { stage: 'masters', active: false, frames, progress: null, summary: null, error, review: null } }]);
    expect(store.getState()).toMatchObject({ runActive: false, summary: null, runFailure: error });
  });

  it('a master or light that is rebuilt drops its cached previews (any size) and headers', () => {
    const store = createAppStore(stubApi());
    const image = { width: 1 } as PreviewImage;
    store.setState({
      previews: {
        'master:bias@320': { status: 'ready', value: image },
        'master:bias@1024': { status: 'ready', value: image },
        'calibrated:L1@1024': { status: 'ready', value: image },
        'raw:L1@1024': { status: 'ready', value: image },
      },
      headers: { 'master:bias': { status: 'loading' } },
    });
    store.getState().applyEvents([{ kind: 'master', masterId: 'bias', status: 'done', stripsDone: 1, stripsTotal: 1, master: null }, frameEvent('L1', 'done', 10)]);
    expect(Object.keys(store.getState().previews)).toEqual(['raw:L1@1024']);
    expect(store.getState().headers).toEqual({});
  });

  it('a master event for a master not in the plan adds it at the end', () => {
    const night = testNight(2);
    const store = createAppStore(stubApi());
    const extra = builtMaster(night, night.plan.masters[0].id);
    const renamed = { ...extra, spec: { ...extra.spec, id: 'bias_extra' } };
    store.getState().applyEvents([{ kind: 'master', masterId: 'bias_extra', status: 'done', stripsDone: 2, stripsTotal: 2, master: renamed }]);
    expect(store.getState().masterIds).toEqual(['bias_extra']);
  });
});

describe('the store driven by responses', () => {
  it('an override replaces the night; masters whose frames did not change stay built', async () => {
    const night = testNight(20);
    const flat = night.frames.find((f) => f.id.startsWith('Flats/L/'))!;
    // Main's answer: one L flat excluded, so the L flat group and its master change.
    const regrouped = testNight(20);
    const answer: NightView = {
      ...regrouped,
      frames: regrouped.frames.map((f) => (f.id === flat.id ? { ...f, excluded: true } : f)),
      groups: regrouped.groups.map((g) => ({ ...g, frameIds: g.frameIds.filter((id) => id !== flat.id) })),
      plan: { ...regrouped.plan, masters: regrouped.plan.masters.map((m) => ({ ...m, frameIds: m.frameIds.filter((id) => id !== flat.id) })) },
    };
    const requests: unknown[] = [];
    const store = createAppStore(stubApi({ setFrameOverride: async (request) => (requests.push(request), answer) }));
    store.getState().showNight(night, 'opened');
    const flatMaster = night.plan.masters.find((m) => m.frameIds.includes(flat.id))!.id;
    const biasMaster = night.plan.masters.find((m) => m.kind === 'bias')!.id;
    store.getState().applyEvents([
      { kind: 'master', masterId: biasMaster, status: 'done', stripsDone: 1, stripsTotal: 1, master: builtMaster(night, biasMaster) },
      { kind: 'master', masterId: flatMaster, status: 'done', stripsDone: 1, stripsTotal: 1, master: builtMaster(night, flatMaster) },
    ]);

    const pending = store.getState().overrideFrame({ frameId: flat.id, excluded: true });
    expect(store.getState().overridesInFlight).toEqual({ [flat.id]: true });
    await pending;

    const state = store.getState();
    expect(requests).toEqual([{ frameId: flat.id, excluded: true }]);
    expect(state.night).toBe(answer);
    expect(state.overridesInFlight).toEqual({});
    expect(state.masters[biasMaster].status).toBe('done');
    expect(state.masters[flatMaster].status).toBe('planned');
    expect(state.masters[flatMaster].spec.frameIds).toHaveLength(14);
  });

  it('a refused override keeps the night and shows why', async () => {
    const night = testNight(2);
    const store = createAppStore(stubApi({ setFrameOverride: () => Promise.reject(new Error('frame x is not in this night')) }));
    store.getState().showNight(night, 'opened');
    await store.getState().overrideFrame({ frameId: 'x', type: 'light' });
    expect(store.getState().night).toBe(night);
    expect(store.getState().nightError).toBe('frame x is not in this night');
    expect(store.getState().overridesInFlight).toEqual({});
  });

  it('opening a night starts afresh: planned masters, no run, viewer closed, recent nights updated', async () => {
    const first = testNight(3, '/nights/one');
    const second = testNight(5, '/nights/two');
    const store = createAppStore(stubApi({ openNight: async () => second }));
    store.getState().showNight(first, 'opened');
    store.getState().applyEvents([frameEvent(first.plan.lights[0].frameId, 'done', 5)]);
    store.getState().openViewer({ kind: 'frame', frameId: first.plan.lights[0].frameId });
    await store.getState().openNight('/nights/two');
    const state = store.getState();
    expect(state.night).toBe(second);
    expect(state.runFrameIds).toEqual([]);
    expect(state.viewer).toBeNull();
    expect(state.recentNights[0]).toBe('/nights/two');
    expect(state.nightBusy).toBe(false);
  });

  it('calibrate asks main and guesses nothing: the run shows from main’s events, the answer’s summary is kept', async () => {
    const night = testNight(6);
    let resolve!: (summary: RunSummary) => void;
    const requests: unknown[] = [];
    const store = createAppStore(stubApi({ calibrate: (request) => (requests.push(request), new Promise((r) => (resolve = r))) }));
    store.getState().showNight(night, 'opened');
    store.setState({ outputChoice: '/elsewhere/out' });
    const running = store.getState().calibrate({ redo: true });
    expect(requests).toEqual([{ combine: 'median', outputDir: '/elsewhere/out', redo: true }]);
    const waiting = store.getState();
    expect(waiting.calibrateRequested).toBe(true);
    expect(waiting.runActive).toBe(false); // not until main says the run started
    expect(waiting.runFrameIds).toEqual([]);
    resolve(summaryOf(night, 6, 0));
    await running;
    expect(store.getState().calibrateRequested).toBe(false);
    expect(store.getState().summary?.done).toBe(6);
  });

  it('a refused calibrate says why until the run it was about ends', async () => {
    const night = testNight(2);
    const store = createAppStore(stubApi({ calibrate: () => Promise.reject(new Error('another step is running: wait for it or cancel it')) }));
    store.getState().showNight(night, 'opened');
    await store.getState().calibrate();
    expect(store.getState().runError).toBe('another step is running: wait for it or cancel it');
    store.getState().applyEvents([{ kind: 'done', summary: summaryOf(night, 2, 0) }]);
    expect(store.getState().runError).toBeNull();
  });

  it('a snapshot rebuilds every slice (a reconnecting window)', () => {
    const night = testNight(4);
    const biasId = night.plan.masters[0].id;
    const lights = night.plan.lights.map((l) => l.frameId);
    const store = createAppStore(stubApi());
    store.getState().loadSnapshot(
      snapshotOf(night, {
        masters: [builtMaster(night, biasId)],
        run: { stage: 'calibrate', active: true, frames: [{ frameId: lights[1], status: 'done', ms: 3, outputPath: '/o', error: null, kernel: null, write: null, quality: null }, { frameId: lights[0], status: 'running', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null }], progress: null, summary: null, error: null, review: null },
        recentNights: ['/a', '/b'],
      }),
    );
    const state = store.getState();
    expect(state.ready).toBe(true);
    expect(state.host?.kind).toBe('browser');
    expect(state.night).toBe(night);
    expect(state.masterIds).toEqual(night.plan.masters.map((m) => m.id));
    expect(state.masters[biasId].status).toBe('done');
    expect(state.masters[night.plan.masters[1].id].status).toBe('planned');
    expect(state.runFrameIds).toEqual([lights[1], lights[0]]);
    expect(state.runActive).toBe(true);
    expect(state.recentNights).toEqual(['/a', '/b']);
  });
});

describe('the combine method', () => {
  it('masters are built with the chosen method, and calibration asks for the same one (else main would rebuild them)', async () => {
    const night = testNight(2);
    const requests: unknown[] = [];
    const views = night.plan.masters.map((spec) => builtMaster(night, spec.id));
    const store = createAppStore(
      stubApi({
        buildMasters: async (request) => (requests.push(['build', request]), views.map((view) => ({ ...view, method: request.combine ?? 'median' }))),
        calibrate: async (request) => (requests.push(['calibrate', request]), { ...summaryOf(night, 3, 0) }),
      }),
    );
    store.getState().showNight(night, 'opened');
    store.getState().setCombine('sigma-clip');
    await store.getState().buildMasters();
    expect(builtWith(store.getState())).toBe('sigma-clip');
    store.getState().setCombine('median'); // chosen, not built: calibration keeps the built masters
    await store.getState().calibrate();
    expect(requests).toEqual([
      ['build', { combine: 'sigma-clip' }],
      ['calibrate', { combine: 'sigma-clip' }],
    ]);
  });

  it('masters found built (a snapshot) say how they were combined: the next build starts from it; a rebuild forgets it until done', () => {
    const night = testNight(2);
    const biasId = night.plan.masters[0].id;
    const store = createAppStore(stubApi({}));
    store.getState().loadSnapshot(snapshotOf(night, { masters: [builtMaster(night, biasId, 'sigma-clip')] }));
    expect(builtWith(store.getState())).toBe('sigma-clip');
    expect(store.getState().combine).toBe('sigma-clip');
    store.getState().applyEvents([{ kind: 'master', masterId: biasId, status: 'building', stripsDone: 0, stripsTotal: 4, master: null }]);
    expect(builtWith(store.getState())).toBeNull();
  });
});

describe('the viewer state', () => {
  it('opening another frame refits, unless stepping through lights keeps the view to blink them', () => {
    const store = createAppStore(stubApi());
    const view = { centerX: 100, centerY: 80, zoom: 2 };
    store.getState().openViewer({ kind: 'frame', frameId: 'a' });
    store.getState().setView(view);
    store.getState().openViewer({ kind: 'frame', frameId: 'b' }, true);
    expect(store.getState().view).toBe(view);
    store.getState().openViewer({ kind: 'master', masterId: 'bias' });
    expect(store.getState().view).toBeNull();
    store.getState().closeViewer();
    expect(store.getState().viewer).toBeNull();
  });
});

describe('the raw mosaic of a colour frame', () => {
  const previewOf = (source: PreviewImage['source'], colour: boolean): PreviewImage => ({
    source,
    width: 2,
    height: 2,
    sourceWidth: 4,
    sourceHeight: 4,
    binFactor: 2,
    pixels: new Float32Array(4),
    stats: { mean: 0, median: 0, sigma: 1, min: 0, max: 1, nanCount: 0, hotPixels: null },
    histogram: { lo: 0, hi: 1, counts: [4] },
    limits: { zscale: { z1: 0, z2: 1 }, autoStretch: { shadows: 0, midtones: 0.5, highlights: 1 } },
    colour: colour ? { planes: [new Float32Array(4), new Float32Array(4), new Float32Array(4)], channels: [0, 1, 2].map(() => ({ limits: { zscale: { z1: 0, z2: 1 }, autoStretch: { shadows: 0, midtones: 0.5, highlights: 1 } }, min: 0, max: 1 })) as never } : null,
  });

  it('is asked for as such and cached apart from the colour preview, which stays', async () => {
    const requests: unknown[] = [];
    const store = createAppStore(
      stubApi({
        getPreview: async (request) => {
          requests.push(request);
          return previewOf(request.source, request.mosaic !== true);
        },
      }),
    );
    const source = { kind: 'raw', frameId: 'light_01.fits' } as const;
    await store.getState().loadPreview(source, 1024);
    await store.getState().loadPreview(source, 1024, true);
    await store.getState().loadPreview(source, 1024, true);
    expect(requests).toEqual([{ source, maxSize: 1024 }, { source, maxSize: 1024, mosaic: true }]);
    const previews = store.getState().previews;
    expect(Object.keys(previews).sort()).toEqual(['raw:light_01.fits@1024', 'raw:light_01.fits@1024/mosaic']);
    const colour = previews['raw:light_01.fits@1024'];
    const mosaic = previews['raw:light_01.fits@1024/mosaic'];
    expect(colour?.status === 'ready' && colour.value.colour !== null).toBe(true);
    expect(mosaic?.status === 'ready' && mosaic.value.colour === null).toBe(true);
    store.getState().setMosaic(true);
    expect(store.getState().mosaic).toBe(true);
  });
});
