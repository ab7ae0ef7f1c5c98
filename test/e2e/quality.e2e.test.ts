/**
 * Which subs are good, end to end in Debian Chromium over the BUILT `nightcal serve`: a demo
 * night (`nightcal demo --varied`) in which every third light is defocused (FWHM × 1.8) and two
 * are clouded (sky × 4, stars ÷ 5), its truth in _truth/model.json. Calibrated in the app, the
 * quality plot shows every light with exactly those marked as suggested rejections; blink steps
 * through the filter's lights and `x` keeps a suggested one by hand; that verdict survives a
 * reload, and kept_<filter>.txt lists every other light.
 *
 * Screenshots: test-results/e2e/ (and docs' README ones with UPDATE_SCREENSHOTS=1).
 * Skipped, with a message, where /usr/bin/chromium is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, textOf, WAIT } from './app-page';
import { startAppSession, type AppSession } from './app-session';

const LIGHTS = 24;
const CLI = join('out', 'main', 'cli.js');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`quality e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

/** The plot's points as plotly holds them: trace name → frame ids. */
async function plotted(page: Page): Promise<Record<string, string[]>> {
  return page.getByTestId('quality-plot').evaluate((element) => {
    const data = (element as unknown as { data?: { name: string; customdata: string[] }[] }).data ?? [];
    return Object.fromEntries(data.map((trace) => [trace.name, [...trace.customdata].sort()]));
  });
}

describe.skipIf(!haveChromium)('which subs are good: plot, blink, verdicts, kept lists', () => {
  let session: AppSession;
  let page: Page;
  let nightDir: string;
  let bad: Set<string>;
  let lights: string[];
  const filterOf = (id: string): string => (id.endsWith('L.fit') ? 'L' : 'R');

  beforeAll(async () => {
    session = await startAppSession('nightcal-quality-e2e-', (root) => {
      nightDir = join(root, 'nights', 'varied-night');
      const made = spawnSync(process.execPath, [CLI, 'demo', nightDir, '--size', '512', '--lights', String(LIGHTS), '--varied'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      if (made.status !== 0) throw new Error(`nightcal demo failed: ${made.stderr}`);
    });
    page = session.page;
    const model = JSON.parse(readFileSync(join(nightDir, '_truth', 'model.json'), 'utf8')) as { frames: { path: string; kind: string; condition?: unknown }[] };
    lights = model.frames.filter((f) => f.kind === 'light').map((f) => f.path);
    bad = new Set(model.frames.filter((f) => f.condition !== undefined).map((f) => f.path));
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('the plot marks exactly the defocused and clouded lights; blink steps through them; a verdict by hand survives a reload; the kept lists hold the others', async () => {
    expect(bad.size).toBe(LIGHTS / 3 + 2);
    await page.getByTestId('demo-night').waitFor(WAIT);
    const folders = page.getByLabel('Folders on the server');
    await folders.getByRole('button', { name: new RegExp(`${basename(session.work)}$`) }).click();
    await folders.getByRole('button', { name: /nights$/ }).click();
    await folders.getByRole('button', { name: /varied-night$/ }).click();
    await folders.getByRole('button', { name: 'Open this folder' }).click();
    await page.getByTestId('groups-table').waitFor(WAIT);
    await session.goToStep('Calibrate');
    await page.getByTestId('calibrate').click();
    // The quality step follows the run live; it ends with every light on the plot.
    await session.goToStep('Quality');
    await page.getByTestId('quality-plot').locator('.main-svg').first().waitFor(WAIT);
    await expect.poll(async () => textOf(page.getByTestId('quality-summary')), WAIT).toMatch(/kept in/);

    for (const filter of ['L', 'R']) {
      await page.getByRole('tab', { name: new RegExp(`^${filter} \\(`) }).click();
      const expectedBad = [...bad].filter((id) => filterOf(id) === filter).sort();
      const expectedGood = lights.filter((id) => filterOf(id) === filter && !bad.has(id)).sort();
      await expect.poll(async () => (await plotted(page))['fwhm rejected'], WAIT).toEqual(expectedBad);
      const traces = await plotted(page);
      // every light is on the plot: the good ones as the line, the bad ones as red crosses, on every row measured
      expect(traces.fwhm).toEqual(expectedGood);
      expect(traces['background rejected']).toEqual(expectedBad);
      expect(traces['stars rejected']).toEqual(expectedBad);
      const listed = await page.getByTestId('quality-rejections').locator('li[data-frame-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-frame-id')!).sort());
      expect(listed).toEqual(expectedBad);
      expect(await textOf(page.getByTestId('quality-summary'))).toContain(`${expectedBad.length} suggested for rejection`);
      // each with the rule it failed
      for (const id of expectedBad) expect(await textOf(page.getByTestId('quality-rejections').locator(`li[data-frame-id="${id}"]`))).toMatch(/fwhm .* > median\+3mad|background .* > median\+5mad/);
    }
    await page.getByRole('tab', { name: /^L \(/ }).click();
    await session.shot('20-quality-plot', 'quality-plot');

    // Blink: the L lights in time order, each with its figures; → steps, x keeps a suggested one.
    const ordered = lights.filter((id) => filterOf(id) === 'L');
    await page.getByRole('button', { name: /^Blink L/ }).click();
    const overlay = page.getByTestId('blink-overlay');
    const seen: string[] = [];
    for (let i = 0; i < ordered.length; i++) {
      await expect.poll(async () => textOf(page.getByTestId('blink').locator('.blink-bar strong')), WAIT).toContain(`${i + 1} / ${ordered.length}`);
      const text = await textOf(overlay);
      seen.push(text.split('\n')[0].trim());
      expect(text).toMatch(bad.has(ordered[i]) ? /REJECTED/ : /kept/);
      expect(text).toMatch(/FWHM \d+\.\d\d px/);
      if (i === 1) {
        await page.getByTestId('blink').locator('canvas.blink-image').waitFor(WAIT);
        await session.shot('21-blink', 'blink');
      }
      if (i < ordered.length - 1) await page.keyboard.press('ArrowRight');
    }
    expect(seen.map((line) => line.replace(/REJECTED.*|kept.*/, '').trim())).toEqual(ordered);
    // back to the first bad light, and keep it by hand
    const keptByHand = ordered.find((id) => bad.has(id))!;
    for (let i = ordered.length - 1; i > ordered.indexOf(keptByHand); i--) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => textOf(overlay), WAIT).toContain(keptByHand);
    await page.keyboard.press('x');
    await expect.poll(async () => textOf(overlay), WAIT).toContain('KEPT by hand');

    // The verdict is main's: after a reload the plot and the list still show it.
    await page.reload();
    await session.goToStep('Quality');
    await page.getByRole('tab', { name: /^L \(/ }).click();
    await expect.poll(async () => (await plotted(page))['fwhm rejected'], WAIT).toEqual([...bad].filter((id) => filterOf(id) === 'L' && id !== keptByHand).sort());
    expect(await textOf(page.locator('.quality-panel'))).toContain('Kept by hand');

    // kept_<filter>.txt: one output path a line, every light not rejected.
    const out = join(nightDir, 'calibrated');
    const keptList = (filter: string) => readFileSync(join(out, `kept_${filter}.txt`), 'utf8').split('\n').filter(Boolean).sort();
    expect(keptList('L')).toEqual(lights.filter((id) => filterOf(id) === 'L' && (!bad.has(id) || id === keptByHand)).sort());
    expect(keptList('R')).toEqual(lights.filter((id) => filterOf(id) === 'R' && !bad.has(id)).sort());
    expect(session.problems).toEqual([]);
  }, 240_000);
});
