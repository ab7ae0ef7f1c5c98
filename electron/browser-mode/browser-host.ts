/**
 * The host of the browser mode: no native dialog and no file manager to reveal in, so the
 * page browses folders inside the allowed roots through the API's listFolder instead.
 */
import { isAbsolute, resolve } from 'node:path';
import type { NightcalHost } from '../api/host';

/** A host for `nightcal serve`: nights may only be opened inside `allowedRoots` (absolute paths). */
export function createBrowserHost(options: { dataDir: string; allowedRoots: readonly string[] }): NightcalHost {
  for (const root of [options.dataDir, ...options.allowedRoots]) {
    if (!isAbsolute(root)) throw new Error(`browser mode: ${JSON.stringify(root)} is not an absolute path`);
  }
  return {
    kind: 'browser',
    dataDir: resolve(options.dataDir),
    allowedRoots: Object.freeze(options.allowedRoots.map((root) => resolve(root))),
    chooseFolder: async () => null,
    revealPath: async () => false,
  };
}
