/**
 * The desktop bridge: what the preload exposes as `window.nightcal` and what the main
 * process answers on each channel. Channel names are derived from `API_METHODS`, never
 * typed by hand, so the preload, `desktop/ipc.ts` and the renderer cannot drift apart.
 */
import type { ApiErrorData, ApiMethod, ApiRequest, ApiResponse, NightcalEvent } from './contract';

/** How every request is answered across a process boundary: errors travel as data, never as thrown objects. */
export type ApiReply<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: ApiErrorData };

/** The IPC channel of one API method, e.g. `nightcal:openNight`. */
export function apiChannel(method: ApiMethod): `nightcal:${ApiMethod}` {
  return `nightcal:${method}`;
}

/** The one channel on which main pushes batches of events (`readonly NightcalEvent[]`). */
export const EVENT_CHANNEL = 'nightcal:events';

/** One bridge function per API method: the argument goes over as is, the reply comes back as data. */
export type BridgeMethods = {
  readonly [M in ApiMethod]: (arg: ApiRequest<M>) => Promise<ApiReply<ApiResponse<M>>>;
};

/**
 * `window.nightcal` in the desktop app. `DroppedFile` is the DOM `File` in the renderer;
 * shared code cannot name DOM types, so the renderer's declaration fills it in.
 */
export interface NightcalBridge<DroppedFile = unknown> extends BridgeMethods {
  /** Subscribe to pipeline events, one call per batch main sent (applied in one update); returns the function that unsubscribes. */
  onEvents(listener: (events: readonly NightcalEvent[]) => void): () => void;
  /** The absolute path of a file dropped on the window (Electron's webUtils.getPathForFile). */
  pathForFile(file: DroppedFile): string;
}
