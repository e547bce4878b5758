import { afterEach, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../electron/core/hostInterfaces';
import { createKeytarSecretStore, type KeytarLike } from '../../electron/core/secrets/keytarStore';
import { createService, type TextdeskService } from '../../electron/core/service';
import { scratchDir } from '../support/fixtures';
import { call, consoleErrors, memorySettings } from '../support/serviceHost';
import { startHostileServer, type HostileServer } from '../support/hostileServer';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** One OS keychain, shared by every installation on the machine. */
function machineKeychain(): KeytarLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void entries.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
    findCredentials: async () => [],
  };
}

/** An installation: its own data folder (cache), the machine's keychain. */
async function installation(secrets: SecretStore): Promise<TextdeskService> {
  const scratch = scratchDir('textdesk-installation-');
  const service = await createService({
    dataDir: scratch.dir,
    host: 'web',
    version: 'test',
    platform: process.platform,
    secrets,
    settings: memorySettings(),
    logger: consoleErrors,
    mediaUrl: (hash) => hash,
    schedule: false,
  });
  await service.start();
  cleanups.push(async () => {
    await service.stop();
    scratch.cleanup();
  });
  return service;
}

async function server(apiKey: string): Promise<HostileServer> {
  const started = await startHostileServer({ apiKey });
  cleanups.push(() => started.close());
  return started;
}

describe('keychain entries of several installations on one machine', () => {
  it('keep each installation\'s key for its account 1 apart, through adds and removes', async () => {
    const keychain = machineKeychain();
    const store = createKeytarSecretStore(keychain, 'Textdesk');
    const desktop = await installation(store);
    const browser = await installation(store);
    const work = await server('key-of-the-desktop-account-01');
    const home = await server('key-of-the-browser-account-02');

    const a = await call(desktop, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: work.apiKey }, baseUrl: work.baseUrl });
    const b = await call(browser, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: home.apiKey }, baseUrl: home.baseUrl });
    expect([a.id, b.id]).toEqual([1, 1]);
    expect([...keychain.entries.values()].sort()).toEqual([home.apiKey, work.apiKey].sort());

    await call(browser, 'accounts:remove', { accountId: b.id });
    expect([...keychain.entries.values()]).toEqual([work.apiKey]);

    // The desktop account still syncs with its own key, and only that key reached its server.
    work.requests.length = 0;
    await desktop.syncNow('user');
    expect((await call(desktop, 'sync:status', undefined)).error).toBeNull();
    expect(new Set(work.requests.map((r) => r.apiKey))).toEqual(new Set([work.apiKey]));
    expect(home.requests.filter((r) => r.apiKey === work.apiKey)).toEqual([]);
  });

  it('names entries by the installation, and never reuses a removed account\'s entry', async () => {
    const keychain = machineKeychain();
    const service = await installation(createKeytarSecretStore(keychain, 'Textdesk'));
    const one = await server('first-key-0123456789abcdef');
    const two = await server('second-key-0123456789abcde');
    const first = await call(service, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: one.apiKey }, baseUrl: one.baseUrl });
    const [name] = [...keychain.entries.keys()];
    expect(name).toMatch(/^Textdesk\/[0-9a-f]{32}\/account-1$/);
    await call(service, 'accounts:remove', { accountId: first.id });
    const second = await call(service, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: two.apiKey }, baseUrl: two.baseUrl });
    expect(second.id).toBe(2);
    expect([...keychain.entries.keys()]).toEqual([name!.replace(/account-1$/, 'account-2')]);
  });

  it('still finds the key of an account stored before installations were told apart', async () => {
    const keychain = machineKeychain();
    const legacy = createKeytarSecretStore(keychain, 'Textdesk');
    await legacy.set(1, 'key-from-before-namespacing');
    const scoped = legacy.withScope!({ installationId: 'f'.repeat(32), legacyAccountIdMax: 1 });
    expect(await scoped.get(1)).toBe('key-from-before-namespacing');
    // An account added after the upgrade never falls back to another installation's old entry.
    await legacy.set(2, 'someone-elses-key');
    expect(await scoped.get(2)).toBeNull();
  });
});
