import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for the three processes. The main build has several entries: the Electron
// shell, the command line (which also serves browser mode) and the pool's worker, so the
// CLI and the app run the very same compiled pipeline.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // fitsjs-ng is bundled, not loaded from node_modules: its entry imports every codec and
      // sky library it has (~70 ms per thread at start-up); bundled, only what NightCal uses is kept.
      externalizeDeps: { exclude: ['fitsjs-ng'] },
      rollupOptions: {
        // Only fitsjs-ng's HiPS export loads it (dynamically); NightCal never does: not bundled.
        external: ['@fxpineau/moc-wasm'],
        input: {
          desktop: resolve('electron/desktop/main.ts'),
          cli: resolve('electron/cli/main.ts'),
        },
        // `nightcal` (package.json bin) runs the built CLI entry directly.
        output: { banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve('electron/desktop/preload.ts') },
        // A sandboxed preload cannot load ES modules or sibling files: one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
