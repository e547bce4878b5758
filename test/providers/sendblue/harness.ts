import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../../electron/core/cache';
import { insertAccount } from '../../../electron/core/cache/accounts';
import { upsertNumber } from '../../../electron/core/cache/numbers';
import { startSendblueFake, type SendblueFake, type SendblueFakeOptions } from '../../../electron/demo/fakes/sendblue';
import type { NumberSyncReport, ProviderAdapter } from '../../../electron/core/providers/adapter';
import { createSendblueAdapter } from '../../../electron/core/providers/sendblue/adapter';
import { scratchDir } from '../../support/fixtures';
import { syncEveryNumber } from '../../support/syncEveryNumber';

export interface SendblueHarness {
  fake: SendblueFake;
  db: Database;
  adapter: ProviderAdapter;
  accountId: number;
  numbers: { id: number; providerId: string }[];
  syncAll(): Promise<NumberSyncReport[]>;
  close(): Promise<void>;
}

/** Fast retries: the fault tests exercise retrying, not the wall clock. */
export const fastRetries = { retry: { retries: 10, baseDelayMs: 2, maxDelayMs: 20 }, maxRetryAfterMs: 20, timeoutMs: 5_000 };

export function testAdapter(fake: SendblueFake): ProviderAdapter {
  return createSendblueAdapter({ credentials: fake.credentials, baseUrl: fake.baseUrl, ...fastRetries });
}

/** The fake on loopback, a cache file, and the lines registered as the service would. */
export async function startSendblueHarness(options: SendblueFakeOptions = {}): Promise<SendblueHarness> {
  const fake = await startSendblueFake({ size: 'small', ...options });
  const scratch = scratchDir();
  const db = openDatabase(join(scratch.dir, 'cache.db'));
  const adapter = testAdapter(fake);
  const account = insertAccount(db, { provider: 'sendblue', label: 'Sendblue', baseUrl: fake.baseUrl });
  const numbers = (await adapter.listNumbers()).map((line) => ({
    id: upsertNumber(db, account.id, { providerId: line.id, phoneNumber: line.number }),
    providerId: line.id,
  }));
  return {
    fake,
    db,
    adapter,
    accountId: account.id,
    numbers,
    syncAll() {
      return syncEveryNumber(db, adapter, account.id, numbers, { reconcile: true });
    },
    async close() {
      db.close();
      await fake.close();
      scratch.cleanup();
    },
  };
}

interface Row {
  id: string;
  text: string | null;
  remote: string;
  direction: string;
  service: string | null;
  status: string | null;
  sender: string | null;
}

/** The cache holds exactly the fake's messages: ids, texts, conversations, services, statuses, groups. */
export function expectConverged(harness: SendblueHarness, numbers = harness.numbers): void {
  for (const number of numbers) {
    const wire = harness.fake.messages(number.providerId);
    const expected: Row[] = wire
      .map((m) => {
        const group = typeof m['group_id'] === 'string' ? m['group_id'] : null;
        return {
          id: m.message_handle,
          text: m['content'] === '' ? null : (m['content'] as string),
          remote: group ? `group:${group}` : (m['number'] as string),
          direction: m['is_outbound'] ? 'outbound' : 'inbound',
          service: m['service'] as string,
          status: m['status'] as string,
          sender: group && !m['is_outbound'] ? (m['from_number'] as string) : null,
        };
      })
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const cached = harness.db
      .prepare(
        `SELECT m.provider_id AS id, m.body AS text, c.remote, m.direction, m.service, m.delivery_status AS status, m.sender
           FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.number_id = ? AND m.deleted = 0 ORDER BY m.provider_id`,
      )
      .all(number.id);
    expect(cached).toEqual(expected);

    const groups = new Map<string, { title: string | null; participants: string[] }>();
    for (const m of wire) {
      if (typeof m['group_id'] !== 'string') continue;
      groups.set(`group:${m['group_id']}`, {
        title: (m['group_display_name'] as string | null) ?? null,
        participants: (m['participants'] as string[]).filter((p) => p !== number.providerId),
      });
    }
    const cachedGroups = harness.db
      .prepare(`SELECT remote, title, participants, provider_ref AS ref FROM conversations WHERE number_id = ? AND is_group = 1 ORDER BY remote`)
      .all(number.id) as { remote: string; title: string | null; participants: string; ref: string }[];
    expect(cachedGroups.map((g) => ({ remote: g.remote, title: g.title, participants: JSON.parse(g.participants) as string[] }))).toEqual(
      [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([remote, g]) => ({ remote, ...g })),
    );
    for (const g of cachedGroups) expect(`group:${g.ref}`).toBe(g.remote);
  }
}
