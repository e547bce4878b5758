import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openScratchCache } from '../support/fixtures';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { noOverrides } from '../../electron/core/cache/outbox';
import { ensureConversation } from '../../electron/core/cache/conversations';
import { findPendingSendFor, getSendForMessage, insertSend, listSends, unsentMessageIds } from '../../electron/core/cache/sends';
import { inboundReadStates, lastOutboundMs, markMessageRead } from '../../electron/core/cache/syncedMessages';
import { liveProviderIds } from '../../electron/core/cache/messages';
import type { RemoteMessage } from '../../electron/core/providers/types';

/**
 * The statements a sync runs for every text (the merge and what it reads) must not walk the
 * texts: each is a lookup by key or a walk of one small table. SQLite picks a plan from what it
 * knows of the tables, and that changes once a cache has statistics (ANALYZE, PRAGMA optimize):
 * with them, looking for a pending send by conversation once walked every text of a large cache
 * (200 ms a text at a million) because the planner put messages before the outbox. So every
 * statement the path prepares is captured with the values it ran with, and its plan is read
 * without statistics and with them.
 */

interface Captured {
  sql: string;
  args: unknown[];
}

const captured = new Map<string, Captured>();
let prepareUncaptured: (sql: string) => { all: (...args: unknown[]) => unknown[] };

/** Records each statement prepared on `db` and the values of its last run. */
function capture(target: Database): void {
  const prepare = target.prepare.bind(target);
  prepareUncaptured = prepare as typeof prepareUncaptured;
  (target as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    const statement = prepare(sql);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        captured.set(sql, { sql, args });
        return original(...args);
      };
    }
    return statement;
  };
}

const party = (i: number) => `+1555300${String(i).padStart(4, '0')}`;

function text(i: number, overrides: Partial<RemoteMessage> = {}): RemoteMessage {
  const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  return {
    id: `text-${i}`,
    direction: i % 3 === 0 ? 'outbound' : 'inbound',
    localPhoneNumber: '+15550001000',
    remotePhoneNumber: party(i % 20),
    text: `message number ${i} about the invoice`,
    type: i % 10 === 0 ? 'mms' : 'sms',
    media: i % 10 === 0 ? [{ contentType: 'image/jpeg', size: 1000, url: `https://media.example/${i}` }] : [],
    isRead: i % 7 !== 0,
    status: 'active',
    createdAt,
    updatedAt: createdAt,
    conversationId: null,
    deliveryStatus: null,
    ...overrides,
  };
}

const caches: (() => void)[] = [];
afterAll(() => caches.forEach((close) => close()));

/**
 * A cache of 3,000 texts in 20 conversations, then (`analyze`) its statistics, taken as a
 * user's cache has them: before its outbox ever held a row. Statements are captured from then on.
 */
function cacheWithTexts(analyze: boolean): Database {
  const cache = openScratchCache();
  caches.push(cache.close);
  const { db, scope } = cache;
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) applyRemoteMessage(db, scope, text(i), noOverrides);
  })();
  if (analyze) db.exec('ANALYZE');
  captured.clear();
  capture(db);
  return db;
}

/** What a sync does per text, and the reads the providers' strategies add. */
function runSyncPath(db: Database): void {
  const scope = { accountId: 1, numberId: 1 };
  insertSend(db, { ...scope, conversationId: ensureConversation(db, scope.numberId, party(1)), recipient: party(1), body: 'On my way' });
  db.transaction(() => {
    const base = 10_000;
    applyRemoteMessage(db, scope, text(base + 1), noOverrides); // new inbound
    applyRemoteMessage(db, scope, text(base + 3, { direction: 'outbound', text: 'On my way' }), noOverrides); // new outbound: adopts the pending send
    applyRemoteMessage(db, scope, text(base + 6, { direction: 'outbound', clientRef: 'no-such-ref' }), noOverrides);
    applyRemoteMessage(db, scope, text(5, { isRead: true, deliveryStatus: 'delivered' }), noOverrides); // changed
    applyRemoteMessage(db, scope, text(8), noOverrides); // unchanged
    applyRemoteMessage(db, scope, text(10, { media: [{ contentType: 'image/png', size: 5, url: 'https://media.example/renewed' }] }), noOverrides);
    applyRemoteMessage(db, scope, text(11, { status: 'deleted' }), noOverrides); // deleted on the server
    const conversationId = ensureConversation(db, scope.numberId, party(2));
    findPendingSendFor(db, { conversationId, createdMs: Date.UTC(2025, 0, 2) }, () => true);
    markMessageRead(db, 7);
    inboundReadStates(db, conversationId);
    lastOutboundMs(db, scope.numberId, party(2));
    liveProviderIds(db, conversationId);
    unsentMessageIds(db, conversationId);
    listSends(db, scope.numberId);
    getSendForMessage(db, 1);
  })();
}

/** The plan lines of every captured statement that walk the texts (a scan of messages, by any index). */
function scansOfMessages(): string[] {
  const scans: string[] = [];
  for (const { sql, args } of captured.values()) {
    if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql)) continue; // pragmas and the like have no plan
    const plan = prepareUncaptured(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
    for (const { detail } of plan) {
      if (/^SCAN (m|messages)\b/.test(detail)) scans.push(`${detail}  ←  ${sql.replace(/\s+/g, ' ').trim()}`);
    }
  }
  return scans;
}

describe('the sync path’s statements and the planner', () => {
  it('walk no texts in a cache without statistics', () => {
    runSyncPath(cacheWithTexts(false));
    expect(captured.size).toBeGreaterThan(10);
    expect(scansOfMessages()).toEqual([]);
  });

  it('walk no texts once the cache has statistics (ANALYZE)', () => {
    runSyncPath(cacheWithTexts(true));
    expect(captured.size).toBeGreaterThan(10);
    expect(scansOfMessages()).toEqual([]);
  });
});
