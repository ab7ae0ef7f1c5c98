/**
 * The API over one WebSocket connection (browser mode): requests in, replies and batched
 * events out, in the wire format of shared/wire-format.ts. Every request goes through
 * handleApiRequest, so it is validated exactly as the desktop's IPC requests are. An answer
 * always follows the events emitted before it.
 *
 * A hostile or stuck client costs one connection, never the server:
 * - a malformed frame (bad opcode, invalid UTF-8, over the size limit) closes that
 *   connection with the code RFC 6455 gives it; ws emits 'error' for it, which is handled;
 * - at most `maxInFlight` requests are worked on at once; more are answered 'busy' at once,
 *   without calling the API (the connection stays, a well-behaved page never gets there);
 * - replies and events the client does not read pile up in `bufferedAmount`: past
 *   `maxBufferedBytes` the connection is closed (1008, saying why) and dropped soon after.
 */
import type { RawData, WebSocket } from 'ws';
import type { NightcalClient } from '../../shared/contract';
import { MessageReader, packMessage, WireFormatError, type PackedMessage, type WireServerMessage } from '../../shared/wire-format';
import { eventBatchesOf } from '../api/event-batcher';
import { handleApiRequest, toApiErrorData, type ErrorLog } from '../api/handle-request';

/** WebSocket close code for a peer that broke the protocol (RFC 6455 §7.4.1). */
export const POLICY_VIOLATION = 1008;

/** What one connection may hold on the server. */
export interface ConnectionLimits {
  /** Bytes queued for the client and not yet taken by its TCP stream. */
  readonly maxBufferedBytes: number;
  /** Requests received and not yet answered. */
  readonly maxInFlight: number;
}

/**
 * 64 MB: four of the largest previews (2048² float32, 16 MB each), far more than a page
 * that reads its socket ever has queued. 32 requests: the page has a handful in flight.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { maxBufferedBytes: 64 * 1024 * 1024, maxInFlight: 32 };

/** How long a closed slow reader may take to read what is queued, close frame included, before it is cut off. */
const SLOW_READER_GRACE_MS = 2000;

export interface ServeOptions {
  /** Where unexpected API errors are reported (the console by default). */
  readonly log?: ErrorLog;
  /** Where a dropped connection is reported, in one line (console.warn by default). */
  readonly notice?: (message: string) => void;
  readonly limits?: Partial<ConnectionLimits>;
}

const ENVELOPE_KEYS = new Set(['id', 'method', 'arg']);

/** Serves `api` on `socket` until it closes; returns the function that stops serving early. */
export function serveApiOverWebSocket(socket: WebSocket, api: NightcalClient, options: ServeOptions = {}): () => void {
  const { log } = options;
  const notice = options.notice ?? ((message: string) => console.warn(message));
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  // Requests never carry typed arrays: a binary frame from the page is a protocol error.
  const reader = new MessageReader(0);
  // The service's one set of batches: every tab gets the same ones.
  const batches = eventBatchesOf(api);
  const unsubscribe = batches.subscribe((events) => send({ events }));
  let inFlight = 0;
  let stopped = false;

  function send(message: WireServerMessage): void {
    if (stopped || socket.readyState !== socket.OPEN) return;
    const packed = packMessage(message);
    if (socket.bufferedAmount + bytesOf(packed) > limits.maxBufferedBytes) {
      dropSlowReader();
      return;
    }
    socket.send(packed.text);
    for (const attachment of packed.attachments) socket.send(attachment, { binary: true });
  }

  function dropSlowReader(): void {
    const megabytes = Math.round(limits.maxBufferedBytes / (1024 * 1024));
    const reason = `replies unread: more than ${megabytes} MB queued for this connection`;
    notice(`NightCal browser mode: closed a connection that does not read its replies (${reason})`);
    stop();
    socket.close(POLICY_VIOLATION, reason);
    // The close frame waits behind what is queued: a client that still does not read is cut off.
    setTimeout(() => socket.terminate(), SLOW_READER_GRACE_MS).unref();
  }

  function reply(id: number, message: WireServerMessage): void {
    // Every event emitted before the answer goes out before it: a run's summary must not
    // reach the page ahead of the frames it counts.
    batches.flush();
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
    if (stopped) return;
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
    if (inFlight >= limits.maxInFlight) {
      reply(id, { id, ok: false, error: { code: 'busy', message: `more than ${limits.maxInFlight} requests at once on this connection: wait for their answers` } });
      return;
    }
    inFlight += 1;
    void handleApiRequest(api, message.method, message.arg, log).then((answer) => {
      inFlight -= 1;
      reply(id, { id, ...answer });
    });
  });

  // ws has already begun closing with the code the frame calls for (1002 protocol error,
  // 1007 invalid UTF-8, 1009 too big); without this listener the error would end the process.
  socket.on('error', (error: Error) => {
    notice(`NightCal browser mode: closed a connection that sent a malformed frame (${error.message})`);
    stop();
  });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    unsubscribe();
  }
  socket.on('close', stop);
  return stop;
}

function bytesOf(packed: PackedMessage): number {
  return Buffer.byteLength(packed.text) + packed.attachments.reduce((sum, attachment) => sum + attachment.byteLength, 0);
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
