/** A NightcalHost for tests: a temporary data folder, no dialogs, no file manager. */
import type { NightcalHost } from '../../electron/api/host';

export function testHost(dataDir: string, allowedRoots: readonly string[] | null = null): NightcalHost {
  return { kind: 'cli', dataDir, allowedRoots, chooseFolder: async () => null, revealPath: async () => false };
}
