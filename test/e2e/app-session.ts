/**
 * One end-to-end session: a temporary folder (the server's root and its data folder), the
 * BUILT `nightcal serve` over it, Debian Chromium at 1440×900, pages watched for errors and
 * CSP violations, screenshots (the README's refreshed with UPDATE_SCREENSHOTS=1), and the
 * checks every run step must pass: its percent, bar and ARIA value agree with its counts.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, progressReadout, startServe, stopChild, type Served } from './app-page';

const SHOTS_DIR = resolve('test-results/e2e');
const README_SHOTS_DIR = resolve('test/e2e/screenshots');
export const UPDATE_README_SHOTS = process.env.UPDATE_SCREENSHOTS === '1';
// The frame viewer at 1:1 shows sensor noise unsmoothed, which PNG compresses least: ~490 KB.
const README_SHOT_MAX_BYTES = 512 * 1024;

export interface AppSession {
  /** The server's root: nights and outputs go under it; its data folder is `work/data`. */
  readonly work: string;
  /** The first page, opened on the printed address. */
  readonly page: Page;
  /** Everything that went wrong in a page or the server (each test expects none). */
  readonly problems: string[];
  /** The `nightcal serve` process. */
  readonly server: ChildProcess;
  /** Another page on the printed address (a second tab). */
  newPage(name: string): Promise<Page>;
  /** A screenshot to test-results/e2e/, and to the README's when refreshing them. */
  shot(name: string, readmeName?: string, target?: Page): Promise<void>;
  /** Shows a step through the step list. */
  goToStep(title: string, target?: Page): Promise<void>;
  close(): Promise<void>;
}

/** Starts a session; `prepare` lays out the root before the server starts (it reads its data folder once). */
export async function startAppSession(prefix: string, prepare: (work: string) => void): Promise<AppSession> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(SHOTS_DIR, { recursive: true });
  if (UPDATE_README_SHOTS) mkdirSync(README_SHOTS_DIR, { recursive: true });
  prepare(work);
  const problems: string[] = [];
  const started = Date.now();
  let stopping = false;
  const served: Served = await startServe(work, join(work, 'data'));
  served.child.once('exit', (code, signal) => {
    if (!stopping) problems.push(`nightcal serve exited (${code ?? signal}):\n${served.output()}`);
  });
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

  const newPage = async (name: string): Promise<Page> => {
    const opened = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    opened.on('pageerror', (error) => problems.push(`${name}: page error: ${error.message}`));
    opened.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${name}: console error: ${message.text()}`);
    });
    await opened.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    await opened.goto(served.url);
    return opened;
  };
  const page = await newPage('page');

  return {
    work,
    page,
    problems,
    server: served.child,
    newPage,
    async shot(name, readmeName, target = page) {
      // A page behind another gets no animation frames: to the front, then let a frame paint
      // (canvas and plotly draw after React commits).
      await target.bringToFront();
      await target.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await target.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
      if (UPDATE_README_SHOTS && readmeName) {
        // The same picture (a second one would show a run seconds later).
        const path = join(README_SHOTS_DIR, `${readmeName}.png`);
        copyFileSync(join(SHOTS_DIR, `${name}.png`), path);
        // They are committed: keep the repository light.
        expect(statSync(path).size, `${path} is too big for the README`).toBeLessThan(README_SHOT_MAX_BYTES);
      }
    },
    async goToStep(title, target = page) {
      await target.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^(\\d|◇)\\s*${title}`) }).click();
    },
    async close() {
      stopping = true;
      await browser.close();
      await stopChild(served.child);
      // NIGHTCAL_E2E_KEEP=1 keeps the nights, outputs and data folder for a look after a failure.
      if (process.env.NIGHTCAL_E2E_KEEP !== '1') rmSync(work, { recursive: true, force: true });
      else console.log(`app e2e: kept ${work}`);
      console.log(`${prefix}: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SHOTS_DIR}`);
    },
  };
}

/** The run step's text, bar and ARIA value say the same percent, and it is its counts' (floored: 100 only when all are dealt with). */
export async function expectProgressAgrees(target: Page): Promise<void> {
  const readout = await progressReadout(target);
  const { done, failed, skipped } = readout.counts;
  const total = Object.values(readout.counts).reduce((a, b) => a + b, 0);
  expect(readout.percent, readout.text).toBe(Math.floor((100 * (done + failed + skipped)) / total));
  expect(readout.aria, readout.text).toBe(readout.percent);
  expect(Math.abs(readout.barPercent - readout.percent), `bar ${readout.barPercent} % under "${readout.text}"`).toBeLessThan(1.5);
}

/** A count as the app writes it: "1,200". */
export const fmt = (n: number): string => n.toLocaleString('en-US');
