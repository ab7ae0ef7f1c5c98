import { describe, expect, it } from 'vitest';
import { adoptPageToken, TOKEN_STORAGE_KEY, type PageContext } from '../../../renderer/transport/page-token';

/** A tab: its address, its history and its sessionStorage (or one that throws, as a disabled one does). */
function tab(href: string, options: { storage?: Map<string, string>; storageThrows?: boolean } = {}) {
  const storage = options.storage ?? new Map<string, string>();
  const page = {
    location: { href },
    replaced: [] as string[],
    storage,
  };
  const context: PageContext = {
    location: page.location,
    history: {
      state: { step: 'night' },
      replaceState(data, _unused, url) {
        expect(data).toEqual({ step: 'night' });
        page.replaced.push(url);
        page.location.href = new URL(url, page.location.href).href;
      },
    },
    storage: () => {
      if (options.storageThrows) throw new DOMException('storage is disabled', 'SecurityError');
      return { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) };
    },
  };
  return { page, context };
}

describe('the page’s token bootstrap', () => {
  it('takes the token from the printed address, keeps it in sessionStorage and removes it from the address bar', () => {
    const { page, context } = tab('http://127.0.0.1:8123/?token=abc-123_XYZ');
    expect(adoptPageToken(context)).toBe('abc-123_XYZ');
    expect(page.storage.get(TOKEN_STORAGE_KEY)).toBe('abc-123_XYZ');
    expect(page.replaced).toEqual(['/']);
    expect(page.location.href).toBe('http://127.0.0.1:8123/');
  });

  it('keeps the rest of the address: other parameters and the hash', () => {
    const { page, context } = tab('http://127.0.0.1:8123/index.html?night=1&token=t0k&x=y#masters');
    expect(adoptPageToken(context)).toBe('t0k');
    expect(page.replaced).toEqual(['/index.html?night=1&x=y#masters']);
  });

  it('after a reload (no token in the address) finds it in this tab’s sessionStorage', () => {
    const storage = new Map<string, string>();
    adoptPageToken(tab('http://127.0.0.1:8123/?token=first', { storage }).context);
    const reloaded = tab('http://127.0.0.1:8123/', { storage });
    expect(adoptPageToken(reloaded.context)).toBe('first');
    expect(reloaded.page.replaced).toEqual([]);
  });

  it('a newer printed address wins over the stored token (the server was restarted)', () => {
    const storage = new Map([[TOKEN_STORAGE_KEY, 'old']]);
    expect(adoptPageToken(tab('http://127.0.0.1:8123/?token=new', { storage }).context)).toBe('new');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('has no token in a fresh tab opened without one', () => {
    expect(adoptPageToken(tab('http://127.0.0.1:8123/').context)).toBeNull();
    expect(adoptPageToken(tab('http://127.0.0.1:8123/?token=').context)).toBeNull();
  });

  it('without storage leaves the token in the address, so that a reload still works', () => {
    const { page, context } = tab('http://127.0.0.1:8123/?token=abc', { storageThrows: true });
    expect(adoptPageToken(context)).toBe('abc');
    expect(page.replaced).toEqual([]);
    expect(adoptPageToken(tab('http://127.0.0.1:8123/', { storageThrows: true }).context)).toBeNull();
  });
});
