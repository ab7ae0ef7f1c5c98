/** Builds the renderer harness with vite and serves it on 127.0.0.1 (any free port). */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { HARNESS_OUT_DIR } from './vite.config';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface HarnessServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the harness into HARNESS_OUT_DIR and serves it; the caller closes the server. */
export async function serveHarness(): Promise<HarnessServer> {
  await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(HARNESS_OUT_DIR, path === '/' ? 'index.html' : path));
    if (!file.startsWith(HARNESS_OUT_DIR)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
