/** The command line's host: no dialogs, no file manager; app data under XDG_DATA_HOME. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NightcalHost } from '../api/host';

export function appDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'nightcal');
}

export function createCliHost(): NightcalHost {
  return {
    kind: 'cli',
    dataDir: appDataDir(),
    allowedRoots: null,
    chooseFolder: async () => null,
    revealPath: async () => false,
  };
}
