import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../electron/desktop/window-options';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/app/out/preload/preload.cjs');

  it('sets every security flag of the Electron checklist', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('loads the built CommonJS preload', () => {
    expect(options.webPreferences?.preload).toBe('/app/out/preload/preload.cjs');
  });

  it('stays hidden until the first paint', () => {
    expect(options.show).toBe(false);
  });
});
