import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { isReadSql } from '../../electron/core/cache/messages';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../electron/demo/inkbox';
import { createInkboxClient, type InkboxClient } from '../../electron/core/providers/inkbox/client';
import { createInkboxAdapter } from '../../electron/core/providers/inkbox/adapter';
import type { ProviderAdapter } from '../../electron/core/providers/adapter';
import { syncInkboxNumber, type NumberSyncReport } from '../../electron/core/providers/inkbox/sync';
import { TEST_DEMO_ANCHOR, scratchDir } from './fixtures';

export interface Harness {
  server: DemoServer;
  db: Database;
  dbPath: string;
  client: InkboxClient;
  /** The same server as a provider adapter, with the same fast retries. */
  adapter: ProviderAdapter;
  accountId: number;
  numbers: { id: number; providerId: string }[];
  syncAll(run?: { reconcile?: boolean }): Promise<NumberSyncReport[]>;
  close(): Promise<void>;
}

const fastRetries = { retry: { retries: 8, baseDelayMs: 2, maxDelayMs: 20 }, maxRetryAfterMs: 20, timeoutMs: 5_000 };

export function testAdapter(server: { apiKey: string; baseUrl: string }): ProviderAdapter {
  return createInkboxAdapter({ credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl, ...fastRetries });
}

/** A fast-retrying client: the fault tests exercise retries, not the wall clock. */
export function testClient(server: { apiKey: string; baseUrl: string }): InkboxClient {
  return createInkboxClient({
    apiKey: server.apiKey,
    baseUrl: server.baseUrl,
    retry: { retries: 8, baseDelayMs: 2, maxDelayMs: 20 },
    maxRetryAfterMs: 20,
    timeoutMs: 5_000,
  });
}

/** The demo server on loopback and a cache file that syncs from it. */
export async function startHarness(options: DemoServerOptions = {}): Promise<Harness> {
  const server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny', ...options });
  const scratch = scratchDir();
  const dbPath = join(scratch.dir, 'cache.db');
  const db = openDatabase(dbPath);
  const client = testClient(server);
  const account = insertAccount(db, { provider: 'inkbox', label: 'Demo', baseUrl: server.baseUrl });
  const numbers = server.numbers().map((number) => ({
    id: upsertNumber(db, account.id, { providerId: number.id, phoneNumber: number.number }),
    providerId: number.id,
  }));
  return {
    server,
    db,
    dbPath,
    client,
    adapter: testAdapter(server),
    accountId: account.id,
    numbers,
    async syncAll(run = {}) {
      const reports: NumberSyncReport[] = [];
      for (const number of numbers) {
        reports.push(
          await syncInkboxNumber(
            { db, client, scope: { accountId: account.id, numberId: number.id, numberProviderId: number.providerId } },
            { reconcile: run.reconcile ?? true },
          ),
        );
      }
      return reports;
    },
    async close() {
      db.close();
      await server.close();
      scratch.cleanup();
    },
  };
}

interface CachedText {
  id: string;
  isRead: boolean;
  text: string | null;
  remote: string;
  direction: string;
}

export function cachedTexts(db: Database, numberId: number): CachedText[] {
  return (
    db
      .prepare(
        `SELECT m.provider_id AS id, ${isReadSql()} AS isRead, m.body AS text, c.remote, m.direction
           FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.number_id = ? AND m.deleted = 0 ORDER BY m.provider_id`,
      )
      .all(numberId) as (Omit<CachedText, 'isRead'> & { isRead: number })[]
  ).map((row) => ({ ...row, isRead: row.isRead === 1 }));
}

/** The cache holds exactly the server's live texts: same ids, read states and texts; nothing else. */
export function expectConverged(harness: Harness): void {
  for (const number of harness.numbers) {
    const server = harness.server
      .texts(number.providerId)
      .map((text) => ({
        id: text.id,
        isRead: text.is_read,
        text: text.text,
        remote: text.remote_phone_number ?? `group:${text.conversation_id}`,
        direction: text.direction,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(cachedTexts(harness.db, number.id)).toEqual(server);
    const summaries = harness.db
      .prepare(`SELECT remote, total_count AS total, unread_count AS unread FROM conversations WHERE number_id = ? AND total_count > 0 ORDER BY remote`)
      .all(number.id);
    const expected = new Map<string, { remote: string; total: number; unread: number }>();
    for (const text of server) {
      const entry = expected.get(text.remote) ?? { remote: text.remote, total: 0, unread: 0 };
      entry.total += 1;
      entry.unread += text.isRead ? 0 : 1;
      expected.set(text.remote, entry);
    }
    expect(summaries).toEqual([...expected.values()].sort((a, b) => (a.remote < b.remote ? -1 : 1)));
  }
}

/**
 * expectConverged for a cache some other process (the CLI, a service) wrote: the numbers are
 * read from the cache itself, matched to the server's by provider id.
 */
export function expectCacheEqualsServer(db: Database, server: DemoServer): void {
  const numbers = db.prepare(`SELECT id, provider_id AS providerId FROM numbers WHERE status = 'active' ORDER BY id`).all() as {
    id: number;
    providerId: string;
  }[];
  expect(numbers.map((n) => n.providerId).sort()).toEqual(server.numbers().map((n) => n.id).sort());
  expectConverged({ server, db, numbers } as unknown as Harness);
}

/** Opens a cache file another process owns, read-only, for inspection. */
export function openCacheReadOnly(path: string): Database {
  return openDatabase(path, { readonly: true });
}
