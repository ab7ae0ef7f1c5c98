import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ApiError, type NightcalEvent } from '../../../shared/contract';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode/serve';
import { connectWebSocketClient, type WebSocketClient, type WebSocketLike } from '../../../renderer/transport/websocket-client';
import { frameDone, PREVIEW_PIXELS, runDone, standInService, type StandInService } from '../../electron/api/stand-in-service';
import { makeRendererFixture, type RendererFixture } from '../../electron/browser-mode/renderer-fixture';

// The `ws` package's client stands in for the browser's WebSocket.
const createSocket = (url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as WebSocketLike;

let fixture: RendererFixture;
let service: StandInService;
let server: BrowserModeServer;
let client: WebSocketClient | null = null;

beforeEach(async () => {
  fixture = makeRendererFixture();
  service = standInService();
  server = await startBrowserMode({ service, staticDir: fixture.staticDir });
});

afterEach(async () => {
  client?.close();
  client = null;
  await server.close();
  fixture.remove();
});

async function connect(token: string | null = server.token): Promise<WebSocketClient> {
  client = await connectWebSocketClient({ url: `ws://127.0.0.1:${server.port}/api`, token, createSocket, retryMs: { first: 20, max: 100 } });
  return client;
}

/** A service whose openNight never answers, to have a request in flight. */
function hangOpenNight(): void {
  service.openNight = () => new Promise(() => {});
}

describe('the renderer’s WebSocket client', () => {
  it('is a NightcalClient: results, typed arrays and ApiErrors come back as from the API itself', async () => {
    const api = await connect();
    expect(await api.openNight({ path: '/data/night' })).toMatchObject({ root: '/data/night' });
    expect(await api.cancelRun()).toBeUndefined();
    const preview = await api.getPreview({ source: { kind: 'master', masterId: 'bias' } });
    expect(preview.pixels).toEqual(PREVIEW_PIXELS);
    expect(Object.is(preview.pixels[2], -0)).toBe(true);

    const notFound = await api.openNight({ path: '/missing' }).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(ApiError);
    expect(notFound).toMatchObject({ code: 'not-found', message: 'no folder at /missing' });
    await expect(api.openNight({ path: 'relative' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('delivers events one by one, in order, to every listener until it unsubscribes', async () => {
    const api = await connect();
    const first: NightcalEvent[] = [];
    const second: NightcalEvent[] = [];
    api.onEvent((event) => first.push(event));
    const unsubscribe = api.onEvent((event) => second.push(event));
    await vi.waitFor(() => expect(service.listenerCount()).toBe(1));
    service.emit(frameDone('a'));
    service.emit(runDone());
    await vi.waitFor(() => expect(first).toEqual([frameDone('a'), runDone()]));
    expect(second).toEqual(first);
    unsubscribe();
    service.emit(runDone());
    await vi.waitFor(() => expect(first).toHaveLength(3));
    expect(second).toHaveLength(2);
  });

  it('fails to connect with a wrong token', async () => {
    await expect(connect('wrong')).rejects.toBeInstanceOf(ApiError);
  });

  it('rejects requests in flight with ApiError io when the connection closes', async () => {
    hangOpenNight();
    const api = await connect();
    const inFlight = api.openNight({ path: '/data' });
    await vi.waitFor(() => expect(service.listenerCount()).toBe(1));
    await server.close();
    const error = await inFlight.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'io' });
    await expect(api.getSnapshot()).rejects.toMatchObject({ code: 'io' });
  });

  it('reconnects to a server that comes back, and events flow again', async () => {
    const api = await connect();
    const events: NightcalEvent[] = [];
    api.onEvent((event) => events.push(event));
    const { port, token } = server;
    await server.close();
    server = await startBrowserMode({ service, staticDir: fixture.staticDir, port, token });
    await vi.waitFor(async () => expect(await api.openNight({ path: '/again' })).toMatchObject({ root: '/again' }), { timeout: 5000, interval: 50 });
    service.emit(runDone());
    await vi.waitFor(() => expect(events).toEqual([runDone()]));
  });

  it('stops for good when closed', async () => {
    hangOpenNight();
    const api = await connect();
    const inFlight = api.openNight({ path: '/data' });
    api.close();
    await expect(inFlight).rejects.toMatchObject({ code: 'io' });
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
  });
});
