/**
 * The whole app, end to end, as a user drives it: the real UI in Debian Chromium, served by
 * the BUILT `nightcal serve`, over the real pipeline (scan, masters on the worker pool,
 * calibration, previews). The demo night goes to a temporary data folder.
 *
 * 1. Open the demo night → the groups table holds what the demo wrote → build the masters →
 *    every card shows a drawn preview and a plotly histogram → rebuild them by sigma-clip →
 *    calibrate (with those masters, not rebuilt) → every light is done → open a calibrated
 *    frame: raw and calibrated side by side, CALSTAT in its header, linked zoom → the outputs,
 *    as written on disk.
 * 2. A second, longer night (with a cut-short light and a duplicate) opened through the
 *    server's folder browser: its problems are listed; Cancel midway leaves no partial file
 *    and only whole FITS files, and the UI says the run was cancelled.
 *
 * A screenshot of every step goes to test-results/e2e/ (gitignored). With UPDATE_SCREENSHOTS=1
 * the README's screenshots in test/e2e/screenshots/ are refreshed from the same run.
 * NIGHTCAL_E2E_KEEP=1 keeps the temporary nights, outputs and data folder for a look.
 * Skipped, with a message, where /usr/bin/chromium is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL } from '../../electron/demo/demo-model';
import { CLI_PATH } from '../support/built-cli';
import { fitsHeaderValue, wholeFitsProblem } from './fits-size';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Generous: plotly alone takes about 2.4 s to evaluate in a headless Chromium. */
const WAIT = { timeout: 45_000 };
const SHOTS_DIR = resolve('test-results/e2e');
const README_SHOTS_DIR = resolve('test/e2e/screenshots');
const UPDATE_README_SHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const README_SHOT_MAX_BYTES = 400 * 1024;
/** The second night: enough lights (600 at 512 px, a few seconds of work here) that a Cancel lands midway. */
const LONG_NIGHT = { size: 512, lights: 600 };

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`app e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Starts `node out/main/cli.js serve` and resolves with the URL (token included) it prints. */
function startServe(root: string, dataHome: string): Promise<Served> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--root', root], {
    env: { ...process.env, NODE_OPTIONS: '', XDG_DATA_HOME: dataHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`nightcal serve printed no URL in 30 s:\n${text}`)), 30_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const url = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(text)?.[1];
      if (url) {
        clearTimeout(timer);
        resolveStart({ child, url, output: () => text });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nightcal serve exited with ${code}:\n${text}`));
    });
  });
}

/** Stops a child politely (the server cancels, closes and disposes its workers), then for good. */
async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs `node out/main/cli.js demo DIR …` (it is started early, to overlap the first flow). */
function writeDemoNight(dir: string, options: { size: number; lights: number }): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(process.execPath, [CLI_PATH, 'demo', dir, '--size', String(options.size), '--lights', String(options.lights)], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolveDone, reject) => {
    child.once('exit', (code) => (code === 0 ? resolveDone() : reject(new Error(`nightcal demo exited with ${code}: ${stderr}`))));
  });
  return { child, done };
}

/** Every file under `dir`, dot-files included, recursively. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/** What the demo wrote: its model lists every frame with its kind and filter. */
interface DemoModel {
  readonly frames: readonly { readonly path: string; readonly kind: string; readonly filter: string | null }[];
}

/** "type|filter" → number of frames, as the groups table should show them. */
function expectedGroups(model: DemoModel): Map<string, number> {
  const groups = new Map<string, number>();
  for (const frame of model.frames) {
    const key = `${frame.kind}|${frame.filter ?? '—'}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return groups;
}

/** True when a canvas holds at least two different colours (something was drawn). */
async function canvasIsDrawn(canvas: Locator): Promise<boolean> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    if (c.width === 0 || c.height === 0) return false;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    for (let o = 4; o < data.length; o += 4) {
      if (data[o] !== data[0] || data[o + 1] !== data[1] || data[o + 2] !== data[2] || data[o + 3] !== data[3]) return true;
    }
    return false;
  });
}

/** The text of an element as written (not as styled: tiles are upper-cased), whitespace collapsed. */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Frames of a status in the run panel's counts (they come from the store: every frame's own state). */
async function statusCount(page: Page, status: string): Promise<number> {
  const text = await textOf(page.locator(`.status-counts li.status-${status}`));
  return Number(/([\d,]+)/.exec(text)![1].replace(/,/g, ''));
}

/** The value of one of the overview's tiles ("Files", "Lights", …). */
async function tileValue(page: Page, name: string): Promise<string> {
  return textOf(page.locator('.tile').filter({ has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd'));
}

/** The groups table as "type|filter" → frames. */
async function groupCounts(page: Page): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await page.getByTestId('group-row').all()) {
    const filter = await textOf(row.locator('td').nth(2));
    counts.set(`${await row.getAttribute('data-type')}|${filter}`, Number(await row.getAttribute('data-count')));
  }
  return counts;
}

/** Waits until there are `count` master cards, every one built. */
async function allMastersDone(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const cards = [...document.querySelectorAll('[data-testid="master-card"]')];
      return cards.length === expected && cards.every((card) => card.getAttribute('data-status') === 'done');
    },
    count,
    WAIT,
  );
}

function cards(page: Page): Locator {
  return page.getByTestId('master-card');
}

/** Every master card shows its preview, drawn, and its plotly histogram, with bars. */
async function checkMasterCards(page: Page): Promise<void> {
  const cards = page.getByTestId('master-card');
  for (let i = 0; i < (await cards.count()); i += 1) {
    const card = cards.nth(i);
    const canvas = card.locator('[data-testid="master-preview"][data-state="ready"] canvas');
    await canvas.waitFor(WAIT);
    await expect.poll(() => canvasIsDrawn(canvas), WAIT).toBe(true);
    await card.locator('[data-testid="histogram"] .main-svg').first().waitFor(WAIT);
    await expect.poll(() => card.locator('[data-testid="histogram"] .bars path').count(), WAIT).toBeGreaterThan(5);
  }
}

/** Scrolls the virtual frame list from top to bottom; every rendered row's status goes to `check`. */
async function scrollThroughFrames(page: Page, check: (status: string | null) => void): Promise<Set<string>> {
  const body = page.locator('.frame-list-body');
  await body.evaluate((element) => element.scrollTo(0, 0));
  const seen = new Set<string>();
  for (let pass = 0; pass < 1000; pass += 1) {
    for (const row of await page.getByTestId('frame-row').all()) {
      check(await row.getAttribute('data-status'));
      seen.add((await row.getAttribute('data-frame-id'))!);
    }
    const atEnd = await body.evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 1);
    if (atEnd) break;
    await body.evaluate((element) => element.scrollBy(0, element.clientHeight));
    // The rows follow the scroll position on React's next render.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }
  await body.evaluate((element) => element.scrollTo(0, 0));
  return seen;
}

describe.skipIf(!haveChromium)('NightCal in Chromium over `nightcal serve` and the real pipeline', () => {
  let work: string;
  let served: Served | undefined;
  let longNight: { child: ChildProcess; done: Promise<void> } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];
  const started = Date.now();
  let stopping = false;

  const shot = async (name: string, readmeName?: string): Promise<void> => {
    // Let a frame paint (canvas and plotly draw after React commits).
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
    if (UPDATE_README_SHOTS && readmeName) {
      const path = join(README_SHOTS_DIR, `${readmeName}.png`);
      await page.screenshot({ path });
      // They are committed: keep the repository light.
      expect(statSync(path).size, `${path} is too big for the README`).toBeLessThan(README_SHOT_MAX_BYTES);
    }
  };

  /** Shows a step through the step list. */
  const goToStep = async (title: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^\\d\\s*${title}`) }).click();
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'nightcal-app-e2e-'));
    mkdirSync(SHOTS_DIR, { recursive: true });
    if (UPDATE_README_SHOTS) mkdirSync(README_SHOTS_DIR, { recursive: true });
    // The long night is written while the first flow runs.
    longNight = writeDemoNight(join(work, 'nights', 'long-night'), LONG_NIGHT);
    served = await startServe(work, join(work, 'data'));
    const server = served;
    server.child.once('exit', (code, signal) => {
      if (!stopping) problems.push(`nightcal serve exited (${code ?? signal}):\n${server.output()}`);
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(served.url);
  }, 60_000);

  afterAll(async () => {
    stopping = true;
    await browser?.close();
    await stopChild(longNight?.child);
    await stopChild(served?.child);
    // NIGHTCAL_E2E_KEEP=1 keeps the nights, outputs and data folder for a look after a failure.
    if (work && process.env.NIGHTCAL_E2E_KEEP !== '1') rmSync(work, { recursive: true, force: true });
    else if (work) console.log(`app e2e: kept ${work}`);
    console.log(`app e2e: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SHOTS_DIR}`);
  });

  it('opens the demo night, builds masters (and rebuilds them), calibrates every light and shows a calibrated frame', async () => {
    // ---- the demo night and its groups
    await page.getByTestId('demo-night').waitFor(WAIT);
    await shot('01-open-night');
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
    // The dark's hot pixels are counted and shown.
    const darkCard = page.locator('[data-testid="master-card"][data-master-id^="dark"]');
    expect(await textOf(darkCard.locator('.stats tr', { hasText: 'Hot pixels' }).locator('td'))).toMatch(/^[1-9][\d,]* px$/);
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
    expect(await textOf(cards(page).first().locator('.path'))).toMatch(/^calibrated-2\/masters\/master_bias_\S+\.fits$/);
    const builtAt = new Map(masterFiles.map((path) => [path, statSync(path).mtimeMs]));
    await shot('03-masters', 'masters');
    const outputDir = join(demoDir, 'calibrated-2');

    // ---- calibrate
    await page.getByRole('button', { name: /Next: calibrate/ }).click();
    await expect.poll(() => textOf(page.getByTestId('run-output-dir'))).toBe(`into ${outputDir}`);
    await page.getByTestId('calibrate').click();
    await page.locator('[data-testid="overall-progress"][aria-valuenow="100"]').waitFor(WAIT);
    await page.getByText(/Run finished/).waitFor(WAIT);
    expect(await textOf(page.locator('.run-finished'))).toContain(`${lights} done, 0 failed, 0 skipped`);
    // The counts come from the store (every frame's own state), not from the summary.
    expect(await statusCount(page, 'done')).toBe(lights);
    for (const status of ['failed', 'cancelled', 'running', 'queued']) expect(await statusCount(page, status), status).toBe(0);
    // The list is virtual: scroll through it and see every row it renders done.
    const seen = await scrollThroughFrames(page, (status) => expect(status).toBe('done'));
    expect(seen.size).toBe(lights);
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

    // ---- outputs: the summary names the folder, and the folder holds every light, whole
    await page.getByRole('button', { name: 'Outputs →' }).click();
    const summary = page.getByTestId('run-summary');
    await summary.waitFor(WAIT);
    expect(await textOf(summary)).toContain(outputDir);
    const firstMaster = page.getByTestId('masters-used').locator('tbody tr').first().locator('td');
    expect(await textOf(firstMaster.nth(0))).toBe('Bias · gain 100 · −10.0 °C');
    expect(await textOf(firstMaster.nth(1))).toMatch(/^masters\/master_bias_\S+\.fits$/);
    expect(await textOf(page.locator('#outputs-title ~ * h3, h3').filter({ hasText: 'Masters used' }))).toBe('Masters used · combined by sigma-clip');
    const files = filesUnder(outputDir);
    expect(files.filter((path) => path.includes('nightcal-partial'))).toEqual([]);
    const written = files.filter((path) => /\.fits?$/i.test(path) && !path.startsWith(join(outputDir, 'masters')));
    expect(written).toHaveLength(lights);
    for (const path of written) expect(wholeFitsProblem(path), path).toBeNull();
    await shot('06-outputs', 'outputs');
    expect(problems).toEqual([]);
  }, 120_000);

  it('shows a night’s problems, then cancels its long run midway: no partial file, only whole FITS files, and the UI says so', async () => {
    await longNight!.done;
    const nightDir = join(work, 'nights', 'long-night');
    // Two problems a real night can have: a byte-identical copy, and a light cut short.
    copyFileSync(join(nightDir, 'Lights', 'M51-001L.fit'), join(nightDir, 'Lights', 'zz-copy-of-M51-001L.fit'));
    writeFileSync(join(nightDir, 'Lights', 'M51-cut-short.fit'), readFileSync(join(nightDir, 'Lights', 'M51-002L.fit')).subarray(0, 2 * 2880));

    // Open it through the server's folder browser, as a browser user must.
    await goToStep('Night');
    await page.getByRole('button', { name: 'Open another night' }).click();
    const folders = page.getByLabel('Folders on the server');
    await folders.getByRole('button', { name: new RegExp(`${basename(work)}$`) }).click();
    await folders.getByRole('button', { name: /nights$/ }).click();
    await folders.getByRole('button', { name: /long-night$/ }).click();
    await folders.getByRole('button', { name: 'Open this folder' }).click();
    await expect.poll(() => textOf(page.locator('.panel-header .mono').first()), WAIT).toBe(nightDir);
    await page.getByTestId('groups-table').waitFor(WAIT);
    const groups = await groupCounts(page);
    expect((groups.get('light|L') ?? 0) + (groups.get('light|R') ?? 0)).toBe(LONG_NIGHT.lights);
    // The cut-short light is planned (and will fail with its reason); the copy is left out.
    const lights = LONG_NIGHT.lights + 1;
    expect(await tileValue(page, 'Lights')).toBe(String(lights));
    expect(await tileValue(page, 'Problems')).toBe('2');
    const problemList = page.getByTestId('problems');
    expect(await textOf(problemList.locator('[data-severity="error"]'))).toMatch(/M51-cut-short\.fit: .*cut short/);
    expect(await textOf(problemList.locator('[data-severity="warning"]'))).toMatch(/zz-copy-of-M51-001L\.fit is a byte-identical copy of Lights\/M51-001L\.fit/);
    await shot('07-night-with-problems', 'night-overview');

    await goToStep('Calibrate');
    await page.getByTestId('calibrate').click();
    // Midway: some lights written, most not.
    await page.locator('[data-testid="frame-row"][data-status="done"]').first().waitFor(WAIT);
    // For the README, a run that shows its rate and time left (measured over a second first).
    if (UPDATE_README_SHOTS) await page.locator('.run-progress-line', { hasText: /\d fr\/s/ }).waitFor({ timeout: 5000 }).catch(() => undefined);
    await shot('08-calibrating', 'calibration');
    await page.getByTestId('cancel-run').click();
    await page.getByText(/Run cancelled/).waitFor(WAIT);
    await shot('09-cancelled');

    const finished = await textOf(page.locator('.run-finished'));
    const [, doneText, failedText] = /([\d,]+) done, ([\d,]+) failed/.exec(finished)!;
    const done = Number(doneText.replace(/,/g, ''));
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(lights);
    expect(Number(failedText)).toBe(1); // the light cut short
    expect(await textOf(page.locator('.run-progress-line'))).toMatch(/^Cancelled/);
    expect(Number(await page.getByTestId('overall-progress').getAttribute('aria-valuenow'))).toBeLessThan(100);
    expect(await statusCount(page, 'done')).toBe(done);
    expect(await statusCount(page, 'failed')).toBe(1);
    expect(await statusCount(page, 'cancelled')).toBe(lights - done - 1);
    expect(await statusCount(page, 'running')).toBe(0);
    expect(await statusCount(page, 'queued')).toBe(0);
    // The failed light says why, in its row.
    await page.getByRole('group', { name: 'Show frames' }).getByRole('button', { name: 'Failed' }).click();
    expect(await textOf(page.locator('[data-testid="frame-row"][data-status="failed"]'))).toMatch(/M51-cut-short\.fit.*failed.*cut short/);
    await page.getByRole('button', { name: 'Outputs →' }).click();
    await page.getByText('The run was cancelled').waitFor(WAIT);

    // On disk: no partial file anywhere, and every output is a whole FITS file.
    const outputDir = join(nightDir, 'calibrated');
    const files = filesUnder(outputDir);
    expect(files.filter((path) => path.includes('nightcal-partial'))).toEqual([]);
    const fits = files.filter((path) => /\.fits?$/i.test(path));
    for (const path of fits) expect(wholeFitsProblem(path), path).toBeNull();
    const lightsWritten = fits.filter((path) => !path.startsWith(join(outputDir, 'masters')));
    // Every frame reported done is there. A frame a worker finished just as the cancel came
    // may be there too although it is reported cancelled (see the pipeline note in the report).
    const manifest = JSON.parse(readFileSync(join(outputDir, 'nightcal-run.json'), 'utf8')) as { frames: Record<string, { status: string; outputPath: string | null }> };
    const doneOutputs = Object.values(manifest.frames).filter((frame) => frame.status === 'done');
    expect(doneOutputs).toHaveLength(done);
    for (const frame of doneOutputs) expect(lightsWritten).toContain(frame.outputPath);
    expect(lightsWritten.length).toBeGreaterThanOrEqual(done);
    expect(problems).toEqual([]);
  }, 120_000);
});
