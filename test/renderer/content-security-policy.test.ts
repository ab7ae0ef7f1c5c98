import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function policyOf(html: string): Map<string, string[]> {
  const content = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
  if (!content) throw new Error('no Content-Security-Policy meta tag');
  return new Map(
    content
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('the renderer page', () => {
  const html = readFileSync(join(projectRoot, 'renderer/index.html'), 'utf8');
  const policy = policyOf(html);

  it('has a strict Content-Security-Policy', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]); // no inline scripts, no eval
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]); // plotly's run-time styles
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    // 'self' alone: the browser mode's WebSocket is same-origin (CSP Level 3), nothing else is reached.
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(html).not.toContain('unsafe-eval');
  });

  it('has no inline script and no remote content', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\//);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
  });

  it('the development harness runs under the very same policy', () => {
    const harness = join(projectRoot, 'test/support/renderer-harness/index.html');
    if (!existsSync(harness)) return;
    expect([...policyOf(readFileSync(harness, 'utf8'))]).toEqual([...policy]);
  });
});
