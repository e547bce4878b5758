import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestVersion, openDatabase, type Database } from '../../electron/core/cache';
import { deleteAccount } from '../../electron/core/cache/accounts';
import { listNumbers, countUnread } from '../../electron/core/cache/numbers';
import { listConversations, getConversation, setMuted } from '../../electron/core/cache/conversations';
import { Visibility, ID_SLOTS, listThread, setConversationRead, setMessageRead, tombstoneMessage, getMessage } from '../../electron/core/cache/messages';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { enqueue, noOverrides, pendingOverrides } from '../../electron/core/cache/outbox';
import { openScratchCache, remoteText } from '../support/fixtures';

let cache: ReturnType<typeof openScratchCache>;
let db: Database;
let scope: { accountId: number; numberId: number };

beforeEach(() => {
  cache = openScratchCache();
  ({ db, scope } = cache);
});

afterEach(() => cache.close());

function search(term: string): number[] {
  return (db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid`).all(term) as { rowid: number }[]).map(
    (row) => row.rowid,
  );
}

describe('the cache', () => {
  it('opens with WAL and foreign keys on and the latest schema version', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
  });

  it('refuses a file that is not a database with a DB error and leaves it untouched', () => {
    const path = join(cache.dir, 'garbage.db');
    writeFileSync(path, 'this is not sqlite at all, just some text that fills a page'.repeat(100));
    expect(() => openDatabase(path)).toThrowError(/damaged or is not a Textdesk database/);
    expect(() => openDatabase(path)).toThrowError(expect.objectContaining({ code: 'DB' }));
  });

  it('refuses a cache written by a newer schema', () => {
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(join(cache.dir, 'cache.db'))).toThrowError(/newer Textdesk/);
    db = openDatabase(':memory:');
  });

  it('gives texts ids that follow their time, whatever order they arrive in', () => {
    const newer = remoteText({ createdAt: '2026-03-01T10:00:00.000Z' });
    const older = remoteText({ createdAt: '2026-02-01T10:00:00.000Z' });
    const sameMs = remoteText({ createdAt: '2026-03-01T10:00:00.000Z' });
    const a = applyRemoteMessage(db, scope, newer, noOverrides).id!;
    const b = applyRemoteMessage(db, scope, older, noOverrides).id!;
    const c = applyRemoteMessage(db, scope, sameMs, noOverrides).id!;
    expect(b).toBeLessThan(a);
    expect(c).toBe(a + 1);
    expect(Math.floor(a / ID_SLOTS)).toBe(Date.parse('2026-03-01T10:00:00.000Z'));
  });

  it('keeps the conversation summary on every write', () => {
    const first = applyRemoteMessage(db, scope, remoteText({ text: 'first', isRead: true }), noOverrides).id!;
    const second = applyRemoteMessage(db, scope, remoteText({ text: 'second', isRead: false }), noOverrides).id!;
    const [conversation] = listConversations(db, { numberId: scope.numberId, limit: 10 });
    expect(conversation).toMatchObject({ remote: '+15551234567', totalCount: 2, unreadCount: 1, latestText: 'second' });

    setMessageRead(db, second, true);
    expect(getConversation(db, conversation!.id)).toMatchObject({ unreadCount: 0, latestMessageId: second });

    tombstoneMessage(db, second, Visibility.Deleted);
    expect(getConversation(db, conversation!.id)).toMatchObject({ totalCount: 1, latestText: 'first', latestMessageId: first });

    tombstoneMessage(db, first, Visibility.Deleted);
    expect(getConversation(db, conversation!.id)).toMatchObject({ totalCount: 0, latestText: null });
    expect(listConversations(db, { numberId: scope.numberId, limit: 10 })).toEqual([]);
  });

  it('indexes text for search and drops deleted and edited-away words from the index', () => {
    const id = applyRemoteMessage(db, scope, remoteText({ text: 'Your appointment at the café', updatedAt: '2026-01-01T00:00:00Z' }), noOverrides).id!;
    expect(search('cafe')).toEqual([id]);
    const edited = remoteText({ text: 'Your booking moved', updatedAt: '2026-01-02T00:00:00Z' });
    db.prepare(`UPDATE messages SET provider_id = ? WHERE id = ?`).run(edited.id, id);
    expect(applyRemoteMessage(db, scope, edited, noOverrides).kind).toBe('changed');
    expect(search('cafe')).toEqual([]);
    expect(search('booking')).toEqual([id]);
    tombstoneMessage(db, id, Visibility.Deleted);
    expect(search('booking')).toEqual([]);
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
  });

  it('never resurrects a tombstone when the server lists the text again', () => {
    const text = remoteText();
    const id = applyRemoteMessage(db, scope, text, noOverrides).id!;
    tombstoneMessage(db, id, Visibility.HiddenLocally);
    expect(applyRemoteMessage(db, scope, { ...text, updatedAt: '2027-01-01T00:00:00Z' }, noOverrides).kind).toBe('unchanged');
    expect(getMessage(db, id)).toBeUndefined();
  });

  it('reports a text seen again with nothing different as unchanged', () => {
    const text = remoteText();
    expect(applyRemoteMessage(db, scope, text, noOverrides).kind).toBe('inserted');
    expect(applyRemoteMessage(db, scope, text, noOverrides).kind).toBe('unchanged');
    expect(applyRemoteMessage(db, scope, { ...text, isRead: true }, noOverrides).kind).toBe('changed');
  });

  it('lets a pending local action win over the server until it is pushed', () => {
    const text = remoteText({ isRead: false });
    const id = applyRemoteMessage(db, scope, text, noOverrides).id!;
    setMessageRead(db, id, true);
    enqueue(db, { numberId: scope.numberId, kind: 'message.read', messageId: id });
    const result = applyRemoteMessage(db, scope, { ...text, isRead: false }, pendingOverrides(db, scope.numberId));
    expect(result.kind).toBe('unchanged');
    expect(getMessage(db, id)?.isRead).toBe(true);
  });

  it('applies a pending conversation read to texts created before it only', () => {
    const old = remoteText({ isRead: false, createdAt: '2026-01-01T00:00:00Z' });
    const oldId = applyRemoteMessage(db, scope, old, noOverrides).id!;
    const conversationId = getMessage(db, oldId)!.conversationId;
    setConversationRead(db, conversationId, true);
    enqueue(db, { numberId: scope.numberId, kind: 'conversation.read', conversationId }, Date.parse('2026-01-02T00:00:00Z'));
    const overrides = pendingOverrides(db, scope.numberId);
    applyRemoteMessage(db, scope, old, overrides);
    const fresh = applyRemoteMessage(db, scope, remoteText({ isRead: false, createdAt: '2026-01-03T00:00:00Z' }), overrides).id!;
    expect(getMessage(db, oldId)?.isRead).toBe(true);
    expect(getMessage(db, fresh)?.isRead).toBe(false);
  });

  it('replaces a queued read with a later unread of the same text', () => {
    const id = applyRemoteMessage(db, scope, remoteText(), noOverrides).id!;
    enqueue(db, { numberId: scope.numberId, kind: 'message.read', messageId: id });
    enqueue(db, { numberId: scope.numberId, kind: 'message.unread', messageId: id });
    const rows = db.prepare(`SELECT kind FROM outbox`).all();
    expect(rows).toEqual([{ kind: 'message.unread' }]);
  });

  it('pages a thread oldest first, older pages by id, and a window around a text', () => {
    const ids = Array.from({ length: 30 }, () => applyRemoteMessage(db, scope, remoteText(), noOverrides).id!);
    const conversationId = getMessage(db, ids[0]!)!.conversationId;
    const latest = listThread(db, conversationId, { limit: 10 });
    expect(latest.messages.map((m) => m.id)).toEqual(ids.slice(20));
    expect(latest).toMatchObject({ hasOlder: true, hasNewer: false });
    const older = listThread(db, conversationId, { limit: 10, before: ids[20] });
    expect(older.messages.map((m) => m.id)).toEqual(ids.slice(10, 20));
    const around = listThread(db, conversationId, { limit: 10, around: ids[15] });
    expect(around.messages.map((m) => m.id)).toEqual(ids.slice(10, 20));
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });
    const first = listThread(db, conversationId, { limit: 10, around: ids[1] });
    expect(first.messages[0]!.id).toBe(ids[0]);
    expect(first.hasOlder).toBe(false);
  });

  it('counts unread per number and for the tray, leaving muted conversations out of the tray', () => {
    applyRemoteMessage(db, scope, remoteText({ remotePhoneNumber: '+15550000001' }), noOverrides);
    const id = applyRemoteMessage(db, scope, remoteText({ remotePhoneNumber: '+15550000002' }), noOverrides).id!;
    expect(listNumbers(db)[0]!.unreadCount).toBe(2);
    setMuted(db, getMessage(db, id)!.conversationId, true);
    expect(countUnread(db)).toBe(1);
  });

  it('removes an account with every number, conversation, text and index entry of it', () => {
    applyRemoteMessage(db, scope, remoteText({ text: 'unique-word' }), noOverrides);
    expect(deleteAccount(db, scope.accountId)).toBe(true);
    for (const table of ['numbers', 'conversations', 'messages', 'outbox']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(search('unique')).toEqual([]);
  });

  it('walks a thread page through the partial index, not a sort', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM messages WHERE conversation_id = 1 AND deleted = 0 AND id < 5 ORDER BY id DESC LIMIT 50`)
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX messages_thread/);
    expect(plan.map((row) => row.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
