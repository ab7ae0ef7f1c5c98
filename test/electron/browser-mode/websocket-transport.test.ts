import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { PreviewImage } from '../../../shared/contract';
import { MessageReader } from '../../../shared/wire-format';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode/serve';
import { DEFAULT_CONNECTION_LIMITS } from '../../../electron/browser-mode/websocket-transport';
import { frameDone, PREVIEW_PIXELS, runDone, runProgress, standInPreview, standInService, type StandInService } from '../api/stand-in-service';
import { openSocket } from './http-probe';
import { rawUpgrade, requestFrame } from './raw-websocket';
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
  // The subscription is made when the connection is set up on the server: one answered request
  // (to no method, so the API is not called) says it is.
  await probe.call(999_999, 'no-such-method');
  probe.messages.length = 0;
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

  it('sends every connection the same batches, from one subscription to the service', async () => {
    const [a, b] = [await connect(), await connect()];
    expect(service.listenerCount()).toBe(1);
    service.emit(runDone());
    await vi.waitFor(() => expect(a.eventBatches()).toEqual([[runDone()]]));
    await vi.waitFor(() => expect(b.eventBatches()).toEqual([[runDone()]]));
    a.socket.close();
    b.socket.close();
  });
});

describe('what one connection may make the server hold', () => {
  it(`works on at most ${DEFAULT_CONNECTION_LIMITS.maxInFlight} of its requests at once; more are answered 'busy' at once`, async () => {
    const { maxInFlight } = DEFAULT_CONNECTION_LIMITS;
    expect(maxInFlight).toBe(32);
    const probe = await connect();
    const getPreview = service.getPreview;
    const waiting: (() => void)[] = [];
    service.getPreview = (request) => {
      service.calls.push({ method: 'getPreview', arg: request });
      return new Promise((resolve) => waiting.push(() => resolve(standInPreview(request.source))));
    };
    try {
      const source = { kind: 'raw', frameId: 'L_0001.fits' };
      const before = service.calls.length;
      for (let id = 100; id < 100 + maxInFlight + 8; id++) probe.socket.send(JSON.stringify({ id, method: 'getPreview', arg: { source } }));
      // The 8 over the limit are answered without waiting for the others.
      await vi.waitFor(() => expect(probe.messages.filter((message) => message.id !== undefined)).toHaveLength(8));
      expect(probe.messages.map((message) => message.id)).toEqual([132, 133, 134, 135, 136, 137, 138, 139]);
      expect(probe.messages[0]).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringContaining(`more than ${maxInFlight} requests at once`) } });
      expect(service.calls.length - before).toBe(maxInFlight);
      // Once answered, they make room again.
      for (const release of waiting.splice(0)) release();
      await vi.waitFor(() => expect(probe.messages.filter((message) => message.ok === true)).toHaveLength(maxInFlight));
      const again = probe.call(200, 'getPreview', { source });
      await vi.waitFor(() => expect(waiting).toHaveLength(1));
      waiting[0]();
      expect(await again).toMatchObject({ id: 200, ok: true });
    } finally {
      service.getPreview = getPreview;
      probe.socket.close();
    }
  });

  it('drops a client that stops reading once its replies pass the limit; the server’s memory stays bounded', async () => {
    const MiB = 1024 * 1024;
    const limit = 8 * MiB;
    // Fresh pixels for every reply, as the real previews are: 1 MiB each.
    const big = standInService();
    let previews = 0;
    big.getPreview = async (request) => {
      previews += 1;
      return { ...standInPreview(request.source), pixels: new Float32Array(MiB / 4).fill(1) };
    };
    const notices: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((message: string) => void notices.push(message));
    const slow = await startBrowserMode({ service: big, staticDir: fixture.staticDir, limits: { maxBufferedBytes: limit } });
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline)), 5);
    try {
      const raw = await rawUpgrade(slow.port, slow.token);
      await vi.waitFor(() => expect(big.listenerCount()).toBe(1));
      // It sends requests and reads nothing: the TCP stream backs up, then the server's queue.
      raw.socket.pause();
      const source = { kind: 'raw', frameId: 'L_0001.fits' };
      let id = 0;
      // 320 requests of 1 MiB replies, in waves that each fit under the in-flight limit.
      for (let wave = 0; wave < 20; wave++) {
        for (let i = 0; i < 16; i++) raw.write(requestFrame(++id, 'getPreview', { source }));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // Dropped: no longer subscribed, and the requests after the drop were not worked on.
      await vi.waitFor(() => expect(big.listenerCount()).toBe(0), { timeout: 5000 });
      expect(previews).toBeLessThan(id / 4);
      // What the server held: the replies it queued (up to the limit), what the kernel took, garbage not yet collected.
      clearInterval(sampler);
      expect(peak).toBeLessThan(64 * MiB);
      expect(notices.some((message) => /does not read its replies/.test(message))).toBe(true);

      // Read now: what was queued, then the close frame that says why.
      raw.socket.resume();
      await vi.waitFor(() => expect(raw.closeCode()).toBe(1008), { timeout: 5000 });
      expect(raw.closeReason()).toBe('replies unread: more than 8 MB queued for this connection');
      await vi.waitFor(() => expect(raw.ended).toBe(true), { timeout: 5000 });
      expect(raw.received).toBeLessThan(limit + 32 * MiB);
    } finally {
      clearInterval(sampler);
      warn.mockRestore();
      await slow.close();
    }
  });
});
