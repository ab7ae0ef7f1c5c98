import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isAlreadyCalibrated, manifestPath, ManifestRecorder, MANIFEST_FORMAT, readManifest, type RunManifest } from '../../../electron/outputs/run-manifest';

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
  };
}

describe('ManifestRecorder', () => {
  test('flush writes the manifest atomically and readManifest reads it back', async () => {
    const recorder = new ManifestRecorder(emptyManifest('id-1'), 10_000);
    recorder.recordFrame({ frameId: 'L/a.fits', status: 'done', ms: 12, outputPath: join(dir, 'a.fits'), error: null, inputSizeBytes: 10, inputMtimeMs: 5, calstat: 'BDF' });
    await recorder.flush();
    const read = readManifest(dir);
    expect(read?.identity).toBe('id-1');
    expect(read?.frames['L/a.fits'].status).toBe('done');
  });

  test('records are written on a timer, not once per frame', async () => {
    const recorder = new ManifestRecorder(emptyManifest('id-2'), 30);
    for (let i = 0; i < 100; i += 1) {
      recorder.recordFrame({ frameId: `f${i}`, status: 'done', ms: 1, outputPath: null, error: null, inputSizeBytes: 1, inputMtimeMs: 1, calstat: null });
    }
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(Object.keys(readManifest(dir)!.frames)).toHaveLength(100);
  });

  test('an unreadable or foreign manifest is treated as none', () => {
    writeFileSync(manifestPath(dir), '{ not json');
    expect(readManifest(dir)).toBeNull();
    writeFileSync(manifestPath(dir), JSON.stringify({ format: 'something-else' }));
    expect(readManifest(dir)).toBeNull();
  });
});

describe('isAlreadyCalibrated', () => {
  test('needs the same identity, a done record, an unchanged input and an existing output', async () => {
    const output = join(dir, 'a.fits');
    writeFileSync(output, 'x'.repeat(2880));
    const manifest = emptyManifest('same');
    manifest.frames['a'] = { frameId: 'a', status: 'done', ms: 1, outputPath: output, error: null, inputSizeBytes: 100, inputMtimeMs: 1000, calstat: 'B' };
    manifest.frames['b'] = { frameId: 'b', status: 'failed', ms: 1, outputPath: null, error: { code: 'truncated', message: 'b: cut' }, inputSizeBytes: 100, inputMtimeMs: 1000, calstat: null };
    const frame = { id: 'a', sizeBytes: 100, mtimeMs: 1000 };
    expect(isAlreadyCalibrated(manifest, 'same', frame)).toBe(true);
    expect(isAlreadyCalibrated(manifest, 'other', frame)).toBe(false);
    expect(isAlreadyCalibrated(null, 'same', frame)).toBe(false);
    expect(isAlreadyCalibrated(manifest, 'same', { ...frame, sizeBytes: 101 })).toBe(false);
    expect(isAlreadyCalibrated(manifest, 'same', { ...frame, mtimeMs: 1001 })).toBe(false);
    expect(isAlreadyCalibrated(manifest, 'same', { id: 'b', sizeBytes: 100, mtimeMs: 1000 })).toBe(false);
    rmSync(output);
    expect(isAlreadyCalibrated(manifest, 'same', frame)).toBe(false);
  });
});
