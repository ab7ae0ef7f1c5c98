/**
 * A small calibration library written in code: raw darks and biases (N.I.N.A. style) at two gains
 * and two temperatures, and masters in other programs' header styles (NightCal, PixInsight,
 * APP's CALFRAME, Siril's stacked dark, 'masterDark'). Each frame's pixels come from its seed,
 * so two frames differ unless asked to be the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeUint16Image, formatCard, historyCards } from '../../../electron/fits/write-fits';
import type { FrameKind, MasterOrigin } from '../../../shared/night/frames';

export const WIDTH = 8;
export const HEIGHT = 6;

/** The bytes of a small 16-bit FITS file with `cards` after the structural ones; pixels from `seed`. */
export function fitsBytes(cards: readonly string[], seed: number, width = WIDTH, height = HEIGHT): Buffer {
  const values = new Float32Array(width * height);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < values.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = 1000 + (state % 500);
  }
  return Buffer.concat(encodeUint16Image(cards, width, height, values));
}

export function writeFits(path: string, cards: readonly string[], seed: number): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  const bytes = fitsBytes(cards, seed);
  writeFileSync(path, bytes);
  return bytes;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function sha256OfFile(path: string): string {
  return sha256Of(readFileSync(path));
}

/** A raw calibration frame's cards as N.I.N.A. writes them. */
export function rawCards(type: 'BIAS' | 'DARK', exposure: number, gain: number, setTemp: number, date: string): string[] {
  return [
    formatCard('IMAGETYP', type, 'Type of exposure'),
    formatCard('EXPTIME', exposure, '[s] Exposure duration'),
    formatCard('DATE-OBS', date, 'Time of observation (UTC)'),
    formatCard('GAIN', gain, 'Sensor gain'),
    formatCard('OFFSET', 50, 'Sensor gain offset'),
    formatCard('SET-TEMP', setTemp, '[degC] CCD temperature setpoint'),
    formatCard('CCD-TEMP', setTemp + 0.1, '[degC] CCD temperature'),
    formatCard('INSTRUME', 'ZWO ASI2600MM Pro', 'Imaging instrument name'),
    formatCard('SITELONG', 8.55, '[deg] Observation site longitude'),
  ];
}

/** What the index should read from a file of the fixture library. */
export interface Expected {
  readonly type: FrameKind;
  readonly rule: 'imagetyp' | 'header';
  readonly exposure: number | null;
  readonly gain: number | null;
  readonly temperature: number | null;
  readonly master: Pick<MasterOrigin, 'kind' | 'program'> | null;
}

/** Masters in the header styles of the programs that make them. */
export const FOREIGN_MASTERS: readonly { readonly path: string; readonly cards: readonly string[]; readonly expected: Expected }[] = [
  {
    path: 'masters/nightcal/master_dark_300s_g100_-10C.fits',
    cards: [formatCard('IMAGETYP', 'MASTER DARK'), formatCard('NCOMBINE', 30), formatCard('EXPTIME', 300), formatCard('GAIN', 100), formatCard('SET-TEMP', -10), formatCard('SOFTWARE', 'NightCal 0.1.0')],
    expected: { type: 'unknown', rule: 'header', exposure: 300, gain: 100, temperature: -10, master: { kind: 'dark', program: 'NightCal' } },
  },
  {
    path: 'WBPP/master/masterDark_BIN-1_EXPOSURE-300.00s.fits',
    cards: [formatCard('IMAGETYP', 'Master Dark'), formatCard('EXPTIME', '300.00'), formatCard('GAIN', 200), formatCard('SET-TEMP', -10), ...historyCards('Integration with PixInsight 1.8.9-2'), ...historyCards('ImageIntegration.numberOfImages: 40')],
    expected: { type: 'unknown', rule: 'header', exposure: 300, gain: 200, temperature: -10, master: { kind: 'dark', program: 'PixInsight' } },
  },
  {
    path: 'APP/masterDark_ISO0_120s.fits',
    cards: [formatCard('CALFRAME', 'MasterDark'), formatCard('SOFTWARE', 'Astro Pixel Processor by Aries Productions'), formatCard('EXPTIME', 120), formatCard('GAIN', 100), formatCard('NUMFRAME', 20)],
    expected: { type: 'unknown', rule: 'header', exposure: 120, gain: 100, temperature: null, master: { kind: 'dark', program: 'APP' } },
  },
  {
    path: 'process/dark_stacked.fit',
    cards: [formatCard('IMAGETYP', 'DARK'), formatCard('STACKCNT', 25), formatCard('EXPTIME', 120), formatCard('GAIN', 100), formatCard('CCD-TEMP', -20), formatCard('PROGRAM', 'Siril v1.2.1')],
    expected: { type: 'unknown', rule: 'header', exposure: 120, gain: 100, temperature: -20, master: { kind: 'dark', program: 'Siril' } },
  },
  {
    path: 'other/masterBias_gain200.fits',
    cards: [formatCard('IMAGETYP', 'masterBias'), formatCard('GAIN', 200), formatCard('SET-TEMP', -20)],
    expected: { type: 'unknown', rule: 'header', exposure: null, gain: 200, temperature: -20, master: { kind: 'bias', program: null } },
  },
];

/** Raw frames: biases and 300 s darks at gains 100 and 200, −10 °C and −20 °C. */
export function rawFrames(): { readonly path: string; readonly cards: readonly string[]; readonly expected: Expected }[] {
  const frames = [];
  for (const gain of [100, 200]) {
    for (const temp of [-10, -20]) {
      for (let i = 1; i <= 2; i++) {
        const date = `2026-01-1${i}T22:0${i}:00`;
        frames.push({ path: `darks/g${gain}_${temp}C/dark_300s_${i}.fits`, cards: rawCards('DARK', 300, gain, temp, date), expected: { type: 'dark', rule: 'imagetyp', exposure: 300, gain, temperature: temp, master: null } as const });
        frames.push({ path: `bias/g${gain}_${temp}C/bias_${i}.fits`, cards: rawCards('BIAS', 0, gain, temp, date), expected: { type: 'bias', rule: 'imagetyp', exposure: 0, gain, temperature: temp, master: null } as const });
      }
    }
  }
  return frames;
}

/** Writes the whole fixture library under `root`; returns every file with its bytes and what it should read as. */
export function writeLibrary(root: string): Map<string, { readonly bytes: Buffer; readonly expected: Expected }> {
  const files = new Map<string, { bytes: Buffer; expected: Expected }>();
  [...rawFrames(), ...FOREIGN_MASTERS].forEach((file, i) => {
    files.set(file.path, { bytes: writeFits(join(root, file.path), file.cards, i + 1), expected: file.expected });
  });
  return files;
}

/** A NightCal-style master dark whose pixels come from `seed`, `height` rows tall (big ones are written in many chunks). */
export function masterDarkBytes(seed: number, height = HEIGHT): Buffer[] {
  const cards = [formatCard('IMAGETYP', 'MASTER DARK'), formatCard('NCOMBINE', 20), formatCard('EXPTIME', 300), formatCard('GAIN', 100), formatCard('SET-TEMP', -10), formatCard('OBJECT', `seed ${seed}`), formatCard('SOFTWARE', 'NightCal 0.1.0')];
  const bytes = fitsBytes(cards, seed, WIDTH, height);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 2880 * 16) chunks.push(bytes.subarray(at, Math.min(bytes.length, at + 2880 * 16)));
  return chunks;
}

/** Masters the writer adds, in sessions of this many; every third one repeats an earlier master's bytes. */
export const WRITER_MASTERS = 12;
export const WRITER_SESSION = 3;
/** Rows of a writer's master: ~0.6 MB, written in many chunks. */
export const MASTER_ROWS = 40_000;

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
