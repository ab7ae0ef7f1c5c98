import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * electron-vite turns `import p from './worker?modulePath'` into the path of the built
 * worker chunk. Under vitest the sources run as they are: the same import gives a small
 * shim that loads the TypeScript worker through tsx inside the worker thread (Node 20's
 * worker threads do not inherit `--import tsx`).
 */
function modulePathForSources(): Plugin {
  return {
    name: 'nightcal:module-path-for-sources',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!id.endsWith('?modulePath')) return null;
      const resolved = await this.resolve(id.slice(0, -'?modulePath'.length), importer, { skipSelf: true });
      if (!resolved) return null;
      if (!resolved.id.endsWith('electron/pool/worker.ts')) {
        throw new Error(`no source shim for ${id}: only the pool worker is loaded by path`);
      }
      return '\0module-path:worker';
    },
    load(id) {
      if (id !== '\0module-path:worker') return null;
      return `export default ${JSON.stringify(resolve('test/support/source-worker.mjs'))};`;
    },
  };
}

export default defineConfig({
  plugins: [modulePathForSources()],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    reporters: ['default', resolve('test/support/summary-reporter.ts')],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
