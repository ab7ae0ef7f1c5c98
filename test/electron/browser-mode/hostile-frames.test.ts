/**
 * Malformed WebSocket frames against the real server (the built `nightcal serve`, its real
 * API): each closes its own connection with the code RFC 6455 gives it, the server process
 * lives on, a connection opened before keeps working and a new client is answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBuiltServe, type BuiltServe } from '../../support/built-serve';
import { clientFrame, OPCODE, rawUpgrade, requestFrame, type RawWebSocket } from './raw-websocket';

let work: string;
let served: BuiltServe;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nightcal-hostile-'));
  served = await startBuiltServe(['--root', work], join(work, 'data'));
}, 30_000);

afterAll(async () => {
  await served?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A request and its answer over a raw connection. */
async function answer(raw: RawWebSocket, id: number, method: string): Promise<Record<string, unknown>> {
  raw.write(requestFrame(id, method));
  return vi.waitFor(
    () => {
      const reply = raw.messages().find((message) => message.id === id);
      if (!reply) throw new Error(`no answer to ${id} yet`);
      return reply;
    },
    { timeout: 5000 },
  );
}

const MALFORMED: readonly [string, number, () => Buffer][] = [
  ['a reserved opcode (0x3)', 1002, () => clientFrame(0x3, Buffer.from('x'))],
  ['a reserved control opcode (0xB)', 1002, () => clientFrame(0xb, Buffer.alloc(0))],
  ['invalid UTF-8 in a text frame', 1007, () => clientFrame(OPCODE.text, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))],
  ['a text frame over the 1 MB limit', 1009, () => clientFrame(OPCODE.text, Buffer.alloc(1024 * 1024 + 1, 0x20))],
  ['a header announcing 2⁴⁰ bytes', 1009, () => clientFrame(OPCODE.binary, Buffer.alloc(0), { announcedLength: 2 ** 40 })],
  ['an unmasked client frame', 1002, () => clientFrame(OPCODE.text, Buffer.from('{}'), { mask: false })],
];

describe('nightcal serve and malformed frames', () => {
  it.each(MALFORMED)('%s closes that connection with %i, and nothing else', async (_name, code, frame) => {
    const { port, token } = served;
    const bystander = await rawUpgrade(port, token);
    expect(await answer(bystander, 1, 'getSnapshot')).toMatchObject({ id: 1, ok: true });

    const hostile = await rawUpgrade(port, token);
    hostile.write(frame());
    await vi.waitFor(() => expect(hostile.closeCode()).toBe(code), { timeout: 5000 });
    await vi.waitFor(() => expect(hostile.ended).toBe(true), { timeout: 5000 });

    // The server lives on: the connection opened before still works, and a new one is answered.
    expect(served.child.exitCode, served.output()).toBeNull();
    expect(await answer(bystander, 2, 'getSnapshot')).toMatchObject({ id: 2, ok: true });
    const next = await rawUpgrade(port, token);
    expect(await answer(next, 1, 'getSnapshot')).toMatchObject({ id: 1, ok: true, result: { host: { kind: 'browser' } } });
    bystander.socket.destroy();
    next.socket.destroy();
    expect(served.output()).toMatch(/closed a connection that sent a malformed frame/);
  });

  it('lives on when clients reset their connections while their upgrade is refused', async () => {
    const { port } = served;
    const request = [
      'GET /api HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: nightcal.v1',
      '',
      '',
    ].join('\r\n');
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from(
          { length: 100 },
          () =>
            new Promise<void>((resolve) => {
              const socket = connect(port, '127.0.0.1', () => {
                socket.write(request);
                // RST at once: the server's refusal (401, no token) meets a reset connection.
                socket.resetAndDestroy();
              });
              socket.on('error', () => undefined);
              socket.on('close', () => resolve());
            }),
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(served.child.exitCode, served.output()).toBeNull();
    const next = await rawUpgrade(port, served.token);
    expect(await answer(next, 1, 'getSnapshot')).toMatchObject({ id: 1, ok: true });
    next.socket.destroy();
  });
});
