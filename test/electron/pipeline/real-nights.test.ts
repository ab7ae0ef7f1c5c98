/**
 * Real nights from real cameras, calibrated end to end through the API, against what is known:
 * TIRCAM2's flats (alternating row levels) scaled by their exact medians and the lights equal to
 * astropy/ccdproc's to a tiny fraction of the noise; the SBIG frames the camera driver had
 * already dark-subtracted given only the flat. Runs where ../shared/data/real and (for the
 * cross-check) python3 with astropy and ccdproc are present; says so and skips otherwise.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImage } from '../../../electron/fits/read-pixels';
import { median } from '../../../shared/pixels/statistics';
import { testHost } from '../../support/test-host';
import { removeFolder, tempFolder } from '../fits/fits-fixtures';

const REAL = join(process.cwd(), '..', 'shared', 'data', 'real');
const present = existsSync(REAL);
const ccdproc = spawnSync('/usr/bin/python3', ['-c', 'import astropy, ccdproc, numpy'], { encoding: 'utf8' }).status === 0;
if (!present) console.warn(`real-night tests skipped: ${REAL} is not on this machine`);
else if (!ccdproc) console.warn('the ccdproc cross-check is skipped: python3 with astropy and ccdproc is not installed (apt-get install python3-ccdproc)');

let folder: string;
let api: NightcalService;
beforeAll(() => {
  folder = tempFolder('real-nights');
  api = createNightcalApi(testHost(join(folder, 'data')), { workers: 2, utcOffsetHours: 0 });
});
afterAll(async () => {
  await api.dispose();
  removeFolder(folder);
});

async function pixelsOf(path: string): Promise<Float32Array> {
  return readImage(await readFitsHeader(path), null, createPixelBuffers());
}

describe.skipIf(!present)('TIRCAM2 IC 310 (a sensor whose rows alternate in level)', () => {
  let night: string;
  let out: string;
  beforeAll(async () => {
    // A copy: the run writes its outputs beside the frames, and the shared data stays untouched.
    night = join(folder, 'tircam2');
    cpSync(join(REAL, 'tircam2-ic310'), night, { recursive: true });
    await api.openNight({ path: night });
    const summary = await api.calibrate({ outputDir: join(folder, 'tircam2-out') });
    expect(summary).toMatchObject({ done: 5, failed: 0 });
    out = summary.outputDir;
  }, 120_000);

  test('each flat is scaled by the exact median of every pixel after the bias (the master records it), not a sample of rows', async () => {
    const bias = await pixelsOf(join(out, 'masters', 'master_bias_1x1_512x512_2022-10-22.fits'));
    const master = await readFitsHeader(join(out, 'masters', 'master_flat_J_1x1_512x512_2022-10-23.fits'));
    const scales = new Map(master.header.cards.filter((card) => card.startsWith('HISTORY source:')).map((card) => {
      const [, id, scale] = /source: (\S+) \(x([\d.e+-]+)\)/.exec(card)!;
      return [id, Number(scale)];
    }));
    expect(scales.size).toBe(5);
    for (const [id, scale] of scales) {
      const flat = await pixelsOf(join(night, id));
      const prepared = flat.map((v, i) => Math.fround(v - bias[i]));
      // The master's HISTORY gives 1 / median to 6 significant digits.
      expect(1 / scale / median(prepared), id).toBeCloseTo(1, 5);
    }
  });

  test.skipIf(!ccdproc)('the calibrated lights equal ccdproc’s (median bias, flats scaled by 1/median and median-combined, normalised by the median) to 0.001 σ', async () => {
    const reference = join(folder, 'ccdproc');
    mkdirSync(reference, { recursive: true });
    const script = `
import glob, os, sys, numpy as np, ccdproc, warnings
from astropy.nddata import CCDData
warnings.filterwarnings('ignore')
night, out = sys.argv[1], sys.argv[2]
rd = lambda f: CCDData.read(f, unit='adu')
bias = ccdproc.combine(sorted(glob.glob(night + '/bias_*.fits')), method='median', unit='adu')
flats = [ccdproc.subtract_bias(rd(f), bias) for f in sorted(glob.glob(night + '/flats*.fits'))]
flat = ccdproc.combine(flats, method='median', scale=lambda x: 1 / np.median(x))
for f in sorted(glob.glob(night + '/IC310_*.fits')):
    light = ccdproc.flat_correct(ccdproc.subtract_bias(rd(f), bias), flat, norm_value=np.median(flat.data))
    CCDData(light.data.astype(np.float32), unit='adu').write(os.path.join(out, os.path.basename(f)), overwrite=True)
`;
    const run = spawnSync('/usr/bin/python3', ['-c', script, night, reference], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    for (const name of ['IC310_1.fits', 'IC310_3.fits', 'IC310_5.fits']) {
      const ours = await pixelsOf(join(out, name));
      const theirs = await pixelsOf(join(reference, name));
      const sorted = Float64Array.from(ours).sort();
      const sigma = 1.4826 * median(Float64Array.from(ours, (v) => Math.abs(v - sorted[sorted.length >> 1])));
      // Where the flat is zero or negative both give no number (NaN here, ±∞ or NaN there): compared where both have one.
      const both = [...ours.keys()].filter((i) => Number.isFinite(ours[i]) && Number.isFinite(theirs[i]));
      expect(both.length / ours.length, name).toBeGreaterThan(0.999);
      const apart = Float64Array.from(both, (i) => Math.abs(ours[i] - theirs[i]) / sigma);
      expect(median(apart), name).toBeLessThan(0.001);
      expect(apart.reduce((worst, v) => Math.max(worst, v), 0), name).toBeLessThan(0.01);
    }
  }, 120_000);
});

describe.skipIf(!present)('SBU SBIG frames the camera driver already dark-subtracted (HISTORY Auto-Dark Subtraction)', () => {
  test('get only the flat: their calibrated medians stay those of the sky (a dark subtracted again gave −923 and −762 ADU)', async () => {
    const night = join(folder, 'sbu');
    cpSync(join(REAL, 'sbu-sbig-ccdsoft', 'CGS-GroupData', 'lab2'), join(night, 'lab2'), { recursive: true });
    const own = createNightcalApi(testHost(join(folder, 'data-sbu')), { workers: 2, utcOffsetHours: -4 });
    try {
      await own.openNight({ path: night });
      const summary = await own.calibrate({ outputDir: join(folder, 'sbu-out') });
      expect(summary.failed).toBe(0);
      const flat = await pixelsOf(summary.masters.find((m) => m.id.startsWith('flat_Clear'))!.path);
      for (const name of ['L2-star-hg-10.00000000.FIT', 'L2-star-neon-40.00000000.FIT']) {
        const raw = await pixelsOf(join(night, 'lab2', 'usedata', name));
        const output = join(summary.outputDir, 'lab2', 'usedata', name);
        const calibrated = await pixelsOf(output);
        const ours = median(calibrated);
        expect(ours, name).toBeGreaterThan(0);
        // Only the flat applied: raw ÷ flat, pixel for pixel, wherever the flat is positive (a dark subtracted again would take hundreds of ADU off).
        let compared = 0;
        for (let i = 0; i < raw.length; i++) {
          if (!(flat[i] > 0)) continue;
          compared++;
          const expected = raw[i] / flat[i];
          if (Math.abs(calibrated[i] - expected) > 1e-4 * Math.max(1, Math.abs(expected))) throw new Error(`${name} pixel ${i}: ${calibrated[i]}, raw ÷ flat is ${expected}`);
        }
        expect(compared, name).toBeGreaterThan(raw.length * 0.5);
        const cards = (await readFitsHeader(output)).header.cards;
        const calstat = cards.filter((card) => card.startsWith('CALSTAT'));
        expect(calstat).toHaveLength(1);
        expect(calstat[0]).toMatch(/^CALSTAT = 'BDF *'/);
      }
    } finally {
      await own.dispose();
    }
  }, 120_000);
});
