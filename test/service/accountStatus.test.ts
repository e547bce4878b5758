import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/contract';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { startTestService, type TestService } from '../support/demoService';

let open: TestService[] = [];
let servers: DemoServer[] = [];
afterEach(async () => {
  // Servers first: a sync still waiting on a hung one then fails at once instead of timing out.
  for (const server of servers) await server.close();
  for (const handle of open) await handle.close();
  open = [];
  servers = [];
});

async function twoAccounts(stallMs: number) {
  const handle = await startTestService({ stallMs });
  open.push(handle);
  const first = await startDemoServer({ size: 'tiny', apiKey: 'key-one', seed: 1 });
  const second = await startDemoServer({ size: 'tiny', apiKey: 'key-two', seed: 2 });
  servers.push(first, second);
  const a = await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: 'key-one' }, baseUrl: first.baseUrl, label: 'Front desk' });
  const b = await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: 'key-two' }, baseUrl: second.baseUrl, label: 'Billing' });
  await handle.service.syncNow('user');
  return { handle, first, second, a, b };
}

function waitForStatus(handle: TestService, predicate: (status: SyncStatus) => boolean, timeoutMs: number): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('The status never matched'));
    }, timeoutMs);
    const off = handle.service.on('sync:status', (status) => {
      if (!predicate(status)) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

describe('sync:status per account', () => {
  it('names each account with its own state and last sync', async () => {
    const { handle, a, b } = await twoAccounts(5_000);
    const status = await handle.call('sync:status');
    expect(status.accounts?.map((s) => [s.accountId, s.label, s.state])).toEqual([
      [a.id, 'Front desk', 'idle'],
      [b.id, 'Billing', 'idle'],
    ]);
    expect(status.accounts?.every((s) => s.lastSyncedAt !== null && s.error === null)).toBe(true);
  });

  it('says an account is not answering while its server hangs, and finishes the others meanwhile', async () => {
    const { handle, first, a, b } = await twoAccounts(300);
    first.setFaults({ latencyMs: 120_000 });
    const before = (await handle.call('sync:status')).accounts!.find((s) => s.accountId === b.id)!.lastSyncedAt;
    const stalled = waitForStatus(
      handle,
      (s) => s.accounts?.find((x) => x.accountId === a.id)?.state === 'stalled' && s.accounts?.find((x) => x.accountId === b.id)?.state === 'idle',
      20_000,
    );
    void handle.service.syncNow('user');
    const status = await stalled;
    expect(status.accounts!.find((s) => s.accountId === b.id)!.lastSyncedAt).not.toBe(before);
    // The app as a whole is not offline for one account's server.
    expect(status.state).toBe('syncing');
  });

  it('is offline as a whole only when no account can be reached, and names the one that failed otherwise', async () => {
    const { handle, first, second, a, b } = await twoAccounts(5_000);
    first.setFaults({ resetRate: 1 });
    await handle.service.syncNow('user');
    let status = await handle.call('sync:status');
    expect(status.state).toBe('error');
    expect(status.error?.message).toMatch(/^Front desk: /);
    expect(status.accounts!.find((s) => s.accountId === a.id)).toMatchObject({ state: 'offline', error: { code: 'NETWORK' } });
    expect(status.accounts!.find((s) => s.accountId === b.id)).toMatchObject({ state: 'idle', error: null });

    second.setFaults({ resetRate: 1 });
    await handle.service.syncNow('user');
    status = await handle.call('sync:status');
    expect(status.state).toBe('offline');
  });

  it('syncs an account shown as unreachable as soon as it answers a push, not at its backed-off schedule', async () => {
    const { handle, first, a } = await twoAccounts(5_000);
    first.setFaults({ resetRate: 1 });
    await handle.service.syncNow('user');
    expect((await handle.call('sync:status')).accounts!.find((s) => s.accountId === a.id)!.state).toBe('offline');
    first.setFaults({});
    const back = waitForStatus(handle, (s) => s.accounts?.find((x) => x.accountId === a.id)?.state === 'idle', 20_000);
    // The user reads a conversation of that account: its read mark is pushed at once, and answered.
    const { conversations } = await handle.call('conversations:list', { accountId: a.id, limit: 50 });
    const conversation = conversations.find((c) => c.unreadCount > 0) ?? conversations[0]!;
    await handle.call('conversations:setRead', { conversationId: conversation.id, isRead: conversation.unreadCount === 0 ? false : true });
    const status = await back;
    expect(status.accounts!.find((s) => s.accountId === a.id)!.error).toBeNull();
  });

  it('counts an account first download over all its numbers and never goes back', async () => {
    const handle = await startTestService({ stallMs: 5_000 });
    open.push(handle);
    const server = await startDemoServer({ size: 'tiny', apiKey: 'key-one' });
    servers.push(server);
    const seen: number[] = [];
    handle.service.on('sync:status', (status) => {
      const progress = status.accounts?.[0]?.progress;
      if (progress?.phase === 'history') seen.push(progress.fetched);
    });
    await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: 'key-one' }, baseUrl: server.baseUrl, label: 'Front desk' });
    await handle.service.syncNow('user');
    expect(server.numbers().length).toBeGreaterThan(1);
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    const total = server.numbers().reduce((sum, n) => sum + server.texts(n.id).length, 0);
    expect(seen.at(-1)).toBeLessThanOrEqual(total);
    expect(seen.at(-1)).toBeGreaterThan(server.texts(server.numbers()[0]!.id).length / 2);
  });
});
