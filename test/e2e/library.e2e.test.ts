/**
 * The calibration library in the app, end to end over the BUILT `nightcal serve` in Debian
 * Chromium: a night of lights and flats only opens with its bias and darks missing; a darks
 * session (another folder, same camera) is added on the Library step; its masters are listed
 * with their keys, and the night is planned again with them: its lights get the library's bias
 * and dark, its master cards say where they come from, and a run calibrates every light with
 * them, leaving the darks session as it was. Skipped, with a message, without /usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../support/built-cli';
import { CHROMIUM, scrollThroughFrames, textOf, WAIT } from './app-page';
import { startAppSession, type AppSession } from './app-session';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`library e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

/** Every file under `dir` with its SHA-256 (the darks session must stay as it was). */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name)] = createHash('sha256').update(readFileSync(join(entry.parentPath, entry.name))).digest('hex');
  }
  return out;
}

describe.skipIf(!haveChromium)('the calibration library in Chromium', () => {
  let session: AppSession;
  let night: string;
  let darks: string;
  let darksBefore: Record<string, string>;

  beforeAll(async () => {
    session = await startAppSession('nightcal-e2e-library-', (work) => {
      const full = join(work, 'full');
      execFileSync(process.execPath, [CLI_PATH, 'demo', full, '--size', '128', '--lights', '6'], { env: { ...process.env, NODE_OPTIONS: '', XDG_DATA_HOME: join(work, 'cli-data') } });
      night = join(work, 'lights-and-flats');
      darks = join(work, 'darks-session');
      for (const folder of ['Lights', 'Flats']) cpSync(join(full, folder), join(night, folder), { recursive: true });
      for (const folder of ['Bias', 'Darks']) cpSync(join(full, folder), join(darks, folder), { recursive: true });
      rmSync(full, { recursive: true, force: true });
    });
    darksBefore = hashes(darks);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('a night of lights and flats: no bias, no darks; the library is empty', async () => {
    const { page } = session;
    await page.getByTestId('night-path-input').fill(night);
    await page.getByTestId('night-path-input').press('Enter');
    await page.getByTestId('light-plans').waitFor(WAIT);
    const dark = page.getByTestId('light-plan').first().locator('[data-step="dark"]');
    expect(await dark.getAttribute('data-status')).toBe('missing');
    await session.goToStep('Library');
    await page.getByTestId('library-panel').waitFor(WAIT);
    await page.getByText(/no library yet at .*nightcal\/library/).waitFor(WAIT);
    expect(await page.getByTestId('library-master').count()).toBe(0);
  });

  it('adding a darks session lists its masters with their keys and plans the night again with them', async () => {
    const { page } = session;
    await page.getByTestId('library-path-input').fill(darks);
    await page.getByTestId('library-add').click();
    await page.getByTestId('library-report').waitFor({ timeout: 120_000 });
    expect(await textOf(page.getByTestId('library-report'))).toMatch(/^2 masters added from .*darks-session/);
    await page.getByTestId('library-master').nth(1).waitFor(WAIT);
    const rows = await page.getByTestId('library-master').allInnerTexts();
    expect(rows).toHaveLength(2); // the bias and the dark of the demo's exposure
    expect(rows.join('\n')).toMatch(/Bias[\s\S]*gain 100[\s\S]*Dark/);
    expect(rows.every((row) => /no run yet/.test(row))).toBe(true);
    // The night now uses them: listed here, and in its plan.
    await page.getByTestId('library-used').waitFor(WAIT);
    expect((await page.getByTestId('library-used').locator('li').allInnerTexts()).length).toBeGreaterThanOrEqual(2);
    await session.shot('library-added', 'library');
    await session.goToStep('Night');
    const dark = page.getByTestId('light-plan').first().locator('[data-step="dark"]');
    await page.locator('[data-step="dark"][data-status="applied"]').first().waitFor(WAIT);
    expect(await textOf(dark)).toMatch(/library master dark/);
    expect(await textOf(page.getByTestId('libraries'))).toMatch(/masters, \d+ used by this night/);
  }, 180_000);

  it('the master cards say which library file each is; the run calibrates every light with them', async () => {
    const { page } = session;
    await session.goToStep('Masters');
    await page.getByTestId('library-origin').first().waitFor(WAIT);
    expect(await textOf(page.getByTestId('library-origin').first())).toMatch(/From the calibration library[\s\S]*library .*nightcal\/library · masters\//);
    await session.goToStep('Calibrate');
    await page.getByTestId('calibrate').click();
    await page.getByText(/Run finished/).waitFor({ timeout: 120_000 });
    expect(await textOf(page.locator('.run-finished'))).toContain('6 done, 0 failed, 0 skipped');
    // Every light got bias, dark and flat: its badge says BDF.
    const seen = await scrollThroughFrames(page);
    expect(seen.size).toBe(6);
    for (const row of seen.values()) expect(row, row.frameId).toMatchObject({ status: 'done', badge: 'BDF', complete: 'true' });
    expect([...seen.values()][0].reason).toMatch(/bias .*library/);
    await session.shot('library-run');
    await page.getByRole('button', { name: 'Outputs →' }).click();
    const outputs = await textOf(page.getByTestId('run-summary'));
    expect(outputs).not.toMatch(/without a dark|without a bias/);
    await session.goToStep('Library');
    await page.getByText(/^1 run$/).first().waitFor(WAIT);
    expect(hashes(darks)).toEqual(darksBefore);
    // The night's own masters (its two flats) saved for later nights; a second save stores nothing new.
    await session.goToStep('Masters');
    await page.getByTestId('save-masters').click();
    await page.getByTestId('save-masters-report').waitFor(WAIT);
    expect(await textOf(page.getByTestId('save-masters-report'))).toMatch(/^2 saved to the library .*nightcal\/library$/);
    await page.getByTestId('save-masters').click();
    await expect.poll(() => textOf(page.getByTestId('save-masters-report')), WAIT).toMatch(/^0 saved to the library .*, 2 already there$/);
    await session.goToStep('Library');
    await expect.poll(() => page.getByTestId('library-master').count(), WAIT).toBe(4);
    expect(session.problems).toEqual([]);
  }, 180_000);
});
