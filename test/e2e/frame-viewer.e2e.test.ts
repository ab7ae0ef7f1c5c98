/**
 * The frame viewer's true pixels, in Debian Chromium over the BUILT `nightcal serve`: a
 * generated night (3 identical bias frames, one 1100 × 700 light, 16-bit BZERO 32768) whose light
 * holds one hot pixel of 65,000 ADU. Its preview is binned 2, so only the full-resolution tiles
 * show that pixel as one screen pixel at 1:1 (the preview's 2×2 mean would cover four, dimmer);
 * hovering it reads its stored value in both panes (raw, and raw − bias calibrated) at its FITS
 * coordinates (1-based, y up); `t` flips one pane between raw and calibrated at the same zoom.
 * Screenshots: test-results/e2e/ (skipped, with a message, without /usr/bin/chromium).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCard } from '../../electron/fits/write-fits';
import { writeImageFile } from '../electron/fits/fits-fixtures';
import { CHROMIUM, textOf, WAIT } from './app-page';
import { startAppSession, type AppSession } from './app-session';

const WIDTH = 1100;
const HEIGHT = 700;
/** Stored (0-based, first row stored = FITS row 1) position of the hot pixel, near the centre. */
const HOT = { x: 549, y: 351 };
const BIAS = 500;
const sky = (x: number, y: number): number => 1000 + ((3 * x + 5 * y) % 17);

function writeFrame(path: string, type: string, exposure: number, minute: number, value: (x: number, y: number) => number): void {
  const stored = new Int16Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) stored[y * WIDTH + x] = value(x, y) - 32768;
  const cards = [formatCard('IMAGETYP', type), formatCard('EXPTIME', exposure), formatCard('DATE-OBS', `2026-03-14T21:${String(minute).padStart(2, '0')}:00`), formatCard('GAIN', 100), formatCard('SET-TEMP', -10), formatCard('CCD-TEMP', -10)];
  writeImageFile(path, { bitpix: 16, width: WIDTH, height: HEIGHT, stored, bzero: 32768, bscale: 1, extraCards: cards });
}

/** Screen pixels of a pane's canvas (device pixels = CSS pixels here) brighter than 250 in red, within `radius` of (x, y) in the canvas. */
async function brightPixelsAround(canvas: Locator, x: number, y: number, radius: number): Promise<{ x: number; y: number }[]> {
  return canvas.evaluate(
    (element, [cx, cy, r]) => {
      const context = (element as HTMLCanvasElement).getContext('2d')!;
      const left = Math.floor(cx) - r;
      const top = Math.floor(cy) - r;
      const data = context.getImageData(left, top, 2 * r + 1, 2 * r + 1).data;
      const found: { x: number; y: number }[] = [];
        for (let j = 0; j <= 2 * r; j++) for (let i = 0; i <= 2 * r; i++) if (data[(j * (2 * r + 1) + i) * 4] > 250) found.push({ x: left + i, y: top + j });
      return found;
    },
    [x, y, radius] as const,
  );
}

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`frame viewer e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!haveChromium)('the frame viewer shows and reads the true pixels', () => {
  let session: AppSession;
  let page: Page;

  beforeAll(async () => {
    session = await startAppSession('nightcal-viewer-e2e-', (root) => {
      const night = join(root, 'nights', 'hot-pixel');
      mkdirSync(join(night, 'Bias'), { recursive: true });
      mkdirSync(join(night, 'Lights'), { recursive: true });
      for (let i = 0; i < 3; i++) writeFrame(join(night, 'Bias', `bias_${i}.fits`), 'BIAS', 0, i, () => BIAS);
      writeFrame(join(night, 'Lights', 'light_1.fits'), 'LIGHT', 60, 10, (x, y) => (x === HOT.x && y === HOT.y ? 65_000 : sky(x, y)));
    });
    page = session.page;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('1:1 draws the sensor pixels; the readout gives the stored value at FITS (550, 352); t flips one pane', async () => {
    await page.getByTestId('demo-night').waitFor(WAIT);
    const folders = page.getByLabel('Folders on the server');
    await folders.getByRole('button', { name: new RegExp(`${basename(session.work)}$`) }).click();
    await folders.getByRole('button', { name: /nights$/ }).click();
    await folders.getByRole('button', { name: /hot-pixel$/ }).click();
    await folders.getByRole('button', { name: 'Open this folder' }).click();
    await page.getByTestId('groups-table').waitFor(WAIT);
    await session.goToStep('Calibrate');
    await page.getByTestId('calibrate').click();
    await page.getByText(/Run finished/).waitFor(WAIT);
    await page.locator('[data-testid="frame-row"][data-status="done"]').first().click();

    const viewer = page.getByTestId('frame-viewer');
    await viewer.waitFor(WAIT);
    const panes = viewer.locator('.frame-canvas');
    await expect.poll(() => panes.count(), WAIT).toBe(2);
    const captions = viewer.locator('figure.pane figcaption');
    await expect.poll(() => textOf(captions.first()), WAIT).toContain('1100×700 px · shown 1:2');

    // 1:1 keeps the centre (550, 350): the hot pixel's centre, display (549.5, 700 − 1 − 351 + 0.5), is 0.5 px left and 1.5 px up of it.
    await viewer.getByRole('button', { name: '1:1' }).click();
    await expect.poll(() => textOf(viewer.locator('.zoom-readout'))).toBe('100 %');
    for (let i = 0; i < 2; i++) await expect.poll(() => textOf(captions.nth(i)), WAIT).toContain('sensor pixels');
    const hotIn = async (pane: Locator) => {
      const box = (await pane.boundingBox())!;
      return { x: box.width / 2 - 0.5, y: box.height / 2 - 1.5, page: { x: box.x + box.width / 2 - 0.5, y: box.y + box.height / 2 - 1.5 } };
    };
    for (let i = 0; i < 2; i++) {
      const hot = await hotIn(panes.nth(i));
      // exactly one screen pixel is white, at the hot pixel's place (the preview's 2×2 mean would be four, and far dimmer)
      await expect.poll(() => brightPixelsAround(panes.nth(i), hot.x, hot.y, 6).then((bright) => bright.length), WAIT).toBe(1);
      const [pixel] = await brightPixelsAround(panes.nth(i), hot.x, hot.y, 6);
      expect(Math.abs(pixel.x + 0.5 - hot.x), JSON.stringify({ pixel, hot })).toBeLessThanOrEqual(1);
      expect(Math.abs(pixel.y + 0.5 - hot.y), JSON.stringify({ pixel, hot })).toBeLessThanOrEqual(1);
    }

    // Point at the hot pixel's centre (the white screen pixel may sit half a pixel off it: the pane's centre falls between pixels).
    const hot = await hotIn(panes.first());
    await page.mouse.move(hot.page.x, hot.page.y);
    const status = viewer.locator('.viewer-status');
    await expect.poll(() => textOf(status), WAIT).toMatch(/^x 550 · y 352\s*Raw 65,000 ADU\s*Calibrated 64,500 ADU$/);
    // its neighbour to the right: the sky as stored, raw and calibrated
    await page.mouse.move(hot.page.x + 1, hot.page.y);
    await expect.poll(async () => (await textOf(status)).replace(/\s+/g, ''), WAIT).toBe(`x551·y352Raw${sky(550, 351).toFixed(1)}ADUCalibrated${(sky(550, 351) - BIAS).toFixed(1)}ADU`);
    await session.shot('07-frame-viewer-1to1');

    // t: one pane, the raw frame, at the same zoom and centre; t again: the calibrated one
    await page.mouse.move(0, 0);
    await page.keyboard.press('t');
    await expect.poll(() => panes.count(), WAIT).toBe(1);
    await expect.poll(() => textOf(captions.first().locator('strong'))).toBe('Raw');
    expect(await textOf(viewer.locator('.zoom-readout'))).toBe('100 %');
    expect(await viewer.getByRole('group', { name: 'Panes' }).getByRole('button', { name: 'Raw' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('t');
    await expect.poll(() => textOf(captions.first().locator('strong'))).toBe('Calibrated');
    const single = await hotIn(panes.first());
    await expect.poll(() => brightPixelsAround(panes.first(), single.x, single.y, 6).then((bright) => bright.length), WAIT).toBe(1);
    await page.mouse.move(single.page.x, single.page.y);
    await expect.poll(() => textOf(status), WAIT).toMatch(/^x 550 · y 352\s*Calibrated 64,500 ADU$/);
    await session.shot('08-frame-viewer-toggle');
    await viewer.getByRole('group', { name: 'Panes' }).getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(() => panes.count(), WAIT).toBe(2);
    expect(session.problems).toEqual([]);
  }, 150_000);
});
