/**
 * The main window's options. Each security flag is written out, even where it is Electron's
 * default, so a reader (and a test) sees the whole policy in one place:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Options for the main window; `preloadPath` is the built out/preload/preload.cjs. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'NightCal',
    // Dark before the first paint: the app is used at night.
    backgroundColor: '#0b0e14',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
