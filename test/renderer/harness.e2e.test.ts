/**
 * The renderer in Debian Chromium over the fake client: every step once, through the DOM
 * hooks a real end-to-end test will use, with no page error and no CSP violation. Skipped,
 * with a message, where Chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serveHarness, type HarnessServer } from '../support/renderer-harness/serve-harness';

const CHROMIUM = '/usr/bin/chromium';
const WAIT = { timeout: 30_000 };
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`renderer harness e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!haveChromium)('the renderer over the fake client, in Chromium', () => {
  let harness: HarnessServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    harness = await serveHarness();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.addInitScript('document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective))');
    await page.goto(`${harness.url}?host=desktop&lights=200&speed=0.05&nightRed=0`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('opens the demo night, builds masters, calibrates, shows a frame and the outputs', async () => {
    await page.getByTestId('demo-night').click();
    await page.getByTestId('groups-table').waitFor(WAIT);
    expect(await page.locator('[data-testid="group-row"][data-type="light"]').count()).toBe(4);
    expect(await page.getByTestId('problems').locator('[data-severity="error"]').count()).toBe(1);

    await page.getByRole('button', { name: /Next: masters/ }).click();
    await page.getByTestId('build-masters').click();
    await page.locator('[data-testid="master-card"][data-status="done"]').nth(6).waitFor(WAIT);
    await page.locator('[data-testid="histogram"] .main-svg').first().waitFor(WAIT); // plotly drew
    await page.locator('[data-testid="master-preview"][data-state="ready"]').first().waitFor(WAIT);

    await page.getByRole('button', { name: /Next: calibrate/ }).click();
    await page.getByTestId('calibrate').click();
    await page.getByText(/Run finished/).waitFor(WAIT);
    expect(await page.getByTestId('overall-progress').getAttribute('aria-valuenow')).toBe('100');
    // Virtualised: far fewer rows in the DOM than lights in the run.
    expect(await page.getByTestId('frame-row').count()).toBeLessThan(80);

    await page.locator('[data-testid="frame-row"][data-status="done"]').first().click();
    await page.getByTestId('frame-viewer').waitFor(WAIT);
    await page.locator('.frame-canvas').nth(1).waitFor(WAIT); // raw and calibrated side by side
    await page.getByTestId('header-panel').getByText('EXPTIME').waitFor(WAIT);
    await page.getByRole('button', { name: /Back/ }).click();

    await page.getByRole('button', { name: 'Outputs →' }).click();
    await page.getByTestId('run-summary').waitFor(WAIT);
    expect(problems).toEqual([]);
  }, 120_000);
});
