import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyOf, DEFAULT_CONTENT_SECURITY_POLICY } from '../../../electron/browser-mode/content-security-policy';

describe('contentSecurityPolicyOf', () => {
  it('reads the meta tag, in any attribute order and quoting', () => {
    expect(contentSecurityPolicyOf(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`)).toBe("default-src 'self'");
    expect(contentSecurityPolicyOf(`<META content='script-src &apos;self&apos;' HTTP-EQUIV='content-security-policy' />`)).toBe("script-src 'self'");
    expect(contentSecurityPolicyOf(`<meta http-equiv="Content-Security-Policy"\n  content="default-src 'none';\n   img-src data:">`)).toBe(
      "default-src 'none'; img-src data:",
    );
  });

  it('finds nothing in a page without one', () => {
    expect(contentSecurityPolicyOf('<meta charset="utf-8"><title>x</title>')).toBeNull();
    expect(contentSecurityPolicyOf('<meta http-equiv="refresh" content="0">')).toBeNull();
    expect(contentSecurityPolicyOf('<meta http-equiv="Content-Security-Policy" content="  ">')).toBeNull();
  });

  it('has a strict default: nothing from elsewhere, no inline or eval scripts, no framing', () => {
    expect(DEFAULT_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(DEFAULT_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(DEFAULT_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(DEFAULT_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(DEFAULT_CONTENT_SECURITY_POLICY).not.toMatch(/\*|https?:/);
  });

  it('reads the built renderer’s policy when there is a build', () => {
    const built = 'out/renderer/index.html';
    if (!existsSync(built)) {
      console.log('out/renderer not built: skipped (run `npx electron-vite build`)');
      return;
    }
    const policy = contentSecurityPolicyOf(readFileSync(built, 'utf8'));
    if (policy === null) {
      console.log('the built index.html has no CSP meta tag: the server sends the default policy');
      return;
    }
    expect(policy).toMatch(/script-src/);
  });
});
