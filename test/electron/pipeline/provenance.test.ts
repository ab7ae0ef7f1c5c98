/**
 * The quality cards of a calibrated light: always the same eight keywords in the same order (a
 * header written before the measurement keeps its length when filled in), valid FITS as astropy
 * and fitsverify read it, a figure that could not be measured left blank with the reason said.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrameQuality } from '../../../shared/contract';
import { unmeasuredRecord } from '../../../shared/quality/quality-record';
import { cardKeyword } from '../../../electron/fits/header-cards';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { QUALITY_KEYWORDS, qualityCards } from '../../../electron/pipeline/provenance';
import { removeFolder, tempFolder, tools, writeImageFile } from '../fits/fits-fixtures';

const measured: FrameQuality = {
  background: 1234.56,
  noise: 12.3456,
  stars: 1097,
  fwhm: 3.04123,
  fwhmArcsec: 2.35864,
  eccentricity: 0.0387,
  saturated: 0.000125,
  weight: 1.23456e9,
  unmeasured: null,
  channels: null,
};
const starless: FrameQuality = { ...measured, stars: 0, fwhm: null, fwhmArcsec: null, eccentricity: null, weight: null, saturated: null, unmeasured: 'no stars above 5σ' };

let folder: string;
beforeAll(() => {
  folder = tempFolder('quality-cards');
});
afterAll(() => removeFolder(folder));

describe('qualityCards', () => {
  test('eight cards of fixed keywords whatever was measured, none of them FWHM', () => {
    for (const quality of [null, measured, starless, unmeasuredRecord('the measurement failed (x)')]) {
      const cards = qualityCards(quality);
      expect(cards.map(cardKeyword)).toEqual([...QUALITY_KEYWORDS]);
      for (const card of cards) expect(card).toHaveLength(80);
    }
    expect(QUALITY_KEYWORDS).not.toContain('FWHM');
  });

  test('read back, the values are the figures; a blank one says why', async () => {
    const path = writeImageFile(join(folder, 'cards.fits'), { bitpix: -32, width: 2, height: 2, stored: [1, 2, 3, 4], extraCards: [...qualityCards(measured)] });
    const values = (await readFitsHeader(path)).header.values;
    expect(values).toMatchObject({ QBKG: 1234.56, QNOISE: 12.3456, QSTARS: 1097, QFWHM: 3.04123, QFWHMAS: 2.35864, QECCENT: 0.0387, QSATFRAC: 0.000125, QWEIGHT: 1.23456e9 });
    const blank = qualityCards(starless);
    expect(blank[3]).toMatch(/^QFWHM   = {22}\/ \[px\] not measured: no stars above 5\?/); // σ is not ASCII: '?'
    expect(blank[4]).toContain('[arcsec] not measured');
    expect(blank[6]).toContain('no saturation level known');
    const noScale = qualityCards({ ...measured, fwhmArcsec: null });
    expect(noScale[4]).toContain('no pixel scale in the header');
    if (tools.fitsverify) {
      const written = writeImageFile(join(folder, 'blank.fits'), { bitpix: -32, width: 2, height: 2, stored: [1, 2, 3, 4], extraCards: blank });
      // a blank value is FITS's undefined value: fitsverify warns of each, and finds no error
      const result = spawnSync('fitsverify', [written], { encoding: 'utf8' });
      const warnings = result.stdout.split('\n').filter((line) => line.includes('*** Warning'));
      expect(warnings.map((line) => line.replace(/.*Keyword #\d+, (\w+) has a null value\./, '$1'))).toEqual(['QFWHM', 'QFWHMAS', 'QECCENT', 'QSATFRAC', 'QWEIGHT']);
      expect(result.stdout).toMatch(/found 5 warning\(s\) and 0 error\(s\)/);
    }
    if (tools.astropy) {
      const script = `from astropy.io import fits; h = fits.getheader(${JSON.stringify(path)}); print(h['QFWHM'], h['QSTARS'], h.comments['QFWHM'])`;
      const result = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
      expect(result.stdout.trim()).toBe('3.04123 1097 [px] median FWHM of the stars');
    } else console.log('skipped the astropy check: python3-astropy is not installed');
  });
});
