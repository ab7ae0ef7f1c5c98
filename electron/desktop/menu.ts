/**
 * The application menu, as a template built from plain values so it is tested without
 * Electron. Reload and the developer tools are offered only in development: in a release
 * they would let anyone at the keyboard poke at the page's state.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do; each is wired to the API by main.ts. */
export interface MenuActions {
  openNight(): void;
  openRecent(path: string): void;
  openDemoNight(): void;
  revealOutput(): void;
}

export interface MenuState {
  /** Night folders opened before, most recent first. */
  readonly recentNights: readonly string[];
  /** True when running from sources (not packaged). */
  readonly isDev: boolean;
  readonly platform: string;
}

/** The menu template for Menu.buildFromTemplate. */
export function applicationMenuTemplate(actions: MenuActions, state: MenuState): MenuItemConstructorOptions[] {
  const isMac = state.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    state.recentNights.length === 0
      ? [{ label: 'No Recent Nights', enabled: false }]
      : state.recentNights.map((path) => ({ label: menuLabel(path), click: () => actions.openRecent(path) }));

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Night…', accelerator: 'CmdOrCtrl+O', click: () => actions.openNight() },
      { label: 'Open Recent', submenu: recent },
      { label: 'Try the Demo Night', click: () => actions.openDemoNight() },
      { type: 'separator' },
      { label: 'Reveal Output Folder', click: () => actions.revealOutput() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(state.isDev
        ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  return [...(isMac ? [{ role: 'appMenu' } as const] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}

// '&' marks a mnemonic in menu labels on Windows and Linux; a path may contain one.
function menuLabel(path: string): string {
  return path.replace(/&/g, '&&');
}
