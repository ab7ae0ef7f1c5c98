/**
 * Who may talk to the browser mode's server. It listens on 127.0.0.1, but any page in any
 * browser on the machine can reach 127.0.0.1, so these checks stand between it and the API:
 * - Host must be 127.0.0.1:PORT or localhost:PORT: a DNS-rebinding page (evil.example
 *   resolving to 127.0.0.1) sends its own name as Host;
 * - Origin, when sent, must be this very server: a cross-site page cannot drive it;
 * - the API's WebSocket needs the random token, offered as a subprotocol. The token is in
 *   the URL printed for the user; the page keeps it in its own sessionStorage. It is never
 *   put in a cookie: cookies ignore ports, so every other server on 127.0.0.1 would get it.
 * The page and its assets are the app's public code: Host and Origin are checked, no token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from '../../shared/wire-format';

/** A fresh token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (hashes first, so lengths leak nothing either). */
export function tokenMatches(candidate: string | null | undefined, token: string): boolean {
  if (typeof candidate !== 'string' || candidate === '') return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** True when the Host header names this server by its loopback address or `localhost`. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const lower = host.toLowerCase();
  return lower === `127.0.0.1:${port}` || lower === `localhost:${port}`;
}

/** True when there is no Origin (a top-level navigation) or it is this server as the Host names it. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  return host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** The result of checking one request. */
export type AccessDecision = { readonly allowed: true } | { readonly allowed: false; readonly status: 401 | 403; readonly reason: string };

/** Checks Host and Origin: enough for the page and its assets, which hold no secret. */
export function checkPageAccess(request: IncomingMessage, port: number): AccessDecision {
  const host = request.headers.host;
  if (!hostAllowed(host, port)) return { allowed: false, status: 403, reason: 'unexpected Host header' };
  if (!originAllowed(request.headers.origin, host)) return { allowed: false, status: 403, reason: 'cross-origin request' };
  return { allowed: true };
}

/** Checks Host, Origin and the token, which only a WebSocket subprotocol may carry. */
export function checkApiAccess(request: IncomingMessage, port: number, token: string): AccessDecision {
  const page = checkPageAccess(request, port);
  if (!page.allowed) return page;
  if (tokenMatches(protocolToken(request.headers['sec-websocket-protocol']), token)) return { allowed: true };
  return { allowed: false, status: 401, reason: 'missing or wrong token: open the address `nightcal serve` printed, with its ?token=' };
}

function protocolToken(header: string | undefined): string | null {
  if (!header) return null;
  const offered = header.split(',').map((protocol) => protocol.trim());
  const carrier = offered.find((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX));
  return carrier ? carrier.slice(TOKEN_PROTOCOL_PREFIX.length) : null;
}
