/**
 * The API over Electron IPC: one `ipcMain.handle` per method, on the channel derived from
 * API_METHODS. Like GitHub Desktop's trusted-ipc-sender, a message is served only when it
 * comes from a window we attached and from our own page (top frame, nightcal:// origin):
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 * Written against small ipcMain/webContents interfaces so it is tested without Electron.
 */
import { API_METHODS, type NightcalClient } from '../../shared/contract';
import { apiChannel, EVENT_CHANNEL, type ApiReply } from '../../shared/bridge';
import { eventBatchesOf } from '../api/event-batcher';
import { handleApiRequest, type ErrorLog } from '../api/handle-request';
import { isAppUrl } from './app-protocol';

/** The part of a webContents this module uses. */
export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** The part of an IpcMainInvokeEvent this module uses. */
export interface IpcInvokeEventLike {
  readonly sender: WebContentsLike;
  /** Null once the frame navigated away or was destroyed. */
  readonly senderFrame: { readonly url: string; readonly parent?: unknown } | null;
}

/** The part of ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcServer {
  /** Trusts `webContents` and sends it events; returns the function that detaches it. */
  attach(webContents: WebContentsLike): () => void;
  /** Removes every handler and stops forwarding events. */
  dispose(): void;
}

export interface IpcServerOptions {
  readonly ipcMain: IpcMainLike;
  readonly api: NightcalClient;
  /** Where unexpected errors and refused senders are reported (the console by default). */
  readonly log?: ErrorLog;
  /** True when a frame URL is the app's own page (default: the nightcal:// origin). */
  readonly isTrustedUrl?: (url: string) => boolean;
}

const FORBIDDEN: ApiReply<never> = { ok: false, error: { code: 'forbidden', message: 'request from an untrusted sender' } };

/** Registers the API's handlers on `ipcMain`. */
export function serveApiOverIpc(options: IpcServerOptions): IpcServer {
  const { ipcMain, api } = options;
  const log: ErrorLog = options.log ?? ((message, detail) => console.error(message, detail));
  const isTrustedUrl = options.isTrustedUrl ?? isAppUrl;
  const attached = new Set<WebContentsLike>();

  function isTrusted(event: IpcInvokeEventLike): boolean {
    const frame = event.senderFrame;
    // A subframe (parent set) is never ours: the page embeds no frames.
    return attached.has(event.sender) && frame !== null && frame.parent == null && isTrustedUrl(frame.url);
  }

  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), async (event, ...args) => {
      if (!isTrusted(event)) {
        log(`NightCal: refused ${method} from an untrusted sender`, event.senderFrame?.url ?? '(no frame)');
        return FORBIDDEN;
      }
      // The bridge passes exactly one argument; more means someone else is calling.
      if (args.length > 1) {
        return { ok: false, error: { code: 'bad-request', message: `${method}: takes at most one argument` } };
      }
      const reply = await handleApiRequest(api, method, args[0], log);
      // Events still batched go out first, so the page never sees an answer before the
      // events that led to it (the reply is sent when this handler returns).
      batches.flush();
      return reply;
    });
  }

  // The service's one set of batches (shared with any other transport serving it).
  const batches = eventBatchesOf(api);
  const unsubscribe = batches.subscribe((events) => {
    for (const contents of attached) {
      if (contents.isDestroyed()) attached.delete(contents);
      else contents.send(EVENT_CHANNEL, events);
    }
  });

  return {
    attach(webContents) {
      attached.add(webContents);
      return () => attached.delete(webContents);
    },
    dispose() {
      unsubscribe();
      attached.clear();
      for (const method of API_METHODS) ipcMain.removeHandler(apiChannel(method));
    },
  };
}
