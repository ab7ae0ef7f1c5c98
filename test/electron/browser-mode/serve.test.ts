import { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode/serve';
import { standInService, type StandInService } from '../api/stand-in-service';
import { FIXTURE_CSP, makeRendererFixture, SECRET, type RendererFixture } from './renderer-fixture';
import { httpGet, openSocket } from './http-probe';

let fixture: RendererFixture;
let service: StandInService;
let server: BrowserModeServer;
let listenArgs: unknown[] = [];
let boundAddress: unknown;

beforeAll(async () => {
  fixture = makeRendererFixture();
  service = standInService();
  const listen = vi.spyOn(Server.prototype, 'listen');
  server = await startBrowserMode({ service, staticDir: fixture.staticDir });
  listenArgs = listen.mock.calls[0];
  boundAddress = (listen.mock.contexts[0] as Server).address();
  listen.mockRestore();
});

afterAll(async () => {
  await server.close();
  fixture.remove();
});

const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(server.token)}`;
/** The cookie the server used to set: a browser sends it to every port on 127.0.0.1. */
const tokenCookie = (port = server.port) => ({ cookie: `nightcal_token_${port}=${server.token}` });

describe('browser mode: where it listens', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(listenArgs[1]).toBe('127.0.0.1');
    expect(boundAddress).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: server.port });
  });

  it('prints a loopback URL with a 32-byte base64url token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('says plainly when there is no built renderer', async () => {
    await expect(startBrowserMode({ service: standInService(), staticDir: `${fixture.root}/missing` })).rejects.toThrow(/no built renderer at .*missing/);
  });

  it('refuses a short token', async () => {
    await expect(startBrowserMode({ service: standInService(), staticDir: fixture.staticDir, token: 'short' })).rejects.toThrow(/at least 16/);
  });

  it('takes a fresh token each time it starts', async () => {
    const other = await startBrowserMode({ service: standInService(), staticDir: fixture.staticDir });
    expect(other.token).not.toBe(server.token);
    expect(other.port).not.toBe(server.port);
    await other.close();
  });
});

describe('browser mode: HTTP', () => {
  it('serves the page and its assets (public code) without the token, with their content types', async () => {
    for (const path of ['/', '/?token=wrong', withToken('/')]) {
      const page = await httpGet(server.port, path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<div id="root">');
    }
    const js = await httpGet(server.port, '/assets/index.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await httpGet(server.port, '/assets/index.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await httpGet(server.port, '/assets/icon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('never sets a cookie: one would reach every other server on 127.0.0.1', async () => {
    for (const path of [withToken('/'), withToken('/index.html'), '/', '/assets/index.js', '/missing', withToken('/../secret.txt')]) {
      const response = await httpGet(server.port, path);
      expect(response.headers['set-cookie'], path).toBeUndefined();
    }
    expect((await httpGet(server.port, withToken('/'), { host: 'evil.example' })).headers['set-cookie']).toBeUndefined();
  });

  it('sends the page’s own CSP as a header, with the other protective headers', async () => {
    const page = await httpGet(server.port, withToken('/index.html'));
    expect(page.headers['content-security-policy']).toBe(FIXTURE_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    // Refusals carry them too.
    const refused = await httpGet(server.port, '/', { host: 'evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-security-policy']).toBe(FIXTURE_CSP);
  });

  it('refuses a foreign Host, with or without the token (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `0.0.0.0:${server.port}`, '127.0.0.1']) {
      expect((await httpGet(server.port, withToken('/'), { host })).status, host).toBe(403);
      expect((await httpGet(server.port, '/assets/index.js', { host })).status, host).toBe(403);
    }
    expect((await httpGet(server.port, withToken('/'), { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin, with or without the token', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${server.port}`, 'null', `https://127.0.0.1:${server.port}`]) {
      expect((await httpGet(server.port, withToken('/'), { origin })).status, origin).toBe(403);
      expect((await httpGet(server.port, '/assets/index.js', { origin })).status, origin).toBe(403);
    }
    expect((await httpGet(server.port, withToken('/'), { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it.each([
    '/../../etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2F%2E%2E%2Fsecret.txt',
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/link-out/secret.txt',
    '/assets/secret-link.txt',
    '/.env',
    '/assets/%00index.js',
    '/%E0%A4%A',
    '//etc/passwd',
  ])('refuses %s', async (path) => {
    const response = await httpGet(server.port, path);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain('root:');
  });

  it('lists no folders', async () => {
    const response = await httpGet(server.port, '/assets/');
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('index.js');
  });

  it('answers only GET and HEAD', async () => {
    expect((await httpGet(server.port, '/', {}, 'POST')).status).toBe(405);
    expect((await httpGet(server.port, '/', {}, 'PUT')).status).toBe(405);
    const head = await httpGet(server.port, '/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('browser mode: WebSocket upgrade', () => {
  const origin = () => ({ origin: `http://127.0.0.1:${server.port}` });

  async function expectOpen(options: Parameters<typeof openSocket>[1]): Promise<WebSocket> {
    const result = await openSocket(server.port, options);
    if (!('socket' in result)) throw new Error(`refused with ${result.refused}`);
    return result.socket;
  }

  it('refuses a socket without the token or with a wrong one', async () => {
    expect(await openSocket(server.port, { headers: origin() })).toEqual({ refused: 401 });
    expect(await openSocket(server.port, { token: 'wrong', headers: origin() })).toEqual({ refused: 401 });
    expect(await openSocket(server.port, { token: `${server.token}x`, headers: origin() })).toEqual({ refused: 401 });
  });

  it('takes the token only as a subprotocol: not from a cookie (every port gets those), nor from the query', async () => {
    expect(await openSocket(server.port, { headers: { ...origin(), ...tokenCookie() } })).toEqual({ refused: 401 });
    expect(await openSocket(server.port, { headers: tokenCookie(server.port + 1) })).toEqual({ refused: 401 });
    expect(await openSocket(server.port, { path: `/api?token=${server.token}`, headers: origin() })).toEqual({ refused: 401 });
  });

  it('refuses a foreign Origin or Host even with the token', async () => {
    expect(await openSocket(server.port, { token: server.token, headers: { origin: 'http://evil.example' } })).toEqual({ refused: 403 });
    expect(await openSocket(server.port, { token: server.token, headers: { host: `evil.example:${server.port}` } })).toEqual({ refused: 403 });
  });

  it('refuses other paths and sockets that do not speak the wire protocol', async () => {
    expect(await openSocket(server.port, { token: server.token, path: '/other' })).toEqual({ refused: 404 });
    expect(await openSocket(server.port, { protocols: [`nightcal.token.${server.token}`] })).toEqual({ refused: 400 });
  });

  it('accepts the token as a subprotocol, and answers with the wire protocol only (the token is not echoed)', async () => {
    const bySubprotocol = await expectOpen({ token: server.token, headers: origin() });
    expect(bySubprotocol.protocol).toBe('nightcal.v1');
    bySubprotocol.close();
  });

  it('closes a connection that sends what the wire format does not allow', async () => {
    for (const send of [
      (socket: WebSocket) => socket.send('{not json'),
      (socket: WebSocket) => socket.send(Buffer.from([1, 2, 3]), { binary: true }),
      (socket: WebSocket) => socket.send('{"method":"getSnapshot"}'),
      (socket: WebSocket) => socket.send('{"id":-1,"method":"getSnapshot"}'),
    ]) {
      const socket = await expectOpen({ token: server.token });
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      send(socket);
      expect(await closed).toBe(1008);
    }
    expect(service.calls.filter((call) => call.method === 'getSnapshot')).toEqual([]);
  });

  it('stops listening to the service when a connection closes', async () => {
    // Sockets of earlier tests may still be closing.
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
    const socket = await expectOpen({ token: server.token });
    await vi.waitFor(() => expect(service.listenerCount()).toBe(1));
    socket.close();
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
  });
});

describe('browser mode: close', () => {
  it('ends open sockets, stops listening and unsubscribes', async () => {
    const own = standInService();
    const other = await startBrowserMode({ service: own, staticDir: fixture.staticDir });
    const result = await openSocket(other.port, { token: other.token });
    if (!('socket' in result)) throw new Error('refused');
    const closed = new Promise((resolve) => result.socket.once('close', resolve));
    await vi.waitFor(() => expect(own.listenerCount()).toBe(1));
    await other.close();
    await closed;
    expect(own.listenerCount()).toBe(0);
    await expect(httpGet(other.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
