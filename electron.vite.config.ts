import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

/**
 * Three bundles: main (ESM, as package.json says "type": "module"), the preload (CommonJS,
 * because a sandboxed preload cannot load ES modules, and fully bundled, because it cannot
 * require anything but electron), and the renderer (React, from renderer/).
 */
export default defineConfig({
  main: {
    build: {
      // Native modules are loaded from node_modules at runtime, never bundled. The dependencies
      // in package.json are externalised by default; keytar is optional, so it is named here.
      externalizeDeps: { include: ['keytar', 'better-sqlite3'] },
      rolldownOptions: {
        // The engine's worker thread (electron/worker/engineClient.ts loads it beside index.js).
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          engineWorker: resolve(import.meta.dirname, 'electron/worker/engineWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
      },
    },
  },
});
