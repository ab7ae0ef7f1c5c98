/**
 * The page's one way to NightCal: the desktop preload's `window.nightcal` when it is there,
 * else the browser mode's WebSocket on the server that served the page.
 */
import type { NightcalWindowClient } from '../shared/contract';
import { API_SOCKET_PATH } from '../shared/wire-format';
import { clientFromBridge } from './transport/bridge-client';
import './transport/bridge-types';
import { adoptPageToken } from './transport/page-token';
import { connectWebSocketClient } from './transport/websocket-client';

/** Connects to NightCal, whichever way this page was opened. */
export async function connectClient(): Promise<NightcalWindowClient> {
  const bridge = window.nightcal;
  if (bridge) return clientFromBridge(bridge);
  const token = adoptPageToken({ location, history, storage: () => sessionStorage });
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return connectWebSocketClient({ url: `${scheme}//${location.host}${API_SOCKET_PATH}`, token });
}

/** The path of a file dropped on the window; null in a browser, which never reveals paths. */
export function pathForDroppedFile(file: File): string | null {
  return window.nightcal?.pathForFile(file) ?? null;
}
