/** The API object every front end serves, exercised directly (no Electron, no transport). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiError, type NightcalEvent } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { createPixelBuffers, readImage } from '../../../electron/fits/read-pixels';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { testHost } from '../../support/test-host';

let root: string;
let night: string;
let api: NightcalService;
const events: NightcalEvent[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-api-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 64, lights: 60, seed: 5 });
  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
  api.onEvent((event) => events.push(event));
}, 60_000);
afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function pixelsOf(path: string): Promise<Float32Array> {
  return readImage(await readFitsHeader(path), null, createPixelBuffers());
}

describe('before a night is open', () => {
  test('requests that need a night say so', async () => {
    await expect(api.buildMasters({})).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/no night is open/) });
    await expect(api.getPreview({ source: { kind: 'raw', frameId: 'x' } })).rejects.toBeInstanceOf(ApiError);
  });

  test('a folder that does not exist is not-found', async () => {
    await expect(api.openNight({ path: join(root, 'nope') })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('a night through the API', () => {
  test('openNight streams scan events and returns the night', async () => {
    const view = await api.openNight({ path: night });
    expect(view.frames).toHaveLength(15 + 10 + 20 + 60);
    expect(events.filter((e) => e.kind === 'scan').at(-1)).toMatchObject({ phase: 'done', filesFound: 105, groups: 6 });
    expect((await api.getSnapshot()).recentNights[0]).toBe(night);
  });

  test('setFrameOverride excludes a file and changes a type; the plan follows', async () => {
    let view = await api.setFrameOverride({ frameId: 'Bias/Bias-001.fit', excluded: true });
    expect(view.groups.find((g) => g.type === 'bias')!.frameIds).toHaveLength(14);
    view = await api.setFrameOverride({ frameId: 'Lights/M51-001L.fit', type: 'unknown' });
    expect(view.unclassified).toContain('Lights/M51-001L.fit');
    expect(view.frames.find((f) => f.id === 'Lights/M51-001L.fit')!.classification.rule).toBe('user');
    view = await api.setFrameOverride({ frameId: 'Lights/M51-001L.fit', type: null });
    view = await api.setFrameOverride({ frameId: 'Bias/Bias-001.fit', excluded: false });
    expect(view.unclassified).toEqual([]);
    expect(view.groups.find((g) => g.type === 'bias')!.frameIds).toHaveLength(15);
    await expect(api.setFrameOverride({ frameId: 'no/such.fit', excluded: true })).rejects.toMatchObject({ code: 'not-found' });
  });

  test('buildMasters reports progress per master and returns them done', async () => {
    const masters = await api.buildMasters({});
    expect(masters.map((m) => m.status)).toEqual(['done', 'done', 'done', 'done']);
    const masterEvents = events.filter((e): e is Extract<NightcalEvent, { kind: 'master' }> => e.kind === 'master');
    expect(new Set(masterEvents.map((e) => e.masterId)).size).toBe(4);
    expect(masterEvents.filter((e) => e.status === 'done')).toHaveLength(4);
    expect(masters.find((m) => m.spec.kind === 'dark')!.stats!.hotPixels).toBeGreaterThan(0);
  });

  test('previews are downsampled with statistics; headers are read by id only', async () => {
    const master = (await api.getSnapshot()).masters[0];
    const preview = await api.getPreview({ source: { kind: 'master', masterId: master.spec.id }, maxSize: 32 });
    expect(preview).toMatchObject({ width: 32, height: 32, sourceWidth: 64, sourceHeight: 64, binFactor: 2 });
    expect(preview.pixels).toBeInstanceOf(Float32Array);
    expect(preview.pixels).toHaveLength(32 * 32);
    expect(preview.histogram.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(preview.limits.zscale.z1).toBeLessThanOrEqual(preview.limits.zscale.z2);
    const raw = await api.getPreview({ source: { kind: 'raw', frameId: 'Lights/M51-001L.fit' } });
    expect(raw.width).toBe(64);
    const header = await api.getHeader({ source: { kind: 'raw', frameId: 'Lights/M51-001L.fit' } });
    expect(header.cards.some((card) => card.startsWith('IMAGETYP= '))).toBe(true);
    await expect(api.getHeader({ source: { kind: 'raw', frameId: '../../etc/passwd' } })).rejects.toMatchObject({ code: 'not-found' });
    await expect(api.getPreview({ source: { kind: 'calibrated', frameId: 'Lights/M51-001L.fit' } })).rejects.toMatchObject({ code: 'not-found' });
  });

  test('cancel midway: no partial file; a second run resumes and equals an uninterrupted run', async () => {
    const out = join(root, 'resumed');
    let started = 0;
    const stopAfterSome = api.onEvent((event) => {
      if (event.kind === 'frame' && event.status === 'done' && ++started === 5) void api.cancelRun();
    });
    const first = await api.calibrate({ outputDir: out });
    stopAfterSome();
    expect(first.cancelled).toBe(true);
    expect(first.done).toBeGreaterThanOrEqual(5);
    expect(first.done).toBeLessThan(60);
    const afterCancel = readdirSync(out, { recursive: true }) as string[];
    expect(afterCancel.filter((name) => name.includes('partial'))).toEqual([]);
    // Exactly the frames reported done are there, each whole: a cancel lets the frames in
    // hand finish rather than killing a worker mid-write.
    const written = afterCancel.filter((name) => name.startsWith('Lights/'));
    expect(written.length).toBe(first.done);
    for (const name of written) expect((await pixelsOf(join(out, name))).length).toBe(64 * 64);

    const second = await api.calibrate({ outputDir: out });
    expect(second).toMatchObject({ cancelled: false, failed: 0, skipped: first.done, done: 60 - first.done });

    const whole = await api.calibrate({ outputDir: join(root, 'whole') });
    expect(whole.done).toBe(60);
    for (const name of readdirSync(join(out, 'Lights'))) {
      const resumed = await pixelsOf(join(out, 'Lights', name));
      const reference = await pixelsOf(join(root, 'whole', 'Lights', name));
      expect(Buffer.from(resumed.buffer, resumed.byteOffset, resumed.byteLength).equals(Buffer.from(reference.buffer, reference.byteOffset, reference.byteLength))).toBe(true);
    }
    const preview = await api.getPreview({ source: { kind: 'calibrated', frameId: 'Lights/M51-001L.fit' } });
    expect(preview.sourceWidth).toBe(64);
  });

  test('one step at a time: a second request while running is busy', async () => {
    const running = api.calibrate({ outputDir: join(root, 'busy') });
    await expect(api.buildMasters({})).rejects.toMatchObject({ code: 'busy' });
    await running;
  });
});
