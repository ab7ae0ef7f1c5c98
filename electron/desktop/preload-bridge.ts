/**
 * Builds `window.nightcal` from an ipcRenderer: exactly one function per API method, one
 * subscription to batches of events and the dropped-file path. No raw ipcRenderer and no generic
 * invoke(channel) leave the preload, so the page can reach nothing but the contract:
 * https://www.electronjs.org/docs/latest/tutorial/context-isolation#security-considerations
 * Free of Electron imports so it can be tested with a stand-in ipcRenderer.
 */
import { API_METHODS, type ApiMethod, type NightcalEvent } from '../../shared/contract';
import { apiChannel, EVENT_CHANNEL, type BridgeMethods, type NightcalBridge } from '../../shared/bridge';

/** The part of ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The bridge object handed to contextBridge.exposeInMainWorld('nightcal', …). */
export function buildBridge<DroppedFile>(
  ipcRenderer: IpcRendererLike,
  getPathForFile: (file: DroppedFile) => string,
): NightcalBridge<DroppedFile> {
  const methods: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    const channel = apiChannel(method satisfies ApiMethod);
    // Exactly one argument crosses, whatever the page passes.
    methods[method] = (arg?: unknown) => ipcRenderer.invoke(channel, arg);
  }
  return {
    ...(methods as unknown as BridgeMethods),
    // Batches pass whole: main batched them once (api/event-batcher.ts), the page applies each in one update.
    onEvents(listener: (events: readonly NightcalEvent[]) => void): () => void {
      const receive = (_event: unknown, batch: unknown) => {
        if (Array.isArray(batch)) listener(batch as readonly NightcalEvent[]);
      };
      ipcRenderer.on(EVENT_CHANNEL, receive);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, receive);
      };
    },
    pathForFile: (file: DroppedFile) => getPathForFile(file),
  };
}
