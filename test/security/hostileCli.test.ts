import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { envSecretStore } from '../../electron/cli/envCredentials';
import { expectExit, expectOneLineError, runCli } from '../support/cli';
import { scratchDir } from '../support/fixtures';
import { PNG_BYTES, startHostileServer, type HostileServer } from '../support/hostileServer';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function hostile(apiKey: string): Promise<HostileServer> {
  const server = await startHostileServer({
    apiKey,
    texts: [{ id: 't1', remote: '+15551110000', text: 'hi', media: [{ contentType: 'image/png', size: PNG_BYTES.length, url: '/media/honest/1' }], at: 1 }],
  });
  cleanups.push(() => server.close());
  return server;
}

function scratch(): string {
  const dir = scratchDir('textdesk-hostile-cli-');
  cleanups.push(dir.cleanup);
  return join(dir.dir, 'cache.db');
}

describe('credentials from the environment', () => {
  it('go only to the account whose base URL they name', async () => {
    const first = await hostile('key-for-the-first-server-0001');
    const second = await hostile('key-for-the-second-server-002');
    const db = scratch();
    expectExit(await runCli(['sync', '--db', db], { server: { baseUrl: first.baseUrl, apiKey: first.apiKey } }), 0);
    first.requests.length = 0;

    // The next run has only the second server's key: the first account must not receive it.
    await runCli(['sync', '--db', db], { server: { baseUrl: second.baseUrl, apiKey: second.apiKey } });

    expect(second.requests.some((r) => r.apiKey === second.apiKey)).toBe(true);
    expect(first.requests.filter((r) => r.apiKey !== null)).toEqual([]);
  });

  it('without a base URL belong to the provider\'s default URL only', async () => {
    const store = envSecretStore(
      (id) => (id === 1 ? { provider: 'inkbox', baseUrl: 'https://inkbox.ai/api/v1/phone/' } : { provider: 'inkbox', baseUrl: 'http://127.0.0.1:9/' }),
      { INKBOX_API_KEY: 'env-key-0123456789' },
    );
    expect(await store.get(1)).toBe('env-key-0123456789');
    expect(await store.get(2)).toBeNull();
  });
});

describe('the CLI against a hostile provider', () => {
  it('stops reading an answer that never ends and says so in one line', async () => {
    const server = await hostile('key-for-the-endless-server-01');
    server.api = 'endless-body';
    const result = await runCli(['sync', '--db', scratch()], { server: { baseUrl: server.baseUrl, apiKey: server.apiKey } });
    expectExit(result, 4);
    expect(expectOneLineError(result)).toMatch(/answer was too large/);
  });

  it('refuses to follow the API to another host, and the key never goes there', async () => {
    const server = await hostile('key-for-the-redirecting-one-1');
    server.api = 'redirect-other-host';
    const result = await runCli(['sync', '--db', scratch()], { server: { baseUrl: server.baseUrl, apiKey: server.apiKey } });
    expectExit(result, 4);
    expect(expectOneLineError(result)).toMatch(/redirected/);
    expect(server.otherRequests).toEqual([]);
  });
});
