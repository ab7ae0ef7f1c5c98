/**
 * Each slice applies the events it is about, and only those: the run slice follows main's run
 * (its start, every light, the totals, its end, a failure), the masters slice its masters, the
 * night slice the scan, the preview slice forgets images rewritten. The store only delegates.
 */
import { describe, expect, it } from 'vitest';
import type { FrameRunState, NightcalEvent, PreviewImage, RunState, RunSummary } from '../../shared/contract';
import { mastersAfterEvents } from '../../renderer/masters/masters-slice';
import { nightAfterEvents } from '../../renderer/night/night-slice';
import { previewAfterEvents } from '../../renderer/preview/preview-slice';
import { countFrameStatuses, idsCalibratedIncompletely, lightCounts, lightIdsOf, runAfterEvents, shownFrameIds, treatmentsOf } from '../../renderer/run/run-slice';
import { createAppStore, type AppState } from '../../renderer/store';
import { fakeFrames, nightView } from '../support/fake-night';
import { builtMaster, stubApi, testNight } from './store-fixtures';

const night = testNight(6);
const lights = lightIdsOf(night);
const frame = (frameId: string, status: FrameRunState['status'], extra: Partial<FrameRunState> = {}): FrameRunState => ({ frameId, status, ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null, ...extra });
const runState = (active: boolean, extra: Partial<RunState> = {}): RunState => ({ stage: 'masters', active, frames: lights.map((id) => frame(id, 'queued')), progress: null, summary: null, error: null, review: null, ...extra });
const summary = { outputDir: '/out', total: lights.length, done: lights.length, failed: 0, skipped: 0, cancelled: false } as RunSummary;

/** The state of a window that showed a finished run, with a refusal of its own on screen. */
function finishedWindow(): AppState {
  const store = createAppStore(stubApi());
  store.getState().showNight(night, 'opened');
  store.setState({ runStage: 'calibrate', runFrameIds: lights, runFrames: Object.fromEntries(lights.map((id) => [id, frame(id, 'done')])), summary, runError: 'another step is running', cancelRequested: true });
  return store.getState();
}

describe('runAfterEvents', () => {
  it('a run started elsewhere replaces the last one at once: every light queued, no summary, no stale refusal', () => {
    const patch = runAfterEvents(finishedWindow(), [{ kind: 'run', run: runState(true) }]);
    expect(patch).toMatchObject({ runActive: true, runStage: 'masters', summary: null, runFailure: null, runError: null, cancelRequested: false });
    expect(countFrameStatuses(patch.runFrameIds!, patch.runFrames!)).toMatchObject({ queued: lights.length, done: 0 });
  });

  it('frames and totals after the start in the same batch land on the new run (one copy of the record)', () => {
    const before = finishedWindow();
    const progress: NightcalEvent = { kind: 'progress', stage: 'calibrate', done: 1, failed: 0, total: lights.length, elapsedSeconds: 1, framesPerSecond: null, etaSeconds: null };
    const patch = runAfterEvents(before, [{ kind: 'run', run: runState(true) }, { kind: 'frame', ...frame(lights[0], 'running') }, { kind: 'frame', ...frame(lights[0], 'done', { ms: 5 }) }, progress]);
    const counts = countFrameStatuses(patch.runFrameIds!, patch.runFrames!);
    expect(counts).toMatchObject({ done: 1, queued: lights.length - 1 });
    expect(patch.runStage).toBe('calibrate'); // lights under way
    expect(patch.progress).toBe(progress);
    expect(before.runFrames[lights[1]].status).toBe('done'); // the state before the batch is never written
  });

  it('the end: the summary, not active, and a refusal about the run gone with it', () => {
    const patch = runAfterEvents({ ...finishedWindow(), runActive: true, summary: null }, [{ kind: 'done', summary }]);
    expect(patch).toMatchObject({ summary, runActive: false, runError: null, cancelRequested: false });
  });

  it('a run that ended without a summary says why, in every window', () => {
    const error = { code: 'output-refused', message: '/night/calibrated holds a raw frame' } as const;
    const patch = runAfterEvents({ ...finishedWindow(), runActive: true }, [{ kind: 'run', run: runState(false, { error }) }]);
    expect(patch).toMatchObject({ runActive: false, summary: null, runFailure: error });
  });

  it('a frame not in the list is added at its end; scan and master events are not the run’s', () => {
    const state = finishedWindow();
    expect(runAfterEvents(state, [{ kind: 'frame', ...frame('extra.fits', 'running') }]).runFrameIds).toEqual([...lights, 'extra.fits']);
    expect(runAfterEvents(state, [{ kind: 'scan', phase: 'done', root: '/n', filesRead: 1, filesFound: 1, groups: 1, unclassified: 0, problems: 0 }])).toEqual({});
  });
});

describe('the other slices’ events', () => {
  it('masters: a master event changes its master and its strips, nothing else', () => {
    const store = createAppStore(stubApi());
    store.getState().showNight(night, 'opened');
    const id = night.plan.masters[0].id;
    const patch = mastersAfterEvents(store.getState(), [
      { kind: 'master', masterId: id, status: 'building', stripsDone: 1, stripsTotal: 4, master: null },
      { kind: 'master', masterId: id, status: 'done', stripsDone: 4, stripsTotal: 4, master: builtMaster(night, id) },
      { kind: 'frame', ...frame(lights[0], 'done') },
    ]);
    expect(Object.keys(patch).sort()).toEqual(['masterStrips', 'masters']);
    expect(patch.masters![id].status).toBe('done');
    expect(patch.masterStrips![id]).toEqual({ done: 4, total: 4 });
    expect(mastersAfterEvents(store.getState(), [{ kind: 'frame', ...frame(lights[0], 'done') }])).toEqual({});
  });

  it('night: the latest scan event', () => {
    const state = createAppStore(stubApi()).getState();
    const first: NightcalEvent = { kind: 'scan', phase: 'progress', root: '/n', filesRead: 1, filesFound: 9, groups: 0, unclassified: 0, problems: 0 };
    const last: NightcalEvent = { ...first, filesRead: 9, phase: 'done' };
    expect(nightAfterEvents(state, [first, last])).toEqual({ scan: last });
    expect(nightAfterEvents(state, [{ kind: 'frame', ...frame('x', 'done') }])).toEqual({});
  });

  it('night: the latest night a watch made replaces the night, with the scan event beside it', () => {
    const store = createAppStore(stubApi());
    const [before, fewer, more] = [testNight(2), testNight(3), testNight(4)];
    store.setState({ night: before });
    const scan: NightcalEvent = { kind: 'scan', phase: 'done', root: '/n', filesRead: 1, filesFound: 9, groups: 0, unclassified: 0, problems: 0 };
    expect(nightAfterEvents(store.getState(), [{ kind: 'night', night: fewer }, scan, { kind: 'night', night: more }])).toEqual({ scan, night: more });
    store.getState().applyEvents([{ kind: 'night', night: more }]);
    expect(store.getState().night).toBe(more);
    expect(lightIdsOf(store.getState().night!)).toHaveLength(lightIdsOf(more).length);
  });

  it('preview: an image rewritten is forgotten (a master done, a light done), others kept', () => {
    const store = createAppStore(stubApi());
    const image = { width: 1 } as PreviewImage;
    store.setState({ previews: { 'master:bias@320': { status: 'ready', value: image }, 'calibrated:L1@1024': { status: 'ready', value: image }, 'raw:L1@1024': { status: 'ready', value: image } } });
    const patch = previewAfterEvents(store.getState(), [{ kind: 'master', masterId: 'bias', status: 'done', stripsDone: 1, stripsTotal: 1, master: null }, { kind: 'frame', ...frame('L1', 'done') }]);
    expect(Object.keys(patch.previews!)).toEqual(['raw:L1@1024']);
    expect(previewAfterEvents(store.getState(), [{ kind: 'frame', ...frame('L1', 'running') }])).toEqual({});
  });
});

describe('the run step before and during a run', () => {
  it('before any run, the list is the lights the run will take (queued), and the counts match the button', () => {
    const store = createAppStore(stubApi());
    store.getState().showNight(night, 'opened');
    const ids = shownFrameIds(store.getState());
    expect(ids).toEqual(lights);
    // The fake night has one truncated light: listed, but not counted as one the run calibrates.
    expect(lightCounts(night)).toEqual({ calibratable: lights.length - 1, blocked: 1 });
    expect(countFrameStatuses(ids, {}).queued).toBe(lights.length);
  });

  it('the incomplete filter keeps the lights the plan calibrates without every step, not failed ones', () => {
    expect(idsCalibratedIncompletely(lights, {}, treatmentsOf(night))).toEqual([]); // every light gets bias, dark and flat
    // The same night without its R flats: its R lights go without a flat.
    const all = fakeFrames(night.root, 12);
    const withoutR = nightView(night.root, all.filter((f) => !(f.classification.type === 'flat' && f.facts?.filter === 'R')), 0.5);
    const ids = lightIdsOf(withoutR);
    const rLights = ids.filter((id) => withoutR.frames.find((f) => f.id === id)?.facts?.filter === 'R');
    expect(rLights.length).toBeGreaterThan(0);
    const treatments = treatmentsOf(withoutR)!;
    expect(idsCalibratedIncompletely(ids, {}, treatments)).toEqual(rLights);
    expect(treatments.get(rLights[0])!.notes).toEqual(['no-flat']);
    const failed = { [rLights[0]]: frame(rLights[0], 'failed') };
    expect(idsCalibratedIncompletely(ids, failed, treatments)).toEqual(rLights.slice(1));
  });
});
