/**
 * A WebSocket client on a bare TCP socket, for what no well-behaved client sends: frames
 * with a reserved opcode, invalid UTF-8, a length past the limit, and a reader that stops
 * reading. It does the upgrade by hand, writes frames byte by byte (masked, as RFC 6455
 * requires of a client) and parses what the server sends back.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../../shared/wire-format';

/** RFC 6455 opcodes. */
export const OPCODE = { text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One frame as it goes on the wire from a client: FIN set, masked unless told otherwise. */
export function clientFrame(opcode: number, payload: Buffer, options: { mask?: boolean; announcedLength?: number } = {}): Buffer {
  const mask = options.mask ?? true;
  const length = options.announcedLength ?? payload.length;
  const header: number[] = [0x80 | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 65536) header.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    header.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    header.push(...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] ^= key[i & 3];
  return Buffer.concat([Buffer.from(header), key, masked]);
}

/** A text frame of a JSON request. */
export function requestFrame(id: number, method: string, arg?: unknown): Buffer {
  return clientFrame(OPCODE.text, Buffer.from(JSON.stringify(arg === undefined ? { id, method } : { id, method, arg })));
}

/** A frame from the server. */
export interface ServerFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** An upgraded connection: write frames, read the server's frames, see the close code. */
export class RawWebSocket {
  readonly frames: ServerFrame[] = [];
  /** Bytes of WebSocket data received after the handshake. */
  received = 0;
  /** True once the TCP connection has ended or been reset. */
  ended = false;
  private pending: Buffer = Buffer.alloc(0);

  constructor(readonly socket: Socket, rest: Buffer) {
    socket.on('data', (chunk: Buffer) => this.take(chunk));
    socket.on('close', () => (this.ended = true));
    // A server that drops us mid-write resets the connection; that is an answer, not a failure.
    socket.on('error', () => (this.ended = true));
    this.take(rest);
  }

  write(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** The close frame's code, or null when none came. */
  closeCode(): number | null {
    const close = this.frames.find((frame) => frame.opcode === OPCODE.close);
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
  }

  /** The close frame's reason text, or null when none came. */
  closeReason(): string | null {
    const close = this.frames.find((frame) => frame.opcode === OPCODE.close);
    return close ? close.payload.subarray(2).toString('utf8') : null;
  }

  /** JSON text frames, parsed. */
  messages(): Record<string, unknown>[] {
    return this.frames.filter((frame) => frame.opcode === OPCODE.text).map((frame) => JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>);
  }

  private take(chunk: Buffer): void {
    this.received += chunk.length;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const frame = readFrame(this.pending);
      if (!frame) return;
      // Keep binary payloads out of memory: only their size matters to these tests.
      this.frames.push({ opcode: frame.opcode, payload: frame.opcode === OPCODE.binary ? Buffer.alloc(0) : Buffer.from(frame.payload) });
      this.pending = this.pending.subarray(frame.size);
    }
  }
}

function readFrame(bytes: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (bytes.length < 2) return null;
  const opcode = bytes[0] & 0x0f;
  let length = bytes[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (bytes.length < 4) return null;
    length = bytes.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (bytes.length < 10) return null;
    length = Number(bytes.readBigUInt64BE(2));
    offset = 10;
  }
  if (bytes.length < offset + length) return null;
  return { opcode, payload: bytes.subarray(offset, offset + length), size: offset + length };
}

/** Connects to the server's API socket with the token and resolves once the server has said 101. */
export function rawUpgrade(port: number, token: string): Promise<RawWebSocket> {
  const socket = connect(port, '127.0.0.1');
  const key = randomBytes(16).toString('base64');
  socket.write(
    [
      'GET /api HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: ${WIRE_PROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${token}`,
      '',
      '',
    ].join('\r\n'),
  );
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('error', reject);
      const status = head.subarray(0, end).toString('latin1').split('\r\n')[0];
      if (!status.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${status}`));
        return;
      }
      resolve(new RawWebSocket(socket, head.subarray(end + 4)));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}
