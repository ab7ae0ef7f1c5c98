/**
 * A window's client over the browser mode's WebSocket (wire format: shared/wire-format.ts).
 * When the connection drops, requests in flight fail with ConnectionLostError (an
 * ApiError('io')) and the client reconnects with a growing delay; events resume on the new
 * connection. Events sent while it was down are lost: connection listeners hear of the drop
 * and of the reconnection, so the page can reload its state from a snapshot.
 */
import { API_METHODS, ApiError, type ApiErrorData, type NightcalEvent, type NightcalWindowClient } from '../../shared/contract';
import { MessageReader, packMessage, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../shared/wire-format';
import { ConnectionLostError, type ConnectionEvents } from './connection';

/** The part of the DOM WebSocket the client uses (the `ws` package's WebSocket fits too). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WebSocketClientOptions {
  /** ws://127.0.0.1:PORT/api */
  readonly url: string;
  /** Sent as a subprotocol, the only way the server takes it (transport/page-token.ts finds it). */
  readonly token?: string | null;
  /** Makes a socket; the DOM's WebSocket by default. */
  readonly createSocket?: (url: string, protocols: string[]) => WebSocketLike;
  /** First reconnection delay and the longest one, in ms (default 250 and 5,000). */
  readonly retryMs?: { readonly first: number; readonly max: number };
}

/** The client, its connection's ups and downs, and closing it for good. */
export interface WebSocketClient extends NightcalWindowClient, ConnectionEvents {
  close(): void;
}

const OPEN = 1;
// A response may carry several typed arrays; none carries this many.
const MAX_ATTACHMENTS = 64;

/** Connects and resolves once the first connection is open; rejects if that one fails. */
export function connectWebSocketClient(options: WebSocketClientOptions): Promise<WebSocketClient> {
  const createSocket = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike);
  const protocols = [WIRE_PROTOCOL, ...(options.token ? [`${TOKEN_PROTOCOL_PREFIX}${options.token}`] : [])];
  const retry = options.retryMs ?? { first: 250, max: 5000 };
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: ApiError): void }>();
  const listeners = new Set<(events: readonly NightcalEvent[]) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let failures = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  return new Promise((resolveConnected, rejectConnected) => {
    let everConnected = false;

    function open(): void {
      const current = createSocket(options.url, protocols);
      const reader = new MessageReader(MAX_ATTACHMENTS);
      socket = current;
      current.binaryType = 'arraybuffer';
      current.onopen = () => {
        failures = 0;
        if (!everConnected) {
          everConnected = true;
          resolveConnected(client);
        } else {
          tellConnection(true);
        }
      };
      current.onmessage = ({ data }) => {
        try {
          const read = reader.read(data as string | ArrayBuffer);
          if (read) dispatch(read.message);
        } catch (error) {
          console.error('NightCal: malformed message from the server', error);
          current.close(1008, 'malformed message');
        }
      };
      current.onerror = () => {
        // Always followed by onclose, which does the work.
      };
      current.onclose = ({ code, reason }) => {
        if (socket === current) socket = null;
        failAll(new ConnectionLostError());
        if (!everConnected) {
          closed = true;
          rejectConnected(new ApiError('forbidden', `could not connect to NightCal (${reason || `code ${code}`}); open the address it printed, with its token`));
          return;
        }
        if (closed) return;
        // Only the first failure of a series is news; retries that fail again are not.
        if (failures === 0) tellConnection(false);
        const delay = Math.min(retry.max, retry.first * 2 ** failures);
        failures += 1;
        retryTimer = setTimeout(open, delay);
      };
    }

    function dispatch(message: Record<string, unknown>): void {
      if (Array.isArray(message.events)) {
        // A batch as the server sent it: the page applies it in one update.
        for (const listener of listeners) {
          try {
            listener(message.events as NightcalEvent[]);
          } catch (error) {
            console.error('NightCal: an event listener failed', error);
          }
        }
        return;
      }
      const entry = typeof message.id === 'number' ? pending.get(message.id) : undefined;
      if (!entry) return;
      pending.delete(message.id as number);
      if (message.ok === true) entry.resolve(message.result);
      else entry.reject(ApiError.fromData(message.error as ApiErrorData));
    }

    function tellConnection(connected: boolean): void {
      for (const listener of connectionListeners) {
        try {
          listener(connected);
        } catch (error) {
          console.error('NightCal: a connection listener failed', error);
        }
      }
    }

    function failAll(error: ApiError): void {
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    }

    function request(method: string, arg: unknown): Promise<unknown> {
      const current = socket;
      if (!current || current.readyState !== OPEN) {
        return Promise.reject(new ApiError('io', 'not connected to NightCal; reconnecting'));
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Requests carry no typed arrays, so the text frame is the whole message.
        current.send(packMessage(arg === undefined ? { id, method } : { id, method, arg }).text);
      });
    }

    const methods: Record<string, (arg?: unknown) => Promise<unknown>> = {};
    for (const method of API_METHODS) methods[method] = (arg?: unknown) => request(method, arg);

    const client: WebSocketClient = {
      ...(methods as unknown as Omit<NightcalWindowClient, 'onEvents'>),
      onEvents(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      onConnectionChange(listener) {
        connectionListeners.add(listener);
        return () => {
          connectionListeners.delete(listener);
        };
      },
      close() {
        closed = true;
        connectionListeners.clear();
        if (retryTimer !== null) clearTimeout(retryTimer);
        socket?.close(1000, 'closed by the page');
        failAll(new ApiError('io', 'the connection to NightCal was closed'));
      },
    };

    open();
  });
}
