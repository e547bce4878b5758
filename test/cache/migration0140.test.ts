import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { setConversationRead } from '../../electron/core/cache/messages';
import { migrations } from '../../electron/core/cache/migrations';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { searchMessages, type SearchPlan } from '../../electron/core/search/search';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { generateText, numbers, remoteOf } from '../../bench/data';

/** Every hit of a newest-first search, page by page. */
function everyHit(db: Database, query: string, plan: SearchPlan): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = searchMessages(db, { query, sort: 'newest', limit: 50, ...(cursor ? { cursor } : {}) }, plan);
    ids.push(...page.hits.map((hit) => hit.message.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
}

const queries = ['you is:unread has:media', 'thanks is:unread', 'is:unread has:image'];

describe('migration 0140-unread-covering', () => {
  it('gives the unread index the columns a filter reads, the hits unchanged', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 130));
    const account = insertAccount(db, { provider: 'inkbox', label: 'A', baseUrl: 'http://127.0.0.1:1' });
    const scopes = numbers.map((phone, i) => ({ accountId: account.id, numberId: upsertNumber(db, account.id, { providerId: `n${i}`, phoneNumber: phone }) }));
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const generated = generateText(i, 3000);
        applyRemoteMessage(db, scopes[generated.numberIndex]!, generated.text, noOverrides);
      }
    })();
    // Some unread texts covered by a conversation's watermark: the index must not count them.
    setConversationRead(db, db.prepare(`SELECT id FROM conversations WHERE remote = ?`).pluck().get(remoteOf(1)) as number, true);
    const before = queries.map((query) => everyHit(db, query, 'words first'));
    expect(before.every((ids) => ids.length > 0)).toBe(true);

    migrate(db, migrations.filter((m) => m.version <= 140));
    expect(db.pragma('user_version', { simple: true })).toBe(140);
    const columns = db.prepare(`SELECT name FROM pragma_index_info('messages_unread_recent') ORDER BY seqno`).pluck().all();
    expect(columns).toEqual(['id', 'has_media', 'conversation_id']);
    for (const plan of ['words first', 'filters first', 'filter set'] as const) {
      expect(queries.map((query) => everyHit(db, query, plan)), plan).toEqual(before);
    }
    // The set of unread texts with media is read from the index alone.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT m.id FROM messages m WHERE m.deleted = 0 AND m.has_media = 1
           AND (m.is_read = 0 AND NOT coalesce(m.id <= (SELECT read_through FROM conversations WHERE id = m.conversation_id), 0))`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail)).toContain('SCAN m USING COVERING INDEX messages_unread_recent');
    db.close();
  });
});
