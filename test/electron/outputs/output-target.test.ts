/**
 * Raw data is sacred, per output file: NightCal replaces only files it wrote, never follows a
 * link inside the output folder, and never makes the folders it writes into from a writer.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeFileAtomicSync } from '../../../electron/outputs/atomic-write';
import { assertRealFolder, ensureOutputFolders, inspectOutputTarget } from '../../../electron/outputs/output-target';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nightcal-target-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const card = (text: string): string => text.padEnd(80, ' ');
/** A raw frame as a camera writes it: no NightCal card. */
const RAW = card('SIMPLE  =                    T') + card("IMAGETYP= 'Light Frame'") + card('END') + ' '.repeat(2880 - 240);
/** An output NightCal wrote: its SOFTWARE card, after the raw header's cards. */
const OWN = card('SIMPLE  =                    T') + card("IMAGETYP= 'Light Frame'") + card("SOFTWARE= 'NightCal 0.1.0'") + card('END') + ' '.repeat(2880 - 320);
/** A SOFTWARE card after END is data, not header: not NightCal's. */
const CARD_AFTER_END = card('SIMPLE  =                    T') + card('END') + card("SOFTWARE= 'NightCal 0.1.0'") + ' '.repeat(2880 - 240);

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('what is at an output path', () => {
  test('absent, a file NightCal wrote, or anything else said in words', () => {
    writeFileSync(join(dir, 'raw.fits'), RAW);
    writeFileSync(join(dir, 'own.fits'), OWN);
    writeFileSync(join(dir, 'after-end.fits'), CARD_AFTER_END);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    mkdirSync(join(dir, 'folder.fits'));
    symlinkSync(join(dir, 'own.fits'), join(dir, 'link.fits'));
    expect(inspectOutputTarget(join(dir, 'none.fits'))).toEqual({ kind: 'absent' });
    expect(inspectOutputTarget(join(dir, 'own.fits'))).toMatchObject({ kind: 'own', size: 2880 });
    expect(inspectOutputTarget(join(dir, 'raw.fits'))).toEqual({ kind: 'foreign', why: 'a FITS file NightCal did not write' });
    expect(inspectOutputTarget(join(dir, 'after-end.fits'))).toEqual({ kind: 'foreign', why: 'a FITS file NightCal did not write' });
    expect(inspectOutputTarget(join(dir, 'notes.txt'))).toEqual({ kind: 'foreign', why: 'a file NightCal did not write' });
    expect(inspectOutputTarget(join(dir, 'folder.fits'))).toEqual({ kind: 'foreign', why: 'a folder' });
    // A link is never followed, even to a file NightCal wrote.
    expect(inspectOutputTarget(join(dir, 'link.fits'))).toEqual({ kind: 'foreign', why: 'a symbolic link' });
  });

  test('a FIFO in place of an output is refused at once, without hanging', () => {
    execFileSync('mkfifo', [join(dir, 'pipe.fits')]);
    expect(inspectOutputTarget(join(dir, 'pipe.fits'))).toEqual({ kind: 'foreign', why: 'not a regular file' });
  });
});

describe('writing an output', () => {
  test('never replaces a raw frame, a link or another program’s file; replaces its own; takes a free path', () => {
    writeFileSync(join(dir, 'raw.fits'), RAW);
    writeFileSync(join(dir, 'own.fits'), OWN);
    mkdirSync(join(dir, 'night'));
    writeFileSync(join(dir, 'night', 'light.fits'), RAW);
    symlinkSync(join(dir, 'night', 'light.fits'), join(dir, 'linked.fits'));
    const rawBefore = sha(join(dir, 'raw.fits'));
    const linkedBefore = sha(join(dir, 'night', 'light.fits'));
    const bytes = [Buffer.from(OWN)];

    expect(() => writeFileAtomicSync(join(dir, 'raw.fits'), bytes)).toThrow(/raw\.fits: refusing to write here: it is a FITS file NightCal did not write/);
    expect(() => writeFileAtomicSync(join(dir, 'linked.fits'), bytes)).toThrow(/linked\.fits: refusing to write here: it is a symbolic link/);
    expect(sha(join(dir, 'raw.fits'))).toBe(rawBefore);
    expect(sha(join(dir, 'night', 'light.fits'))).toBe(linkedBefore);

    writeFileAtomicSync(join(dir, 'own.fits'), [Buffer.from(OWN.replace('0.1.0', '9.9.9'))]);
    expect(readFileSync(join(dir, 'own.fits'), 'latin1')).toContain('9.9.9');
    writeFileAtomicSync(join(dir, 'new.fits'), bytes);
    expect(readFileSync(join(dir, 'new.fits'), 'latin1')).toBe(OWN);
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
  });

  test('a partial file planted as a link to a raw frame is removed, never written through', () => {
    mkdirSync(join(dir, 'night'));
    writeFileSync(join(dir, 'night', 'light.fits'), RAW);
    const before = sha(join(dir, 'night', 'light.fits'));
    symlinkSync(join(dir, 'night', 'light.fits'), join(dir, '.out.fits.nightcal-partial'));
    writeFileAtomicSync(join(dir, 'out.fits'), [Buffer.from(OWN)]);
    expect(sha(join(dir, 'night', 'light.fits'))).toBe(before);
    expect(readFileSync(join(dir, 'out.fits'), 'latin1')).toBe(OWN);
  });
});

describe('the folders outputs go into', () => {
  test('are made one level at a time inside the output folder', () => {
    ensureOutputFolders(dir, [join(dir, 'Lights', 'M51'), join(dir, 'masters')]);
    expect(existsSync(join(dir, 'Lights', 'M51'))).toBe(true);
    expect(existsSync(join(dir, 'masters'))).toBe(true);
  });

  test('a symbolic link inside the output folder (to a night’s raw lights) is refused, and nothing is written there', () => {
    mkdirSync(join(dir, 'night', 'Lights'), { recursive: true });
    writeFileSync(join(dir, 'night', 'Lights', 'a.fits'), RAW);
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'night', 'Lights'), join(dir, 'out', 'Lights'));
    expect(() => ensureOutputFolders(join(dir, 'out'), [join(dir, 'out', 'Lights')])).toThrow(/out\/Lights: refusing to write through it: it is a symbolic link/);
    // And a writer that gets there anyway (a link swapped in after the check) refuses too.
    expect(() => writeFileAtomicSync(join(dir, 'out', 'Lights', 'a.fits'), [Buffer.from(OWN)])).toThrow(/refusing to write through it: it leads to/);
    expect(readFileSync(join(dir, 'night', 'Lights', 'a.fits'), 'latin1')).toBe(RAW);
    expect(readdirSync(join(dir, 'night', 'Lights'))).toEqual(['a.fits']);
  });

  test('a folder removed is said to be gone, not made again', () => {
    expect(() => assertRealFolder(join(dir, 'gone'))).toThrow(expect.objectContaining({ code: 'output-vanished' }));
  });
});
