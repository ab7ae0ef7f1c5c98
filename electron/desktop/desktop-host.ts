/**
 * The desktop's host for the API: the native folder dialog and "show in folder", both
 * Electron's. App data (the demo night, recent nights) lives in Electron's userData folder.
 */
import { app, dialog, shell, type BrowserWindow } from 'electron';
import type { NightcalHost } from '../api/host';

/** A host backed by Electron; the dialog is attached to the window `currentWindow` returns, when there is one. */
export function createDesktopHost(currentWindow: () => BrowserWindow | null): NightcalHost {
  return {
    kind: 'desktop',
    dataDir: app.getPath('userData'),
    allowedRoots: null,
    async chooseFolder() {
      const window = currentWindow();
      const options = { title: 'Open a night folder', properties: ['openDirectory' as const] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    async revealPath(path: string) {
      shell.showItemInFolder(path);
      return true;
    },
  };
}
