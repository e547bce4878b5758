import type { Database } from 'better-sqlite3';
import { AppError } from '../../../../shared/errors';
import { getSyncState, saveSyncState, type SyncState } from '../../cache/syncState';
import { getSendblueCursor, setSendblueCursor } from '../../cache/syncCursors';
import type { NumberSyncReport, SyncHooks, SyncScope } from '../adapter';
import type { MessagePage, SendblueClient } from './client';
import type { RemoteMessage } from '../types';
import { applyPage, type PageOutcome } from '../../sync/apply';
import { recordPage, startReport } from '../../sync/report';

/**
 * Sendblue's strategy (docs/providers.md): one offset-paged list of messages with created/updated
 * filters, no read state and no delete. So:
 *
 * 1. History, once: the line's messages ordered by createdAt ascending, by offset. New messages
 *    land at the end of that order, so arrivals never shift a page; pages still overlap by one
 *    message and a page that no longer holds the last message reached steps back (a message
 *    vanishing server-side would shift offsets). Resumable from sync_state after a kill.
 * 2. Increments, every sync: messages with date_updated at or after the cursor (minus a small
 *    overlap), ordered by updatedAt ascending, paged by keyset: the next page asks from the
 *    last date_updated seen, skipping only the messages already seen at exactly that instant.
 *    A message updated mid-walk moves behind the walk and is met again, so nothing is skipped;
 *    duplicates are de-duplicated by message_handle. Nothing new costs one request.
 *
 * The cursor is set to the newest date_updated on the server before the history walk begins,
 * so status changes made during a long walk are read by the first increment.
 */

export interface SendblueSyncOptions {
  db: Database;
  client: Pick<SendblueClient, 'listMessages'>;
  scope: SyncScope;
  hooks?: SyncHooks;
  now?: () => number;
  pageSize?: number;
  /** How far before the cursor increments start, for servers whose clocks write out of order. */
  overlapMs?: number;
}

const EPOCH = '1970-01-01T00:00:00.000Z';
const MAX_BACKSTEPS = 20;

export async function syncSendblueNumber(options: SendblueSyncOptions, _run: { reconcile: boolean }): Promise<NumberSyncReport> {
  const { db, scope } = options;
  const initial = getSyncState(db, scope.numberId);
  // Nothing to reconcile: Sendblue has no read state and no delete, and date_updated covers the rest.
  const report = startReport(!initial.historyComplete);
  const record = (outcome: PageOutcome) => recordPage(report, outcome, options.hooks);

  if (!initial.historyComplete) {
    if (getSendblueCursor(db, scope.numberId) === null) {
      const newest = await options.client.listMessages({
        sendblueNumber: scope.numberProviderId,
        orderBy: 'updatedAt',
        orderDirection: 'desc',
        limit: 1,
        offset: 0,
      });
      setSendblueCursor(db, scope.numberId, newest.texts[0]?.updatedAt ?? EPOCH);
    }
    await syncHistory(options, record);
  }
  await syncIncrements(options, record);
  report.historyComplete = true;
  return report;
}

async function syncHistory(options: SendblueSyncOptions, record: (outcome: PageOutcome) => void): Promise<void> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;
  const limit = options.pageSize ?? 500;
  let state: SyncState = getSyncState(db, scope.numberId);
  let backsteps = 0;
  for (;;) {
    const cursor = state.historyCursor;
    // One message of overlap: the page must start with (or at least hold) the last one reached.
    const offset = cursor ? Math.max(0, state.historyOffset - 1) : state.historyOffset;
    const fetchedAt = Date.now();
    const page = await client.listMessages({
      sendblueNumber: scope.numberProviderId,
      orderBy: 'createdAt',
      orderDirection: 'asc',
      limit,
      offset,
    });
    if (cursor && offset > 0 && !page.texts.some((text) => text.id === cursor.id)) {
      backsteps += 1;
      if (backsteps > MAX_BACKSTEPS) {
        throw new AppError('NETWORK', 'Sendblue kept changing while Textdesk read it; the sync will try again.');
      }
      state = { ...state, historyOffset: Math.max(0, offset - Math.max(1, limit - 1)) };
      continue;
    }
    backsteps = 0;
    const last = isLastPage(page, limit);
    const newest = page.texts[page.texts.length - 1];
    const outcome = applyPage(
      db,
      scope,
      // Sendblue keeps no read state: history arrives read, so only texts that come after the
      // first sync are unread (a client showing years of texts as unread helps nobody).
      page.texts.map((text) => ({ ...text, isRead: text.isRead ?? true })),
      (applied) => {
        state = {
          ...state,
          historyOffset: offset + page.received,
          historyCursor: newest ? { createdAt: newest.createdAt, id: newest.id } : state.historyCursor,
          historyFetched: state.historyFetched + applied.inserted,
          historyComplete: last,
          lastHeadAt: last ? now() : state.lastHeadAt,
        };
        saveSyncState(db, state);
      },
      now(),
      fetchedAt,
    );
    record(outcome);
    options.hooks?.onProgress?.({
      numberId: scope.numberId,
      phase: 'history',
      fetched: state.historyFetched,
      total: page.total === null ? null : Math.max(page.total, state.historyFetched),
    });
    if (last) return;
  }
}

async function syncIncrements(options: SendblueSyncOptions, record: (outcome: PageOutcome) => void): Promise<void> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;
  const limit = options.pageSize ?? 500;
  const cursor = getSendblueCursor(db, scope.numberId) ?? EPOCH;
  let since = new Date(Math.max(0, Date.parse(cursor) - (options.overlapMs ?? 2_000))).toISOString();
  let skip = 0;
  // De-duplicated by message_handle *and* date_updated: a message met again with a newer
  // date_updated changed since (it moved behind the walk) and must be applied again.
  const seen = new Map<string, number>();
  for (;;) {
    const fetchedAt = Date.now();
    const page = await client.listMessages({
      sendblueNumber: scope.numberProviderId,
      updatedAtGte: since,
      orderBy: 'updatedAt',
      orderDirection: 'asc',
      limit,
      offset: skip,
    });
    const fresh = page.texts.filter((text) => seen.get(text.id) !== Date.parse(text.updatedAt));
    for (const text of fresh) seen.set(text.id, Date.parse(text.updatedAt));
    const newest = maxUpdated(page.texts);
    const outcome = applyPage(
      db,
      scope,
      fresh,
      () => {
        if (newest && Date.parse(newest) > Date.parse(getSendblueCursor(db, scope.numberId) ?? EPOCH)) {
          setSendblueCursor(db, scope.numberId, newest);
        }
        saveSyncState(db, { ...getSyncState(db, scope.numberId), lastHeadAt: now() });
      },
      now(),
      fetchedAt,
    );
    record(outcome);
    options.hooks?.onProgress?.({ numberId: scope.numberId, phase: 'head', fetched: outcome.inserted, total: null });
    if (isLastPage(page, limit)) return;

    // Keyset: continue from the last date_updated of this page, past the ones seen at that instant.
    const lastAt = page.texts[page.texts.length - 1]?.updatedAt;
    if (!lastAt) {
      skip += page.received;
      continue;
    }
    const atLast = page.texts.filter((text) => Date.parse(text.updatedAt) === Date.parse(lastAt)).length;
    const sameInstant = Date.parse(lastAt) === Date.parse(since);
    skip = sameInstant ? skip + page.received : atLast;
    since = new Date(Date.parse(lastAt)).toISOString();
  }
}

/** hasMore where the server sends it (a server capping limit lower than asked stays correct), else a short page. */
function isLastPage(page: MessagePage, limit: number): boolean {
  if (page.received === 0) return true;
  return page.hasMore === null ? page.received < limit : !page.hasMore;
}

function maxUpdated(texts: readonly RemoteMessage[]): string | null {
  let best: string | null = null;
  for (const text of texts) if (best === null || Date.parse(text.updatedAt) > Date.parse(best)) best = text.updatedAt;
  return best;
}
