import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { getConversation, listConversations, listPinnedConversations, setArchived, setPinned } from '../../electron/core/cache/conversations';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { migrations } from '../../electron/core/cache/migrations';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { remoteText } from '../support/fixtures';

function cacheWithThree() {
  const db = new Sqlite(':memory:');
  migrate(db);
  const account = insertAccount(db, { provider: 'inkbox', label: 'A', baseUrl: 'x' });
  const numberId = upsertNumber(db, account.id, { providerId: 'n', phoneNumber: '+15550001000' });
  const scope = { accountId: account.id, numberId };
  const ids = ['+15551110001', '+15551110002', '+15551110003'].map((remote, i) => {
    const text = remoteText({ remotePhoneNumber: remote, createdAt: new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString() });
    return getConversationId(db, applyRemoteMessage(db, scope, text, noOverrides).id!);
  });
  return { db, scope, ids };
}

function getConversationId(db: Sqlite.Database, messageId: number): number {
  return (db.prepare('SELECT conversation_id AS id FROM messages WHERE id = ?').get(messageId) as { id: number }).id;
}

describe('migration 0090-conversation-state', () => {
  it('adds pin and archive to an existing cache, every conversation unpinned and in the inbox', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 60));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'A', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, 'n', '+15550001000');
             INSERT INTO conversations (number_id, remote, muted) VALUES (1, '+15551234567', 1);`);
    migrate(db);
    expect(db.prepare(`SELECT muted, pinned_at, archived_at FROM conversations`).get()).toEqual({ muted: 1, pinned_at: null, archived_at: null });
    expect(getConversation(db, 1)).toMatchObject({ muted: true, pinned: false, archived: false });
    db.close();
  });

  it('lists pinned conversations apart, in the order they were pinned, and leaves them out of the paged rest', () => {
    const { db, ids } = cacheWithThree();
    setPinned(db, ids[0]!, true, 2000);
    setPinned(db, ids[1]!, true, 1000);
    expect(listPinnedConversations(db, {}).map((c) => c.id)).toEqual([ids[1], ids[0]]);
    expect(listConversations(db, { limit: 10, excludePinned: true }).map((c) => c.id)).toEqual([ids[2]]);
    // Pinning again keeps the first place it was given.
    setPinned(db, ids[1]!, true, 3000);
    expect(listPinnedConversations(db, {}).map((c) => c.id)).toEqual([ids[1], ids[0]]);
    db.close();
  });

  it('moves an archived conversation to the Archived view and unpins it', () => {
    const { db, ids } = cacheWithThree();
    setPinned(db, ids[0]!, true);
    setArchived(db, ids[0]!, true);
    expect(listConversations(db, { limit: 10 }).map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(listConversations(db, { limit: 10, archived: true }).map((c) => c.id)).toEqual([ids[0]]);
    expect(listPinnedConversations(db, {})).toEqual([]);
    expect(getConversation(db, ids[0]!)).toMatchObject({ archived: true, pinned: false });
    db.close();
  });

  it('brings an archived conversation back on a newer inbound text, not on an older one nor on a reply the user sent', () => {
    const { db, scope, ids } = cacheWithThree();
    const remote = '+15551110001';
    setArchived(db, ids[0]!, true);
    applyRemoteMessage(db, scope, remoteText({ remotePhoneNumber: remote, createdAt: '2025-12-01T00:00:00.000Z' }), noOverrides);
    applyRemoteMessage(db, scope, remoteText({ remotePhoneNumber: remote, direction: 'outbound', createdAt: '2026-02-01T00:00:00.000Z' }), noOverrides);
    expect(getConversation(db, ids[0]!)!.archived).toBe(true);
    applyRemoteMessage(db, scope, remoteText({ remotePhoneNumber: remote, createdAt: '2026-03-01T00:00:00.000Z' }), noOverrides);
    expect(getConversation(db, ids[0]!)!.archived).toBe(false);
    db.close();
  });

  it('answers the inbox list from an index, not a scan of every conversation', () => {
    const { db } = cacheWithThree();
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM conversations WHERE pinned_at IS NOT NULL AND archived_at IS NULL ORDER BY pinned_at`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX conversations_pinned/);
    db.close();
  });
});
