/**
 * What the app end-to-end test needs besides its steps: the built `nightcal serve` and
 * `nightcal demo` as child processes, the files on disk, and the page read as a user reads it
 * (the text as written, the run's counts, the groups table, the master cards).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CLI_PATH } from '../support/built-cli';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Generous: plotly alone takes about 2.4 s to evaluate in a headless Chromium. */
export const WAIT = { timeout: 45_000 };

export interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Starts `node out/main/cli.js serve` and resolves with the URL (token included) it prints. */
export function startServe(root: string, dataHome: string): Promise<Served> {
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
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs `node out/main/cli.js demo DIR …` (started early, to overlap the flows before it). */
export function writeDemoNight(dir: string, options: { size: number; lights: number }): { child: ChildProcess; done: Promise<void> } {
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
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/** What the demo wrote: its model lists every frame with its kind and filter. */
export interface DemoModel {
  readonly frames: readonly { readonly path: string; readonly kind: string; readonly filter: string | null }[];
}

/** "type|filter" → number of frames, as the groups table should show them. */
export function expectedGroups(model: DemoModel): Map<string, number> {
  const groups = new Map<string, number>();
  for (const frame of model.frames) {
    const key = `${frame.kind}|${frame.filter ?? '—'}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return groups;
}

/** True when a canvas holds at least two different colours (something was drawn). */
export async function canvasIsDrawn(canvas: Locator): Promise<boolean> {
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
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

const STATUSES = ['done', 'failed', 'skipped', 'cancelled', 'running', 'queued'] as const;
export type RunCounts = Readonly<Record<(typeof STATUSES)[number], number>>;

/** Frames of a status in the run panel's counts (they come from the store: every frame's own state). */
export async function statusCount(page: Page, status: string): Promise<number> {
  const text = await textOf(page.locator(`.status-counts li.status-${status}`));
  return Number(/([\d,]+)/.exec(text)![1].replace(/,/g, ''));
}

/** Every status count of the run panel, read in one go (the run goes on between two reads). */
export async function runCounts(page: Page): Promise<RunCounts> {
  const texts = await page.locator('.status-counts li').allTextContents();
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<(typeof STATUSES)[number], number>;
  for (const text of texts) {
    const [, value, status] = /([\d,]+)\s+(\w+)/.exec(text)!;
    counts[status as (typeof STATUSES)[number]] = Number(value.replace(/,/g, ''));
  }
  return counts;
}

/** What the run step says it is doing: "Calibrating", "Finished", "Cancelled"… */
export async function runStateText(page: Page): Promise<string> {
  return textOf(page.locator('.run-progress-line strong'));
}

/** The run line's text, percent, bar width, ARIA value and counts, read in one evaluation (one rendered state): they must agree. */
export async function progressReadout(page: Page): Promise<{ state: string; text: string; percent: number; aria: number; barPercent: number; counts: RunCounts }> {
  const read = await page.evaluate(() => {
    const bar = document.querySelector('[data-testid="overall-progress"]')!;
    const fill = bar.querySelector('span')!;
    return {
      state: document.querySelector('.run-progress-line strong')!.textContent ?? '',
      text: (document.querySelector('.run-progress-line')!.textContent ?? '').replace(/\s+/g, ' ').trim(),
      aria: Number(bar.getAttribute('aria-valuenow')),
      // The track's inner width: its 1 px borders left out.
      barPercent: (100 * fill.getBoundingClientRect().width) / bar.clientWidth,
      counts: [...document.querySelectorAll('.status-counts li')].map((li) => li.textContent ?? ''),
    };
  });
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<(typeof STATUSES)[number], number>;
  for (const text of read.counts) {
    const [, value, status] = /([\d,]+)\s+(\w+)/.exec(text)!;
    counts[status as (typeof STATUSES)[number]] = Number(value.replace(/,/g, ''));
  }
  return { state: read.state, text: read.text, percent: Number(/(\d+) %/.exec(read.text)![1]), aria: read.aria, barPercent: read.barPercent, counts };
}

/** The value of one of the overview's tiles ("Files", "Lights", …). */
export async function tileValue(page: Page, name: string): Promise<string> {
  return textOf(page.locator('.tile').filter({ has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd'));
}

/** The groups table as "type|filter" → frames. */
export async function groupCounts(page: Page): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await page.getByTestId('group-row').all()) {
    const filter = await textOf(row.locator('td').nth(2));
    counts.set(`${await row.getAttribute('data-type')}|${filter}`, Number(await row.getAttribute('data-count')));
  }
  return counts;
}

/** Waits until there are `count` master cards, every one built. */
export async function allMastersDone(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const cards = [...document.querySelectorAll('[data-testid="master-card"]')];
      return cards.length === expected && cards.every((card) => card.getAttribute('data-status') === 'done');
    },
    count,
    WAIT,
  );
}

/** Every master card shows its preview, drawn, and its plotly histogram, with bars. */
export async function checkMasterCards(page: Page): Promise<void> {
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

/** One row of the virtual frame list as rendered: its frame, status and calibration badge. */
export interface RowSeen {
  readonly frameId: string;
  readonly status: string | null;
  readonly badge: string;
  readonly complete: string | null;
  readonly reason: string | null;
}

/** Scrolls a virtual frame list from top to bottom and returns every row it rendered, by frame. */
export async function scrollThroughFrames(page: Page, list: Locator = page.locator('.frame-list').first()): Promise<Map<string, RowSeen>> {
  const body = list.locator('.frame-list-body');
  await body.evaluate((element) => element.scrollTo(0, 0));
  const seen = new Map<string, RowSeen>();
  for (let pass = 0; pass < 1000; pass += 1) {
    const rows = await list.getByTestId('frame-row').evaluateAll((elements) =>
      elements.map((row) => {
        const badge = row.querySelector('[data-testid="treatment"]');
        return { frameId: row.getAttribute('data-frame-id')!, status: row.getAttribute('data-status'), badge: badge?.textContent ?? '', complete: badge?.getAttribute('data-complete') ?? null, reason: badge?.getAttribute('title') ?? null };
      }),
    );
    for (const row of rows) seen.set(row.frameId, row);
    const atEnd = await body.evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 1);
    if (atEnd) break;
    await body.evaluate((element) => element.scrollBy(0, element.clientHeight));
    // The rows follow the scroll position on React's next render.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }
  await body.evaluate((element) => element.scrollTo(0, 0));
  return seen;
}

/**
 * Starts keeping, in the page, every state the run step shows: its line (counts, percent, rate,
 * elapsed, time left) and its status counts, one entry per change. Two pages that show the same
 * run keep the same entries, in the same order, from the moment both are connected.
 */
export async function recordRunStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const read = () => `${document.querySelector('.run-progress-line')?.textContent ?? ''} | ${document.querySelector('.status-counts')?.textContent ?? ''}`.replace(/\s+/g, ' ');
    const log: string[] = [read()];
    (window as unknown as { nightcalRunStates: string[] }).nightcalRunStates = log;
    const target = document.querySelector('.run-progress')!;
    new MutationObserver(() => {
      const state = read();
      if (state !== log[log.length - 1]) log.push(state);
    }).observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** The states kept by recordRunStates so far. */
export async function recordedRunStates(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { nightcalRunStates: string[] }).nightcalRunStates]);
}

/** Holds a running `nightcal serve` still (SIGSTOP: its run and its workers with it) until the returned function lets it go on. */
export function holdServer(child: ChildProcess): () => void {
  process.kill(child.pid!, 'SIGSTOP');
  return () => void process.kill(child.pid!, 'SIGCONT');
}

/**
 * Runs a `nightcal serve` at about a third of its speed (held 40 ms of every 60) until the
 * returned function stops it: its run lasts long enough for pages to load and be looked at, on
 * a fast machine too, while it still answers within a fraction of a second.
 */
export function slowServer(child: ChildProcess): () => void {
  let tick = 0;
  let release: (() => void) | null = null;
  const timer = setInterval(() => {
    tick = (tick + 1) % 3;
    if (tick === 0 && release) {
      release();
      release = null;
    } else if (tick === 1 && !release) {
      release = holdServer(child);
    }
  }, 20);
  return () => {
    clearInterval(timer);
    release?.();
  };
}

/** What the run step shows: its line and counts, and the frame rows it renders (by frame: index, file, status, badge, time, output). */
export async function shownRun(page: Page): Promise<{ readout: Awaited<ReturnType<typeof progressReadout>>; rows: Record<string, string> }> {
  const [readout, rows] = await Promise.all([
    progressReadout(page),
    page
      .locator('.frame-list')
      .first()
      .getByTestId('frame-row')
      .evaluateAll((elements) => Object.fromEntries(elements.map((row) => [row.getAttribute('data-frame-id')!, (row.textContent ?? '').replace(/\s+/g, ' ')]))),
  ]);
  return { readout, rows };
}

/** Two pages show the same run: the same line and counts, and the same rows where both render them (each scrolls its own list). */
export function sameRunShown(a: Awaited<ReturnType<typeof shownRun>>, b: Awaited<ReturnType<typeof shownRun>>): boolean {
  const both = Object.keys(a.rows).filter((id) => id in b.rows);
  return JSON.stringify(a.readout) === JSON.stringify(b.readout) && both.length >= 10 && both.every((id) => a.rows[id] === b.rows[id]);
}
