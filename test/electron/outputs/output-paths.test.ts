import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { assertSafeOutputDir, calibratedPaths, defaultOutputDir, isInside, masterPath } from '../../../electron/outputs/output-paths';

let night: string;
let lights: { path: string }[];
beforeEach(() => {
  night = mkdtempSync(join(tmpdir(), 'nightcal-paths-'));
  mkdirSync(join(night, 'Lights'));
  writeFileSync(join(night, 'Lights', 'm31_001.fits'), '');
  lights = [{ path: join(night, 'Lights', 'm31_001.fits') }];
});
afterEach(() => rmSync(night, { recursive: true, force: true }));

describe('calibratedPaths', () => {
  test('keeps the relative path and name; drops compression suffixes; never collides', () => {
    const paths = calibratedPaths('/out', ['Lights/a.fits', 'Lights/b.fit.fz', 'Lights/c.FIT', 'x.fits.gz', 'x.fits', 'odd.fz']);
    expect(paths.get('Lights/a.fits')).toBe('/out/Lights/a.fits');
    expect(paths.get('Lights/b.fit.fz')).toBe('/out/Lights/b.fit');
    expect(paths.get('Lights/c.FIT')).toBe('/out/Lights/c.FIT');
    expect(paths.get('x.fits')).toBe('/out/x.fits');
    // x.fits.gz would also become x.fits: it keeps its whole name instead.
    expect(paths.get('x.fits.gz')).toBe('/out/x.fits.gz.fits');
    expect(paths.get('odd.fz')).toBe('/out/odd.fits');
    expect(new Set(paths.values()).size).toBe(paths.size);
  });

  test('masters live under masters/', () => {
    expect(masterPath('/out', { id: 'bias_1x1_512x512_2026-03-01', file: null })).toBe('/out/masters/master_bias_1x1_512x512_2026-03-01.fits');
    expect(defaultOutputDir('/n')).toBe('/n/calibrated');
  });
});

describe('assertSafeOutputDir', () => {
  test('accepts the default folder inside the night and a folder elsewhere', () => {
    expect(() => assertSafeOutputDir(join(night, 'calibrated'), night, lights)).not.toThrow();
    expect(() => assertSafeOutputDir(join(tmpdir(), 'nightcal-elsewhere'), night, lights)).not.toThrow();
  });

  test('refuses the night itself, a parent of it, and folders that hold inputs', () => {
    expect(() => assertSafeOutputDir(night, night, lights)).toThrow(/night folder/);
    expect(() => assertSafeOutputDir(join(night, 'Lights', '..'), night, lights)).toThrow(/night folder/);
    expect(() => assertSafeOutputDir(join(night, '..'), night, lights)).toThrow(/night folder/);
    expect(() => assertSafeOutputDir(join(night, 'Lights'), night, lights)).toThrow(/m31_001\.fits/);
  });

  test('sees through a symbolic link to the night', () => {
    const link = join(tmpdir(), `nightcal-link-${process.pid}`);
    rmSync(link, { force: true });
    symlinkSync(night, link);
    try {
      expect(() => assertSafeOutputDir(link, night, lights)).toThrow(/night folder/);
    } finally {
      rmSync(link, { force: true });
    }
  });

  test('isInside', () => {
    expect(isInside('/a/b', '/a')).toBe(true);
    expect(isInside('/a', '/a')).toBe(true);
    expect(isInside('/ab', '/a')).toBe(false);
    expect(isInside('/a/../b', '/a')).toBe(false);
  });
});
