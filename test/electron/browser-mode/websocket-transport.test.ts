import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { PreviewImage } from '../../../shared/contract';
import { MessageReader } from '../../../shared/wire-format';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode/serve';
import { frameDone, PREVIEW_PIXELS, runDone, runProgress, standInService, type StandInService } from '../api/stand-in-service';
import { openSocket } from './http-probe';
import { makeRendererFixture, type RendererFixture } from './renderer-fixture';

/** A raw client: sends JSON text frames, reads every server message with the wire format's reader. */
class WireProbe {
  readonly messages: Record<string, unknown>[] = [];
  readonly frames: { binary: boolean; bytes: number }[] = [];
  private readonly reader = new MessageReader(64);

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const buffer = data as Buffer;
      this.frames.push({ binary: isBinary, bytes: buffer.byteLength });
      const frame = isBinary ? buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) : buffer.toString('utf8');
      const read = this.reader.read(frame as string | ArrayBuffer);
      if (read) this.messages.push(read.message);
    });
  }

  async call(id: number, method: string, arg?: unknown, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    this.socket.send(JSON.stringify({ id, method, arg, ...extra }));
    return vi.waitFor(() => {
      const reply = this.messages.find((message) => message.id === id);
      if (!reply) throw new Error(`no reply to ${id} yet`);
      return reply;
    });
  }

  eventBatches(): unknown[][] {
    return this.messages.filter((message) => 'events' in message).map((message) => message.events as unknown[]);
  }
}

let fixture: RendererFixture;
let service: StandInService;
let server: BrowserModeServer;

beforeAll(async () => {
  fixture = makeRendererFixture();
  service = standInService();
  server = await startBrowserMode({ service, staticDir: fixture.staticDir });
});

afterAll(async () => {
  await server.close();
  fixture.remove();
});

async function connect(): Promise<WireProbe> {
  const result = await openSocket(server.port, { token: server.token });
  if (!('socket' in result)) throw new Error(`refused with ${result.refused}`);
  const probe = new WireProbe(result.socket);
  // The subscription is made when the connection is set up on the server.
  await vi.waitFor(() => expect(service.listenerCount()).toBeGreaterThan(0));
  return probe;
}

describe('the API over a real WebSocket', () => {
  it('answers a request with its result', async () => {
    const probe = await connect();
    expect(await probe.call(1, 'openNight', { path: '/data/night' })).toEqual({
      id: 1,
      ok: true,
      result: expect.objectContaining({ root: '/data/night', outputDir: '/data/night/calibrated' }),
    });
    expect(await probe.call(2, 'cancelRun')).toEqual({ id: 2, ok: true });
    probe.socket.close();
  });

  it('sends the events emitted before an answer ahead of it, not a batch interval later', async () => {
    const probe = await connect();
    const cancelRun = service.cancelRun;
    service.cancelRun = async () => {
      service.emit(frameDone('a'));
      service.emit(frameDone('b'));
    };
    try {
      await probe.call(3, 'cancelRun');
      const replyAt = probe.messages.findIndex((message) => message.id === 3);
      const eventsAt = probe.messages.findIndex((message) => Array.isArray(message.events) && (message.events as unknown[]).length === 2);
      expect(eventsAt).toBeGreaterThanOrEqual(0);
      expect(eventsAt).toBeLessThan(replyAt);
    } finally {
      service.cancelRun = cancelRun;
      probe.socket.close();
    }
  });

  it('carries the preview’s Float32Array as a binary frame, bit for bit', async () => {
    const probe = await connect();
    const reply = await probe.call(7, 'getPreview', { source: { kind: 'raw', frameId: 'L_0001.fits' }, maxSize: 64 });
    const preview = reply.result as PreviewImage;
    expect(preview.pixels).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(preview.pixels.buffer)).toEqual(new Uint8Array(PREVIEW_PIXELS.buffer));
    expect(preview.stats.mean).toBeNaN();
    expect(preview.stats.max).toBe(Infinity);
    expect(preview.source).toEqual({ kind: 'raw', frameId: 'L_0001.fits' });
    expect(probe.frames.filter((frame) => frame.binary)).toEqual([{ binary: true, bytes: PREVIEW_PIXELS.byteLength }]);
    probe.socket.close();
  });

  it('refuses unknown methods and bad arguments without calling the API', async () => {
    const probe = await connect();
    const before = service.calls.length;
    expect(await probe.call(3, 'dispose')).toEqual({ id: 3, ok: false, error: { code: 'bad-request', message: 'unknown method "dispose"' } });
    expect(await probe.call(4, 'openNight', { path: '../etc' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await probe.call(5, 'openNight', { path: '/data', utcOffsetHours: 99 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await probe.call(6, 'openNight', { path: '/data' }, { token: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: 'unknown request field "token"' },
    });
    expect(service.calls.length).toBe(before);
    probe.socket.close();
  });

  it('maps errors: ApiError as it is, anything else to internal without details', async () => {
    const probe = await connect();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await probe.call(8, 'openNight', { path: '/missing' })).toEqual({ id: 8, ok: false, error: { code: 'not-found', message: 'no folder at /missing' } });
    const internal = await probe.call(9, 'getHeader', { source: { kind: 'raw', frameId: 'a' } });
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toMatch(/secret|Cannot read|stack/);
    // The details stay in the server's log.
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('getHeader'), expect.any(TypeError));
    consoleError.mockRestore();
    probe.socket.close();
  });

  it('pushes events in batches, in order, and the end of a run at once', async () => {
    const probe = await connect();
    for (let i = 0; i < 5; i++) service.emit(frameDone(`L_${i}.fits`));
    service.emit(runProgress(4));
    service.emit(runProgress(5));
    await vi.waitFor(() => expect(probe.eventBatches()).toHaveLength(1));
    expect(probe.eventBatches()[0]).toEqual([...[0, 1, 2, 3, 4].map((i) => frameDone(`L_${i}.fits`)), runProgress(5)]);

    // 'done' is flushed at once (test/electron/api/event-batcher.test.ts proves it without a clock).
    service.emit(runDone());
    await vi.waitFor(() => expect(probe.eventBatches()).toHaveLength(2));
    expect(probe.eventBatches()[1]).toEqual([runDone()]);
    probe.socket.close();
  });

  it('sends every connection the events', async () => {
    const [a, b] = [await connect(), await connect()];
    await vi.waitFor(() => expect(service.listenerCount()).toBe(2));
    service.emit(runDone());
    await vi.waitFor(() => expect(a.eventBatches()).toEqual([[runDone()]]));
    await vi.waitFor(() => expect(b.eventBatches()).toEqual([[runDone()]]));
    a.socket.close();
    b.socket.close();
  });
});
