import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { Visibility, tombstoneMessage } from '../../electron/core/cache/messages';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { migrations } from '../../electron/core/cache/migrations';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { remoteText } from '../support/fixtures';

let db: Database;
afterEach(() => db.close());

function cacheAtVersion10(): { db: Database; scope: { accountId: number; numberId: number } } {
  const handle = new Sqlite(':memory:');
  handle.pragma('foreign_keys = ON');
  migrate(handle, migrations.filter((m) => m.version <= 10));
  const account = insertAccount(handle, { provider: 'inkbox', label: 'Test', baseUrl: 'http://127.0.0.1:1' });
  const numberId = upsertNumber(handle, account.id, { providerId: 'num-1', phoneNumber: '+15550001000' });
  return { db: handle, scope: { accountId: account.id, numberId } };
}

/** A text as schema 10 stored it: today's repositories write columns later migrations add. */
function insertAtVersion10(handle: Database, scope: { accountId: number; numberId: number }, body: string, at: number): number {
  const conversation = handle
    .prepare(`INSERT INTO conversations (number_id, remote) VALUES (?, '+15551234567')
              ON CONFLICT (number_id, remote) DO UPDATE SET remote = excluded.remote RETURNING id`)
    .pluck()
    .get(scope.numberId) as number;
  const id = at * 1024;
  handle
    .prepare(
      `INSERT INTO messages (id, account_id, number_id, conversation_id, provider_id, direction, body, type, is_read,
                             created_at, updated_at, created_ms)
       VALUES (?, ?, ?, ?, ?, 'inbound', ?, 'sms', 0, ?, ?, ?)`,
    )
    .run(id, scope.accountId, scope.numberId, conversation, `p-${id}`, body, new Date(at).toISOString(), new Date(at).toISOString(), at);
  return id;
}

const trigram = (term: string) =>
  (db.prepare(`SELECT rowid FROM messages_trigram WHERE messages_trigram MATCH ? ORDER BY rowid`).all(`"${term}"`) as { rowid: number }[]).map((r) => r.rowid);

const plan = (sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('\n');

describe('migration 0020-search', () => {
  it('indexes the live texts of an existing cache for substrings, leaving tombstones out', () => {
    const old = cacheAtVersion10();
    db = old.db;
    const live = insertAtVersion10(db, old.scope, 'appointment at 東京駅', Date.UTC(2026, 0, 1));
    const gone = insertAtVersion10(db, old.scope, 'disappointment', Date.UTC(2026, 0, 2));
    db.prepare(`UPDATE messages SET deleted = 1, body = NULL WHERE id = ?`).run(gone);
    migrate(db, migrations.filter((m) => m.version <= 20));
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(trigram('ointment')).toEqual([live]);
    expect(trigram('東京駅')).toEqual([live]);
    db.exec(`INSERT INTO messages_trigram (messages_trigram, rank) VALUES ('integrity-check', 1)`);
  });

  it('keeps the trigram index in step with inserts, edits, tombstones and deletes', () => {
    const fresh = cacheAtVersion10();
    db = fresh.db;
    migrate(db);
    const text = remoteText({ text: 'before edit', updatedAt: '2026-01-01T00:00:00Z' });
    const id = applyRemoteMessage(db, fresh.scope, text, noOverrides).id!;
    const media = applyRemoteMessage(db, fresh.scope, remoteText({ text: null, type: 'mms', media: [{ contentType: 'image/png', size: 1, url: 'http://x' }] }), noOverrides).id!;
    applyRemoteMessage(db, fresh.scope, { ...text, text: 'after change', updatedAt: '2026-01-02T00:00:00Z' }, noOverrides);
    expect(trigram('fore')).toEqual([]);
    expect(trigram('fter chan')).toEqual([id]);
    tombstoneMessage(db, id, Visibility.HiddenLocally);
    expect(trigram('fter chan')).toEqual([]);
    db.prepare(`DELETE FROM messages WHERE id = ?`).run(media);
    db.exec(`INSERT INTO messages_trigram (messages_trigram, rank) VALUES ('integrity-check', 1)`);
  });

  it('pads texts so that a one- or two-character term at the very end begins an indexed trigram', () => {
    const fresh = cacheAtVersion10();
    db = fresh.db;
    migrate(db);
    applyRemoteMessage(db, fresh.scope, remoteText({ text: '私は東京' }), noOverrides);
    const terms = db.prepare(`SELECT term FROM messages_trigram_terms WHERE term >= '京' AND term < '京\u{10FFFF}'`).pluck().all();
    expect(terms).toEqual(['京\n\n']);
  });

  it('plans the hot search queries through the indexes, without sorting in newest order', () => {
    const fresh = cacheAtVersion10();
    db = fresh.db;
    migrate(db);
    const newest = plan(`SELECT f.rowid AS id FROM messages_fts f JOIN messages m ON m.id = f.rowid
                          WHERE f.messages_fts MATCH 'a' AND m.is_read = 0 AND f.rowid < 99 ORDER BY id DESC LIMIT 50`);
    expect(newest).toMatch(/SCAN f VIRTUAL TABLE/);
    expect(newest).toMatch(/SEARCH m USING INTEGER PRIMARY KEY/);
    expect(newest).not.toMatch(/TEMP B-TREE/);
    const substring = plan(`SELECT rowid FROM messages_trigram WHERE messages_trigram MATCH 'abc' ORDER BY rowid DESC LIMIT 50`);
    expect(substring).toMatch(/VIRTUAL TABLE/);
    expect(substring).not.toMatch(/TEMP B-TREE/);
    const party = plan(`SELECT m.id FROM messages m WHERE m.deleted = 0 AND m.direction = 'inbound'
                         AND m.conversation_id IN (SELECT id FROM conversations WHERE remote = '+15551234567') ORDER BY m.id DESC LIMIT 50`);
    expect(party).toMatch(/conversations_by_remote/);
    expect(party).toMatch(/messages_thread/);
  });
});

describe('search plans', () => {
  it('walks a small conversation through its thread index, checking texts against the matches', () => {
    db = new Sqlite(':memory:');
    migrate(db);
    const detail = plan(`SELECT m.id AS id FROM messages m WHERE m.deleted = 0
                          AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'a') AND m.conversation_id = 5
                          ORDER BY id DESC LIMIT 51`);
    expect(detail).toMatch(/messages_thread/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
