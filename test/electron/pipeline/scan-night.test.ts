import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { OUTPUT_MARKER_FILE } from '../../../electron/outputs/output-marker';
import { scanNight, type ScannedNight } from '../../../electron/pipeline/scan-night';

let root: string;
let night: string;
let scanned: ScannedNight;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-scan-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 32, lights: 4, seed: 9 });
  const original = join(night, 'Lights', 'M51-001L.fit');
  // A copy made later, with a name that sorts first: the original is still the one kept.
  copyFileSync(original, join(night, 'Lights', 'M51-001L copy.fit'));
  utimesSync(original, new Date('2026-03-15T00:00:00Z'), new Date('2026-03-15T00:00:00Z'));
  // Outputs, hidden folders, links out of the night and non-FITS files are not frames.
  mkdirSync(join(night, 'old-output'));
  writeFileSync(join(night, 'old-output', OUTPUT_MARKER_FILE), '');
  copyFileSync(original, join(night, 'old-output', 'M51-001L.fit'));
  mkdirSync(join(night, '.hidden'));
  copyFileSync(original, join(night, '.hidden', 'x.fits'));
  writeFileSync(join(night, 'notes.txt'), 'seeing 2"');
  mkdirSync(join(root, 'outside'));
  copyFileSync(original, join(root, 'outside', 'elsewhere.fits'));
  symlinkSync(join(root, 'outside'), join(night, 'link-out'));
  symlinkSync(join(night, 'Lights', 'M51-002L.fit'), join(night, 'link-in.fits'));
  scanned = await scanNight(night, { utcOffsetHours: 0 });
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scanNight', () => {
  test('finds the frames, and only them', () => {
    const ids = scanned.frames.map((entry) => entry.frame.id);
    expect(ids).toContain('Lights/M51-001L copy.fit');
    expect(ids).toContain('link-in.fits');
    expect(ids.some((id) => id.startsWith('old-output/') || id.startsWith('.hidden/') || id.startsWith('link-out/') || id.endsWith('.txt'))).toBe(false);
    expect(ids).toHaveLength(15 + 10 + 20 + 4 + 2);
  });

  test('a byte-identical copy is flagged, and the original is the one kept', () => {
    const byId = new Map(scanned.frames.map((entry) => [entry.frame.id, entry.frame]));
    expect(byId.get('Lights/M51-001L copy.fit')!.duplicateOf).toBe('Lights/M51-001L.fit');
    expect(byId.get('Lights/M51-001L.fit')!.duplicateOf).toBeNull();
    // A link to a frame of the night is the same bytes: it is a duplicate too.
    expect(byId.get('link-in.fits')!.duplicateOf).toBe('Lights/M51-002L.fit');
  });

  test('reads headers only, and classifies every demo frame', () => {
    const types = new Set(scanned.frames.map((entry) => entry.frame.classification.type));
    expect([...types].sort()).toEqual(['bias', 'dark', 'flat', 'light']);
    expect(scanned.frames.every((entry) => entry.fits !== null && entry.frame.error === null)).toBe(true);
  });
});
