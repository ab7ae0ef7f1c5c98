/**
 * The browser mode's token in a real browser (Debian Chromium), against the BUILT
 * `nightcal serve`: the printed address connects and its token leaves the address bar; no
 * cookie is set, so another server on 127.0.0.1 (another port) receives nothing; a reload and
 * a second tab opened from the printed address still connect; a tab without the token
 * does not. Skipped, with a message, where /usr/bin/chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServe, type BuiltServe } from '../support/built-serve';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 45_000 };

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser token e2e skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!haveChromium)('browser mode: the token in a real browser', () => {
  let work: string;
  let served: BuiltServe;
  let browser: Browser;
  let context: BrowserContext;
  /** Another local web server, on another port: it records the Cookie header of every request. */
  let neighbour: Server;
  const neighbourCookies: (string | undefined)[] = [];
  const problems: string[] = [];

  /** The app is connected when its first step (open a night) shows. */
  const connected = (page: Page) => page.getByTestId('demo-night').waitFor(WAIT);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'nightcal-token-e2e-'));
    served = await startBuiltServe(['--root', work], join(work, 'data'));
    neighbour = createServer((request, response) => {
      neighbourCookies.push(request.headers.cookie);
      response.end('neighbour');
    });
    await new Promise<void>((resolve) => neighbour.listen(0, '127.0.0.1', resolve));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext();
    context.on('page', (page) => page.on('pageerror', (error) => problems.push(`page error: ${error.message}`)));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await new Promise((resolve) => neighbour?.close(resolve));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('connects from the printed address, sets no cookie, survives a reload and a second tab', async () => {
    const page = await context.newPage();
    await page.goto(served.url.href);
    await connected(page);
    // The token is gone from the address bar (and so from the history).
    expect(page.url()).toBe(`http://127.0.0.1:${served.port}/`);
    expect(await context.cookies()).toEqual([]);

    // Another server on 127.0.0.1 gets no cookie of NightCal's, whatever the browser sends it.
    const neighbourPort = (neighbour.address() as AddressInfo).port;
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${neighbourPort}/`);
    expect(await other.textContent('body')).toBe('neighbour');
    // (The page and its favicon: every request came without a Cookie header.)
    expect(neighbourCookies.length).toBeGreaterThan(0);
    expect(neighbourCookies.filter((cookie) => cookie !== undefined)).toEqual([]);
    await other.close();

    // A reload finds the token in this tab's sessionStorage.
    await page.reload();
    await connected(page);
    expect(page.url()).toBe(`http://127.0.0.1:${served.port}/`);

    // A second tab opened from the printed address connects too.
    const second = await context.newPage();
    await second.goto(served.url.href);
    await connected(second);
    await second.close();
    expect(await context.cookies()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a tab without the token does not connect, and says how to', async () => {
    const fresh = await browser.newContext();
    try {
      const page = await fresh.newPage();
      await page.goto(`http://127.0.0.1:${served.port}/`);
      await page.getByText('Could not connect to NightCal').waitFor(WAIT);
      expect(await page.textContent('body')).toContain('open the address `nightcal serve` printed');
      expect(await page.getByTestId('demo-night').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
