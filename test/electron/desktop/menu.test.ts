import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate, type MenuActions } from '../../../electron/desktop/menu';

function actions() {
  return {
    openNight: vi.fn<() => void>(),
    openRecent: vi.fn<(path: string) => void>(),
    openDemoNight: vi.fn<() => void>(),
    revealOutput: vi.fn<() => void>(),
  } satisfies MenuActions;
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const item = template.find((entry) => entry.label === label);
  if (!item || !Array.isArray(item.submenu)) throw new Error(`no ${label} menu`);
  return item.submenu;
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as () => void)();
}

const labelled = (items: MenuItemConstructorOptions[], label: string) => items.find((item) => item.label === label);

describe('the application menu', () => {
  it('has File > Open Night…, Open Recent, Try the Demo Night, Reveal Output Folder, Quit', () => {
    const file = submenu(applicationMenuTemplate(actions(), { recentNights: [], isDev: false, platform: 'linux' }), 'File');
    const labels = file.filter((item) => item.type !== 'separator').map((item) => item.label ?? item.role);
    expect(labels).toEqual(['Open Night…', 'Open Recent', 'Try the Demo Night', 'Reveal Output Folder', 'Quit']);
    expect(file.find((item) => item.label === 'Quit')?.role).toBe('quit');
  });

  it('wires each item to its action', () => {
    const wired = actions();
    const file = submenu(applicationMenuTemplate(wired, { recentNights: ['/data/a & b', '/data/c'], isDev: false, platform: 'linux' }), 'File');
    click(labelled(file, 'Open Night…'));
    click(labelled(file, 'Try the Demo Night'));
    click(labelled(file, 'Reveal Output Folder'));
    const recent = labelled(file, 'Open Recent')?.submenu as MenuItemConstructorOptions[];
    expect(recent.map((item) => item.label)).toEqual(['/data/a && b', '/data/c']);
    click(recent[0]);
    expect(wired.openNight).toHaveBeenCalledOnce();
    expect(wired.openDemoNight).toHaveBeenCalledOnce();
    expect(wired.revealOutput).toHaveBeenCalledOnce();
    expect(wired.openRecent).toHaveBeenCalledWith('/data/a & b');
  });

  it('shows a disabled entry when there are no recent nights', () => {
    const file = submenu(applicationMenuTemplate(actions(), { recentNights: [], isDev: false, platform: 'linux' }), 'File');
    expect(labelled(file, 'Open Recent')?.submenu).toEqual([{ label: 'No Recent Nights', enabled: false }]);
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (isDev: boolean) =>
      submenu(applicationMenuTemplate(actions(), { recentNights: [], isDev, platform: 'linux' }), 'View').map((item) => item.role);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('forceReload');
  });

  it('follows macOS conventions there: the app menu first, Quit in it', () => {
    const template = applicationMenuTemplate(actions(), { recentNights: [], isDev: false, platform: 'darwin' });
    expect(template[0].role).toBe('appMenu');
    expect(submenu(template, 'File').some((item) => item.role === 'quit')).toBe(false);
  });
});
