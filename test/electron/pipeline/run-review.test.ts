/**
 * A run's review from its manifest: only lights with an output are judged and listed, each
 * against its own filter; a light measured by no run (an older manifest) is kept unless rejected by
 * hand; a change is made under the folder's lock and recorded in the manifest.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { FrameQuality } from '../../../shared/contract';
import { frameState } from '../../../shared/run-views';
import { FolderLock } from '../../../electron/outputs/folder-lock';
import { manifestPath, MANIFEST_FORMAT, readManifest, type ManifestFrame, type RunManifest } from '../../../electron/outputs/run-manifest';
import { changeReview, reviewOfManifest, writeReview } from '../../../electron/pipeline/run-review';
import { removeFolder, tempFolder } from '../fits/fits-fixtures';

let dir: string;
beforeEach(() => {
  dir = tempFolder('run-review');
  mkdirSync(join(dir, 'Lights'));
});
afterEach(() => removeFolder(dir));

const quality = (fwhm: number, stars = 1000): FrameQuality => ({ background: 300, noise: 15, stars, fwhm, fwhmArcsec: null, eccentricity: 0.05, saturated: 0, weight: 1e8, unmeasured: null, channels: null });

function frame(id: string, filter: string, status: 'done' | 'failed' | 'skipped', q: FrameQuality | null): ManifestFrame {
  return { ...frameState(id, status, { outputPath: status === 'failed' ? null : join(dir, id), quality: q }), filter, dateObs: null, input: null, output: null, masters: null, calstat: 'BDF' };
}

function manifest(frames: ManifestFrame[]): RunManifest {
  return {
    format: MANIFEST_FORMAT, software: { name: 'NightCal', version: 'test' }, night: '/night', outputDir: dir, identity: 'x', startedAt: '', finishedAt: null,
    settings: { combine: 'median', memoryMB: 64, workers: 1 }, inputs: [], groups: [], problems: [],
    lights: frames.map((f) => ({ frameId: f.frameId, groupId: null, biasId: null, darkId: null, darkScale: 0, flatId: null, missing: [], calstat: 'BDF', blocked: null, steps: { bias: null, dark: null, flat: null }, precalibrated: '' })) as unknown as RunManifest['lights'],
    masters: [], frames: Object.fromEntries(frames.map((f) => [f.frameId, f])), summary: null,
    review: { rules: [], verdicts: {} },
  };
}

const night = () =>
  manifest([
    frame('Lights/a-L.fit', 'L', 'done', quality(3)),
    frame('Lights/b-L.fit', 'L', 'done', quality(3.1)),
    frame('Lights/c-L.fit', 'L', 'skipped', quality(2.9)),
    frame('Lights/d-L.fit', 'L', 'done', quality(5.4)), // defocused
    frame('Lights/e-L.fit', 'L', 'failed', null),
    frame('Lights/f-L.fit', 'L', 'done', null), // measured by no run
    frame('Lights/a-R.fit', 'R', 'done', quality(5.4)), // R's own median: not defocused there
    frame('Lights/b-R.fit', 'R', 'done', quality(5.5)),
    frame('Lights/c-R.fit', 'R', 'done', quality(5.3)),
  ]);

describe('the review of a manifest', () => {
  test('judges each light with an output within its filter, the defaults when the manifest has no rules', () => {
    const { review, kept } = reviewOfManifest(night());
    expect(review.frames.map((f) => f.frameId)).not.toContain('Lights/e-L.fit');
    expect(review.frames.filter((f) => f.rejected).map((f) => f.frameId)).toEqual(['Lights/d-L.fit']);
    expect(review.rules).toEqual(['fwhm>median+3mad', 'stars<50%', 'background>median+5mad', 'eccentricity>0.6']);
    expect(kept).toEqual([
      { filter: 'L', outputs: ['Lights/a-L.fit', 'Lights/b-L.fit', 'Lights/c-L.fit', 'Lights/f-L.fit'] },
      { filter: 'R', outputs: ['Lights/a-R.fit', 'Lights/b-R.fit', 'Lights/c-R.fit'] },
    ]);
  });

  test('writes the kept lists beside the manifest', () => {
    const review = writeReview(night());
    expect(review.keptLists.map((l) => [l.filter, l.frames])).toEqual([['L', 4], ['R', 3]]);
    expect(readFileSync(join(dir, 'kept_R.txt'), 'utf8')).toBe('Lights/a-R.fit\nLights/b-R.fit\nLights/c-R.fit\n');
  });

  test('a verdict is recorded and wins; an unknown light, a missing run or a folder in use is refused', async () => {
    writeFileSync(manifestPath(dir), JSON.stringify(night()));
    const review = await changeReview(dir, { kind: 'verdict', frameId: 'Lights/f-L.fit', verdict: 'reject' });
    expect(review.frames.find((f) => f.frameId === 'Lights/f-L.fit')).toMatchObject({ rejected: true, reasons: ['rejected by hand'] });
    expect(readManifest(dir)!.review.verdicts).toEqual({ 'Lights/f-L.fit': 'reject' });
    expect(readFileSync(join(dir, 'kept_L.txt'), 'utf8')).toBe('Lights/a-L.fit\nLights/b-L.fit\nLights/c-L.fit\n');
    const cleared = await changeReview(dir, { kind: 'verdict', frameId: 'Lights/f-L.fit', verdict: null });
    expect(cleared.frames.find((f) => f.frameId === 'Lights/f-L.fit')!.rejected).toBe(false);
    expect(readManifest(dir)!.review.verdicts).toEqual({});
    await expect(changeReview(dir, { kind: 'verdict', frameId: 'Lights/zz.fit', verdict: 'keep' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(changeReview(join(dir, 'Lights'), { kind: 'verdict', frameId: 'x', verdict: 'keep' })).rejects.toMatchObject({ code: 'not-found' });
    const held = FolderLock.acquire(dir, 'another run');
    try {
      await expect(changeReview(dir, { kind: 'rules', rules: null })).rejects.toMatchObject({ code: 'busy' });
    } finally {
      held.release();
    }
  });
});
