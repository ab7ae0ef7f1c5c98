import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod } from '../../../shared/contract';
import { createBrowserHost } from '../../../electron/browser-mode/browser-host';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { handleApiRequest } from '../../../electron/api/handle-request';

describe('createBrowserHost', () => {
  it('has no dialog and no file manager, and keeps the roots', async () => {
    const host = createBrowserHost({ dataDir: '/home/observer/.nightcal', allowedRoots: ['/data/nights/', '/mnt/usb'] });
    expect(host.kind).toBe('browser');
    expect(host.dataDir).toBe('/home/observer/.nightcal');
    expect(host.allowedRoots).toEqual(['/data/nights', '/mnt/usb']);
    expect(Object.isFrozen(host.allowedRoots)).toBe(true);
    expect(await host.chooseFolder()).toBeNull();
    expect(await host.revealPath('/data/nights')).toBe(false);
  });

  it('refuses relative folders', () => {
    expect(() => createBrowserHost({ dataDir: 'data', allowedRoots: [] })).toThrow(/absolute/);
    expect(() => createBrowserHost({ dataDir: '/data', allowedRoots: ['nights'] })).toThrow(/"nights" is not an absolute path/);
  });
});

describe('the API on a browser host: outside the roots, one answer whether a path exists or not', () => {
  let root: string;
  let allowed: string;
  let outside: string;
  let api: NightcalService;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nightcal-roots-'));
    allowed = join(root, 'allowed');
    outside = join(root, 'outside');
    mkdirSync(join(allowed, 'night'), { recursive: true });
    mkdirSync(join(outside, 'secret-night'), { recursive: true });
    symlinkSync(outside, join(allowed, 'link-out'));
    api = createNightcalApi(createBrowserHost({ dataDir: join(root, 'data'), allowedRoots: [allowed] }), { workers: 1 });
  });
  afterAll(async () => {
    await api?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  /** The reply as a transport sends it, with the asked path replaced so that two replies compare. */
  async function answerFor(method: ApiMethod, path: string): Promise<unknown> {
    const reply = await handleApiRequest(api, method, { path }, () => undefined);
    return JSON.parse(JSON.stringify(reply).replaceAll(path, '<path>'));
  }

  const pairs = () => [
    // [exists, does not exist]
    [join(outside, 'secret-night'), join(outside, 'no-such-night')],
    ['/etc', '/etc-no-such-folder'],
    [join(allowed, 'link-out', 'secret-night'), join(allowed, 'link-out', 'no-such-night')],
  ];

  it.each(['openNight', 'listFolder'] as const)('%s: the same code and message, saying how to allow a folder', async (method) => {
    const action = method === 'openNight' ? 'open' : 'browse';
    for (const [existing, missing] of pairs()) {
      const forExisting = await answerFor(method, existing);
      expect(forExisting).toEqual({
        ok: false,
        error: { code: 'forbidden', message: `<path> is outside the folders this session may ${action}; to allow a folder, start NightCal with \`nightcal serve --root DIR\`` },
      });
      expect(await answerFor(method, missing), missing).toEqual(forExisting);
    }
  });

  it.each(['openNight', 'listFolder'] as const)('%s: inside the roots, a missing folder is still not-found', async (method) => {
    expect(await answerFor(method, join(allowed, 'no-such-night'))).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
