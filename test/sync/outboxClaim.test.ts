import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { CLAIM_LEASE_MS, claimNextDue, enqueue, listOutbox, noOverrides } from '../../electron/core/cache/outbox';
import { pushOutbox, type OutboxTarget } from '../../electron/core/sync/pushOutbox';
import { remoteText, scratchDir } from '../support/fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()));

/** A cache file with queued read marks, and a second connection to it, as a second process has. */
function sharedCache(marks: number): { first: Database; second: Database; number: { id: number; providerId: string } } {
  const scratch = scratchDir('textdesk-claim-');
  const path = join(scratch.dir, 'cache.db');
  const first = openDatabase(path);
  const second = openDatabase(path);
  cleanups.push(scratch.cleanup, () => first.close(), () => second.close());
  const account = insertAccount(first, { provider: 'inkbox', label: 'A', baseUrl: 'http://127.0.0.1:9' });
  const numberId = upsertNumber(first, account.id, { providerId: 'line-1', phoneNumber: '+15550001000' });
  for (let i = 0; i < marks; i++) {
    const outcome = applyRemoteMessage(first, { accountId: account.id, numberId }, remoteText({ id: `t${i}` }), noOverrides, 0);
    enqueue(first, { numberId, kind: 'message.read', messageId: outcome.id! }, 1);
  }
  return { first, second, number: { id: numberId, providerId: 'line-1' } };
}

/** The provider's side: counts each push of each text, answering after a pause like a real server. */
function countingServer(): OutboxTarget & { pushes: Map<string, number> } {
  const pushes = new Map<string, number>();
  const answer = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
  return {
    pushes,
    async setMessageRead(_number, textId) {
      pushes.set(textId, (pushes.get(textId) ?? 0) + 1);
      await answer();
      return undefined as never;
    },
    async deleteMessage() {
      await answer();
      return { scope: 'server' };
    },
    async setConversationRead() {
      await answer();
      return undefined as never;
    },
  };
}

describe('the outbox shared by two processes', () => {
  it('pushes each queued action once when two processes push at the same moment', async () => {
    const { first, second, number } = sharedCache(6);
    const server = countingServer();
    const [a, b] = await Promise.all([
      pushOutbox(first, server, number, { claimant: 'app' }),
      pushOutbox(second, server, number, { claimant: 'cli' }),
    ]);
    expect([...server.pushes.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(server.pushes.size).toBe(6);
    expect(a.pushed + b.pushed).toBe(6);
    expect(listOutbox(first)).toEqual([]);
  });

  it('lets another process take an entry whose claim lapsed with the process that made it', () => {
    const { first, second, number } = sharedCache(1);
    const claimed = claimNextDue(first, { numberId: number.id, claimant: 'crashed', now: 1_000 });
    expect(claimed).not.toBeNull();
    expect(claimNextDue(second, { numberId: number.id, claimant: 'cli', now: 1_000 + CLAIM_LEASE_MS - 1 })).toBeNull();
    expect(claimNextDue(second, { numberId: number.id, claimant: 'cli', now: 1_000 + CLAIM_LEASE_MS + 1 })?.id).toBe(claimed!.id);
  });
});
