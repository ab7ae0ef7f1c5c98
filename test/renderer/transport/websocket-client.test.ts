import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ApiError, type AppSnapshot, type NightcalEvent, type RunSummary } from '../../../shared/contract';
import { createConnectedStore } from '../../../renderer/event-wiring';
import { ConnectionLostError } from '../../../renderer/transport/connection';
import { lightIdsOf } from '../../../renderer/run/run-slice';
import { snapshotOf, testNight } from '../store-fixtures';
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
  it('is a window client: results, typed arrays and ApiErrors come back as from the API itself', async () => {
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

  it('delivers events in order, in the batches the server sent, to every listener until it unsubscribes', async () => {
    const api = await connect();
    const first: NightcalEvent[] = [];
    const second: NightcalEvent[] = [];
    const batches: number[] = [];
    api.onEvents((events) => {
      first.push(...events);
      batches.push(events.length);
    });
    const unsubscribe = api.onEvents((events) => second.push(...events));
    await vi.waitFor(() => expect(service.listenerCount()).toBe(1));
    service.emit(frameDone('a'));
    service.emit(runDone());
    await vi.waitFor(() => expect(first).toEqual([frameDone('a'), runDone()]));
    expect(batches).toEqual([2]); // one batch: 'done' sends what is queued with it
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
    api.onEvents((batch) => events.push(...batch));
    const { port, token } = server;
    await server.close();
    server = await startBrowserMode({ service, staticDir: fixture.staticDir, port, token });
    await vi.waitFor(async () => expect(await api.openNight({ path: '/again' })).toMatchObject({ root: '/again' }), { timeout: 5000, interval: 50 });
    service.emit(runDone());
    await vi.waitFor(() => expect(events).toEqual([runDone()]));
  });

  it('tells its connection listeners of a drop and of the reconnection, once each', async () => {
    hangOpenNight();
    const api = await connect();
    const changes: boolean[] = [];
    api.onConnectionChange((connected) => changes.push(connected));
    const inFlight = api.openNight({ path: '/slow' }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(service.listenerCount()).toBe(1));
    const { port, token } = server;
    await server.close();
    // A request cut off by the drop fails with the distinct error the slices leave to the snapshot.
    expect(await inFlight).toBeInstanceOf(ConnectionLostError);
    await vi.waitFor(() => expect(changes).toEqual([false]));
    await new Promise((resolve) => setTimeout(resolve, 150)); // a few failed retries: still one "down"
    expect(changes).toEqual([false]);
    server = await startBrowserMode({ service, staticDir: fixture.staticDir, port, token });
    await vi.waitFor(() => expect(changes).toEqual([false, true]), { timeout: 5000, interval: 20 });
  });

  it('after a reconnection the store reloads the snapshot: what happened during the drop shows', async () => {
    const night = testNight(4);
    const lights = lightIdsOf(night);
    let snapshot: AppSnapshot = snapshotOf(night, {
      run: { stage: 'calibrate', active: true, frames: lights.map((frameId) => ({ frameId, status: 'queued', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null })), progress: null, summary: null, error: null, review: null },
    });
    let snapshots = 0;
    service.getSnapshot = async () => {
      snapshots += 1;
      return snapshot;
    };
    const api = await connect();
    const { store, connect: wire } = createConnectedStore(api);
    const disconnect = wire();
    try {
      await vi.waitFor(() => expect(store.getState().ready).toBe(true));
      expect(store.getState().runActive).toBe(true);

      const { port, token } = server;
      await server.close();
      await vi.waitFor(() => expect(store.getState().connectionError).toMatch(/reconnecting/));
      // While the page is away the run ends: its events go nowhere…
      const summary: RunSummary = { ...(runDone() as { summary: RunSummary }).summary, total: lights.length, done: lights.length };
      for (const frameId of lights) service.emit(frameDone(frameId));
      service.emit({ kind: 'done', summary });
      // …but main's snapshot has it all.
      const frames = lights.map((frameId) => ({ frameId, status: 'done' as const, ms: 120, outputPath: `/data/night/calibrated/${frameId}`, error: null, kernel: null, write: null, quality: null }));
      snapshot = { ...snapshot, run: { stage: 'calibrate', active: false, frames, progress: null, summary, error: null, review: null } };
      server = await startBrowserMode({ service, staticDir: fixture.staticDir, port, token });

      await vi.waitFor(() => expect(store.getState().summary).toEqual(summary), { timeout: 5000, interval: 20 });
      const state = store.getState();
      expect(snapshots).toBe(2);
      expect(state.connectionError).toBeNull();
      expect(state.runActive).toBe(false);
      expect(lights.every((id) => state.runFrames[id]?.status === 'done')).toBe(true);
      // And events flow on the new connection.
      service.emit({ kind: 'frame', frameId: lights[0], status: 'running', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null });
      await vi.waitFor(() => expect(store.getState().runFrames[lights[0]].status).toBe('running'));
    } finally {
      disconnect();
    }
  });

  it('an answer is applied after the events main sent before it (a summary never beside frames still running)', async () => {
    const night = testNight(3);
    const lights = lightIdsOf(night);
    service.getSnapshot = async () => snapshotOf(night);
    service.calibrate = async () => {
      for (const frameId of lights) service.emit(frameDone(frameId));
      return { ...(runDone() as { summary: RunSummary }).summary, total: lights.length, done: lights.length };
    };
    const api = await connect();
    // The page applies each batch as it arrives: only the ordering of events and answers makes this pass.
    const { store, connect: wire } = createConnectedStore(api);
    const disconnect = wire();
    try {
      await vi.waitFor(() => expect(store.getState().ready).toBe(true));
      store.getState().showNight(night, 'opened');
      await store.getState().calibrate();
      const state = store.getState();
      expect(state.summary?.done).toBe(lights.length);
      expect(lights.map((id) => state.runFrames[id].status)).toEqual(lights.map(() => 'done'));
    } finally {
      disconnect();
    }
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
