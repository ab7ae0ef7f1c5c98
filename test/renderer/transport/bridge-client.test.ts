import { describe, expect, it, vi } from 'vitest';
import { ApiError, type NightcalEvent } from '../../../shared/contract';
import { serveApiOverIpc } from '../../../electron/desktop/ipc';
import { buildBridge } from '../../../electron/desktop/preload-bridge';
import { clientFromBridge } from '../../../renderer/transport/bridge-client';
import type { DesktopBridge } from '../../../renderer/transport/bridge-types';
import { frameDone, PREVIEW_PIXELS, runDone, standInService } from '../../electron/api/stand-in-service';
import { StandInIpcMain, StandInWebContents, standInIpcRenderer } from '../../electron/desktop/stand-in-ipc';

/** The whole desktop path in memory: client → bridge → ipcRenderer → ipcMain → API, and events back. */
function desktop(frameUrl = 'nightcal://app/index.html') {
  const ipcMain = new StandInIpcMain();
  const service = standInService();
  const server = serveApiOverIpc({ ipcMain, api: service, log: () => {} });
  const contents = new StandInWebContents();
  server.attach(contents);
  const bridge = buildBridge(standInIpcRenderer(ipcMain, contents, frameUrl), (file: File) => file.name) as DesktopBridge;
  return { service, server, client: clientFromBridge(bridge) };
}

describe('the renderer’s client over the desktop bridge', () => {
  it('gives results, typed arrays and ApiErrors as the API itself does', async () => {
    const { client, server } = desktop();
    expect(await client.openNight({ path: '/data/night' })).toMatchObject({ root: '/data/night' });
    expect(await client.chooseFolder()).toBeNull();
    expect((await client.getPreview({ source: { kind: 'raw', frameId: 'a' } })).pixels).toEqual(PREVIEW_PIXELS);
    const error = await client.openNight({ path: '/missing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not-found', message: 'no folder at /missing' });
    await expect(client.getHeader({ source: { kind: 'raw', frameId: 'a' } })).rejects.toMatchObject({ code: 'internal' });
    server.dispose();
  });

  it('is refused from a page that is not ours', async () => {
    const { client, service, server } = desktop('https://evil.example/');
    await expect(client.openNight({ path: '/data' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(service.calls).toEqual([]);
    server.dispose();
  });

  it('turns a missing handler into ApiError internal', async () => {
    const { client, server } = desktop();
    server.dispose();
    await expect(client.getSnapshot()).rejects.toMatchObject({ code: 'internal' });
  });

  it('receives events in the batches main sent', async () => {
    const { client, service, server } = desktop();
    const batches: (readonly NightcalEvent[])[] = [];
    client.onEvents((events) => batches.push(events));
    service.emit(frameDone('a'));
    service.emit(runDone());
    await vi.waitFor(() => expect(batches).toEqual([[frameDone('a'), runDone()]]));
    server.dispose();
  });
});
