import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../electron/core/cache';
import { migrations } from '../../electron/core/cache/migrations';
import { up as sendblueTables } from '../../electron/core/cache/migrations/0040-sendblue';
import { up as linqTables } from '../../electron/core/cache/migrations/0050-linq';
import { up as heymarketTables } from '../../electron/core/cache/migrations/0060-heymarket';
import { insertAccount } from '../../electron/core/cache/accounts';
import { upsertNumber } from '../../electron/core/cache/numbers';
import {
  getHeymarketCursor,
  getLinqChatCursors,
  getLinqWatermark,
  getSendblueCursor,
} from '../../electron/core/cache/syncCursors';
import type { NumberSyncReport, ProviderAdapter } from '../../electron/core/providers/adapter';
import { startSendblueFake } from '../../electron/demo/fakes/sendblue';
import { startLinqFake } from '../../electron/demo/fakes/linq';
import { startHeymarketFake } from '../../electron/demo/fakes/heymarket';
import { createSendblueAdapter } from '../../electron/core/providers/sendblue/adapter';
import { createLinqAdapter } from '../../electron/core/providers/linq/adapter';
import { createHeymarketAdapter } from '../../electron/core/providers/heymarket/adapter';
import type { ProviderKind } from '../../shared/model';
import { scratchDir } from '../support/fixtures';
import { syncEveryNumber } from '../support/syncEveryNumber';

const renamed = [
  ['sendblue_sync', 'sync_cursor_sendblue'],
  ['linq_chats', 'sync_cursor_linq_chats'],
  ['linq_numbers', 'sync_cursor_linq_numbers'],
  ['heymarket_sync_state', 'sync_cursor_heymarket'],
] as const;

function tables(db: Database): Map<string, { strict: number }> {
  const rows = db.prepare(`PRAGMA table_list`).all() as { name: string; strict: number; schema: string }[];
  return new Map(rows.filter((row) => row.schema === 'main').map((row) => [row.name, row]));
}

describe('migration 0130-sync-cursors', () => {
  it('renames the four cursor tables one way, makes them STRICT, and keeps every row', () => {
    const db = new Sqlite(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 120));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('sendblue', 'S', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, '+14155550100', '+14155550100');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, '+14155550101', '+14155550101');
             INSERT INTO sendblue_sync (number_id, updated_cursor) VALUES (1, '2026-05-01T10:00:00.000Z');
             INSERT INTO linq_chats (number_id, chat_id, updated_at) VALUES (1, 'c1', '2026-01-01T00:00:00Z');
             INSERT INTO linq_chats (number_id, chat_id, updated_at) VALUES (2, 'c2', '2026-01-02T00:00:00Z');
             INSERT INTO linq_numbers (number_id, chats_watermark) VALUES (1, '2026-01-02T00:00:00Z');
             INSERT INTO linq_numbers (number_id, chats_watermark) VALUES (2, NULL);
             INSERT INTO heymarket_sync_state (number_id, updated_cursor) VALUES (2, '2026-03-01T12:00:00Z');`);
    migrate(db, migrations.filter((m) => m.version <= 130));
    expect(db.pragma('user_version', { simple: true })).toBe(130);

    const present = tables(db);
    for (const [before, after] of renamed) {
      expect(present.has(before)).toBe(false);
      expect(present.get(after)?.strict).toBe(1);
    }
    expect(getSendblueCursor(db, 1)).toBe('2026-05-01T10:00:00.000Z');
    expect(getSendblueCursor(db, 2)).toBeNull();
    expect(getLinqChatCursors(db, 1)).toEqual(new Map([['c1', '2026-01-01T00:00:00Z']]));
    expect(getLinqChatCursors(db, 2)).toEqual(new Map([['c2', '2026-01-02T00:00:00Z']]));
    expect(getLinqWatermark(db, 1)).toBe('2026-01-02T00:00:00Z');
    expect(getLinqWatermark(db, 2)).toBeNull();
    expect(getHeymarketCursor(db, 2)).toBe('2026-03-01T12:00:00Z');
    expect(getHeymarketCursor(db, 1)).toBeNull();

    // STRICT bites, and the cursors still go with their number.
    expect(() => db.prepare(`INSERT INTO sync_cursor_linq_chats (number_id, chat_id, updated_at) VALUES ('one', 'c', 'x')`).run()).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
    db.exec(`DELETE FROM numbers`);
    for (const [, after] of renamed) expect(db.prepare(`SELECT count(*) FROM ${after}`).pluck().get()).toBe(0);
    db.close();
  });

  describe('a cache synced before the migration', () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    /**
     * Syncs a real cache file from the provider's fake, turns it into the 0120 cache that sync
     * would have left (the old tables, the same rows), reopens it (which runs 0130), and syncs
     * again: the second sync must resume from the cursors, as a sync with nothing new does.
     */
    async function resumeAcrossMigration(
      provider: ProviderKind,
      adapter: ProviderAdapter,
      requestCount: () => number,
      reconcile: boolean,
    ) {
      const scratch = scratchDir();
      const path = join(scratch.dir, 'cache.db');
      let db = openDatabase(path);
      const account = insertAccount(db, { provider, label: provider, baseUrl: 'http://127.0.0.1' });
      const numbers = (await adapter.listNumbers()).map((number) => ({
        id: upsertNumber(db, account.id, { providerId: number.id, phoneNumber: number.number }),
        providerId: number.id,
      }));
      await syncEveryNumber(db, adapter, account.id, numbers, { reconcile });
      const cursorsBefore = cursors(db, numbers);

      db.transaction(() => {
        sendblueTables(db);
        linqTables(db);
        heymarketTables(db);
        for (const [before, after] of renamed) db.exec(`INSERT INTO ${before} SELECT * FROM ${after}; DROP TABLE ${after};`);
        // What the migrations after 0130 add, which a 0120 cache does not have (0140 rebuilds its index itself).
        db.exec(`DROP INDEX messages_by_sender`);
        db.pragma('user_version = 120');
      })();
      const rowsBefore = renamed.map(([before]) => db.prepare(`SELECT count(*) FROM ${before}`).pluck().get() as number);
      db.close();

      db = openDatabase(path);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(renamed.map(([, after]) => db.prepare(`SELECT count(*) FROM ${after}`).pluck().get())).toEqual(rowsBefore);
      expect(cursors(db, numbers)).toEqual(cursorsBefore);

      const before = requestCount();
      const reports: NumberSyncReport[] = await syncEveryNumber(db, adapter, account.id, numbers, { reconcile });
      const database = db;
      close = async () => {
        database.close();
        scratch.cleanup();
      };
      return { reports, requestsPerNumber: (requestCount() - before) / numbers.length, rowsBefore };
    }

    function cursors(db: Database, numbers: readonly { id: number }[]) {
      return numbers.map((number) => ({
        sendblue: getSendblueCursor(db, number.id),
        heymarket: getHeymarketCursor(db, number.id),
        linqChats: [...getLinqChatCursors(db, number.id)],
        linqWatermark: getLinqWatermark(db, number.id),
      }));
    }

    const fastRetries = { retry: { retries: 8, baseDelayMs: 2, maxDelayMs: 20 }, maxRetryAfterMs: 20, timeoutMs: 5_000 };

    it('resumes Sendblue from its update cursor', async () => {
      const fake = await startSendblueFake({ size: 'small' });
      const adapter = createSendblueAdapter({ credentials: fake.credentials, baseUrl: fake.baseUrl, ...fastRetries });
      try {
        const { reports, requestsPerNumber, rowsBefore } = await resumeAcrossMigration('sendblue', adapter, () => fake.requestCount(), true);
        expect(rowsBefore[0]).toBeGreaterThan(0);
        expect(requestsPerNumber).toBeLessThanOrEqual(2);
        expect(reports.every((r) => !r.firstSync && r.inserted === 0 && r.changed === 0)).toBe(true);
      } finally {
        await fake.close();
      }
    });

    it('resumes Linq from its chat cursors and watermark', async () => {
      const fake = await startLinqFake({ size: 'small' });
      const adapter = createLinqAdapter({ credentials: { apiKey: fake.credentials.apiKey }, baseUrl: fake.baseUrl, ...fastRetries });
      try {
        const { reports, requestsPerNumber, rowsBefore } = await resumeAcrossMigration('linq', adapter, () => fake.requestCount(), false);
        expect(rowsBefore[1]).toBeGreaterThan(0);
        expect(rowsBefore[2]).toBeGreaterThan(0);
        expect(requestsPerNumber).toBeLessThanOrEqual(1);
        expect(reports.every((r) => !r.firstSync && r.inserted === 0 && r.changed === 0)).toBe(true);
      } finally {
        await fake.close();
      }
    });

    it('resumes Heymarket from its change cursor', async () => {
      const fake = await startHeymarketFake({ size: 'small' });
      const adapter = createHeymarketAdapter({ credentials: fake.credentials, baseUrl: fake.baseUrl, ...fastRetries });
      try {
        const { reports, requestsPerNumber, rowsBefore } = await resumeAcrossMigration('heymarket', adapter, () => fake.requestCount(), true);
        expect(rowsBefore[3]).toBeGreaterThan(0);
        expect(requestsPerNumber).toBeLessThanOrEqual(3);
        expect(reports.every((r) => r.inserted === 0 && r.changed === 0)).toBe(true);
      } finally {
        await fake.close();
      }
    });
  });
});
