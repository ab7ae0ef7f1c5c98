/**
 * The desktop app, driven like a user: open the demo night, build the masters, calibrate.
 * Needs the Electron binary, which `npm install` cannot download on an offline machine:
 * without it the test says so and is skipped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron as electron, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../shared/contract';

const NOT_INSTALLED = 'Electron binary not installed: skipped';

/**
 * The path `require('electron')` gives, when the binary is there. It is looked for first:
 * with no binary, `require('electron')` tries to download one (and fails offline).
 */
function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(join(packageDir, 'path.txt'))) return null;
  try {
    const path: unknown = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Shows the step holding `testId`, through the step list when the page is on another step. */
async function goToStep(page: Page, title: string, testId: string): Promise<void> {
  if (await page.getByTestId(testId).isVisible()) return;
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(title) }).click();
  await page.getByTestId(testId).waitFor({ timeout: 30_000 });
}

const binary = electronBinary();
if (!binary) console.log(NOT_INSTALLED);

describe('the desktop app', () => {
  it.skipIf(!binary)(binary ? 'opens the demo night, builds masters and calibrates every light' : NOT_INSTALLED, async () => {
    const projectDir = resolve('.');
    expect(existsSync(join(projectDir, 'out/main/desktop.js')), 'run `npx electron-vite build` first').toBe(true);
    const userData = mkdtempSync(join(tmpdir(), 'nightcal-e2e-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [projectDir],
      cwd: projectDir,
      env: { ...process.env, NIGHTCAL_USER_DATA: userData },
      timeout: 60_000,
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('demo-night').click();
      await page.getByTestId('groups-table').waitFor({ timeout: 120_000 });

      await goToStep(page, 'Masters', 'build-masters');
      await page.getByTestId('build-masters').click();
      await page.waitForFunction(
        () => {
          const cards = [...document.querySelectorAll('[data-testid="master-card"]')];
          return cards.length > 0 && cards.every((card) => card.getAttribute('data-status') === 'done');
        },
        undefined,
        { timeout: 300_000 },
      );

      await goToStep(page, 'Calibrate', 'calibrate');
      await page.getByTestId('calibrate').click();
      await page.locator('[data-testid="overall-progress"][aria-valuenow="100"]').waitFor({ timeout: 600_000 });
      // The page ran sandboxed: no Node in it, only the bridge.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { nightcal: object }).nightcal).length)).toBe(API_METHODS.length + 2);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  }, 900_000);
});
