/**
 * A small built renderer in a temporary folder, with a secret file beside it (outside the
 * served root) and a symbolic link that points at it, for the traversal tests.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'";
export const SECRET = 'SECRET-CONTENT-outside-the-root';

export interface RendererFixture {
  readonly root: string;
  readonly staticDir: string;
  remove(): void;
}

export function makeRendererFixture(): RendererFixture {
  const root = mkdtempSync(join(tmpdir(), 'nightcal-renderer-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(
    join(staticDir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FIXTURE_CSP}"><title>NightCal</title><script type="module" crossorigin src="./assets/index.js"></script></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(join(staticDir, 'assets', 'index.js'), 'console.log("nightcal");\n');
  writeFileSync(join(staticDir, 'assets', 'index.css'), 'body { color: #ccc }\n');
  writeFileSync(join(staticDir, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(staticDir, '.env'), SECRET);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  symlinkSync(root, join(staticDir, 'link-out'));
  symlinkSync(join(root, 'secret.txt'), join(staticDir, 'assets', 'secret-link.txt'));
  return { root, staticDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
