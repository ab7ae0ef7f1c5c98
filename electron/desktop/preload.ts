/**
 * The preload of the main window (sandboxed, bundled as one CommonJS file): exposes the
 * narrow bridge of preload-bridge.ts as `window.nightcal`, and nothing else.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildBridge } from './preload-bridge';

contextBridge.exposeInMainWorld('nightcal', buildBridge(ipcRenderer, (file: Parameters<typeof webUtils.getPathForFile>[0]) => webUtils.getPathForFile(file)));
