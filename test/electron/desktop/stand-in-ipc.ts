/**
 * Electron's IPC without Electron: an ipcMain, a window's webContents and its renderer's
 * ipcRenderer, joined in memory. Arguments and replies are structured-cloned both ways, as
 * Electron does, so nothing passes by reference that would not in the app.
 */
import type { IpcInvokeEventLike, IpcMainLike, WebContentsLike } from '../../../electron/desktop/ipc';
import type { IpcRendererLike } from '../../../electron/desktop/preload-bridge';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

export class StandInIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    // Electron refuses a second handler on one channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke does on the main side. */
  async invoke(channel: string, event: IpcInvokeEventLike, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

export class StandInWebContents implements WebContentsLike {
  private static nextId = 1;
  readonly id = StandInWebContents.nextId++;
  destroyed = false;
  /** Every message main sent to this window. */
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly rendererListeners = new Map<string, Set<RendererListener>>();

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const cloned = structuredClone(args);
    this.sent.push({ channel, args: cloned });
    for (const listener of this.rendererListeners.get(channel) ?? []) listener({ sender: 'ipcRenderer' }, ...cloned);
  }
}

/** The ipcRenderer of a page at `frameUrl` (top frame unless `parent` is given) in `contents`. */
export function standInIpcRenderer(
  ipcMain: StandInIpcMain,
  contents: StandInWebContents,
  frameUrl: string,
  parent: unknown = null,
): IpcRendererLike & { readonly invokes: { channel: string; args: unknown[] }[] } {
  const invokes: { channel: string; args: unknown[] }[] = [];
  return {
    invokes,
    invoke(channel, ...args) {
      invokes.push({ channel, args });
      return ipcMain.invoke(channel, { sender: contents, senderFrame: { url: frameUrl, parent } }, args);
    },
    on(channel, listener) {
      const set = contents.rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      contents.rendererListeners.set(channel, set);
    },
    removeListener(channel, listener) {
      contents.rendererListeners.get(channel)?.delete(listener);
    },
  };
}
