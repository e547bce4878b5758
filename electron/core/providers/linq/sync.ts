import type { Database } from 'better-sqlite3';
import { conversationSummaries } from '../../cache/conversations';
import { Visibility, liveProviderIds, tombstoneMessage } from '../../cache/messages';
import { getSyncState, saveSyncState } from '../../cache/syncState';
import { getLinqChatCursors, getLinqWatermark, setLinqChatCursor, setLinqWatermark } from '../../cache/syncCursors';
import type { NumberSyncReport, SyncHooks, SyncScope } from '../adapter';
import type { LinqClient } from './client';
import type { LinqChatInfo } from './schemas';
import { toRemoteMessage } from './map';
import { applyPage, type PageOutcome } from '../../sync/apply';
import { recordPage, startReport } from '../../sync/report';

/**
 * Linq's strategy (docs/architecture.md, Sync; docs/providers.md): chats are listed by cursor, most
 * recently updated first, each with its updated_at; messages of a chat by cursor, newest first.
 * Cursors do not drift, so no overlap is needed. Per chat the cache keeps the updated_at it last
 * caught up with (table linq_chats):
 * - head: list chats until one is older than the previous listing's highest updated_at; read
 *   each chat whose updated_at moved (or that is new) from its newest message until a page is
 *   fully known and unchanged. A new chat is read to its end: that is the first, history sync.
 *   Nothing new costs one chat page.
 * - reconcile: Linq moves a chat's updated_at for arrivals only, and has no change feed for
 *   reads, reactions or deletions made elsewhere; every chat is read in full, and live texts the
 *   server no longer lists become tombstones.
 */

export type LinqSource = Pick<LinqClient, 'listChats' | 'listMessages'>;

export interface LinqSyncOptions {
  db: Database;
  client: LinqSource;
  scope: SyncScope;
  hooks?: SyncHooks;
  now?: () => number;
  chatPageSize?: number;
  headPageSize?: number;
  fullPageSize?: number;
}

export async function syncLinqNumber(options: LinqSyncOptions, run: { reconcile: boolean }): Promise<NumberSyncReport> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;
  const firstSync = !getSyncState(db, scope.numberId).historyComplete;
  const full = run.reconcile;
  const report = startReport(firstSync);
  let fetched = 0;
  const record = (outcome: PageOutcome) => {
    fetched += outcome.results.length;
    recordPage(report, outcome, options.hooks);
  };

  const watermark = full ? null : getLinqWatermark(db, scope.numberId);
  const chats = await listChats(client, scope.numberProviderId, options.chatPageSize ?? 100, watermark);
  const known = getLinqChatCursors(db, scope.numberId);
  const phase = full ? 'reconcile' : firstSync ? 'history' : 'head';
  const seen = new Set<string>();

  for (const [index, chat] of chats.entries()) {
    const caughtUp = known.get(chat.id);
    if (!full && caughtUp === chat.updatedAt) continue;
    await syncChat(options, chat, {
      // A chat never read is read to its end; one that moved, until a page is all known.
      untilKnown: !full && caughtUp !== undefined,
      pageSize: full || caughtUp === undefined ? (options.fullPageSize ?? 100) : (options.headPageSize ?? 20),
      seen,
      record,
      now,
    });
    if (caughtUp !== undefined) report.conversationsResynced += 1;
    options.hooks?.onProgress?.(
      full
        ? { numberId: scope.numberId, phase, fetched: index + 1, total: chats.length }
        : { numberId: scope.numberId, phase, fetched, total: null },
    );
  }

  if (full) {
    report.tombstoned = tombstoneUnlisted(db, scope.numberId, seen, options.hooks);
    report.reconciled = true;
  }
  const highest = chats.reduce<string | null>((top, chat) => (top === null || later(chat.updatedAt, top) ? chat.updatedAt : top), null);
  db.transaction(() => {
    const state = getSyncState(db, scope.numberId);
    saveSyncState(db, {
      ...state,
      historyComplete: true,
      historyFetched: state.historyFetched + (firstSync ? report.inserted : 0),
      lastHeadAt: now(),
      lastReconcileAt: full ? now() : state.lastReconcileAt,
      lastError: null,
      lastErrorAt: null,
    });
    const previous = getLinqWatermark(db, scope.numberId);
    if (highest !== null && (previous === null || later(highest, previous))) setLinqWatermark(db, scope.numberId, highest);
  })();
  report.historyComplete = true;
  return report;
}

/**
 * Every chat, or (with a watermark) the chats up to the first page that reaches one older than
 * it: chats only move to the head, so everything after that page is unchanged.
 */
async function listChats(client: LinqSource, from: string, limit: number, watermark: string | null): Promise<LinqChatInfo[]> {
  const byId = new Map<string, LinqChatInfo>();
  let cursor: string | null = null;
  do {
    const page = await client.listChats(from, { cursor, limit });
    for (const chat of page.items) if (!byId.has(chat.id)) byId.set(chat.id, chat);
    if (watermark !== null && page.items.some((chat) => later(watermark, chat.updatedAt))) break;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return [...byId.values()];
}

async function syncChat(
  options: LinqSyncOptions,
  chat: LinqChatInfo,
  how: { untilKnown: boolean; pageSize: number; seen: Set<string>; record: (outcome: PageOutcome) => void; now: () => number },
): Promise<void> {
  const { db, client, scope } = options;
  let cursor: string | null = null;
  for (;;) {
    const fetchedAt = Date.now();
    const page = await client.listMessages(chat.id, { cursor, limit: how.pageSize });
    for (const message of page.items) how.seen.add(message.id);
    const texts = page.items.map((message) => toRemoteMessage(message, chat, scope.numberProviderId));
    let done = page.nextCursor === null;
    const outcome = applyPage(
      db,
      scope,
      texts,
      (applied) => {
        if (how.untilKnown && applied.allKnown) done = true;
        // The chat is caught up once its last needed page is in, in the same transaction.
        if (done) setLinqChatCursor(db, scope.numberId, chat.id, chat.updatedAt);
      },
      how.now(),
      fetchedAt,
    );
    how.record(outcome);
    if (done) return;
    cursor = page.nextCursor;
  }
}

function tombstoneUnlisted(db: Database, numberId: number, seen: Set<string>, hooks?: SyncHooks): number {
  const touched: number[] = [];
  const count = db.transaction(() => {
    let gone = 0;
    for (const conversation of conversationSummaries(db, numberId).values()) {
      let here = 0;
      for (const [providerId, id] of liveProviderIds(db, conversation.id)) {
        if (seen.has(providerId)) continue;
        tombstoneMessage(db, id, Visibility.Deleted);
        here += 1;
      }
      if (here > 0) touched.push(conversation.id);
      gone += here;
    }
    return gone;
  })();
  if (touched.length > 0) hooks?.onChanged?.(touched);
  return count;
}

function later(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}
