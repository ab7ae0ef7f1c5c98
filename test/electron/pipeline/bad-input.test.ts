/**
 * Bad input: each broken file is reported with its name and the reason, every other frame is
 * still calibrated, and no partial output remains.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NightView, RunSummary } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImage } from '../../../electron/fits/read-pixels';
import { encodeHeader, encodeUint16Image, formatCard, keptCards } from '../../../electron/fits/write-fits';
import { testHost } from '../../support/test-host';

let root: string;
let night: string;
let api: NightcalService;
let view: NightView;
let summary: RunSummary;

const BROKEN = {
  notFits: 'Lights/not-fits.fits',
  truncated: 'Lights/cut short.fit',
  noData: 'Lights/no-data.fits',
  noExposure: 'Lights/M51-no-exptime.fit',
  otherSize: 'Lights/M51-small.fit',
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-bad-input-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 64, lights: 4, seed: 3 });
  const lights = readdirSync(join(night, 'Lights')).sort();
  const good = join(night, 'Lights', lights[0]);

  writeFileSync(join(night, BROKEN.notFits), 'this is a shopping list, not a FITS file\n');
  copyFileSync(good, join(night, BROKEN.truncated));
  truncateSync(join(night, BROKEN.truncated), 2880 + 1000);
  writeFileSync(join(night, BROKEN.noData), encodeHeader([formatCard('SIMPLE', true), formatCard('BITPIX', 16), formatCard('NAXIS', 0), formatCard('IMAGETYP', 'Light Frame')]));

  const info = await readFitsHeader(good);
  const pixels = await readImage(info, null, createPixelBuffers());
  const withoutExposure = keptCards(info.header).filter((card) => !/^(EXPTIME|EXPOSURE)\s*=/.test(card));
  writeFileSync(join(night, BROKEN.noExposure), Buffer.concat(encodeUint16Image(withoutExposure, 64, 64, pixels)));
  const smallCards = keptCards(info.header);
  writeFileSync(join(night, BROKEN.otherSize), Buffer.concat(encodeUint16Image(smallCards, 32, 32, pixels.subarray(0, 32 * 32))));
  // A broken calibration frame is left out of its master, which is still built.
  copyFileSync(join(night, 'Bias', 'Bias-001.fit'), join(night, 'Bias', 'Bias-broken.fit'));
  truncateSync(join(night, 'Bias', 'Bias-broken.fit'), 4000);

  api = createNightcalApi(testHost(join(root, 'data')), { workers: 2 });
  view = await api.openNight({ path: night });
  summary = await api.calibrate({});
}, 120_000);

afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('bad input', () => {
  test('the good lights are all calibrated; the masters are built without the broken bias', () => {
    const done = summary.errors.length;
    expect(summary.done).toBe(4);
    expect(summary.failed).toBe(done);
    expect(summary.masters.map((m) => m.id).sort()).toEqual([
      'bias_g100_o50_1x1_64x64_m10C_2026-03-14',
      'dark_60s_g100_o50_1x1_64x64_m10C_2026-03-14',
      'flat_L_g100_o50_1x1_64x64_m10C_2026-03-14',
      'flat_R_g100_o50_1x1_64x64_m10C_2026-03-14',
    ]);
    const bias = view.groups.find((g) => g.type === 'bias')!;
    expect(bias.frameIds).not.toContain('Bias/Bias-broken.fit');
    expect(view.problems.some((p) => p.code === 'unreadable' && p.message.includes('Bias-broken.fit'))).toBe(true);
  });

  test.each([
    [BROKEN.notFits, 'not-fits'],
    [BROKEN.truncated, 'truncated'],
    [BROKEN.noData, 'no-data'],
    [BROKEN.noExposure, 'missing-exposure'],
    [BROKEN.otherSize, 'no-matching-master'],
  ])('%s fails as %s, with the file named in the message', (id, code) => {
    const failure = summary.errors.find((entry) => entry.scope === 'frame' && entry.frameId === id);
    expect(failure, `${id} should be reported`).toBeDefined();
    expect(failure!.error.code).toBe(code);
    const name = id.split('/').pop()!;
    expect(failure!.error.message).toContain(name);
  });

  test('no partial or failed output file remains', () => {
    const written = readdirSync(summary.outputDir, { recursive: true }) as string[];
    expect(written.filter((name) => name.includes('partial'))).toEqual([]);
    for (const id of Object.values(BROKEN)) expect(written).not.toContain(id);
    expect(written.filter((name) => name.startsWith('Lights/') && name.endsWith('.fit'))).toHaveLength(4);
  });
});
