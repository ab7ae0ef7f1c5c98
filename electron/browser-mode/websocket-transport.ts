/**
 * The API over one WebSocket connection (browser mode): requests in, replies and batched
 * events out, in the wire format of shared/wire-format.ts. Every request goes through
 * handleApiRequest, so it is validated exactly as the desktop's IPC requests are. An answer
 * always follows the events emitted before it.
 */
import type { RawData, WebSocket } from 'ws';
import type { NightcalClient } from '../../shared/contract';
import { MessageReader, packMessage, WireFormatError, type WireServerMessage } from '../../shared/wire-format';
import { EventBatcher } from '../api/event-batcher';
import { handleApiRequest, toApiErrorData, type ErrorLog } from '../api/handle-request';

/** WebSocket close code for a peer that broke the protocol (RFC 6455 §7.4.1). */
export const POLICY_VIOLATION = 1008;

const ENVELOPE_KEYS = new Set(['id', 'method', 'arg']);

/** Serves `api` on `socket` until it closes; returns the function that stops serving early. */
export function serveApiOverWebSocket(socket: WebSocket, api: NightcalClient, log?: ErrorLog): () => void {
  // Requests never carry typed arrays: a binary frame from the page is a protocol error.
  const reader = new MessageReader(0);
  const batcher = new EventBatcher((events) => send({ events }));
  const unsubscribe = api.onEvent((event) => batcher.push(event));

  function send(message: WireServerMessage): void {
    if (socket.readyState !== socket.OPEN) return;
    const packed = packMessage(message);
    socket.send(packed.text);
    for (const attachment of packed.attachments) socket.send(attachment, { binary: true });
  }

  function reply(id: number, message: WireServerMessage): void {
    // Every event emitted before the answer goes out before it: a run's summary must not
    // reach the page ahead of the frames it counts.
    batcher.flush();
    try {
      send(message);
    } catch (error) {
      // A result the wire format cannot carry is a bug on our side, not the page's.
      send({ id, ok: false, error: toApiErrorData(error, 'reply', log) });
    }
  }

  function refuse(reason: string): void {
    socket.close(POLICY_VIOLATION, reason);
  }

  socket.on('message', (data: RawData, isBinary: boolean) => {
    let message: Record<string, unknown>;
    try {
      const read = reader.read(isBinary ? toArrayBuffer(data) : rawText(data));
      if (!read) return;
      message = read.message;
    } catch (error) {
      refuse(error instanceof WireFormatError ? error.message : 'malformed message');
      return;
    }
    const id = message.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      refuse('a request needs a non-negative integer id');
      return;
    }
    const extra = Object.keys(message).find((key) => !ENVELOPE_KEYS.has(key));
    if (extra !== undefined) {
      reply(id, { id, ok: false, error: { code: 'bad-request', message: `unknown request field ${JSON.stringify(extra.slice(0, 60))}` } });
      return;
    }
    void handleApiRequest(api, message.method, message.arg, log).then((answer) => reply(id, { id, ...answer }));
  });

  let stopped = false;
  function stop(): void {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    batcher.dispose();
  }
  socket.on('close', stop);
  return stop;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

// A Buffer may be a slice of a shared pool: copy it into an ArrayBuffer of its own.
function toArrayBuffer(data: RawData): ArrayBuffer {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  const copy = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(copy).set(buffer);
  return copy;
}
