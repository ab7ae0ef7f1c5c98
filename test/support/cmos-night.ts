/**
 * A one-shot-colour CMOS night with known truth, as N.I.N.A. writes it for a ZWO camera: 16-bit
 * frames (BZERO 32768), IMAGETYP LIGHT/DARK/BIAS/FLAT/DARKFLAT, EXPOSURE and EXPTIME, GAIN,
 * OFFSET, SET-TEMP and CCD-TEMP, BAYERPAT RGGB with ROWORDER TOP-DOWN. The sensor's bias level
 * and pattern depend on the gain and offset, its dark current (with hot pixels and amp glow) on
 * the temperature and the gain; the flat panel has a colour of its own; the sky differs per
 * channel. Calibration frames of wrong settings are in the night too: a master that mixed them,
 * or a light given one, is off by far more than the noise.
 *
 * Truth: a light calibrated right is sky_c · median_c(vignetting · response) per pixel of
 * channel c (the flat, normalised per channel, leaves each channel at its median response).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatCard } from '../../electron/fits/write-fits';
import { writeImageFile } from '../electron/fits/fits-fixtures';
import { seededNormal } from './seeded-normal';

export interface CameraSetting {
  readonly gain: number;
  readonly offset: number;
  /** Set-point, °C. */
  readonly temperature: number;
}

export interface CmosNightOptions {
  readonly width?: number;
  readonly height?: number;
  /** Bias frames per setting (none: no bias at all). */
  readonly biasSettings?: readonly CameraSetting[];
  readonly biasFrames?: number;
  /** Dark exposures per setting. */
  readonly darkSettings?: readonly CameraSetting[];
  readonly darkExposures?: readonly number[];
  readonly darkFrames?: number;
  /** Dark flats at the flats' exposure, at the lights' setting. */
  readonly darkFlats?: boolean;
  readonly flatExposure?: number;
  readonly flats?: number;
  readonly lightSetting?: CameraSetting;
  readonly lightExposure?: number;
  readonly lights?: number;
  readonly seed?: number;
}

/** The sky of each channel, in electrons per second before vignetting. */
export const SKY_PER_SECOND = { R: 2.5, G: 4, B: 1.6 } as const;
/** The flat panel's colour: its light per channel relative to green. */
const PANEL = { R: 0.55, G: 1, B: 0.35 } as const;
const CAMERA = 'ZWO ASI2600MC Pro';

export interface CmosNight {
  readonly dir: string;
  readonly width: number;
  readonly height: number;
  /** Vignetting times pixel response, per pixel (what the flat must correct). */
  readonly response: Float32Array;
  readonly lightSetting: CameraSetting;
  readonly lightExposure: number;
  /** Electrons per ADU at a gain (ZWO's unity gain is 100). */
  readonly electronsPerAdu: (gain: number) => number;
  /** The colour of pixel (x, y) as stored (RGGB, top-down). */
  readonly channelAt: (x: number, y: number) => 'R' | 'G' | 'B';
}

/** Writes the night into `dir` (Bias/, Darks/, DarkFlats/, Flats/, Lights/) and returns its truth. */
export function writeCmosNight(dir: string, options: CmosNightOptions = {}): CmosNight {
  const width = options.width ?? 96;
  const height = options.height ?? 64;
  const lightSetting = options.lightSetting ?? { gain: 100, offset: 50, temperature: -10 };
  const lightExposure = options.lightExposure ?? 120;
  const flatExposure = options.flatExposure ?? 2;
  const normal = seededNormal(options.seed ?? 11);
  const pixels = width * height;
  const channelAt = (x: number, y: number): 'R' | 'G' | 'B' => (['R', 'G', 'G', 'B'] as const)[(y % 2) * 2 + (x % 2)];
  const electronsPerAdu = (gain: number): number => 1 / 10 ** ((gain - 100) / 200);

  // The sensor: response (vignetting × pixel response), a bias pattern, dark current per pixel, amp glow in one corner.
  const response = new Float32Array(pixels);
  const biasPattern = new Float32Array(pixels);
  const darkRate = new Float32Array(pixels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const r2 = ((x - width / 2) ** 2 + (y - height / 2) ** 2) / (width * width);
      response[p] = (1 - 0.35 * r2) * (1 + 0.03 * normal());
      biasPattern[p] = 4 * normal() + (x % 7 === 0 ? 6 : 0);
      const glow = 3 * Math.exp(-((width - x) ** 2 + y ** 2) / 200);
      darkRate[p] = 0.05 * (1 + 0.2 * normal()) ** 2 + glow + (p % 311 === 0 ? 8 : 0); // e-/s at −10 °C
    }
  }
  /** ADU of a frame: bias level set by offset and gain, dark current doubling per 6 °C, light in electrons. */
  const expose = (setting: CameraSetting, seconds: number, light: (p: number) => number): Int16Array => {
    const epa = electronsPerAdu(setting.gain);
    const biasLevel = 12 * setting.offset + 50 * (setting.gain / 100); // 650 ADU at gain 100/offset 50, 460 at 200/30
    const thermal = 2 ** ((setting.temperature + 10) / 6);
    const stored = new Int16Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const electrons = light(p) + darkRate[p] * thermal * seconds;
      const shot = Math.sqrt(Math.max(electrons, 0)) * normal();
      const adu = biasLevel + biasPattern[p] * (setting.gain / 100) + (electrons + shot) / epa + 3 * normal();
      stored[p] = Math.max(0, Math.min(65535, Math.round(adu))) - 32768;
    }
    return stored;
  };
  let clock = Date.parse('2026-11-20T19:00:00Z');
  const write = (folder: string, name: string, type: string, setting: CameraSetting, seconds: number, stored: Int16Array, filter: string | null): void => {
    mkdirSync(join(dir, folder), { recursive: true });
    clock += (seconds + 2) * 1000;
    const cards = [
      formatCard('IMAGETYP', type),
      formatCard('EXPOSURE', seconds, '[s] Exposure duration'),
      formatCard('EXPTIME', seconds, '[s] Exposure duration'),
      formatCard('DATE-OBS', new Date(clock).toISOString().slice(0, 23)),
      formatCard('XBINNING', 1), formatCard('YBINNING', 1),
      formatCard('GAIN', setting.gain), formatCard('OFFSET', setting.offset),
      formatCard('EGAIN', Number(electronsPerAdu(setting.gain).toFixed(4)), '[e-/ADU] Electrons per A/D unit'),
      formatCard('INSTRUME', CAMERA),
      formatCard('SET-TEMP', setting.temperature, '[degC] CCD temperature setpoint'),
      formatCard('CCD-TEMP', setting.temperature + 0.1 * normal(), '[degC] CCD temperature'),
      formatCard('BAYERPAT', 'RGGB'), formatCard('XBAYROFF', 0), formatCard('YBAYROFF', 0), formatCard('ROWORDER', 'TOP-DOWN'),
      formatCard('SITELONG', 8.5), formatCard('SWCREATE', 'N.I.N.A. 3.1.2.9001'),
      ...(filter === null ? [] : [formatCard('FILTER', filter)]),
    ];
    writeImageFile(join(dir, folder, name), { bitpix: 16, width, height, stored, bzero: 32768, bscale: 1, extraCards: cards });
  };
  const tag = (s: CameraSetting): string => `g${s.gain}_o${s.offset}_${s.temperature}C`;

  for (const setting of options.biasSettings ?? [lightSetting]) {
    for (let i = 0; i < (options.biasFrames ?? 9); i++) write('Bias', `BIAS_${tag(setting)}_${i}.fits`, 'BIAS', setting, 0, expose(setting, 0, () => 0), null);
  }
  for (const setting of options.darkSettings ?? [lightSetting]) {
    for (const seconds of options.darkExposures ?? [lightExposure]) {
      for (let i = 0; i < (options.darkFrames ?? 7); i++) write('Darks', `DARK_${seconds}s_${tag(setting)}_${i}.fits`, 'DARK', setting, seconds, expose(setting, seconds, () => 0), null);
    }
  }
  if (options.darkFlats ?? true) {
    for (let i = 0; i < 7; i++) write('DarkFlats', `DARKFLAT_${flatExposure}s_${i}.fits`, 'DARKFLAT', lightSetting, flatExposure, expose(lightSetting, flatExposure, () => 0), null);
  }
  const flatLevel = 12_000; // electrons in green at the centre
  for (let i = 0; i < (options.flats ?? 7); i++) {
    write('Flats', `FLAT_${flatExposure}s_${i}.fits`, 'FLAT', lightSetting, flatExposure, expose(lightSetting, flatExposure, (p) => flatLevel * PANEL[channelAt(p % width, Math.floor(p / width))] * response[p]), 'L');
  }
  for (let i = 0; i < (options.lights ?? 5); i++) {
    const light = (p: number): number => SKY_PER_SECOND[channelAt(p % width, Math.floor(p / width))] * lightExposure * response[p];
    write('Lights', `LIGHT_M31_${lightExposure}s_${i}.fits`, 'LIGHT', lightSetting, lightExposure, expose(lightSetting, lightExposure, light), 'L');
  }
  return { dir, width, height, response, lightSetting, lightExposure, electronsPerAdu, channelAt };
}

/** What a calibrated light of the night should hold in channel c, in ADU: sky_c · t · median_c(response) / (e-/ADU). */
export function trueCalibratedSky(night: CmosNight): Record<'R' | 'G' | 'B', number> {
  const per: Record<'R' | 'G' | 'B', number[]> = { R: [], G: [], B: [] };
  for (let y = 0; y < night.height; y++) for (let x = 0; x < night.width; x++) per[night.channelAt(x, y)].push(night.response[y * night.width + x]);
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const m = sorted.length >> 1;
    return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  };
  const epa = night.electronsPerAdu(night.lightSetting.gain);
  return {
    R: (SKY_PER_SECOND.R * night.lightExposure * median(per.R)) / epa,
    G: (SKY_PER_SECOND.G * night.lightExposure * median(per.G)) / epa,
    B: (SKY_PER_SECOND.B * night.lightExposure * median(per.B)) / epa,
  };
}
