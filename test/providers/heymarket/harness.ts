import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../../electron/core/cache';
import { insertAccount } from '../../../electron/core/cache/accounts';
import { upsertNumber } from '../../../electron/core/cache/numbers';
import { startHeymarketFake, type HeymarketFake, type HeymarketFakeOptions, type WireMessage } from '../../../electron/demo/fakes/heymarket';
import type { NumberSyncReport, ProviderAdapter } from '../../../electron/core/providers/adapter';
import { createHeymarketAdapter } from '../../../electron/core/providers/heymarket/adapter';
import type { ParseIssue } from '../../../electron/core/providers/types';
import { scratchDir } from '../../support/fixtures';
import { syncEveryNumber } from '../../support/syncEveryNumber';

export interface HeymarketHarness {
  fake: HeymarketFake;
  db: Database;
  adapter: ProviderAdapter;
  accountId: number;
  numbers: { id: number; providerId: string; phone: string }[];
  issues: ParseIssue[];
  syncAll(): Promise<NumberSyncReport[]>;
  close(): Promise<void>;
}

export const fastRetries = { retry: { retries: 8, baseDelayMs: 2, maxDelayMs: 20 }, maxRetryAfterMs: 20, timeoutMs: 5_000 };

/** The fake on loopback, a cache file, and the adapter between them, as the service wires it. */
export async function startHeymarketHarness(options: HeymarketFakeOptions = {}): Promise<HeymarketHarness> {
  const fake = await startHeymarketFake({ size: 'tiny', ...options });
  const scratch = scratchDir();
  const db = openDatabase(join(scratch.dir, 'cache.db'));
  const issues: ParseIssue[] = [];
  const adapter = createHeymarketAdapter({
    credentials: fake.credentials,
    baseUrl: fake.baseUrl,
    onIssue: (issue) => issues.push(issue),
    ...fastRetries,
  });
  const account = insertAccount(db, { provider: 'heymarket', label: 'Heymarket', baseUrl: fake.baseUrl });
  const faults = options.faults;
  fake.setFaults({});
  const remoteNumbers = await adapter.listNumbers();
  fake.setFaults(faults ?? {});
  const numbers = remoteNumbers.map((n) => ({
    id: upsertNumber(db, account.id, { providerId: n.id, phoneNumber: n.number }),
    providerId: n.id,
    phone: n.number,
  }));
  return {
    fake,
    db,
    adapter,
    accountId: account.id,
    numbers,
    issues,
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

/**
 * The read state the cache should show for a Heymarket text (the rule in providers/heymarket/sync.ts):
 * outbound read; inbound read when its conversation is read or a team member wrote after it.
 */
export function expectedRead(message: WireMessage, all: WireMessage[]): boolean {
  if (message.user !== null) return true;
  if (message.conversation.read) return true;
  return all.some((m) => m.target === message.target && m.user !== null && Date.parse(m.date) >= Date.parse(message.date));
}

interface Row {
  id: string;
  text: string | null;
  author: string | null;
  isRead: boolean;
  remote: string;
  direction: string;
}

/** The cache holds exactly the fake's texts of each inbox: ids, texts, authors, read state, remotes. */
export function expectConverged(harness: HeymarketHarness): void {
  for (const number of harness.numbers) {
    const all = harness.fake.messages(number.providerId);
    const expected: Row[] = all
      .map((m) => ({
        id: String(m.id),
        text: m.text,
        author: m.author,
        isRead: expectedRead(m, all),
        remote: `+${m.target}`,
        direction: m.user !== null ? 'outbound' : 'inbound',
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const cached = (
      harness.db
        .prepare(
          `SELECT m.provider_id AS id, m.body AS text, m.author, m.is_read AS isRead, c.remote, m.direction
             FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.number_id = ? AND m.deleted = 0 ORDER BY m.provider_id`,
        )
        .all(number.id) as (Omit<Row, 'isRead'> & { isRead: number })[]
    ).map((row) => ({ ...row, isRead: row.isRead === 1 }));
    expect(cached).toEqual(expected);
    const counts = harness.db
      .prepare(`SELECT remote, total_count AS total, unread_count AS unread FROM conversations WHERE number_id = ? AND total_count > 0 ORDER BY remote`)
      .all(number.id);
    const byRemote = new Map<string, { remote: string; total: number; unread: number }>();
    for (const row of expected) {
      const entry = byRemote.get(row.remote) ?? { remote: row.remote, total: 0, unread: 0 };
      entry.total += 1;
      entry.unread += row.isRead ? 0 : 1;
      byRemote.set(row.remote, entry);
    }
    expect(counts).toEqual([...byRemote.values()].sort((a, b) => (a.remote < b.remote ? -1 : 1)));
  }
}
