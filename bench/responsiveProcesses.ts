import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDemoServer } from '../electron/demo/inkbox';
import { startWebHost } from '../electron/web/host';
import { createMemorySecretStore } from '../electron/web/stores';

/**
 * The two other processes of the responsiveness benchmark (bench/responsive.ts): `server`, an
 * Inkbox-compatible server holding about 150,000 texts (the demo server, size large), and
 * `host`, the browser host with its engine inline or in a worker. Each tells its parent where
 * it listens, then runs until its parent says stop.
 */

async function main(role: string, mode: string): Promise<void> {
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
