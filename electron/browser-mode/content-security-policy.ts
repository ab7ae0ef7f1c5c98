/**
 * The renderer's Content-Security-Policy, sent as a header as well as the page's own meta
 * tag. The header is read from the built index.html, so the two cannot disagree; a page
 * without the meta tag gets a strict default. Header-only directives (frame-ancestors) are
 * honoured in a header, and a header also covers every other file served.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Scripts, styles and data only from the app itself; nothing framed, posted or plugged in. */
export const DEFAULT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // plotly writes style attributes and a <style> element at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // 'self' covers the browser mode's own ws:// endpoint (CSP Level 3).
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const META_TAG = /<meta\b[^>]*\bhttp-equiv\s*=\s*(["'])content-security-policy\1[^>]*>/i;
const CONTENT_ATTRIBUTE = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/** The policy in an HTML page's `<meta http-equiv="Content-Security-Policy">`, or null when it has none. */
export function contentSecurityPolicyOf(html: string): string | null {
  const tag = META_TAG.exec(html)?.[0];
  if (!tag) return null;
  const match = CONTENT_ATTRIBUTE.exec(tag);
  const value = match?.[1] ?? match?.[2];
  if (value === undefined) return null;
  const policy = decodeEntities(value).replace(/\s+/g, ' ').trim();
  return policy === '' ? null : policy;
}

/** The policy of the built renderer in `rendererDir` (its index.html's meta tag, else the default). */
export async function rendererContentSecurityPolicy(rendererDir: string): Promise<string> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  return contentSecurityPolicyOf(html) ?? DEFAULT_CONTENT_SECURITY_POLICY;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
