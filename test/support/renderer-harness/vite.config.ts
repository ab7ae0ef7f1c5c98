/** Builds the renderer harness (renderer/App over the fake client) into a temporary folder. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where the harness is built. */
export const HARNESS_OUT_DIR = '/tmp/nightcal-harness';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: HARNESS_OUT_DIR, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
});
