/**
 * Drives the renderer harness in Debian Chromium through every step of a night and saves a
 * screenshot of each into /tmp/nightcal-shots/. Prints console errors and CSP violations.
 * Run: node --import tsx test/support/renderer-harness/take-screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { serveHarness } from './serve-harness';

const SHOTS = '/tmp/nightcal-shots';
const WAIT = { timeout: 30_000 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const harness = await serveHarness();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const open = async (query: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`[${query}] console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`[${query}] page error: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(`${harness.url}?${query}`);
    return page;
  };
  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    console.log(`saved ${SHOTS}/${name}.png`);
  };

  try {
    // 1. Opening a night, desktop and browser.
    const desktop = await open('host=desktop&speed=0.5&nightRed=0');
    await desktop.getByTestId('demo-night').waitFor(WAIT);
    await shot(desktop, '01-open-night-desktop');

    const browserMode = await open('host=browser&speed=0.5');
    await browserMode.getByText('/srv/astro').first().waitFor(WAIT);
    await browserMode.getByRole('button', { name: '/srv/astro', exact: true }).click();
    await browserMode.getByRole('button', { name: 'nights', exact: true }).click();
    await browserMode.getByText('2026-03-14 M 101').waitFor(WAIT);
    await shot(browserMode, '02-open-night-browser');
    await browserMode.close();

    // 2. Scan and overview.
    await desktop.getByTestId('demo-night').click();
    await desktop.locator('.scan-progress').waitFor(WAIT);
    await desktop.waitForTimeout(250);
    await shot(desktop, '03-scanning');
    await desktop.getByTestId('groups-table').waitFor(WAIT);
    await shot(desktop, '04-night-overview');
    await desktop.locator('[data-testid="group-row"][data-type="flat"]').nth(2).click();
    await desktop.locator('.data-table.files').first().waitFor(WAIT);
    // Leave one flat out, and give an unclassified focus frame a type.
    await desktop.locator('.data-table.files input[type="checkbox"]').first().click();
    await desktop.getByText(/Excluded files/).waitFor(WAIT);
    await desktop.getByRole('combobox', { name: 'Type of misc/focus_0001.fits' }).selectOption('light');
    await desktop.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, WAIT);
    await desktop.locator('[data-testid="group-row"][data-type="flat"]').first().scrollIntoViewIfNeeded();
    await desktop.mouse.wheel(0, 200);
    await desktop.locator('.data-table.files .file-name').first().hover();
    await desktop.waitForTimeout(1200);
    await shot(desktop, '05-group-files');
    await desktop.getByText(/Excluded files/).scrollIntoViewIfNeeded();
    await shot(desktop, '05b-unclassified-excluded');

    // 3. Masters.
    await desktop.getByRole('button', { name: /Next: masters/ }).click();
    await desktop.getByTestId('build-masters').click();
    await desktop.locator('[data-testid="master-card"][data-status="building"]').first().waitFor(WAIT);
    await desktop.waitForTimeout(900);
    await shot(desktop, '06-masters-building');
    await desktop.waitForFunction(() => [...document.querySelectorAll('[data-testid="master-card"]')].every((card) => card.getAttribute('data-status') === 'done'), undefined, WAIT);
    await desktop.waitForFunction(() => document.querySelectorAll('[data-testid="histogram"] .main-svg').length > 0, undefined, WAIT);
    await desktop.waitForTimeout(500);
    await shot(desktop, '07-masters-built');

    // 4. Calibrate.
    await desktop.getByRole('button', { name: /Next: calibrate/ }).click();
    await desktop.getByTestId('calibrate').click();
    await desktop.waitForFunction(() => Number(document.querySelector('[data-testid="overall-progress"]')?.getAttribute('aria-valuenow')) >= 12, undefined, WAIT);
    await shot(desktop, '08-calibrating');

    // 5. The viewer: a calibrated light, raw and calibrated side by side.
    await desktop.locator('[data-testid="frame-row"][data-status="done"]').nth(2).click();
    await desktop.getByTestId('frame-viewer').waitFor(WAIT);
    await desktop.locator('.frame-canvas').nth(1).waitFor(WAIT);
    await desktop.locator('.header-cards').waitFor(WAIT);
    await desktop.waitForTimeout(300);
    await shot(desktop, '09-viewer');
    await desktop.getByRole('button', { name: 'zscale' }).click();
    const pane = desktop.locator('.frame-canvas').first();
    const box = (await pane.boundingBox())!;
    await desktop.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.47);
    for (let i = 0; i < 6; i += 1) await desktop.mouse.wheel(0, -240);
    await desktop.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.4);
    await desktop.waitForTimeout(300);
    await shot(desktop, '10-viewer-zoomed-zscale');
    await desktop.getByRole('button', { name: /Back/ }).click();

    // 6. The end of the run and its outputs.
    await desktop.getByTestId('run-summary').or(desktop.getByRole('button', { name: 'Outputs →' })).first().waitFor({ timeout: 120_000 });
    await shot(desktop, '11-run-finished');
    await desktop.getByRole('button', { name: 'Outputs →' }).click();
    await desktop.getByTestId('run-summary').waitFor(WAIT);
    await shot(desktop, '12-outputs');

    // 7. Night red.
    await desktop.getByRole('button', { name: 'Night red' }).click();
    await desktop.getByRole('button', { name: /Masters/ }).first().click();
    await desktop.waitForTimeout(600);
    await shot(desktop, '13-night-red-masters');
    await desktop.getByRole('button', { name: 'Night red' }).click();

    // 8. A window that reconnects in the middle of a run.
    const reconnect = await open('host=browser&initial=running&speed=1');
    await reconnect.locator('[data-testid="frame-row"][data-status="done"]').first().waitFor(WAIT);
    await reconnect.waitForTimeout(1200);
    await shot(reconnect, '14-reconnect-running');
    await reconnect.getByTestId('cancel-run').click();
    await reconnect.getByText(/Run cancelled/).waitFor(WAIT);
    await reconnect.getByRole('button', { name: 'Failed', exact: true }).click();
    await shot(reconnect, '15-cancelled-failed-filter');
  } finally {
    await browser.close();
    await harness.close();
  }
  console.log(problems.length === 0 ? 'no console errors, no CSP violations' : problems.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
