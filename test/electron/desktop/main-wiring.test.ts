/**
 * The desktop entry (electron/desktop/main.ts) wires the checklist items that live outside the
 * window options: every webContents refuses navigation away from the app, new windows and
 * <webview>; the session refuses every permission; the CSP header is added to every response;
 * the window is made with mainWindowOptions and the renderer is sandboxed app-wide. Electron
 * itself is replaced by a recording stand-in (no binary needed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mainWindowOptions } from '../../../electron/desktop/window-options';

const CSP = "default-src 'self'; script-src 'self'";
const dataDir = mkdtempSync(join(tmpdir(), 'nightcal-main-wiring-'));

type Listener = (...args: unknown[]) => void;

const recorded = vi.hoisted(() => ({
  appListeners: new Map<string, Listener>(),
  windows: [] as { options: unknown; url: string | null }[],
  permissionRequest: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  headers: null as null | ((details: { responseHeaders: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void),
  sandboxEnabled: false,
  privilegedSchemes: [] as unknown[],
  ready: null as null | (() => void),
  errors: [] as string[],
}));

vi.mock('../../../electron/browser-mode/content-security-policy', () => ({ rendererContentSecurityPolicy: async () => CSP }));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = (): unknown[] => [];
    readonly webContents = { send: () => undefined, isDestroyed: () => false };
    private readonly record: { options: unknown; url: string | null };
    constructor(options: unknown) {
      this.record = { options, url: null };
      recorded.windows.push(this.record);
    }
    once(): void {}
    on(): void {}
    show(): void {}
    async loadURL(url: string): Promise<void> {
      this.record.url = url;
    }
  }
  const app = {
    on: (event: string, listener: Listener) => recorded.appListeners.set(event, listener),
    enableSandbox: () => {
      recorded.sandboxEnabled = true;
    },
    setPath: () => undefined,
    getPath: () => dataDir,
    requestSingleInstanceLock: () => true,
    whenReady: () => new Promise<void>((resolve) => (recorded.ready = resolve)),
    isPackaged: true,
    quit: () => undefined,
    exit: () => undefined,
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (handler: typeof recorded.permissionRequest) => (recorded.permissionRequest = handler),
      setPermissionCheckHandler: (handler: typeof recorded.permissionCheck) => (recorded.permissionCheck = handler),
      webRequest: { onHeadersReceived: (handler: typeof recorded.headers) => (recorded.headers = handler) },
    },
  };
  return {
    app,
    session,
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes), handle: () => undefined },
    ipcMain: { handle: () => undefined, removeHandler: () => undefined },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => undefined },
    dialog: { showErrorBox: (title: string, message: string) => recorded.errors.push(`${title}: ${message}`), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
    shell: { showItemInFolder: () => undefined },
    default: {},
  };
});

/** A webContents stand-in that records the handlers main.ts installs. */
function fakeContents() {
  const handlers = new Map<string, Listener>();
  let windowOpen: (() => { action: string }) | null = null;
  return {
    on: (event: string, listener: Listener) => handlers.set(event, listener),
    setWindowOpenHandler: (handler: () => { action: string }) => (windowOpen = handler),
    handlers,
    windowOpen: () => windowOpen?.(),
  };
}

/** Fires `event` on the contents; true when main.ts prevented it. */
function prevented(contents: ReturnType<typeof fakeContents>, event: string, url?: string): boolean {
  let stopped = false;
  contents.handlers.get(event)!({ preventDefault: () => (stopped = true) }, url);
  return stopped;
}

beforeAll(async () => {
  await import('../../../electron/desktop/main');
  recorded.ready!();
  // start() runs after 'ready': wait for the window it creates.
  await vi.waitFor(() => expect([...recorded.errors, ...recorded.windows.map((w) => w.url)]).toContain('nightcal://app/index.html'), { timeout: 10_000 });
}, 30_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('desktop main process wiring', () => {
  it('sandboxes every renderer and registers nightcal:// as a secure standard scheme', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.privilegedSchemes).toEqual([{ scheme: 'nightcal', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('creates the window with mainWindowOptions and loads the app page', () => {
    expect(recorded.errors).toEqual([]);
    const window = recorded.windows.find((w) => w.url !== null)!;
    expect(window.url).toBe('nightcal://app/index.html');
    expect(window.options).toEqual(mainWindowOptions((window.options as { webPreferences: { preload: string } }).webPreferences.preload));
  });

  it('every webContents refuses navigation and redirects away from the app, new windows and <webview>', () => {
    const contents = fakeContents();
    recorded.appListeners.get('web-contents-created')!({}, contents);
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(prevented(contents, event, 'https://evil.example/'), event).toBe(true);
      expect(prevented(contents, event, 'file:///etc/passwd'), event).toBe(true);
      expect(prevented(contents, event, 'nightcal://app/index.html'), event).toBe(false);
    }
    expect(prevented(contents, 'will-attach-webview')).toBe(true);
    expect(contents.windowOpen()).toEqual({ action: 'deny' });
  });

  it('refuses every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      recorded.permissionRequest!({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(recorded.permissionCheck!({}, permission, 'nightcal://app')).toBe(false);
    }
  });

  it('adds the page’s Content-Security-Policy to every response', () => {
    let headers: Record<string, string[]> = {};
    recorded.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => (headers = response.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] });
  });
});
