import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../electron/core/cache';
import { getConversation } from '../../electron/core/cache/conversations';
import { Visibility, getMessage, isReadSql, listThread, setConversationRead, setMessageRead, tombstoneMessage, unreadProviderIds } from '../../electron/core/cache/messages';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { migrations } from '../../electron/core/cache/migrations';
import { countUnread } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { searchMessages } from '../../electron/core/search';
import { openScratchCache, remoteText } from '../support/fixtures';

describe('migration 0100-read-watermark', () => {
  it('adds the watermark to an existing cache, its texts and counts unchanged', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 60));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'A', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, 'n', '+15550001000');
             INSERT INTO conversations (number_id, remote) VALUES (1, '+15551234567');`);
    const states = [false, true, false, true, true];
    const insert = db.prepare(
      `INSERT INTO messages (id, account_id, number_id, conversation_id, provider_id, direction, body, type, is_read, created_at, updated_at, created_ms)
       VALUES (?, 1, 1, 1, ?, 'inbound', 'hello', 'sms', ?, 't', 't', ?)`,
    );
    const ids = states.map((isRead, i) => {
      insert.run((i + 1) * 1024, `p${i}`, isRead ? 1 : 0, i + 1);
      return (i + 1) * 1024;
    });
    const scope = { accountId: 1, numberId: 1 };
    const before = db.prepare(`SELECT id, unread_count, total_count FROM conversations`).all();

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.prepare(`SELECT id, unread_count, total_count FROM conversations`).all()).toEqual(before);
    expect(db.prepare(`SELECT read_through FROM conversations`).pluck().all()).toEqual([null]);
    expect(ids.map((id) => getMessage(db, id)!.isRead)).toEqual(states);
    // The rewritten triggers still count: one more unread text, then one read.
    const more = applyRemoteMessage(db, scope, remoteText({ isRead: false }), noOverrides).id!;
    expect(getConversation(db, getMessage(db, more)!.conversationId)).toMatchObject({ unreadCount: 3, totalCount: 6 });
    setMessageRead(db, ids[0]!, true);
    expect(getConversation(db, getMessage(db, more)!.conversationId)).toMatchObject({ unreadCount: 2 });
    db.close();
  });
});

describe('the read-through watermark', () => {
  let cache: ReturnType<typeof openScratchCache>;
  let db: Database;
  let scope: { accountId: number; numberId: number };

  beforeEach(() => {
    cache = openScratchCache();
    ({ db, scope } = cache);
  });
  afterEach(() => cache.close());

  /** Every text's read state and the conversation's counts, recounted from the texts themselves. */
  function snapshot(conversationId: number) {
    const texts = listThread(db, conversationId, { limit: 1000 }).messages.map((m) => [m.id, m.isRead] as const);
    const recount = db
      .prepare(
        `SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.conversation_id = ? AND m.deleted = 0 AND NOT ${isReadSql()}`,
      )
      .pluck()
      .get(conversationId) as number;
    const conversation = getConversation(db, conversationId)!;
    expect(conversation.unreadCount).toBe(recount);
    expect(conversation.unreadCount).toBe(texts.filter(([, isRead]) => !isRead).length);
    return { texts: new Map(texts), unread: conversation.unreadCount };
  }

  function conversationOf(id: number): number {
    return getMessage(db, id)!.conversationId;
  }

  it('marks a whole conversation read by moving one watermark, every text reading as read', () => {
    const texts = Array.from({ length: 40 }, (_, i) => remoteText({ isRead: i % 3 === 0, direction: i % 5 === 0 ? 'outbound' : 'inbound', text: `invoice ${i}` }));
    const ids = texts.map((text) => applyRemoteMessage(db, scope, text, noOverrides).id!);
    const conversationId = conversationOf(ids[0]!);
    const unreadBefore = snapshot(conversationId).unread;
    expect(unreadBefore).toBeGreaterThan(0);

    expect(setConversationRead(db, conversationId, true)).toBe(unreadBefore);
    // One row written: the texts' own is_read is untouched, the watermark covers them.
    expect(db.prepare(`SELECT count(*) FROM messages WHERE conversation_id = ? AND is_read = 0`).pluck().get(conversationId)).toBe(unreadBefore);
    const after = snapshot(conversationId);
    expect(after.unread).toBe(0);
    expect([...after.texts.values()].every(Boolean)).toBe(true);
    expect(countUnread(db)).toBe(0);
    expect(unreadProviderIds(db, scope.numberId).size).toBe(0);
    expect(searchMessages(db, { query: 'invoice is:unread', sort: 'newest', limit: 50 }).hits).toHaveLength(0);
    expect(searchMessages(db, { query: 'invoice is:read', sort: 'newest', limit: 50 }).hits).toHaveLength(40);
    expect(setConversationRead(db, conversationId, true)).toBe(0);
  });

  it('marks the latest inbound text unread under the watermark, the others staying read', () => {
    const ids = Array.from({ length: 12 }, (_, i) => applyRemoteMessage(db, scope, remoteText({ isRead: i % 2 === 0 }), noOverrides).id!);
    const outbound = applyRemoteMessage(db, scope, remoteText({ direction: 'outbound', isRead: true }), noOverrides).id!;
    const conversationId = conversationOf(ids[0]!);
    setConversationRead(db, conversationId, true);

    expect(setConversationRead(db, conversationId, false)).toBe(1);
    const { texts, unread } = snapshot(conversationId);
    expect(unread).toBe(1);
    expect(texts.get(ids.at(-1)!)).toBe(false);
    expect(ids.slice(0, -1).every((id) => texts.get(id))).toBe(true);
    expect(texts.get(outbound)).toBe(true);
    expect([...unreadProviderIds(db, scope.numberId).values()]).toEqual([ids.at(-1)]);
    expect(searchMessages(db, { query: 'is:unread', sort: 'newest', limit: 50 }).hits.map((h) => h.message.id)).toEqual([ids.at(-1)]);
  });

  it('marks one old text unread: only it turns unread, and marking it read again restores the count', () => {
    const ids = Array.from({ length: 10 }, () => applyRemoteMessage(db, scope, remoteText({ isRead: false }), noOverrides).id!);
    const conversationId = conversationOf(ids[0]!);
    setConversationRead(db, conversationId, true);
    setMessageRead(db, ids[2]!, false);
    let { texts, unread } = snapshot(conversationId);
    expect(unread).toBe(1);
    expect(ids.filter((id) => !texts.get(id))).toEqual([ids[2]]);
    setMessageRead(db, ids[2]!, true);
    ({ texts, unread } = snapshot(conversationId));
    expect(unread).toBe(0);
  });

  it('lets the server mark a covered text unread, and takes new texts above the watermark as they come', () => {
    const texts = Array.from({ length: 8 }, () => remoteText({ isRead: false }));
    const ids = texts.map((text) => applyRemoteMessage(db, scope, text, noOverrides).id!);
    const conversationId = conversationOf(ids[0]!);
    setConversationRead(db, conversationId, true);

    // Seen again, read as the server now says: unchanged.
    expect(applyRemoteMessage(db, scope, { ...texts[1]!, isRead: true }, noOverrides).kind).toBe('unchanged');
    // Marked unread elsewhere: the server's word.
    expect(applyRemoteMessage(db, scope, { ...texts[3]!, isRead: false, updatedAt: '2027-01-01T00:00:00Z' }, noOverrides).kind).toBe('changed');
    const fresh = applyRemoteMessage(db, scope, remoteText({ isRead: false }), noOverrides).id!;
    // An older text arriving late (history) that the server says is unread.
    const late = applyRemoteMessage(db, scope, remoteText({ isRead: false, createdAt: '2025-06-01T00:00:00Z' }), noOverrides).id!;
    const { texts: states, unread } = snapshot(conversationId);
    expect(unread).toBe(3);
    expect(ids.filter((id) => !states.get(id))).toEqual([ids[3]]);
    expect(states.get(fresh)).toBe(false);
    expect(states.get(late)).toBe(false);
  });

  it('keeps the counts when covered and uncovered texts are deleted', () => {
    const ids = Array.from({ length: 6 }, () => applyRemoteMessage(db, scope, remoteText({ isRead: false }), noOverrides).id!);
    const conversationId = conversationOf(ids[0]!);
    setConversationRead(db, conversationId, true);
    const fresh = applyRemoteMessage(db, scope, remoteText({ isRead: false }), noOverrides).id!;
    tombstoneMessage(db, ids[1]!, Visibility.Deleted);
    expect(snapshot(conversationId).unread).toBe(1);
    tombstoneMessage(db, fresh, Visibility.Deleted);
    expect(snapshot(conversationId).unread).toBe(0);
    db.prepare(`DELETE FROM messages WHERE id = ?`).run(ids[2]);
    expect(snapshot(conversationId)).toMatchObject({ unread: 0 });
    expect(getConversation(db, conversationId)!.totalCount).toBe(4);
  });
});
