import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticFile } from '../../../electron/browser-mode/static-files';
import { makeRendererFixture, type RendererFixture } from './renderer-fixture';

let fixture: RendererFixture;
beforeAll(() => {
  fixture = makeRendererFixture();
});
afterAll(() => fixture.remove());

describe('resolveStaticFile', () => {
  it('finds index.html for / and files by their path', async () => {
    expect(await resolveStaticFile(fixture.staticDir, '/')).toEqual({ path: join(fixture.staticDir, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect((await resolveStaticFile(fixture.staticDir, '/assets/index.js'))?.path).toBe(join(fixture.staticDir, 'assets', 'index.js'));
    expect((await resolveStaticFile(fixture.staticDir, '/assets//index.js'))?.path).toBe(join(fixture.staticDir, 'assets', 'index.js'));
    expect((await resolveStaticFile(fixture.staticDir, '/assets/%69ndex.js'))?.path).toBe(join(fixture.staticDir, 'assets', 'index.js'));
  });

  it.each([
    ['climbing out', '/../secret.txt'],
    ['climbing out, encoded', '/%2e%2e/secret.txt'],
    ['an encoded slash', '/assets%2f..%2f..%2fsecret.txt'],
    ['a backslash', '/assets\\..\\..\\secret.txt'],
    ['an encoded backslash', '/..%5csecret.txt'],
    ['a link out of the root', '/link-out/secret.txt'],
    ['a link to a file outside', '/assets/secret-link.txt'],
    ['a dot-file', '/.env'],
    ['a folder', '/assets'],
    ['NUL', '/index.html%00.js'],
    ['bad percent-encoding', '/%zz'],
    ['a missing file', '/nope.js'],
  ])('refuses %s', async (_name, path) => {
    expect(await resolveStaticFile(fixture.staticDir, path)).toBeNull();
  });

  it('finds nothing in a root that does not exist', async () => {
    expect(await resolveStaticFile(join(fixture.root, 'missing'), '/')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.woff2', 'font/woff2'],
    ['a.wasm', 'application/wasm'],
    ['a.fits', 'application/octet-stream'],
    ['Makefile', 'application/octet-stream'],
  ])('%s is %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});
