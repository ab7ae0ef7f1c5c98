/**
 * The desktop app's entry: one sandboxed window on the nightcal:// page, the API served
 * over IPC to that window only, and the application menu. Everything security-relevant is
 * set here or in the files it names: window-options.ts (webPreferences), app-protocol.ts
 * (what the page may load and navigate to), ipc.ts (who may call the API).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { isAbsolute, join } from 'node:path';
import { createNightcalApi, type NightcalService } from '../api/create-api';
import { rendererContentSecurityPolicy } from '../browser-mode/content-security-policy';
import { APP_ENTRY_URL, APP_SCHEME, appProtocolResponse, isAllowedNavigation } from './app-protocol';
import { createDesktopHost } from './desktop-host';
import { serveApiOverIpc, type IpcServer } from './ipc';
import { applicationMenuTemplate } from './menu';
import { mainWindowOptions } from './window-options';

const outDir = fileURLToPath(new URL('..', import.meta.url)); // out/ (this file is out/main/desktop.js)
const rendererDir = join(outDir, 'renderer');
const preloadPath = join(outDir, 'preload', 'preload.cjs');

// Must happen before 'ready': a standard, secure scheme gets a real origin, so 'self' in the
// CSP and same-origin module scripts work as they would over https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);
app.enableSandbox();
// A separate data folder (demo night, recent nights) for a portable setup or a test run.
const userDataOverride = process.env.NIGHTCAL_USER_DATA;
if (userDataOverride && isAbsolute(userDataOverride)) app.setPath('userData', userDataOverride);

let mainWindow: BrowserWindow | null = null;
let service: NightcalService | null = null;
let ipc: IpcServer | null = null;

// Every webContents, present or future: no navigation away from the page, no new windows,
// no <webview>. https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.whenReady().then(start, (error) => fail(error));
}

async function start(): Promise<void> {
  const contentSecurityPolicy = await rendererContentSecurityPolicy(rendererDir);
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, contentSecurityPolicy, request));

  const appSession = session.defaultSession;
  appSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  appSession.setPermissionCheckHandler(() => false);
  // The nightcal:// responses carry the header already; this covers anything else loaded.
  appSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });

  const host = createDesktopHost(() => mainWindow);
  const api = createNightcalApi(host);
  service = api;
  ipc = serveApiOverIpc({ ipcMain, api });
  // Nights opened from the page also belong in Open Recent.
  api.onEvent((event) => {
    if (event.kind === 'scan' && event.phase === 'done') void refreshMenu();
  });
  await refreshMenu();
  await createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
}

async function createWindow(): Promise<void> {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  mainWindow = window;
  const detach = ipc?.attach(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    detach?.();
    if (mainWindow === window) mainWindow = null;
  });
  await window.loadURL(APP_ENTRY_URL);
}

async function refreshMenu(): Promise<void> {
  const api = service;
  if (!api) return;
  const recentNights = await api.getSnapshot().then(
    (snapshot) => snapshot.recentNights,
    () => [],
  );
  const template = applicationMenuTemplate(
    {
      openNight: () =>
        void runFromMenu(async () => {
          const path = await api.chooseFolder();
          if (path !== null) await api.openNight({ path });
        }),
      openRecent: (path) => void runFromMenu(() => api.openNight({ path })),
      openDemoNight: () => void runFromMenu(() => api.openDemoNight({})),
      revealOutput: () => void runFromMenu(() => api.revealOutput()),
    },
    { recentNights, isDev: !app.isPackaged, platform: process.platform },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

// Menu actions call the API directly; the page follows through the events they stream.
async function runFromMenu(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    dialog.showErrorBox('NightCal', error instanceof Error ? error.message : String(error));
  }
}

let disposed = false;
app.on('before-quit', (event) => {
  if (disposed || !service) return;
  // Stop the run and the worker threads before the process goes.
  event.preventDefault();
  disposed = true;
  ipc?.dispose();
  void service.dispose().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

function fail(error: unknown): void {
  dialog.showErrorBox('NightCal could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
