/**
 * The contract over a WebSocket (browser mode). A message is one JSON text frame, followed
 * by one binary frame per typed array it carries: typed arrays (PreviewImage.pixels) travel
 * as raw bytes instead of JSON number lists or base64, and non-finite numbers (NaN statistics
 * of a blank image) survive, so the WebSocket delivers what Electron's structured clone does.
 *
 *   page → server   {id, method, arg?}
 *   server → page   {id, ok: true, result} | {id, ok: false, error: ApiErrorData} | {events: NightcalEvent[]}
 *
 * In the JSON, a typed array is `{"$wire": "Float32Array", "attachment": i}` (the i-th binary
 * frame after the text) and a non-finite number is `{"$wire": "number", "value": "NaN"}`; the
 * envelope says how many binary frames follow in `attachments`. The key `$wire` is reserved:
 * packing an object that has it fails loudly rather than being read back as something else.
 */
import type { NightcalEvent } from './contract';
import type { ApiReply } from './bridge';

/** A request from the page; `id` is chosen by the page and echoed in the reply. */
export interface WireRequest {
  readonly id: number;
  readonly method: string;
  readonly arg?: unknown;
}

/** The reply to one request. */
export type WireResponse = { readonly id: number } & ApiReply<unknown>;

/** A batch of events pushed by the server. */
export interface WireEvents {
  readonly events: readonly NightcalEvent[];
}

export type WireServerMessage = WireResponse | WireEvents;

/** The path of the API's WebSocket on the browser mode's server. */
export const API_SOCKET_PATH = '/api';

/** The WebSocket subprotocol of this wire format; a second one may carry the token (`nightcal.token.<token>`). */
export const WIRE_PROTOCOL = 'nightcal.v1';
export const TOKEN_PROTOCOL_PREFIX = 'nightcal.token.';

/** A message ready to send: one text frame, then each attachment as a binary frame, in order. */
export interface PackedMessage {
  readonly text: string;
  readonly attachments: readonly Uint8Array[];
}

/** A frame sequence that does not follow this format. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

const RESERVED_KEY = '$wire';

const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAYS;

function isTypedArrayName(name: unknown): name is TypedArrayName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, name);
}

/** Turns a message object into its frames. The typed arrays are sent as they are, not copied. */
export function packMessage(message: object): PackedMessage {
  if (Object.prototype.hasOwnProperty.call(message, 'attachments')) {
    throw new WireFormatError('the envelope key "attachments" is reserved by the wire format');
  }
  const attachments: Uint8Array[] = [];
  const text = JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `this[key]` is the value before toJSON, so a Buffer is still seen as bytes.
    const raw = this[key];
    if (ArrayBuffer.isView(raw)) {
      const type = raw.constructor.name;
      if (!isTypedArrayName(type)) throw new WireFormatError(`cannot send a ${type}`);
      attachments.push(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
      return { [RESERVED_KEY]: type, attachment: attachments.length - 1 };
    }
    // JSON would silently write these as {}.
    if (raw instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && raw instanceof SharedArrayBuffer)) {
      throw new WireFormatError('cannot send a bare buffer: wrap it in a typed array');
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { [RESERVED_KEY]: 'number', value: String(value) };
    }
    if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, RESERVED_KEY)) {
      throw new WireFormatError(`the key "${RESERVED_KEY}" is reserved by the wire format`);
    }
    return value;
  });
  if (attachments.length === 0) return { text, attachments };
  // The count goes in the envelope so the reader knows how many binary frames belong to this text.
  return { text: `{"attachments":${attachments.length},${text.slice(1)}`, attachments };
}

/**
 * Reassembles messages from frames: feed each frame in arrival order; a complete message is
 * returned once its last attachment has arrived. Throws WireFormatError on anything malformed.
 */
export class MessageReader {
  private pending: { readonly message: Record<string, unknown>; readonly expected: number; readonly received: ArrayBuffer[] } | null =
    null;

  /** `maxAttachments`: how many binary frames one message may carry (0 for requests). */
  constructor(private readonly maxAttachments: number) {}

  /** A text frame as a string, a binary frame as an ArrayBuffer the reader may keep. */
  read(frame: string | ArrayBuffer): { readonly message: Record<string, unknown> } | undefined {
    if (typeof frame === 'string') {
      if (this.pending) throw new WireFormatError('a text frame arrived while attachments were due');
      const message = parseEnvelope(frame);
      const expected = message.attachments ?? 0;
      delete message.attachments;
      if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0 || expected > this.maxAttachments) {
        throw new WireFormatError(`bad attachment count ${JSON.stringify(expected)}`);
      }
      if (expected === 0) return { message: revive(message, []) as Record<string, unknown> };
      this.pending = { message, expected, received: [] };
      return undefined;
    }
    const pending = this.pending;
    if (!pending) throw new WireFormatError('a binary frame arrived without a message');
    pending.received.push(frame);
    if (pending.received.length < pending.expected) return undefined;
    this.pending = null;
    const used = new Set<number>();
    const message = revive(pending.message, pending.received, used) as Record<string, unknown>;
    if (used.size !== pending.expected) throw new WireFormatError('an attachment was sent but never referenced');
    return { message };
  }
}

function parseEnvelope(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WireFormatError('a text frame is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WireFormatError('a message must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Replaces the markers of a parsed JSON value, in place (the value is fresh from JSON.parse). */
function revive(value: unknown, attachments: readonly ArrayBuffer[], used = new Set<number>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], attachments, used);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, RESERVED_KEY)) return reviveMarker(record, attachments, used);
  for (const key of Object.keys(record)) record[key] = revive(record[key], attachments, used);
  return record;
}

function reviveMarker(marker: Record<string, unknown>, attachments: readonly ArrayBuffer[], used: Set<number>): unknown {
  const type = marker[RESERVED_KEY];
  if (type === 'number') {
    if (marker.value === 'NaN') return NaN;
    if (marker.value === 'Infinity') return Infinity;
    if (marker.value === '-Infinity') return -Infinity;
    throw new WireFormatError(`bad number marker ${JSON.stringify(marker.value)}`);
  }
  if (!isTypedArrayName(type)) throw new WireFormatError(`unknown marker type ${JSON.stringify(type)}`);
  const index = marker.attachment;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= attachments.length || used.has(index)) {
    throw new WireFormatError(`bad attachment reference ${JSON.stringify(index)}`);
  }
  used.add(index);
  const Constructor = TYPED_ARRAYS[type];
  const bytes = attachments[index];
  if (bytes.byteLength % Constructor.BYTES_PER_ELEMENT !== 0) {
    throw new WireFormatError(`${bytes.byteLength} bytes is not a whole number of ${type} elements`);
  }
  return new Constructor(bytes);
}
