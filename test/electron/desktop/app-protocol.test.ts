import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, appProtocolResponse, isAllowedNavigation, isAppUrl } from '../../../electron/desktop/app-protocol';
import { makeRendererFixture, SECRET, type RendererFixture } from '../browser-mode/renderer-fixture';

let fixture: RendererFixture;
beforeAll(() => {
  fixture = makeRendererFixture();
});
afterAll(() => fixture.remove());

const CSP = "default-src 'none'; script-src 'self'";
const get = (url: string, method = 'GET') => appProtocolResponse(fixture.staticDir, CSP, { url, method });

describe('the nightcal:// protocol', () => {
  it('serves the built page and its assets with content type and CSP', async () => {
    const page = await get(APP_ENTRY_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(await page.text()).toContain('<div id="root">');
    const script = await get('nightcal://app/assets/index.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'nightcal://app/../secret.txt',
    'nightcal://app/%2e%2e/secret.txt',
    'nightcal://app/link-out/secret.txt',
    'nightcal://app/assets/secret-link.txt',
    'nightcal://app/.env',
    'nightcal://app/assets/',
    'nightcal://other/index.html',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('answers GET only', async () => {
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
  });
});

describe('navigation', () => {
  it('allows only the app’s own page', () => {
    expect(isAllowedNavigation('nightcal://app/index.html')).toBe(true);
    expect(isAllowedNavigation('nightcal://app/')).toBe(true);
    expect(isAllowedNavigation('nightcal://app/index.html#masters')).toBe(true);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'nightcal://app/assets/index.js', 'nightcal://evil/index.html', 'javascript:alert(1)', 'not a url']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('knows the app’s origin exactly', () => {
    expect(isAppUrl('nightcal://app/index.html')).toBe(true);
    expect(isAppUrl('nightcal://app.evil/index.html')).toBe(false);
    expect(isAppUrl('http://app/index.html')).toBe(false);
  });
});
