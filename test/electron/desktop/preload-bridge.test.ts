import { describe, expect, it } from 'vitest';
import { API_METHODS, type NightcalEvent } from '../../../shared/contract';
import { EVENT_CHANNEL } from '../../../shared/bridge';
import { buildBridge, type IpcRendererLike } from '../../../electron/desktop/preload-bridge';
import { frameDone, runDone } from '../api/stand-in-service';

function standInIpcRenderer() {
  const invokes: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invokes.push({ channel, args });
      return { ok: true, result: channel };
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((listener) => listener({}, ...args));
  return { ipcRenderer, invokes, listeners, emit };
}

describe('the preload bridge', () => {
  it('exposes exactly one function per API method, onEvents and pathForFile', () => {
    const bridge = buildBridge(standInIpcRenderer().ipcRenderer, () => '');
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'onEvents', 'pathForFile'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(bridge).not.toHaveProperty('invoke');
    expect(bridge).not.toHaveProperty('send');
    expect(bridge).not.toHaveProperty('ipcRenderer');
  });

  it('calls each method on its own channel with exactly one argument', async () => {
    const { ipcRenderer, invokes } = standInIpcRenderer();
    const bridge = buildBridge(ipcRenderer, () => '');
    for (const method of API_METHODS) await (bridge[method] as (...args: unknown[]) => Promise<unknown>)({ probe: method }, 'smuggled', 'more');
    expect(invokes).toEqual(API_METHODS.map((method) => ({ channel: `nightcal:${method}`, args: [{ probe: method }] })));
    expect(await bridge.cancelRun(undefined)).toEqual({ ok: true, result: 'nightcal:cancelRun' });
  });

  it('hands each event batch to the listener whole (main batched it; the page applies it in one update), until it unsubscribes', () => {
    const { ipcRenderer, emit, listeners } = standInIpcRenderer();
    const bridge = buildBridge(ipcRenderer, () => '');
    const received: (readonly NightcalEvent[])[] = [];
    const unsubscribe = bridge.onEvents((events) => received.push(events));
    emit(EVENT_CHANNEL, [frameDone('a'), runDone()]);
    emit(EVENT_CHANNEL, 'not a batch');
    emit(EVENT_CHANNEL, [frameDone('b')]);
    expect(received).toEqual([[frameDone('a'), runDone()], [frameDone('b')]]);
    unsubscribe();
    emit(EVENT_CHANNEL, [runDone()]);
    expect(received).toHaveLength(2);
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('asks webUtils for a dropped file’s path', () => {
    const dropped = { name: 'L_0001.fits' };
    const bridge = buildBridge(standInIpcRenderer().ipcRenderer, (file: { name: string }) => `/data/night/${file.name}`);
    expect(bridge.pathForFile(dropped)).toBe('/data/night/L_0001.fits');
  });
});
