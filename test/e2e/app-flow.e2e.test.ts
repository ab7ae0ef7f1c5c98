/**
 * The whole app, end to end, as a user drives it: the real UI in Debian Chromium at 1440×900,
 * served by the BUILT `nightcal serve`, over the real pipeline (scan, masters on the worker
 * pool, calibration, previews). What it says must be true, before, during and after a run,
 * and about what each frame got. (A run reloaded midway and watched from two pages:
 * live-run.e2e.test.ts.)
 *
 * 1. Folders that are no night: an empty folder and one outside the allowed roots are refused
 *    with what to do, the typed path kept; a recent night outside the roots is not offered;
 *    the folder browser counts the FITS files under each folder, sub-folders included.
 * 2. The demo night: groups → masters (built, rebuilt by sigma-clip) → before the run, the
 *    lights it will take and the folder it will really write to → every light done, each
 *    badge "BDF" → a calibrated frame beside its raw frame → the outputs, as on disk.
 * 3. A night without its R flats: its R lights say "no flat" (the filter finds exactly them),
 *    the outputs step says so; the next run goes to a folder chosen among the server's
 *    folders, keeps what it wrote when run again, and writes every light again when asked.
 *
 * A screenshot of every step goes to test-results/e2e/ (gitignored). With UPDATE_SCREENSHOTS=1
 * the README's screenshots in test/e2e/screenshots/ are refreshed from the same run.
 * NIGHTCAL_E2E_KEEP=1 keeps the temporary nights, outputs and data folder for a look.
 * Skipped, with a message, where /usr/bin/chromium is not installed.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL } from '../../electron/demo/demo-model';
import {
  allMastersDone,
  canvasIsDrawn,
  checkMasterCards,
  CHROMIUM,
  expectedGroups,
  filesUnder,
  groupCounts,
  runCounts,
  runStateText,
  scrollThroughFrames,
  statusCount,
  stopChild,
  textOf,
  tileValue,
  WAIT,
  writeDemoNight,
  type DemoModel,
} from './app-page';
import { expectProgressAgrees, startAppSession, type AppSession } from './app-session';
import { fitsHeaderValue, wholeFitsProblem } from './fits-size';

/** The night without R flats: small, its lights split between L and R. */
const PARTIAL_NIGHT = { size: 256, lights: 16 };
/** A recent night outside the server's roots (seeded in its data folder): never offered. */
const OUTSIDE_NIGHT = '/srv/elsewhere/2026-01-01';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`app e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!haveChromium)('NightCal in Chromium over `nightcal serve` and the real pipeline', () => {
  let session: AppSession;
  let page: Page;
  let work: string;
  let partialNight: { child: ChildProcess; done: Promise<void> } | undefined;
  const shot = (name: string, readmeName?: string) => session.shot(name, readmeName);
  const goToStep = (title: string) => session.goToStep(title);

  beforeAll(async () => {
    session = await startAppSession('nightcal-app-e2e-', (root) => {
      // The night without R flats is written while the first flows run.
      partialNight = writeDemoNight(join(root, 'nights', 'no-r-flats'), PARTIAL_NIGHT);
      mkdirSync(join(root, 'nights', 'empty', 'notes'), { recursive: true });
      mkdirSync(join(root, 'outputs', 'chosen'), { recursive: true });
      mkdirSync(join(root, 'data', 'nightcal'), { recursive: true });
      writeFileSync(join(root, 'data', 'nightcal', 'recent-nights.json'), JSON.stringify([OUTSIDE_NIGHT]));
    });
    ({ page, work } = session);
  }, 60_000);

  afterAll(async () => {
    await stopChild(partialNight?.child);
    await session?.close();
  });

  it('refuses folders that are no night, saying what to do, and keeps what was typed; offers no night it may not open', async () => {
    await page.getByTestId('demo-night').waitFor(WAIT);
    expect(await page.locator('.recent-nights').count()).toBe(0); // the seeded night outside the roots is not offered
    expect(await page.getByText(OUTSIDE_NIGHT).count()).toBe(0);
    await shot('01-open-night');
    const input = page.getByTestId('night-path-input');
    const empty = join(work, 'nights', 'empty');
    await input.fill(empty);
    await page.locator('.open-night form.path-form').getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => textOf(page.locator('.step-panel > .alert.error')), WAIT).toBe(`no FITS files found in ${empty} (searched 2 folders): open the folder that holds the night's frames`);
    expect(await input.inputValue()).toBe(empty);
    expect(await page.getByTestId('groups-table').count()).toBe(0); // no empty night was opened
    await input.fill('/etc');
    await page.locator('.open-night form.path-form').getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => textOf(page.locator('.step-panel > .alert.error')), WAIT).toContain('to allow a folder, start NightCal with `nightcal serve --root DIR`');
    expect(await input.inputValue()).toBe('/etc');
    // The folder browser counts the FITS files under each folder, sub-folders included.
    const folders = page.getByLabel('Folders on the server');
    await folders.getByRole('button', { name: new RegExp(`${basename(work)}$`) }).click();
    await folders.getByRole('button', { name: /nights$/ }).click();
    const entry = (name: string) => folders.locator('li', { has: page.getByRole('button', { name: new RegExp(`${name}$`) }) }).locator('.fits-count');
    await expect.poll(() => textOf(entry('empty')), WAIT).toBe('no FITS');
    await partialNight!.done;
    await folders.getByRole('button', { name: '↑ Up' }).click();
    await folders.getByRole('button', { name: /nights$/ }).click();
    // 15 biases, 10 darks, 10 flats in each of L and R, 16 lights: in Bias/, Darks/, Flats/, Lights/.
    await expect.poll(() => textOf(entry('no-r-flats')), WAIT).toBe('61 FITS');
    await shot('01-refused');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('opens the demo night, builds masters (and rebuilds them), shows where the run will write, calibrates every light and shows a calibrated frame', async () => {
    // ---- the demo night and its groups
    await page.getByTestId('demo-night').click();
    await page.getByTestId('groups-table').waitFor(WAIT);
    const demoDir = join(work, 'data', 'nightcal', 'demo-night');
    const model = JSON.parse(readFileSync(join(demoDir, '_truth', 'model.json'), 'utf8')) as DemoModel;
    const expected = expectedGroups(model);
    // The demo's defaults: 15 biases, 10 darks, 10 flats in each of L and R, the lights split between L and R.
    const lights = model.frames.filter((f) => f.kind === 'light').length;
    expect(expected.get('bias|—')).toBe(15);
    expect(expected.get('dark|—')).toBe(10);
    expect(expected.get('flat|L')).toBe(10);
    expect(expected.get('flat|R')).toBe(10);
    expect(lights).toBeGreaterThan(0);
    expect(expected.get('light|L')! + expected.get('light|R')!).toBe(lights);
    expect(await groupCounts(page)).toEqual(expected);
    expect(await tileValue(page, 'Files')).toBe(String(model.frames.length));
    expect(await tileValue(page, 'Lights')).toBe(String(lights));
    await expect.poll(() => textOf(page.getByTestId('problems'))).toBe('No problems found.');
    // What each light group gets, as main planned it: every step applied, the flat of its own filter.
    const plans = page.getByTestId('light-plan');
    expect(await plans.count()).toBe(2);
    for (const filter of ['L', 'R']) {
      const row = plans.filter({ hasText: new RegExp(`^${filter} ·`) });
      for (const step of ['bias', 'dark', 'flat']) expect(await row.locator(`[data-step="${step}"]`).getAttribute('data-status')).toBe('applied');
      expect(await textOf(row.locator('[data-step="flat"]'))).toContain(`master flat ${filter}`);
      expect(await textOf(row.locator('[data-step="dark"]'))).toContain("the lights' exposure");
    }
    await shot('02-night-overview');

    // ---- masters: build, previews and histograms, then rebuild by sigma-clip
    await page.getByRole('button', { name: /Next: masters/ }).click();
    await page.getByTestId('build-masters').click();
    await allMastersDone(page, 4); // bias, dark, flat L, flat R
    // Built: the build button gives way to the rebuild, and the panel says how they were combined.
    expect(await page.getByTestId('build-masters').count()).toBe(0);
    await expect.poll(() => textOf(page.getByTestId('combine-used')), WAIT).toBe('median');
    await checkMasterCards(page);
    // The dark's hot pixels are counted and shown; a card says how many frames, in the singular for one.
    const darkCard = page.locator('[data-testid="master-card"][data-master-id^="dark"]');
    expect(await textOf(darkCard.locator('.stats tr', { hasText: 'Hot pixels' }).locator('td'))).toMatch(/^[1-9][\d,]* px$/);
    expect(await textOf(darkCard.locator('p.tabular').first())).toMatch(/^median of 10 frames · /);
    await shot('03-masters-median');

    const combine = page.getByRole('group', { name: 'How to combine the frames' });
    await combine.getByRole('button', { name: 'Sigma-clip' }).click();
    await page.getByTestId('rebuild-masters').click();
    await expect.poll(() => textOf(page.getByTestId('combine-used')), WAIT).toBe('sigma-clip');
    await allMastersDone(page, 4);
    await checkMasterCards(page);
    // The rebuild button now offers the other method only.
    expect(await page.getByTestId('rebuild-masters').isDisabled()).toBe(true);
    // Main never mixes runs: the median masters stay in calibrated/, the new ones go to calibrated-2/.
    const mastersIn = (folder: string) => filesUnder(join(demoDir, folder, 'masters')).filter((path) => path.endsWith('.fits'));
    for (const path of mastersIn('calibrated')) expect(fitsHeaderValue(path, 'COMBMETH'), path).toBe('median');
    const masterFiles = mastersIn('calibrated-2');
    expect(masterFiles).toHaveLength(4);
    for (const path of masterFiles) expect(fitsHeaderValue(path, 'COMBMETH'), path).toBe('sigma-clip');
    expect(await textOf(page.getByTestId('master-card').first().locator('.path'))).toMatch(/^calibrated-2\/masters\/master_bias_\S+\.fits$/);
    const builtAt = new Map(masterFiles.map((path) => [path, statSync(path).mtimeMs]));
    await shot('03-masters', 'masters');
    const outputDir = join(demoDir, 'calibrated-2');

    // ---- before the run: the lights it will take, queued, and the folder it will really write to
    await page.getByRole('button', { name: /Next: calibrate/ }).click();
    await expect.poll(() => textOf(page.getByTestId('run-output-dir'))).toBe(`into ${outputDir}`);
    expect(await textOf(page.getByTestId('run-output-passed-over'))).toBe(`${join(demoDir, 'calibrated')} holds the outputs of another run (other frames, masters or settings): the run writes beside it instead.`);
    expect(await textOf(page.getByTestId('calibrate'))).toBe(`Calibrate ${lights} lights`);
    expect(await runStateText(page)).toBe('Ready');
    expect(await textOf(page.locator('.run-progress-line span').first())).toBe(`0 / ${lights} frames`);
    expect(await statusCount(page, 'queued')).toBe(lights);
    expect(await page.getByText('No lights to calibrate.').count()).toBe(0);
    const before = await scrollThroughFrames(page);
    expect(before.size).toBe(lights);
    for (const row of before.values()) expect(row, row.frameId).toMatchObject({ status: 'queued', badge: 'BDF', complete: 'true' });
    await shot('04-before-run');

    // ---- calibrate
    await page.getByTestId('calibrate').click();
    await page.locator('[data-testid="overall-progress"][aria-valuenow="100"]').waitFor(WAIT);
    await page.getByText(/Run finished/).waitFor(WAIT);
    await expectProgressAgrees(page);
    expect(await textOf(page.locator('.run-finished'))).toContain(`${lights} done, 0 failed, 0 skipped`);
    // The counts come from the store (every frame's own state), not from the summary.
    expect(await runCounts(page)).toEqual({ done: lights, failed: 0, skipped: 0, cancelled: 0, running: 0, queued: 0 });
    // The list is virtual: scroll through it and see every row it renders done, and what each got.
    const seen = await scrollThroughFrames(page);
    expect(seen.size).toBe(lights);
    for (const row of seen.values()) expect(row, row.frameId).toMatchObject({ status: 'done', badge: 'BDF', complete: 'true' });
    expect([...seen.values()][0].reason).toMatch(/^BDF: bias master_bias|^BDF: bias bias_/);
    // Calibration used the masters as built (by sigma-clip): it did not build them again.
    for (const [path, mtime] of builtAt) expect(statSync(path).mtimeMs, path).toBe(mtime);
    await shot('04-calibrated');

    // ---- a calibrated frame: raw | calibrated, and the calibrated header
    await page.locator('[data-testid="frame-row"][data-status="done"]').first().click();
    const viewer = page.getByTestId('frame-viewer');
    await viewer.waitFor(WAIT);
    const panes = viewer.locator('.frame-canvas');
    await expect.poll(() => panes.count(), WAIT).toBe(2);
    for (let i = 0; i < 2; i += 1) await expect.poll(() => canvasIsDrawn(panes.nth(i)), WAIT).toBe(true);
    const header = page.getByTestId('header-panel');
    await header.getByRole('button', { name: 'Calibrated' }).click();
    await header.getByRole('rowheader', { name: 'CALSTAT' }).waitFor(WAIT);
    expect(await textOf(header.getByRole('row', { name: /CALSTAT/ }))).toContain("'BDF'");
    // Point at the middle of the raw pane: both values are read out.
    const box = (await panes.first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => textOf(viewer.locator('.viewer-status'))).toMatch(/x \d+ · y \d+\s*Raw -?[\d.,]+ ADU\s*Calibrated -?[\d.,]+ ADU/);
    await shot('05-frame-viewer');
    // Zoom (linked) into the raw frame's biggest dust donut: the flat takes it away.
    const donut = DEMO_MODEL.dustDonuts[0];
    const side = Math.min(box.width, box.height);
    await page.mouse.move(box.x + (box.width - side) / 2 + donut.x * side, box.y + (box.height - side) / 2 + donut.y * side);
    const fitZoom = parseFloat(await textOf(viewer.locator('.zoom-readout')));
    for (let notch = 0; notch < 7; notch += 1) await page.mouse.wheel(0, -100);
    await expect.poll(async () => parseFloat(await textOf(viewer.locator('.zoom-readout'))), WAIT).toBeGreaterThan(2.5 * fitZoom);
    for (let i = 0; i < 2; i += 1) await expect.poll(() => canvasIsDrawn(panes.nth(i)), WAIT).toBe(true);
    await shot('05-frame-viewer-zoomed', 'frame-viewer');
    await viewer.getByRole('button', { name: /Back/ }).click();

    // ---- outputs: the summary names the folder, what the run says, every light; the folder holds every light, whole
    await page.getByRole('button', { name: 'Outputs →' }).click();
    const summary = page.getByTestId('run-summary');
    await summary.waitFor(WAIT);
    expect(await textOf(summary)).toContain(outputDir);
    const firstMaster = page.getByTestId('masters-used').locator('tbody tr').first().locator('td');
    expect(await textOf(firstMaster.nth(0))).toBe('Bias · gain 100 · −10.0 °C');
    expect(await textOf(firstMaster.nth(1))).toMatch(/^masters\/master_bias_\S+\.fits$/);
    expect(await textOf(page.locator('h3').filter({ hasText: 'Masters used' }))).toBe('Masters used · combined by sigma-clip');
    // The run's one note: why it wrote beside calibrated/.
    const warnings = page.getByTestId('run-warnings');
    expect(await warnings.locator('li').count()).toBe(1);
    expect(await textOf(warnings.locator('li[data-scope="run"]'))).toBe(`run ${join(demoDir, 'calibrated')} holds the outputs of another run (other frames, masters or settings): this run writes to ${outputDir}`);
    const table = await scrollThroughFrames(page, page.getByTestId('outputs-lights'));
    expect(table.size).toBe(lights);
    expect(await textOf(page.getByTestId('outputs-lights').locator('[data-testid="frame-row"] .col-note').first())).toMatch(/^Bias \+ Dark · 60 s \+ Flat · [LR] · 2 s$/);
    const files = filesUnder(outputDir);
    expect(files.filter((path) => path.includes('nightcal-partial'))).toEqual([]);
    const written = files.filter((path) => /\.fits?$/i.test(path) && !path.startsWith(join(outputDir, 'masters')));
    expect(written).toHaveLength(lights);
    for (const path of written) expect(wholeFitsProblem(path), path).toBeNull();
    await shot('06-outputs', 'outputs');
    expect(session.problems).toEqual([]);
  }, 150_000);

  it('a night without its R flats: each R light says it went without a flat, the filter finds them, the outputs say so; the next run goes where chosen', async () => {
    await partialNight!.done;
    const nightDir = join(work, 'nights', 'no-r-flats');
    for (const name of readdirSync(join(nightDir, 'Flats'))) if (/R\.fits?$/i.test(name)) rmSync(join(nightDir, 'Flats', name));
    const model = JSON.parse(readFileSync(join(nightDir, '_truth', 'model.json'), 'utf8')) as DemoModel;
    const rLights = new Set(model.frames.filter((f) => f.kind === 'light' && f.filter === 'R').map((f) => f.path.replace(/^.*?(Lights\/)/, '$1')));
    expect(rLights.size).toBeGreaterThan(0);

    // Typed, as a path.
    await goToStep('Night');
    await page.getByRole('button', { name: 'Open another night' }).click();
    await page.getByTestId('night-path-input').fill(nightDir);
    await page.locator('.open-night form.path-form').getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => textOf(page.locator('.panel-header .mono').first()), WAIT).toBe(nightDir);
    expect(await textOf(page.getByTestId('problems').locator('[data-severity="warning"]'))).toMatch(/no flats taken for filter R/);

    await goToStep('Calibrate');
    await page.getByTestId('calibrate').click();
    await page.getByText(/Run finished/).waitFor(WAIT);
    const rows = await scrollThroughFrames(page);
    expect(rows.size).toBe(PARTIAL_NIGHT.lights);
    for (const row of rows.values()) {
      const noFlat = rLights.has(row.frameId);
      expect(row, row.frameId).toMatchObject({ status: 'done', badge: noFlat ? 'BD · no flat' : 'BDF', complete: noFlat ? 'false' : 'true' });
      if (noFlat) expect(row.reason).toMatch(/no flats taken for filter R/);
    }
    // "Incomplete" keeps exactly the lights that went without a flat.
    await page.getByRole('group', { name: 'Show frames' }).getByRole('button', { name: 'Incomplete' }).click();
    const incomplete = await scrollThroughFrames(page);
    expect(new Set(incomplete.keys())).toEqual(rLights);
    // Why, said once for them all: the plan's reason.
    expect(await textOf(page.getByTestId('incomplete-reasons'))).toMatch(new RegExp(`^BD · no flat ${rLights.size} lights: BD: bias .*: no flats taken for filter R\\.$`));
    await page.getByTestId('treatment').first().hover();
    await shot('10-incomplete', 'incomplete');
    await page.getByRole('group', { name: 'Show frames' }).getByRole('button', { name: 'All' }).click();

    // ---- the outputs say it, and choose where the next run goes
    await page.getByRole('button', { name: 'Outputs →' }).click();
    const warnings = page.getByTestId('run-warnings');
    expect(await textOf(warnings.locator('li[data-scope="lights"]'))).toBe(`lights Calibrated ${rLights.size} lights without a flat.`);
    const chosen = join(work, 'outputs', 'chosen');
    const again = page.getByTestId('calibrate-again');
    await again.getByRole('button', { name: 'Browse…' }).click();
    const folders = again.getByLabel('Folders on the server');
    await folders.getByRole('button', { name: new RegExp(`${basename(work)}$`) }).click();
    await folders.getByRole('button', { name: /outputs$/ }).click();
    await folders.getByRole('button', { name: /chosen$/ }).click();
    await folders.getByRole('button', { name: 'Write here' }).click();
    await expect.poll(() => textOf(again.getByTestId('run-output-dir')), WAIT).toBe(`into ${chosen}`);
    expect(readdirSync(chosen)).toEqual([]); // said before the run, nothing written
    await again.getByTestId('calibrate-again-button').click();
    // The run step shows it, then its end, in the folder chosen.
    await page.locator(`.run-finished[data-output-dir="${chosen}"]`).waitFor(WAIT);
    expect(await textOf(page.getByTestId('run-output-dir'))).toBe(`into ${chosen}`);
    expect(await textOf(page.locator('.run-finished'))).toContain(`${PARTIAL_NIGHT.lights} done, 0 failed, 0 skipped`);
    const written = filesUnder(chosen).filter((path) => /\.fits?$/i.test(path) && !path.startsWith(join(chosen, 'masters')));
    expect(written).toHaveLength(PARTIAL_NIGHT.lights);
    for (const path of written) expect(wholeFitsProblem(path), path).toBeNull();
    await page.getByRole('button', { name: 'Outputs →' }).click();
    expect(await textOf(page.getByTestId('run-summary').locator('.facts dd').first())).toBe(chosen);

    // Again into the same folder: kept as written; asked to write every light again, it does.
    const calibrateAgain = async (redo: boolean, expected: string): Promise<void> => {
      if ((await page.getByTestId('calibrate-again').count()) === 0) await page.getByRole('button', { name: 'Outputs →' }).click();
      const box = page.getByTestId('calibrate-again');
      await expect.poll(() => textOf(box.getByTestId('run-output-dir')), WAIT).toBe(`into ${chosen}`);
      if (redo) await box.getByTestId('redo-all').check();
      await box.getByTestId('calibrate-again-button').click();
      await expect.poll(() => textOf(page.locator('.run-finished')), WAIT).toContain(expected);
    };
    await calibrateAgain(false, `0 done, 0 failed, ${PARTIAL_NIGHT.lights} skipped`);
    const firstWrite = statSync(written[0]).mtimeMs;
    await calibrateAgain(true, `${PARTIAL_NIGHT.lights} done, 0 failed, 0 skipped`);
    expect(statSync(written[0]).mtimeMs).toBeGreaterThan(firstWrite);
    expect(session.problems).toEqual([]);
  }, 120_000);
});
