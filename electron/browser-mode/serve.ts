/**
 * `nightcal serve`: the built renderer and the API for a browser, on 127.0.0.1 only. Every
 * HTTP request passes request-guard.ts's Host and Origin checks, and the WebSocket upgrade
 * the token check too; the page is served with the same Content-Security-Policy as its meta
 * tag. No response sets a cookie (see request-guard.ts).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_SOCKET_PATH, WIRE_PROTOCOL } from '../../shared/wire-format';
import type { NightcalService } from '../api/create-api';
import { rendererContentSecurityPolicy } from './content-security-policy';
import { checkApiAccess, checkPageAccess, newToken } from './request-guard';
import { resolveStaticFile, securityHeaders } from './static-files';
import { serveApiOverWebSocket, type ConnectionLimits } from './websocket-transport';

/** Largest request frame accepted: requests are small JSON objects. */
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface BrowserModeOptions {
  /** The API to serve; the caller keeps it and disposes of it after close(). */
  service: NightcalService;
  /** Port on 127.0.0.1; 0 (the default) takes any free one. */
  port?: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** The access token; default: 32 random bytes, base64url. */
  token?: string;
  /** What each connection may hold (websocket-transport.ts has the defaults). */
  limits?: Partial<ConnectionLimits>;
}

export interface BrowserModeServer {
  /** What to open in a browser: http://127.0.0.1:PORT/?token=… */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts the browser mode's server and resolves once it listens. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const token = options.token ?? newToken();
  if (token.length < 16) throw new Error('browser mode: a token needs at least 16 characters');
  const policy = await rendererContentSecurityPolicy(options.staticDir).catch(() => {
    throw new Error(`browser mode: no built renderer at ${options.staticDir} (run \`npm run build\` first)`);
  });
  const headers = securityHeaders(policy);
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_REQUEST_BYTES,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  });
  let port = 0;

  const server = createServer((request, response) => {
    void serveHttp(request, response).catch((error) => {
      console.error('NightCal browser mode: request failed', error);
      if (!response.headersSent) respond(response, 500, 'Internal error');
      else response.destroy();
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const access = checkPageAccess(request, port);
    if (!access.allowed) return respond(response, access.status, access.reason);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return respond(response, 405, 'Method not allowed');
    }
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = await resolveStaticFile(options.staticDir, pathname);
    if (!file) return respond(response, 404, 'Not found');
    const body = await readFile(file.path);
    response.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Content-Length': body.byteLength });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  function respond(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${text}\n`);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgrading socket without an 'error' listener: a client that resets the
    // connection while it is refused would otherwise end the process.
    socket.on('error', () => socket.destroy());
    const access = checkApiAccess(request, port, token);
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!access.allowed) return refuseUpgrade(socket, access.status, access.reason);
    if (pathname !== API_SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not found');
    if (!offered.includes(WIRE_PROTOCOL)) return refuseUpgrade(socket, 400, `the ${WIRE_PROTOCOL} subprotocol is required`);
    sockets.handleUpgrade(request, socket, head, (webSocket: WebSocket) => {
      serveApiOverWebSocket(webSocket, options.service, { limits: options.limits });
    });
  });

  // The only address: never 0.0.0.0 or ::, which would open the API to the network.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const phrase = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${phrase}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}
