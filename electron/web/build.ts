import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';

export interface BuiltFile {
  contentType: string;
  body: Buffer;
}

const rendererRoot = fileURLToPath(new URL('../../renderer', import.meta.url));
const bridgeEntry = fileURLToPath(new URL('./bridge.ts', import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

function contentTypeOf(fileName: string): string {
  const ext = fileName.slice(fileName.lastIndexOf('.'));
  return types[ext] ?? 'application/octet-stream';
}

function collect(result: Awaited<ReturnType<typeof build>>, files: Map<string, BuiltFile>) {
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  for (const output of outputs) {
    for (const item of output.output) {
      const body = item.type === 'chunk' ? Buffer.from(item.code) : Buffer.from(item.source);
      files.set(`/${item.fileName}`, { contentType: contentTypeOf(item.fileName), body });
    }
  }
}

/**
 * Builds the renderer (same root as the Electron build) and the bridge into memory: the web host
 * serves them from a map, so nothing is written next to the sources. One build per process.
 */
let cached: Promise<Map<string, BuiltFile>> | null = null;

export function buildWebAssets(): Promise<Map<string, BuiltFile>> {
  cached ??= (async () => {
    const files = new Map<string, BuiltFile>();
    collect(
      await build({
        configFile: false,
        root: rendererRoot,
        base: '/',
        logLevel: 'warn',
        plugins: [react()],
        build: { write: false, emptyOutDir: false, sourcemap: false, chunkSizeWarningLimit: 2000 },
      }),
      files,
    );
    collect(
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          write: false,
          emptyOutDir: false,
          lib: { entry: bridgeEntry, formats: ['iife'], name: 'textdeskBridge', fileName: () => 'bridge.js' },
        },
      }),
      files,
    );
    return files;
  })();
  cached.catch(() => {
    cached = null;
  });
  return cached;
}
