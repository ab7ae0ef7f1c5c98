/**
 * The desktop app loads its page from `nightcal://app/`, a privileged custom scheme, rather
 * than file://. Electron's security checklist recommends this: with file:// the page's
 * origin would be the whole disk (any file:// URL counts as same-origin to it), it cannot
 * carry response headers (so no CSP header), and a navigation to any local file would look
 * like "our" page. Here only the built renderer folder is reachable, every response carries
 * the CSP header, and "is this our page?" is an exact origin comparison.
 */
import { readFile } from 'node:fs/promises';
import { resolveStaticFile, securityHeaders } from '../browser-mode/static-files';

/** The custom scheme, registered as standard and secure before the app is ready. */
export const APP_SCHEME = 'nightcal';
/** The origin of the app's page. */
export const APP_ORIGIN = `${APP_SCHEME}://app`;
/** The URL the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` is a page of the app itself (same scheme and host). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app';
  } catch {
    return false;
  }
}

/** True for a navigation the window may follow: to the app's page itself, e.g. a reload. */
export function isAllowedNavigation(url: string): boolean {
  if (!isAppUrl(url)) return false;
  const { pathname } = new URL(url);
  return pathname === '/' || pathname === '/index.html';
}

/** The response to a `nightcal://` request: a file of `rendererDir`, or 404; GET only. */
export async function appProtocolResponse(
  rendererDir: string,
  contentSecurityPolicy: string,
  request: { readonly url: string; readonly method: string },
): Promise<Response> {
  const headers = securityHeaders(contentSecurityPolicy);
  if (!isAppUrl(request.url)) return new Response('Not found', { status: 404, headers });
  if (request.method !== 'GET') return new Response('Method not allowed', { status: 405, headers });
  const file = await resolveStaticFile(rendererDir, new URL(request.url).pathname);
  if (!file) return new Response('Not found', { status: 404, headers });
  const body = await readFile(file.path);
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
}
