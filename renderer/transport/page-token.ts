/**
 * The browser mode's access token, on the page's side. `nightcal serve` prints a URL with
 * `?token=…`; the page takes it from its address once, keeps it in sessionStorage (this tab
 * only, and it survives a reload) and removes it from the address bar and the history. It
 * then travels only as the WebSocket's subprotocol: never in a cookie, which the browser
 * would send to every server on 127.0.0.1, whatever its port.
 */

/** The sessionStorage key; sessionStorage is per origin, so per port too. */
export const TOKEN_STORAGE_KEY = 'nightcal.token';

/** The parts of `window` the bootstrap uses. */
export interface PageContext {
  readonly location: { readonly href: string };
  readonly history: { readonly state: unknown; replaceState(data: unknown, unused: string, url: string): void };
  /** window.sessionStorage; a getter, since reading it throws where storage is disabled. */
  readonly storage: () => Pick<Storage, 'getItem' | 'setItem'>;
}

/** The token of this tab: from the address (then stored and removed from it), else from sessionStorage. */
export function adoptPageToken(page: PageContext): string | null {
  const url = new URL(page.location.href);
  const fromAddress = url.searchParams.get('token');
  if (fromAddress === null || fromAddress === '') return storedToken(page);
  try {
    page.storage().setItem(TOKEN_STORAGE_KEY, fromAddress);
  } catch {
    // No storage: leave the token in the address, or a reload would lose it.
    return fromAddress;
  }
  url.searchParams.delete('token');
  // Out of the address bar, the history and any screenshot.
  page.history.replaceState(page.history.state, '', url.pathname + url.search + url.hash);
  return fromAddress;
}

function storedToken(page: PageContext): string | null {
  try {
    const stored = page.storage().getItem(TOKEN_STORAGE_KEY);
    return stored === '' ? null : stored;
  } catch {
    return null;
  }
}
