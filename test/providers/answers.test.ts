import { describe, expect, it } from 'vitest';
import type { Account, ProviderKind } from '../../shared/model';
import { AdapterPool } from '../../electron/core/accounts';
import { createAdapter } from '../../electron/core/providers/registry';
import { sendJson, useServers } from './inkbox/server';

const serve = useServers();
const providers: ProviderKind[] = ['inkbox', 'sendblue', 'linq', 'heymarket'];

/**
 * "Not answering" is measured by answers: every provider's client must tell each one, or a
 * long walk between two progress reports reads as a silent server (issue 13's CI run).
 */
describe('answers from a provider', () => {
  it.each(providers)('are told by the %s client, whatever their status', async (provider) => {
    const server = await serve((_req, res) => sendJson(res, 401, { error: 'no' }));
    let answers = 0;
    const adapter = createAdapter(provider, {
      credentials: { apiKey: 'key', apiSecret: 'secret' },
      baseUrl: server.baseUrl,
      retry: { retries: 0 },
      onAnswer: () => void (answers += 1),
    });
    await expect(adapter.listNumbers()).rejects.toThrow();
    expect(server.requests.length).toBeGreaterThan(0);
    expect(answers).toBe(2 * server.requests.length);
  });

  it('reach the pool with the account they came from', async () => {
    const server = await serve((_req, res) => sendJson(res, 401, { error: 'no' }));
    const heard: number[] = [];
    const secrets = { get: async () => 'key', set: async () => {}, delete: async () => {}, description: 'memory' };
    const pool = new AdapterPool(secrets, () => null, () => {}, (account) => heard.push(account.id));
    const account: Account = { id: 7, provider: 'inkbox', label: 'Front desk', baseUrl: server.baseUrl, createdAt: new Date(0).toISOString() };
    const adapter = await pool.adapterFor(account);
    await expect(adapter.listNumbers()).rejects.toThrow();
    expect(heard.length).toBeGreaterThan(0);
    expect(new Set(heard)).toEqual(new Set([7]));
  });
});
