import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('x', { a: () => ipcRenderer.invoke('a') });
