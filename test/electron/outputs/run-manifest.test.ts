import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { frameState } from '../../../shared/run-views';
import { hasManifest, manifestPath, ManifestRecorder, MANIFEST_FORMAT, readManifest, type RunManifest } from '../../../electron/outputs/run-manifest';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nightcal-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function emptyManifest(identity: string): RunManifest {
  return {
    format: MANIFEST_FORMAT,
    software: { name: 'NightCal', version: 'test' },
    night: '/night',
    outputDir: dir,
    identity,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    settings: { combine: 'median', memoryMB: 64, workers: 2 },
    inputs: [],
    groups: [],
    problems: [],
    lights: [],
    masters: [],
    frames: {},
    summary: null,
    review: { rules: ['fwhm>median+3mad'], verdicts: {} },
  };
}

describe('ManifestRecorder', () => {
  test('flush writes the manifest atomically and readManifest reads it back', async () => {
    const recorder = new ManifestRecorder(emptyManifest('id-1'), 10_000);
    recorder.recordFrame({ ...frameState('L/a.fits', 'done', { ms: 12, outputPath: join(dir, 'a.fits') }), input: null, output: { sizeBytes: 2880, checksum: 'f4x32:2880:0' }, masters: null, calstat: 'BDF', filter: 'L', dateObs: null });
    await recorder.flush();
    const read = readManifest(dir);
    expect(read?.identity).toBe('id-1');
    expect(read?.frames['L/a.fits'].status).toBe('done');
  });

  test('records are written on a timer, not once per frame', async () => {
    const recorder = new ManifestRecorder(emptyManifest('id-2'), 30);
    for (let i = 0; i < 100; i += 1) {
      recorder.recordFrame({ ...frameState(`f${i}`, 'done', { ms: 1 }), input: null, output: null, masters: null, calstat: null, filter: null, dateObs: null });
    }
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(Object.keys(readManifest(dir)!.frames)).toHaveLength(100);
  });

  test('a manifest written before lights had quality records and a review reads with none', () => {
    const { review: _review, ...before } = emptyManifest('id-3');
    const frame = { frameId: 'L/a.fits', status: 'done', ms: 3, outputPath: join(dir, 'a.fits'), error: null, kernel: null, write: null, input: null, output: null, masters: null, calstat: 'BDF' };
    writeFileSync(manifestPath(dir), JSON.stringify({ ...before, frames: { 'L/a.fits': frame } }));
    const read = readManifest(dir)!;
    expect(read.review).toEqual({ rules: [], verdicts: {} });
    expect(read.frames['L/a.fits']).toMatchObject({ quality: null, filter: null, dateObs: null, calstat: 'BDF' });
  });

  test('an unreadable or foreign manifest is treated as none', () => {
    writeFileSync(manifestPath(dir), '{ not json');
    expect(readManifest(dir)).toBeNull();
    writeFileSync(manifestPath(dir), JSON.stringify({ format: 'something-else' }));
    expect(readManifest(dir)).toBeNull();
    // An older format is not read (its records lack what resuming needs), but the folder is still NightCal's.
    writeFileSync(manifestPath(dir), JSON.stringify({ format: 'nightcal-run/1', identity: 'x', frames: {} }));
    expect(readManifest(dir)).toBeNull();
    expect(hasManifest(dir)).toBe(true);
  });
});
