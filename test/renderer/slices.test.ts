import { describe, expect, it } from 'vitest';
import type { FrameRunState, MasterEvent, PreviewImage } from '../../shared/contract';
import { masterAfterEvent, mastersFromPlan, mastersFromViews } from '../../renderer/masters/masters-slice';
import { withRecentNight } from '../../renderer/night/night-slice';
import { isEvictable, previewProblem, sourceKey, THUMBNAIL_PREVIEW_SIZE, viewerSources, withCacheEntry, withoutSource } from '../../renderer/preview/preview-slice';
import { countFrameStatuses, idsWithStatus, lightIdsOf, progressPercent, queuedFrame } from '../../renderer/run/run-slice';
import { lightsToCalibrate } from '../../shared/night/lights-to-calibrate';
import { builtMaster, testNight } from './store-fixtures';

const state = (frameId: string, status: FrameRunState['status']): FrameRunState => ({ ...queuedFrame(frameId), status });

describe('run slice helpers', () => {
  const frames = { a: state('a', 'done'), b: state('b', 'failed'), c: state('c', 'running'), d: state('d', 'skipped') };
  const ids = ['a', 'b', 'c', 'd', 'e']; // 'e' has no state yet: queued

  it('counts frames per status, a frame without state as queued', () => {
    expect(countFrameStatuses(ids, frames)).toEqual({ queued: 1, running: 1, done: 1, failed: 1, cancelled: 0, skipped: 1, total: 5 });
  });

  it('percent: whole and floored, one number for text, bar and ARIA; from the summary once the run ended', () => {
    const counts = countFrameStatuses(ids, frames); // 3 of 5 finished
    expect(progressPercent(counts, null)).toBe(60);
    // 199 of 200 is not yet 100 %: floored, never rounded up to a finished look.
    const nearly = { ...countFrameStatuses([], {}), done: 199, queued: 1, total: 200 };
    expect(progressPercent(nearly, null)).toBe(99);
    expect(progressPercent({ ...nearly, done: 200, queued: 0 }, null)).toBe(100);
    const summary = { total: 5, done: 3, failed: 1, skipped: 1, cancelled: false } as const;
    expect(progressPercent(counts, summary as never)).toBe(100);
    // Cancelled after 40 written and 8 skipped of 1,000: 4.8 % reads and draws as 4.
    expect(progressPercent(counts, { total: 1000, done: 40, failed: 0, skipped: 8, cancelled: true } as never)).toBe(4);
    expect(progressPercent(countFrameStatuses([], {}), null)).toBe(0);
    expect(progressPercent(countFrameStatuses([], {}), { total: 0, done: 0, failed: 0, skipped: 0 } as never)).toBe(100);
  });

  it('filters by status, and an empty filter gives back the same array', () => {
    expect(idsWithStatus(ids, frames, ['done', 'skipped'])).toEqual(['a', 'd']);
    expect(idsWithStatus(ids, frames, ['queued'])).toEqual(['e']);
    expect(idsWithStatus(ids, frames, [])).toBe(ids);
  });

  it('a run covers the lights main calibrates, in its order: the planned ones and those the plan could not take', () => {
    const night = testNight(7);
    // The fake night has a truncated light the plan cannot take: main fails it with the reason.
    expect(night.plan.lights.map((l) => l.frameId)).not.toContain('Lights/L/M101_L_300s_broken.fits');
    expect(lightIdsOf(night)).toContain('Lights/L/M101_L_300s_broken.fits');
    expect(lightIdsOf(night)).toEqual(lightsToCalibrate(night).map((l) => l.frameId));
    expect(lightIdsOf(night)).toBe(lightIdsOf(night)); // computed once per night
  });

  it('excluded lights and byte-identical copies are not in a run, as in main', () => {
    const night = testNight(3);
    const [first, second] = night.frames.filter((f) => f.classification.type === 'light' && f.facts);
    const unplanned = { ...first, id: 'Lights/zz-unreadable.fit', facts: null };
    const excluded = { ...first, id: 'Lights/aa-excluded.fit', excluded: true };
    const duplicate = { ...second, id: 'Lights/ab-copy.fit', duplicateOf: second.id };
    const more = { ...night, frames: [...night.frames, unplanned, excluded, duplicate] };
    expect(lightIdsOf(more)).toEqual(lightsToCalibrate(more).map((l) => l.frameId));
    expect(lightIdsOf(more)).toContain('Lights/zz-unreadable.fit');
    expect(lightIdsOf(more)).not.toContain('Lights/aa-excluded.fit');
    expect(lightIdsOf(more)).not.toContain('Lights/ab-copy.fit');
  });
});

describe('masters slice helpers', () => {
  const night = testNight(4);
  const [bias, dark] = night.plan.masters;

  it('a new plan keeps a built master whose frames are the same and replans one whose frames changed', () => {
    const known = { [bias.id]: builtMaster(night, bias.id), [dark.id]: builtMaster(night, dark.id) };
    const plan = { ...night.plan, masters: night.plan.masters.map((m) => (m.id === dark.id ? { ...m, frameIds: m.frameIds.slice(1) } : m)) };
    const { masterIds, masters } = mastersFromPlan(plan, known);
    expect(masterIds).toEqual(night.plan.masters.map((m) => m.id));
    expect(masters[bias.id]).toBe(known[bias.id]);
    expect(masters[dark.id].status).toBe('planned');
  });

  it('views follow the plan order, with masters outside the plan at the end', () => {
    const stray = { ...builtMaster(night, bias.id), spec: { ...bias, id: 'stray' } };
    const { masterIds } = mastersFromViews([stray, builtMaster(night, dark.id)], night.plan);
    expect(masterIds).toEqual([...night.plan.masters.map((m) => m.id), 'stray']);
  });

  it('an event with the finished view replaces the master; a status event only changes its status', () => {
    const planned = mastersFromPlan(night.plan).masters[bias.id];
    const building: MasterEvent = { kind: 'master', masterId: bias.id, status: 'building', stripsDone: 1, stripsTotal: 3, master: null };
    expect(masterAfterEvent(planned, building)).toEqual({ ...planned, status: 'building' });
    const done = builtMaster(night, bias.id);
    expect(masterAfterEvent(planned, { ...building, status: 'done', master: done })).toBe(done);
    expect(masterAfterEvent(undefined, building)).toBeUndefined();
  });
});

describe('preview slice helpers', () => {
  it('keys a source with and without a size', () => {
    expect(sourceKey({ kind: 'raw', frameId: 'L/1.fits' }, 1024)).toBe('raw:L/1.fits@1024');
    expect(sourceKey({ kind: 'master', masterId: 'bias' })).toBe('master:bias');
  });

  it('a light shows its calibrated frame beside the raw one once written (done or skipped)', () => {
    const target = { kind: 'frame', frameId: 'x' } as const;
    expect(viewerSources(target, {})).toEqual([{ kind: 'raw', frameId: 'x' }]);
    expect(viewerSources(target, { x: state('x', 'failed') })).toHaveLength(1);
    expect(viewerSources(target, { x: state('x', 'done') })).toEqual([{ kind: 'raw', frameId: 'x' }, { kind: 'calibrated', frameId: 'x' }]);
    expect(viewerSources(target, { x: state('x', 'skipped') })).toHaveLength(2);
    expect(viewerSources({ kind: 'master', masterId: 'm' }, {})).toEqual([{ kind: 'master', masterId: 'm' }]);
  });

  it('the preview cache keeps the newest entries; putting a key again makes it the newest', () => {
    let cache: Record<string, number> = {};
    for (const key of ['a', 'b', 'c']) cache = withCacheEntry(cache, key, 1, 3);
    cache = withCacheEntry(cache, 'a', 2, 3); // a moves to the end
    cache = withCacheEntry(cache, 'd', 1, 3); // b, the oldest, goes
    expect(Object.keys(cache)).toEqual(['c', 'a', 'd']);
    expect(cache.a).toBe(2);
  });

  it('master thumbnails are never evicted, nor counted: a night of many masters does not refetch them round and round', () => {
    let cache: Record<string, number> = {};
    const thumbnails = Array.from({ length: 20 }, (_, i) => sourceKey({ kind: 'master', masterId: `m${i}` }, THUMBNAIL_PREVIEW_SIZE));
    for (const key of thumbnails) cache = withCacheEntry(cache, key, 1, 3, isEvictable);
    for (const key of ['raw:a@1024', 'raw:b@1024', 'raw:c@1024', 'raw:d@1024']) cache = withCacheEntry(cache, key, 1, 3, isEvictable);
    expect(Object.keys(cache)).toEqual([...thumbnails, 'raw:b@1024', 'raw:c@1024', 'raw:d@1024']);
    expect(isEvictable(sourceKey({ kind: 'master', masterId: 'm0' }, 1024))).toBe(true); // the viewer's big one is
  });

  it('forgetting a source that is not cached returns the same object', () => {
    const cache = { 'raw:x@1024': { status: 'ready', value: {} as PreviewImage } } as const;
    expect(withoutSource(cache, { kind: 'calibrated', frameId: 'x' })).toBe(cache);
    expect(withoutSource(cache, { kind: 'raw', frameId: 'x' })).toEqual({});
  });
});

describe('previewProblem (a preview as received over a transport)', () => {
  const good = {
    source: { kind: 'raw', frameId: 'x' },
    width: 2,
    height: 3,
    sourceWidth: 4,
    sourceHeight: 6,
    binFactor: 2,
    pixels: new Float32Array(6),
    stats: { mean: 0, median: 0, sigma: 0, min: 0, max: 0, nanCount: 0, hotPixels: null },
    histogram: { lo: 0, hi: 1, counts: [6] },
    limits: { zscale: { z1: 0, z2: 1 }, autoStretch: { shadows: 0, midtones: 0.5, highlights: 1 } },
    colour: null,
  } as PreviewImage;

  it('accepts a complete preview', () => {
    expect(previewProblem(good)).toBeNull();
  });

  it('names what is missing or wrong', () => {
    expect(previewProblem({ source: good.source } as PreviewImage)).toBe('the preview arrived without pixels, stats, histogram, limits');
    expect(previewProblem({ ...good, pixels: [0, 0, 0, 0, 0, 0] as unknown as Float32Array })).toBe('the preview pixels are not a Float32Array');
    expect(previewProblem({ ...good, pixels: new Float32Array(5) })).toBe('the preview holds 5 pixels, 2×3 were announced');
    expect(previewProblem({ ...good, binFactor: 0 })).toBe('the preview has no usable size (2×3, bin 0)');
  });
});

describe('night slice helpers', () => {
  it('a night opened goes first in the recent list, once, and the list stays short', () => {
    expect(withRecentNight(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    expect(withRecentNight(['/a', '/b', '/c'], '/d', 3)).toEqual(['/d', '/a', '/b']);
  });
});
