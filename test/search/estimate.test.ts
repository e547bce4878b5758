import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { setConversationRead } from '../../electron/core/cache/messages';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { estimateFilters } from '../../electron/core/search/plan';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { SearchInput } from '../../shared/search';
import { generateText, numbers } from '../../bench/data';
import { scratchDir } from '../support/fixtures';

/**
 * The planner's estimate sums the conversations' counters and keeps the sums per connection
 * until the database changes. Kept too long, a plan would be chosen for a cache that is no
 * longer there: the sums must follow this connection's own writes and another connection's
 * commits (the writer worker and a reader, in the app).
 */

const scratch = scratchDir('textdesk-estimate-');
afterAll(() => scratch.cleanup());
const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const unreadSearch = SearchInput.parse({ query: 'is:unread' });

function texts(db: Database, count: number, from = 0): void {
  const account = (db.prepare(`SELECT id FROM accounts LIMIT 1`).pluck().get() as number | undefined) ?? insertAccount(db, { provider: 'inkbox', label: 'E', baseUrl: 'http://127.0.0.1:1' }).id;
  const scopes = numbers.map((phone, i) => ({ accountId: account, numberId: upsertNumber(db, account, { providerId: `estimate-${i}`, phoneNumber: phone }) }));
  db.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const generated = generateText(i, 1000);
      applyRemoteMessage(db, scopes[generated.numberIndex]!, generated.text, noOverrides);
    }
  })();
}

function truth(db: Database): { total: number; unread: number } {
  return db
    .prepare(`SELECT count(*) AS total, coalesce(sum(m.is_read = 0 AND NOT coalesce(m.id <= c.read_through, 0)), 0) AS unread
              FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.deleted = 0`)
    .get() as { total: number; unread: number };
}

function estimate(db: Database): { total: number; unread: number } {
  const { total, indexed } = estimateFilters(db, unreadSearch, { isRead: false }, []);
  return { total, unread: Math.round(indexed ?? -1) };
}

describe('the planner\'s estimate of the filters', () => {
  it('follows this connection\'s own writes', () => {
    const db = openDatabase(join(scratch.dir, 'own.db'));
    open.push(db);
    texts(db, 300);
    expect(estimate(db)).toEqual(truth(db));
    texts(db, 200, 300);
    expect(estimate(db)).toEqual(truth(db));
    const conversation = db.prepare(`SELECT id FROM conversations WHERE unread_count > 0 LIMIT 1`).pluck().get() as number;
    setConversationRead(db, conversation, true);
    expect(estimate(db)).toEqual(truth(db));
    expect(truth(db).total).toBe(500);
  });

  it('follows what another connection commits', () => {
    const path = join(scratch.dir, 'two.db');
    const writer = openDatabase(path);
    open.push(writer);
    texts(writer, 300);
    const reader = openDatabase(path);
    open.push(reader);
    expect(estimate(reader)).toEqual(truth(reader));
    texts(writer, 200, 300);
    expect(estimate(reader)).toEqual(truth(writer));
    const conversation = writer.prepare(`SELECT id FROM conversations WHERE unread_count > 0 LIMIT 1`).pluck().get() as number;
    setConversationRead(writer, conversation, true);
    expect(estimate(reader)).toEqual(truth(writer));
    expect(truth(reader).total).toBe(500);
  });
});
