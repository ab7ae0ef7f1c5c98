import { describe, expect, it } from 'vitest';
import { createBrowserHost } from '../../../electron/browser-mode/browser-host';

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
