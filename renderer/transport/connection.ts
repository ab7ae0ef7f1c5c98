/**
 * What a transport that can lose its connection adds to a NightcalClient (browser mode's
 * WebSocket; the desktop bridge cannot drop): a signal when the connection goes and comes
 * back, and a distinct error for requests that were in flight when it went. Events sent while
 * it was down are lost for good, so the store reloads a snapshot each time it comes back.
 */
import { ApiError, type NightcalApi } from '../../shared/contract';

/** A request in flight when the connection dropped: main may well have done it (or be doing it). */
export class ConnectionLostError extends ApiError {
  constructor(message = 'the connection to NightCal was lost') {
    super('io', message);
    this.name = 'ConnectionLostError';
  }
}

/** True for a request that failed only because the connection dropped under it. */
export function isConnectionLost(error: unknown): error is ConnectionLostError {
  return error instanceof ConnectionLostError;
}

/** A client that reports its connection going (false) and coming back (true). */
export interface ConnectionEvents {
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/** The connection events of a client, or null for a transport that cannot drop. */
export function connectionEventsOf(client: NightcalApi): ConnectionEvents | null {
  const candidate = client as Partial<ConnectionEvents>;
  return typeof candidate.onConnectionChange === 'function' ? (candidate as ConnectionEvents) : null;
}
