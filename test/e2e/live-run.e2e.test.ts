/**
 * A run as every window sees it, end to end in Debian Chromium over the BUILT `nightcal serve`:
 * one run, held in main, shown the same in every page. A long night (a cut-short light, a
 * duplicate) is opened through the folder browser and calibrated; the page is reloaded midway
 * and shows the live run exactly; a second page opened during the run shows the same live
 * counts; the second page cancels and both end on the same summary; "Calibrate again" from the
 * first page ends the second page's "Cancelled" at once, and both finish alike. The text, the
 * bar and its ARIA value agree with the counts at every look.
 *
 * Screenshots and UPDATE_SCREENSHOTS=1, NIGHTCAL_E2E_KEEP=1: as in app-flow.e2e.test.ts.
 * Skipped, with a message, where /usr/bin/chromium is not installed.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, filesUnder, groupCounts, holdServer, progressReadout, recordedRunStates, recordRunStates, runCounts, runStateText, sameRunShown, shownRun, slowServer, stopChild, textOf, tileValue, WAIT, writeDemoNight } from './app-page';
import { expectProgressAgrees, fmt, startAppSession, UPDATE_README_SHOTS, type AppSession } from './app-session';
import { wholeFitsProblem } from './fits-size';

/** Enough lights (2,000 at 384 px: tens of seconds on a shared machine) for a reload, a second page and a cancel to land midway. */
const LONG_NIGHT = { size: 384, lights: 2000 };

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`live-run e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!haveChromium)('one run, shown alike in every page, after a reload and to its end', () => {
  let session: AppSession;
  let page: Page;
  let work: string;
  let longNight: { child: ChildProcess; done: Promise<void> } | undefined;
  const shot = (name: string, readmeName?: string, target?: Page) => session.shot(name, readmeName, target);

  beforeAll(async () => {
    session = await startAppSession('nightcal-live-run-e2e-', (root) => {
      longNight = writeDemoNight(join(root, 'nights', 'long-night'), LONG_NIGHT);
    });
    ({ page, work } = session);
  }, 60_000);

  afterAll(async () => {
    await stopChild(longNight?.child);
    await session?.close();
  });

  it('a long night’s run tells the truth after a reload and in a second page: the same live counts, the same end', async () => {
    await longNight!.done;
    const nightDir = join(work, 'nights', 'long-night');
    // Two problems a real night can have: a byte-identical copy, and a light cut short.
    copyFileSync(join(nightDir, 'Lights', 'M51-001L.fit'), join(nightDir, 'Lights', 'zz-copy-of-M51-001L.fit'));
    writeFileSync(join(nightDir, 'Lights', 'M51-cut-short.fit'), readFileSync(join(nightDir, 'Lights', 'M51-002L.fit')).subarray(0, 2 * 2880));

    // Open it through the server's folder browser, as a browser user must.
    await page.getByTestId('demo-night').waitFor(WAIT);
    const folders = page.getByLabel('Folders on the server');
    await folders.getByRole('button', { name: new RegExp(`${basename(work)}$`) }).click();
    await folders.getByRole('button', { name: /nights$/ }).click();
    const count = folders.locator('li', { has: page.getByRole('button', { name: /long-night$/ }) }).locator('.fits-count');
    await expect.poll(() => textOf(count), WAIT).toBe('100+ FITS');
    await folders.getByRole('button', { name: /long-night$/ }).click();
    await folders.getByRole('button', { name: 'Open this folder' }).click();
    await expect.poll(() => textOf(page.locator('.panel-header .mono').first()), WAIT).toBe(nightDir);
    await page.getByTestId('groups-table').waitFor(WAIT);
    const groups = await groupCounts(page);
    expect((groups.get('light|L') ?? 0) + (groups.get('light|R') ?? 0)).toBe(LONG_NIGHT.lights);
    // The cut-short light cannot be calibrated (the run lists it as failed, with why); the copy is left out.
    const lights = LONG_NIGHT.lights + 1;
    expect(await tileValue(page, 'Lights')).toBe(fmt(LONG_NIGHT.lights));
    expect(await textOf(page.locator('.tile-note'))).toBe('+1 cannot be calibrated');
    expect(await tileValue(page, 'Problems')).toBe('2');
    const problemList = page.getByTestId('problems');
    expect(await textOf(problemList.locator('[data-severity="error"]'))).toMatch(/M51-cut-short\.fit: .*cut short/);
    expect(await textOf(problemList.locator('[data-severity="warning"]'))).toMatch(/zz-copy-of-M51-001L\.fit is a byte-identical copy of Lights\/M51-001L\.fit/);
    await shot('07-night-with-problems', 'night-overview');

    await session.goToStep('Calibrate');
    expect(await textOf(page.getByTestId('calibrate'))).toBe(`Calibrate ${fmt(LONG_NIGHT.lights)} lights`);
    await page.getByTestId('calibrate').click();
    await page.locator('[data-testid="frame-row"][data-status="done"]').first().waitFor(WAIT);

    // ---- a reload midway, and a second page opened meanwhile: both show the live run. The server
    // runs at a third of its speed meanwhile, so that the run outlasts the page loads and the looks
    // on a fast machine too.
    const atFullSpeed = slowServer(session.server);
    let second: Page;
    try {
      [, second] = await Promise.all([page.reload(), session.newPage('second page')]);
      for (const target of [page, second]) await target.locator('.run-progress-line').waitFor(WAIT);
      await Promise.all([recordRunStates(page), recordRunStates(second)]);
      for (const target of [page, second]) {
        const shown = await progressReadout(target);
        expect(shown.state, shown.text).toBe('Calibrating');
        expect(shown.counts.done).toBeGreaterThan(0);
        expect(Object.values(shown.counts).reduce((sum, n) => sum + n, 0)).toBe(lights);
        await expectProgressAgrees(target);
      }
      const from = (await progressReadout(page)).counts.done;
      await expect.poll(async () => (await progressReadout(page)).counts.done, { timeout: 20_000 }).toBeGreaterThan(from + 30);
      expect((await progressReadout(page)).text).toMatch(/ fr\/s/); // the rate, as main measures it
      // Both pages showed the same states (counts, percent, rate, time left, elapsed) in the same
      // order: the same batches. (From the first state both kept: one page may have begun keeping
      // them a little later, and one may be a batch ahead when they are read.)
      const [shownInFirst, shownInSecond] = await Promise.all([recordedRunStates(page), recordedRunStates(second)]);
      const common = shownInSecond.findIndex((state) => shownInFirst.includes(state));
      expect(common, `no state shown in both:\n${shownInFirst.join('\n')}\n--\n${shownInSecond.join('\n')}`).toBeGreaterThanOrEqual(0);
      const fromFirst = shownInFirst.slice(shownInFirst.indexOf(shownInSecond[common]));
      const fromSecond = shownInSecond.slice(common);
      const both = Math.min(fromFirst.length, fromSecond.length);
      expect(both, fromSecond.join('\n')).toBeGreaterThanOrEqual(5);
      expect(fromFirst.slice(0, both)).toEqual(fromSecond.slice(0, both));
    } finally {
      atFullSpeed();
    }
    // ---- the second page cancels, midway: asked while the server is held, so that the run cannot end first
    const goOn = holdServer(session.server);
    try {
      const before = await progressReadout(second);
      expect(before.state, before.text).toBe('Calibrating');
      expect(before.percent, before.text).toBeLessThan(90);
      await second.getByTestId('cancel-run').click();
    } finally {
      goOn();
    }
    await page.getByText(/Run cancelled/).waitFor(WAIT);
    await second.getByText(/Run cancelled/).waitFor(WAIT);
    // Both end on the same run: its line, its counts, and every row they render.
    await expect.poll(async () => sameRunShown(await shownRun(page), await shownRun(second)), WAIT).toBe(true);
    await shot('09-cancelled');
    const finished = await textOf(page.locator('.run-finished'));
    expect(await textOf(second.locator('.run-finished'))).toBe(finished);
    const [, doneText, failedText] = /([\d,]+) done, ([\d,]+) failed/.exec(finished)!;
    const done = Number(doneText.replace(/,/g, ''));
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(lights);
    expect(Number(failedText)).toBe(1); // the light cut short
    const cancelledCounts = { done, failed: 1, skipped: 0, cancelled: lights - done - 1, running: 0, queued: 0 };
    expect(await runCounts(page)).toEqual(cancelledCounts);
    expect(await runCounts(second)).toEqual(cancelledCounts);
    expect(await runStateText(page)).toBe('Cancelled');
    expect(Number(await page.getByTestId('overall-progress').getAttribute('aria-valuenow'))).toBeLessThan(100);
    await expectProgressAgrees(page);
    await expectProgressAgrees(second);
    // The failed light says why, in its row.
    await page.getByRole('group', { name: 'Show frames' }).getByRole('button', { name: 'Failed' }).click();
    expect(await textOf(page.locator('[data-testid="frame-row"][data-status="failed"]'))).toMatch(/M51-cut-short\.fit.*failed.*cut short/);
    await page.getByRole('group', { name: 'Show frames' }).getByRole('button', { name: 'All' }).click();

    // On disk: no partial file anywhere, and every output is a whole FITS file.
    const outputDir = join(nightDir, 'calibrated');
    const files = filesUnder(outputDir);
    expect(files.filter((path) => path.includes('nightcal-partial'))).toEqual([]);
    const fits = files.filter((path) => /\.fits?$/i.test(path));
    for (const path of fits) expect(wholeFitsProblem(path), path).toBeNull();
    const lightsWritten = fits.filter((path) => !path.startsWith(join(outputDir, 'masters')));
    const manifest = JSON.parse(readFileSync(join(outputDir, 'nightcal-run.json'), 'utf8')) as { frames: Record<string, { status: string; outputPath: string | null }> };
    const doneOutputs = Object.values(manifest.frames).filter((frame) => frame.status === 'done');
    expect(doneOutputs).toHaveLength(done);
    for (const frame of doneOutputs) expect(lightsWritten).toContain(frame.outputPath);

    // ---- "Calibrate again" here: the second page drops "Cancelled" at once, and both finish alike
    await page.getByTestId('calibrate').click();
    await expect.poll(() => runStateText(second), WAIT).toMatch(/^(Building masters|Calibrating)$/);
    expect(await second.locator('.run-finished').count()).toBe(0);
    // For the README: the run with its rate and time left, measured over the light stage's recent frames.
    await page.getByTestId('run-eta').waitFor({ timeout: UPDATE_README_SHOTS ? 15_000 : 1 }).catch(() => undefined);
    await shot('08-calibrating', 'calibration');
    // The rest of 2,000 lights, each measured too: longer than one step's wait on a busy machine.
    await page.getByText(/Run finished/).waitFor({ timeout: 180_000 });
    await second.getByText(/Run finished/).waitFor(WAIT);
    const resumed = await textOf(page.locator('.run-finished'));
    expect(await textOf(second.locator('.run-finished'))).toBe(resumed);
    // What the first run wrote is kept (skipped), the rest written.
    expect(resumed).toContain(`${fmt(lights - 1 - done)} done, 1 failed, ${fmt(done)} skipped`);
    const finalCounts = { done: lights - 1 - done, failed: 1, skipped: done, cancelled: 0, running: 0, queued: 0 };
    expect(await runCounts(page)).toEqual(finalCounts);
    expect(await runCounts(second)).toEqual(finalCounts);
    await expectProgressAgrees(page);
    await expectProgressAgrees(second);
    expect(await textOf(page.getByTestId('progress-percent'))).toBe('100 %');
    await second.close();
    expect(session.problems).toEqual([]);
  }, 360_000);
});


