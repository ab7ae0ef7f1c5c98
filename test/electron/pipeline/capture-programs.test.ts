/**
 * Every capture program's header reads as a person would read it: each header of
 * capture-program-headers.ts is written as a FITS file where its program saves it, the night is
 * scanned (header reading, facts, classification: the real path), and every field a person
 * reads is compared with what the row says.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toFitsHeader } from '../../../electron/fits/header-values';
import { encodeHeader } from '../../../electron/fits/write-fits';
import { scanNight, type ScannedNight } from '../../../electron/pipeline/scan-night';
import { classifyFrame } from '../../../shared/night/classify-frame';
import type { Classification, FrameFacts } from '../../../shared/night/frames';
import { frameFacts } from '../../../shared/night/header-facts';
import { CAPTURE_PROGRAMS as CAPTURE_ONLY, type ProgramHeader, type Reading } from './capture-program-headers';
import { PRODUCT_HEADERS } from './product-headers';

const CAPTURE_PROGRAMS: readonly ProgramHeader[] = [...CAPTURE_ONLY, ...PRODUCT_HEADERS];

const WIDTH = 8;
const HEIGHT = 6;

/** The header's cards, 80 characters each, with the structural cards first unless it writes its own. */
function cardsOf(entry: ProgramHeader): string[] {
  const lines = entry.header.split('\n');
  const structure = lines.some((line) => line.startsWith('NAXIS '))
    ? []
    : [
        'SIMPLE  =                    T / file does conform to FITS standard',
        'BITPIX  =                   16 / number of bits per data pixel',
        'NAXIS   =                    2 / number of data axes',
        `NAXIS1  = ${String(WIDTH).padStart(20)} / length of data axis 1`,
        `NAXIS2  = ${String(HEIGHT).padStart(20)} / length of data axis 2`,
        'BZERO   =                32768 / offset data range to that of unsigned short',
      ];
  return [...structure, ...lines].map((line, index) => {
    if (line.length > 80) throw new Error(`${entry.program}: card ${index} is longer than 80 characters: ${line}`);
    return line.padEnd(80);
  });
}

/** What a person reads, taken from the scan's facts and classification. */
function reading(facts: FrameFacts, classification: Classification): Reading {
  return {
    type: classification.type,
    rule: classification.rule,
    exposure: facts.exposure,
    binning: `${facts.binX}x${facts.binY}`,
    gain: facts.gain,
    offset: facts.offset,
    readoutMode: facts.readoutMode,
    temperature: facts.temperature === null || facts.temperatureSource === null ? null : { celsius: facts.temperature, from: facts.temperatureSource },
    bayer: facts.bayer,
    precalibrated: facts.precalibrated,
    stacked: facts.stacked,
    master: facts.master,
  };
}

let root: string;
let scanned: ScannedNight;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-programs-'));
  for (const entry of CAPTURE_PROGRAMS) {
    const path = join(root, entry.path);
    mkdirSync(dirname(path), { recursive: true });
    const planes = entry.refusedByScan === undefined ? 1 : 3;
    writeFileSync(path, Buffer.concat([encodeHeader(cardsOf(entry)), Buffer.alloc(Math.ceil((WIDTH * HEIGHT * 2 * planes) / 2880) * 2880)]));
  }
  scanned = await scanNight(root, { utcOffsetHours: 0 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('every capture program reads as a person reads it', () => {
  test('the table covers the programs people use', () => {
    const programs = CAPTURE_PROGRAMS.map((entry) => entry.program.split(' ')[0]);
    for (const name of ['N.I.N.A.', 'SGP', 'MaxIm', 'APT', 'SharpCap', 'INDI', 'INDIGO', 'CCDSoft', 'ZWO', 'DWARF', 'ASIAIR', 'APP', 'PixInsight', 'Siril', 'NightCal']) {
      expect(programs, name).toContain(name);
    }
    expect(scanned.frames).toHaveLength(CAPTURE_PROGRAMS.length);
  });

  test.each(CAPTURE_PROGRAMS.filter((entry) => entry.refusedByScan === undefined))('$program', (entry) => {
    const frame = scanned.frames.find((f) => f.frame.id === entry.path)?.frame;
    expect(frame?.error ?? null).toBeNull();
    expect(reading(frame!.facts!, frame!.classification)).toEqual(entry.reads);
  });

  test.each(CAPTURE_PROGRAMS.filter((entry) => entry.refusedByScan !== undefined))('$program: the FITS layer refuses the cube, and its header still says it is no raw frame', (entry) => {
    const frame = scanned.frames.find((f) => f.frame.id === entry.path)?.frame;
    expect(frame?.error?.code).toBe('unsupported');
    expect(frame?.error?.message).toContain(entry.refusedByScan);
    const header = toFitsHeader(cardsOf(entry), entry.path);
    const planes = Number(header.values.NAXIS3);
    const facts = frameFacts(header, { width: Number(header.values.NAXIS1), height: Number(header.values.NAXIS2), planes });
    expect(reading(facts, classifyFrame({ imagetyp: facts.imagetyp, relPath: entry.path, facts }))).toEqual(entry.reads);
  });
});

describe('the rest of what these headers say', () => {
  const facts = (program: string): FrameFacts => {
    const entry = CAPTURE_PROGRAMS.find((e) => e.program === program)!;
    return scanned.frames.find((f) => f.frame.id === entry.path)!.frame.facts!;
  };

  test('cameras, subframes, end of exposure', () => {
    expect(facts('N.I.N.A. light')).toMatchObject({ camera: 'ZWO ASI2600MC Pro', dateObs: '2024-06-01T21:30:00.123Z', dateEnd: '2024-06-01T21:32:00.123Z', subframe: null });
    expect(facts('MaxIm DL (calibrated by MaxIm: bias and dark)')).toMatchObject({ camera: 'Apogee USB/Net', subframe: { x: 0, y: 0 }, filter: 'SII' });
    expect(facts('DWARF II (EXP, BINNING 2*2, no IMAGETYP)')).toMatchObject({ camera: 'DWARFII', indiFrame: null, object: 'M 31' });
    expect(facts('INDI / Ekos (FRAME, no IMAGETYP)')).toMatchObject({ imagetyp: null, indiFrame: 'Light' });
  });

  test('pixel scale: from the WCS when plate-solved, else XPIXSZ (after binning) over FOCALLEN', () => {
    // SharpCap's CD matrix: a rotated 0.0002° pixel, sqrt(|det|) = 0.0002° = 0.72″.
    expect(facts('SharpCap (no IMAGETYP, plate-solved)').pixelScale).toBeCloseTo(0.72, 10);
    expect(facts('SharpCap (no IMAGETYP, plate-solved)').celestialWcs).toBe(true);
    expect(facts('N.I.N.A. light').pixelScale).toBeCloseTo((206.264806 * 3.76) / 250, 10);
    expect(facts('MaxIm DL (calibrated by MaxIm: bias and dark)').pixelScale).toBeCloseTo((206.264806 * 7.4) / 1425, 10);
    expect(facts('CCDSoft (the driver subtracted a dark)').pixelScale).toBeNull();
  });
});

const SIRIL = spawnSync('siril-cli', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!SIRIL)(`a master Siril really stacked${SIRIL ? '' : ' (skipped: siril-cli is not installed)'}`, () => {
  test('is never a raw frame: a master dark (Siril keeps IMAGETYP) or a stack of unknown kind (Siril 1.0 drops it)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'nightcal-siril-master-'));
    try {
      for (let i = 1; i <= 3; i++) {
        const entry: ProgramHeader = {
          program: 'raw dark', path: '', reads: CAPTURE_PROGRAMS[0].reads,
          header: `IMAGETYP= 'Dark Frame'\nEXPTIME =                 60.0\nDATE-OBS= '2024-06-02T10:0${i}:00'\nINSTRUME= 'ZWO ASI2600MM Pro'\nGAIN    =                  100`,
        };
        const pixels = Buffer.alloc(2880);
        for (let p = 0; p < WIDTH * HEIGHT; p++) pixels.writeInt16BE(1000 + ((p * 7 + i * 13) % 50) - 32768, 2 * p);
        writeFileSync(join(folder, `raw_dark_${i}.fits`), Buffer.concat([encodeHeader(cardsOf(entry)), pixels]));
      }
      writeFileSync(join(folder, 'stack.ssf'), 'requires 1.0.0\nconvert dark -out=.\nstack dark rej 3 3 -nonorm -out=master_dark\n');
      const run = spawnSync('siril-cli', ['-d', folder, '-s', join(folder, 'stack.ssf')], { encoding: 'utf8', env: { ...process.env, HOME: folder, XDG_CONFIG_HOME: folder } });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      const night = await scanNight(folder, { utcOffsetHours: 0 });
      const master = night.frames.find((f) => f.frame.id === 'master_dark.fit')?.frame;
      expect(master?.error ?? null).toBeNull();
      expect(master!.classification).toMatchObject({ type: 'unknown', rule: 'header' });
      const { master: origin, stacked } = master!.facts!;
      if (origin !== null) expect(origin).toMatchObject({ kind: 'dark', frames: 3, program: 'Siril' });
      else expect(stacked).toBe('STACKCNT = 3');
      expect(master!.facts!.exposure).toBe(60);
      const raws = night.frames.filter((f) => f.frame.id.startsWith('raw_dark_'));
      expect(raws.map((f) => f.frame.classification.type)).toEqual(['dark', 'dark', 'dark']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
