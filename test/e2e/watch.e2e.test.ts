/**
 * Watching a night in Debian Chromium over the BUILT `nightcal serve`: a night with its
 * calibration frames and two lights is opened, the Watch switch turned on; the test then renames
 * lights into the folder as a capture program does, and the newest frame (raw and calibrated,
 * auto-stretched) follows each one; the switch turned off, a light arrives, the switch on again:
 * the finished lights are kept and only the new one is calibrated.
 *
 * Screenshots: test-results/e2e/. Skipped, with a message, where /usr/bin/chromium is not installed.
 */
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasIsDrawn, CHROMIUM, textOf, WAIT, writeDemoNight } from './app-page';
import { startAppSession, type AppSession } from './app-session';
import { existsSync } from 'node:fs';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`watch e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!haveChromium)('watching a night as it is written', () => {
  let session: AppSession;
  let page: Page;
  let night: string;
  let feed: string[];
  let demo: ReturnType<typeof writeDemoNight>;

  beforeAll(async () => {
    session = await startAppSession('nightcal-watch-e2e-', (root) => {
      demo = writeDemoNight(join(root, 'nights', 'live'), { size: 192, lights: 6 });
    });
    page = session.page;
    await demo.done;
    night = join(session.work, 'nights', 'live');
    // All but two lights wait outside the night, as subs not yet taken.
    const waiting = join(session.work, 'feed');
    mkdirSync(waiting);
    const lights = readdirSync(join(night, 'Lights')).sort();
    for (const name of lights.slice(2)) renameSync(join(night, 'Lights', name), join(waiting, name));
    feed = lights.slice(2).map((name) => join(waiting, name));
  }, 90_000);

  afterAll(async () => {
    await session?.close();
  });

  const arrive = (path: string): void => renameSync(path, join(night, 'Lights', basename(path)));
  const newest = () => page.getByTestId('watch-newest');
  async function showsNewest(frameId: string): Promise<void> {
    await expect.poll(() => newest().getAttribute('data-frame-id'), WAIT).toBe(frameId);
    for (const label of ['raw', 'calibrated']) {
      const canvas = page.getByTestId(`watch-${label}`).locator('canvas');
      await canvas.waitFor(WAIT);
      await expect.poll(() => canvasIsDrawn(canvas), WAIT).toBe(true);
    }
  }

  it('the newest frame follows each light as it lands; off and on again keeps the finished ones', async () => {
    await page.getByTestId('demo-night').waitFor(WAIT);
    const folders = page.getByLabel('Folders on the server');
    await folders.getByRole('button', { name: new RegExp(`${basename(session.work)}$`) }).click();
    await folders.getByRole('button', { name: /nights$/ }).click();
    await folders.getByRole('button', { name: /live$/ }).click();
    await folders.getByRole('button', { name: 'Open this folder' }).click();
    await page.getByTestId('groups-table').waitFor(WAIT);
    await session.goToStep('Calibrate');

    await page.getByTestId('watch-switch').click();
    await expect.poll(() => textOf(page.getByTestId('watch-mode')), WAIT).toMatch(/file-system notifications|looking at the folder/);
    await expect.poll(() => textOf(page.getByTestId('watch-counts')), WAIT).toMatch(/^2 calibrated/);
    const nightStep = page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /Night/ });
    const filesBefore = Number((await textOf(nightStep)).match(/(\d+) files/)![1]);

    arrive(feed[0]);
    await showsNewest(`Lights/${basename(feed[0])}`);
    // The night takes the watched light: its row shows its filter and what it got, as a scanned light's does, and the night counts its file.
    const row = page.locator(`[data-testid="frame-row"][data-frame-id="Lights/${basename(feed[0])}"]`);
    await expect.poll(() => textOf(row.locator('.col-filter')), WAIT).toBe(basename(feed[0]).match(/([LR])\.fit/)![1]);
    await expect.poll(() => textOf(row.getByTestId('treatment')), WAIT).toBe('BDF');
    await expect.poll(async () => Number((await textOf(nightStep)).match(/(\d+) files/)![1]), WAIT).toBe(filesBefore + 1);
    expect(await textOf(page.getByTestId('watch-counts'))).toMatch(/^3 calibrated/);
    // Measured as it was calibrated: its figures beside it.
    await expect.poll(() => textOf(page.getByTestId('watch-metrics')), WAIT).toMatch(/FWHM [\d.]+ px.* · \d+ stars · eccentricity [\d.]+ · sky \d+ ADU/);
    await session.shot('watch-newest', 'watch');
    arrive(feed[1]);
    await showsNewest(`Lights/${basename(feed[1])}`);
    await expect.poll(() => textOf(page.getByTestId('watch-behind')), WAIT).toBe('up to date');
    // The quality review grows with the watch: the Quality step counts every light measured so far.
    const qualityStatus = page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /Quality/ });
    await expect.poll(() => textOf(qualityStatus), WAIT).toMatch(/of 4 rejected/);

    // Off: a light lands meanwhile; on again: four kept, only the new one calibrated.
    await page.getByTestId('watch-switch').click();
    await expect.poll(() => textOf(page.getByTestId('watch-behind')), WAIT).toBe('stopped');
    arrive(feed[2]);
    await page.getByTestId('watch-switch').click();
    await expect.poll(() => textOf(page.getByTestId('watch-counts')), WAIT).toBe('1 calibrated, 4 kept');
    await showsNewest(`Lights/${basename(feed[2])}`);
    await session.shot('watch-resumed');
    await page.getByTestId('watch-switch').click();
    await expect.poll(() => textOf(page.getByTestId('watch-behind')), WAIT).toBe('stopped');
    expect(session.problems).toEqual([]);
  }, 180_000);
});
