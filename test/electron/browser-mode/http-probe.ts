/** Raw HTTP and WebSocket requests for the server tests: paths and headers sent exactly as written. */
import { request } from 'node:http';
import WebSocket from 'ws';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../../shared/wire-format';

export interface ProbeResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** GET (or `method`) of `path` as written: no URL normalisation, so `/../` reaches the server. */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface SocketOptions {
  readonly token?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly protocols?: string[];
}

/** Opens a WebSocket; resolves with it when open, or with the HTTP status that refused it. */
export function openSocket(port: number, options: SocketOptions = {}): Promise<{ socket: WebSocket } | { refused: number }> {
  const protocols = options.protocols ?? [WIRE_PROTOCOL, ...(options.token ? [`${TOKEN_PROTOCOL_PREFIX}${options.token}`] : [])];
  const socket = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/api'}`, protocols, { headers: options.headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}
