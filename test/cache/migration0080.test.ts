import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { ensureConversation, getConversation } from '../../electron/core/cache/conversations';
import { getMessage } from '../../electron/core/cache/messages';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { migrations } from '../../electron/core/cache/migrations';
import { getNumber, upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { claimNextSend, insertSend, listSends, settleSend } from '../../electron/core/cache/sends';
import { remoteText } from '../support/fixtures';

const plan = (db: Sqlite.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');

function cacheWithOneConversation(): { db: Sqlite.Database; accountId: number; numberId: number; conversationId: number } {
  const db = new Sqlite(':memory:');
  migrate(db);
  const account = insertAccount(db, { provider: 'inkbox', label: 'A', baseUrl: 'x' });
  const numberId = upsertNumber(db, account.id, { providerId: 'n', phoneNumber: '+15550001000' });
  const conversationId = ensureConversation(db, numberId, '+15551234567');
  return { db, accountId: account.id, numberId, conversationId };
}

describe('migration 0080-sends', () => {
  it('adds sends, drafts and sendBlockedReason to an existing cache without touching its texts', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 60));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'A', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, 'n', '+15550001000');
             INSERT INTO conversations (number_id, remote) VALUES (1, '+15551234567');
             INSERT INTO messages (id, account_id, number_id, conversation_id, provider_id, direction, body, type, is_read, created_at, updated_at, created_ms)
             VALUES (1024, 1, 1, 1, 'p1', 'inbound', 'hello', 'sms', 0, 't', 't', 1);`);
    migrate(db, migrations.filter((m) => m.version <= 80));
    expect(db.pragma('user_version', { simple: true })).toBe(80);
    // The repositories read today's schema: the later migrations run before they are asked.
    migrate(db);
    expect(getMessage(db, 1024)).toMatchObject({ text: 'hello', send: null });
    expect(getConversation(db, 1)).toMatchObject({ draft: null, totalCount: 1 });
    expect(getNumber(db, 1)).toMatchObject({ sendBlockedReason: null });
    expect(db.prepare(`SELECT count(*) AS n FROM outbox_sends`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('writes a text and its send in one go; the text is in the thread, the counts and search at once', () => {
    const { db, accountId, numberId, conversationId } = cacheWithOneConversation();
    const send = insertSend(db, { accountId, numberId, conversationId, recipient: '+15551234567', body: 'See you at noon' }, Date.UTC(2026, 5, 1));
    expect(getMessage(db, send.messageId)).toMatchObject({
      direction: 'outbound',
      isRead: true,
      providerId: `local:${send.clientRef}`,
      send: { state: 'queued', reason: null, nextAttemptAt: null, attempts: 0 },
    });
    expect(getConversation(db, conversationId)).toMatchObject({ totalCount: 1, latestText: 'See you at noon', latestDirection: 'outbound' });
    expect(db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'noon'`).all()).toEqual([{ rowid: send.messageId }]);
    db.close();
  });

  it('lets one claimer take a send; a claim whose owner is gone is taken again as one to check first', () => {
    const { db, accountId, numberId, conversationId } = cacheWithOneConversation();
    insertSend(db, { accountId, numberId, conversationId, recipient: '+15551234567', body: 'x' });
    const alive = new Set(['a']);
    const isOwnerAlive = (owner: string) => alive.has(owner);
    const first = claimNextSend(db, numberId, { owner: 'a', now: 1_000, isOwnerAlive });
    expect(first).toMatchObject({ checkFirst: false, send: { state: 'sending', attempts: 1, firstSentAt: 1_000 } });
    expect(claimNextSend(db, numberId, { owner: 'b', now: 1_001, isOwnerAlive })).toBeNull();
    alive.delete('a');
    const second = claimNextSend(db, numberId, { owner: 'b', now: 1_002, isOwnerAlive });
    expect(second).toMatchObject({ checkFirst: true, send: { attempts: 2, firstSentAt: 1_000 } });
    settleSend(db, second!.send.id, { state: 'queued', reason: 'wait', nextAttemptAt: 5_000, notBefore: 5_000 });
    // A rate limit's reset holds even when the user asks to try now.
    expect(claimNextSend(db, numberId, { owner: 'b', now: 2_000, ignoreBackoff: true, isOwnerAlive })).toBeNull();
    expect(claimNextSend(db, numberId, { owner: 'b', now: 5_000, isOwnerAlive })?.checkFirst).toBe(true);
    db.close();
  });

  it('adopts a pending text when sync brings the server copy, and never a text still waiting its first try', () => {
    const { db, accountId, numberId, conversationId } = cacheWithOneConversation();
    const waiting = insertSend(db, { accountId, numberId, conversationId, recipient: '+15551234567', body: 'Same words' }, 10_000);
    const server = remoteText({ id: 'srv-1', direction: 'outbound', remotePhoneNumber: '+15551234567', text: 'Same words', createdAt: new Date(20_000).toISOString() });
    expect(applyRemoteMessage(db, { accountId, numberId }, server, noOverrides).kind).toBe('inserted');
    expect(listSends(db)).toHaveLength(1);

    const inFlight = insertSend(db, { accountId, numberId, conversationId, recipient: '+15551234567', body: 'Other words' }, 30_000);
    claimNextSend(db, numberId, { owner: 'a', now: 30_000, only: inFlight.id, isOwnerAlive: () => true });
    const copy = remoteText({ id: 'srv-2', direction: 'outbound', remotePhoneNumber: '+15551234567', text: 'Other words', createdAt: new Date(30_500).toISOString() });
    expect(applyRemoteMessage(db, { accountId, numberId }, copy, noOverrides)).toMatchObject({ id: inFlight.messageId });
    expect(getMessage(db, inFlight.messageId)).toMatchObject({ providerId: 'srv-2', send: null });
    expect(listSends(db).map((s) => s.id)).toEqual([waiting.id]);
    expect(getConversation(db, conversationId)!.totalCount).toBe(3);
    db.close();
  });

  it('adopts the server copy even when the server changed line endings or surrounding space', () => {
    const { db, accountId, numberId, conversationId } = cacheWithOneConversation();
    const send = insertSend(db, { accountId, numberId, conversationId, recipient: '+15551234567', body: 'Two\nlines' }, 10_000);
    claimNextSend(db, numberId, { owner: 'a', now: 10_000, isOwnerAlive: () => false });
    const copy = remoteText({ id: 'srv-9', direction: 'outbound', remotePhoneNumber: '+15551234567', text: ' Two\r\nlines\n', createdAt: new Date(10_200).toISOString() });
    expect(applyRemoteMessage(db, { accountId, numberId }, copy, noOverrides)).toMatchObject({ id: send.messageId });
    expect(listSends(db)).toEqual([]);
    db.close();
  });

  it('reads sends by index: the thread join, the claim and the adoption look-up', () => {
    const { db } = cacheWithOneConversation();
    expect(plan(db, `SELECT s.state FROM messages m LEFT JOIN outbox_sends s ON s.message_id = m.id WHERE m.id = 1`)).toMatch(
      /SEARCH s USING INDEX sqlite_autoindex_outbox_sends_1 \(message_id=\?\)/,
    );
    expect(plan(db, `SELECT * FROM outbox_sends WHERE number_id = ? AND state IN ('queued', 'unknown', 'sending') ORDER BY id`, 1)).toMatch(
      /outbox_sends_due \(number_id=\?\)/,
    );
    expect(plan(db, `SELECT * FROM outbox_sends WHERE client_ref = ?`, 'x')).toMatch(/sqlite_autoindex_outbox_sends_2 \(client_ref=\?\)/);
    db.close();
  });
});
