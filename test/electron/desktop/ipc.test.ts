import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { ErrorLog } from '../../../electron/api/handle-request';
import { API_METHODS } from '../../../shared/contract';
import { EVENT_CHANNEL } from '../../../shared/bridge';
import { serveApiOverIpc, type IpcServer } from '../../../electron/desktop/ipc';
import { frameDone, PREVIEW_PIXELS, runDone, runProgress, standInService, type StandInService } from '../api/stand-in-service';
import { StandInIpcMain, StandInWebContents } from './stand-in-ipc';

const PAGE = 'nightcal://app/index.html';

let ipcMain: StandInIpcMain;
let service: StandInService;
let server: IpcServer;
let window: StandInWebContents;
let log: Mock<ErrorLog>;

beforeEach(() => {
  ipcMain = new StandInIpcMain();
  service = standInService();
  log = vi.fn<ErrorLog>();
  server = serveApiOverIpc({ ipcMain, api: service, log });
  window = new StandInWebContents();
  server.attach(window);
});

afterEach(() => {
  server.dispose();
  vi.useRealTimers();
});

function invoke(channel: string, args: unknown[], sender = window, url: string | null = PAGE, parent: unknown = null) {
  return ipcMain.invoke(channel, { sender, senderFrame: url === null ? null : { url, parent } }, args);
}

describe('the API over IPC', () => {
  it('registers one handler per API method, on channels named after them', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((method) => `nightcal:${method}`).sort());
  });

  it('answers a trusted request with the result as data', async () => {
    expect(await invoke('nightcal:openNight', [{ path: '/data/night/' }])).toMatchObject({ ok: true, result: { root: '/data/night' } });
    expect(service.calls).toEqual([{ method: 'openNight', arg: { path: '/data/night' } }]);
    const preview = (await invoke('nightcal:getPreview', [{ source: { kind: 'raw', frameId: 'a' } }])) as { result: { pixels: Float32Array } };
    expect(preview.result.pixels).toEqual(PREVIEW_PIXELS);
  });

  it('drops requests from untrusted senders without calling the API', async () => {
    const stranger = new StandInWebContents();
    const refusals = [
      invoke('nightcal:openNight', [{ path: '/data' }], stranger),
      invoke('nightcal:openNight', [{ path: '/data' }], window, 'https://evil.example/'),
      invoke('nightcal:openNight', [{ path: '/data' }], window, 'file:///home/observer/evil.html'),
      invoke('nightcal:openNight', [{ path: '/data' }], window, 'nightcal://other/index.html'),
      invoke('nightcal:openNight', [{ path: '/data' }], window, null),
      invoke('nightcal:openNight', [{ path: '/data' }], window, PAGE, { url: PAGE }),
    ];
    for (const reply of await Promise.all(refusals)) expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.calls).toEqual([]);
    expect(log).toHaveBeenCalledTimes(refusals.length);
  });

  it('no longer trusts a window once it is detached', async () => {
    const other = new StandInWebContents();
    const detach = server.attach(other);
    expect(await invoke('nightcal:cancelRun', [], other)).toEqual({ ok: true });
    detach();
    expect(await invoke('nightcal:cancelRun', [], other)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('validates arguments and refuses extra ones', async () => {
    expect(await invoke('nightcal:openNight', [{ path: 'relative' }])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await invoke('nightcal:openNight', [{ path: '/a' }, 'extra'])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await invoke('nightcal:cancelRun', [{ now: true }])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(service.calls).toEqual([]);
  });

  it('converts errors to data: ApiError as it is, anything else internal', async () => {
    expect(await invoke('nightcal:openNight', [{ path: '/missing' }])).toEqual({ ok: false, error: { code: 'not-found', message: 'no folder at /missing' } });
    const internal = await invoke('nightcal:getHeader', [{ source: { kind: 'raw', frameId: 'a' } }]);
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('secret');
  });

  it('forwards events in batches on one channel, and the end of a run at once', () => {
    vi.useFakeTimers();
    // The handlers subscribed before the fake clock: serve again under it.
    server.dispose();
    server = serveApiOverIpc({ ipcMain, api: service, log });
    server.attach(window);
    service.emit(frameDone('a'));
    service.emit(runProgress(1));
    expect(window.sent).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(window.sent).toEqual([{ channel: EVENT_CHANNEL, args: [[frameDone('a'), runProgress(1)]] }]);
    service.emit(runDone());
    expect(window.sent[1]).toEqual({ channel: EVENT_CHANNEL, args: [[runDone()]] });
  });

  it('sends the events still batched before the answer to a request', async () => {
    service.emit(frameDone('a'));
    expect(window.sent).toEqual([]);
    const reply = invoke('nightcal:getSnapshot', []);
    await reply;
    // The batch went out when the handler returned, before its reply reached the page.
    expect(window.sent).toEqual([{ channel: EVENT_CHANNEL, args: [[frameDone('a')]] }]);
  });

  it('never sends to a destroyed window', () => {
    window.destroyed = true;
    service.emit(runDone());
    expect(window.sent).toEqual([]);
  });

  it('removes its handlers and its subscription on dispose', () => {
    server.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(service.listenerCount()).toBe(0);
    // A fresh server can register again (Electron refuses duplicate handlers).
    server = serveApiOverIpc({ ipcMain, api: service, log });
    expect(ipcMain.handlers.size).toBe(API_METHODS.length);
  });
});
