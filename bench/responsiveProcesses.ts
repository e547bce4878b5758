import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemoServer } from '../electron/demo/inkbox';
import { startWebHost } from '../electron/web/host';
import { createMemorySecretStore } from '../electron/web/stores';

/**
 * The other processes of the responsiveness benchmark (bench/responsive.ts): `server`, an
 * Inkbox-compatible server holding about 150,000 texts (the demo server, size large), `host`,
 * the browser host with its engine inline or in a worker, and `bare`, the floor: a plain HTTP
 * server that answers one small page from memory. Each tells its parent where it listens, then
 * runs until its parent says stop.
 */

async function main(role: string, mode: string): Promise<void> {
  if (role === 'bare') {
    // The floor: a page the size of the host's (about 500 bytes), in memory, from a server that does nothing else.
    const page = Buffer.from(`<!doctype html><html><head><title>floor</title></head><body>${'x'.repeat(420)}</body></html>`);
    const bare = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
      response.end(page);
    });
    await new Promise<void>((resolvePromise) => bare.listen(0, '127.0.0.1', resolvePromise));
    process.send!({ origin: `http://127.0.0.1:${(bare.address() as AddressInfo).port}` });
    process.on('message', () => {
      bare.closeAllConnections();
      bare.close(() => process.exit(0));
    });
    return;
  }
  if (role === 'server') {
    const server = await startDemoServer({ size: 'large', seed: 13, anchor: Date.UTC(2026, 0, 1), liveIntervalSeconds: null });
    const texts = server.numbers().reduce((sum, number) => sum + server.texts(number.id).length, 0);
    process.send!({ baseUrl: server.baseUrl, apiKey: server.apiKey, texts });
    process.on('message', () => void server.close().then(() => process.exit(0)));
    return;
  }
  const host = await startWebHost({
    dataDir: mkdtempSync(join(tmpdir(), 'textdesk-responsive-')),
    demo: false,
    secrets: createMemorySecretStore(),
    engine: mode === 'worker' ? 'worker' : 'inline',
  });
  process.send!({ origin: host.origin, token: host.token });
  process.on('message', () => void host.close().then(() => process.exit(0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv[2]!, process.argv[3] ?? 'inline').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
