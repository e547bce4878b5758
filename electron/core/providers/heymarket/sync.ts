import type { Database } from 'better-sqlite3';
import { getSyncState, saveSyncState } from '../../cache/syncState';
import { getHeymarketCursor, setHeymarketCursor } from '../../cache/syncCursors';
import { findConversationId } from '../../cache/conversations';
import { setMessageRead } from '../../cache/messages';
import { inboundReadStates, lastOutboundMs } from '../../cache/syncedMessages';
import { pendingOverrides } from '../../cache/outbox';
import type { NumberSyncReport, SyncHooks, SyncScope } from '../adapter';
import { HEYMARKET_PAGE_LIMIT, type HeymarketClient, type HeymarketMessage } from './client';
import { toE164 } from './schemas';
import { toRemoteMessage, type ConversationView } from './map';
import { applyPage, type PageOutcome } from '../../sync/apply';
import { recordPage, startReport } from '../../sync/report';

/**
 * One sync of one Heymarket inbox (docs/providers.md):
 *
 * 1. History, once: messages/all by created_at, ascending, from the epoch, resumable from the
 *    saved cursor; progress counts from messages/all/count. Before the first page, the newest
 *    `updated` on the server is saved as the change cursor, so nothing changed during the walk
 *    is missed.
 * 2. Every run: messages/all by updated_at, ascending, from the change cursor minus a small
 *    overlap. New texts, edits, team replies and read-state changes all move `updated` (the
 *    fake bumps the latest text of a conversation whose read state changes), so a run with
 *    nothing new costs two requests.
 *
 * Timestamps are whole seconds, so several texts share one (a broadcast of hundreds). Walks
 * are keyset-paged by (instant, id) with messages/all's `id` (or by `page` within one second
 * where a server ignores `id`): see walkCursor. Nothing is skipped or read twice.
 *
 * messages/all spans every inbox of the token. A sync of one number applies only its own
 * inbox's texts and skips the others: each number keeps its own cursors, so numbers sync
 * independently (and one can be disabled) at the cost of reading the others' pages too;
 * Heymarket accounts have a few inboxes, not dozens.
 *
 * Read state lives on the conversation, not the text. The rule: a read conversation has all its
 * inbound texts read; in an unread one, the inbound texts after the last outbound text are
 * unread and those before it read (a team member answered them). Outbound texts are read.
 */

export type HeymarketSource = Pick<HeymarketClient, 'listAllMessages' | 'countAllMessages'>;

export interface HeymarketSyncOptions {
  db: Database;
  client: HeymarketSource;
  scope: SyncScope;
  hooks?: SyncHooks;
  now?: () => number;
  pageLimit?: number;
}

const EPOCH = '1970-01-01T00:00:00Z';
/** A history walk from a bare instant (the epoch) steps back this far: nothing is before it. */
const TIE_OVERLAP_MS = 1;
/** The change feed also steps back over updates the server may commit a little late. */
const CHANGE_OVERLAP_MS = 2000;

export async function syncHeymarketNumber(options: HeymarketSyncOptions, run: { reconcile: boolean }): Promise<NumberSyncReport> {
  void run; // The change feed carries read state on every run: there is nothing extra to reconcile.
  const { db, scope } = options;
  const initial = getSyncState(db, scope.numberId);
  const report = startReport(!initial.historyComplete);
  const record = (outcome: PageOutcome, ruled: Set<number>) => recordPage(report, outcome, options.hooks, ruled);

  if (!initial.historyComplete) await syncHistory(options, record);
  await syncChanges(options, record);
  report.historyComplete = true;
  return report;
}

async function syncHistory(options: HeymarketSyncOptions, record: (outcome: PageOutcome, ruled: Set<number>) => void): Promise<void> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;
  if (getHeymarketCursor(db, scope.numberId) === null) {
    const [newest] = await client.listAllMessages({ cursor: null, order: 'updated_at', ascending: false, limit: 1 });
    setHeymarketCursor(db, scope.numberId, newest?.updated ?? EPOCH);
  }
  const total = await client.countAllMessages({});
  let state = getSyncState(db, scope.numberId);
  options.hooks?.onProgress?.({ numberId: scope.numberId, phase: 'history', fetched: state.historyFetched, total });

  await walkCursor(
    options,
    { order: 'created_at', start: state.historyCursor?.createdAt ?? EPOCH, startId: state.historyCursor?.id ?? null, overlapMs: TIE_OVERLAP_MS },
    (page, last, fetchedAt) => {
      const { outcome, ruled } = applyOwnTexts(options, page, fetchedAt, () => {
        state = {
          ...state,
          historyCursor: { createdAt: last.date, id: last.id },
          historyFetched: state.historyFetched + page.length,
        };
        saveSyncState(db, state);
      });
      record(outcome, ruled);
      options.hooks?.onProgress?.({
        numberId: scope.numberId,
        phase: 'history',
        fetched: state.historyFetched,
        total: Math.max(total, state.historyFetched),
      });
    },
  );
  state = { ...getSyncState(db, scope.numberId), historyComplete: true, lastHeadAt: now() };
  saveSyncState(db, state);
}

async function syncChanges(options: HeymarketSyncOptions, record: (outcome: PageOutcome, ruled: Set<number>) => void): Promise<void> {
  const { db, scope } = options;
  const now = options.now ?? Date.now;
  let fetched = 0;
  await walkCursor(
    options,
    { order: 'updated_at', start: getHeymarketCursor(db, scope.numberId) ?? EPOCH, startId: null, overlapMs: CHANGE_OVERLAP_MS },
    (page, last, fetchedAt) => {
      const { outcome, ruled } = applyOwnTexts(options, page, fetchedAt, () => {
        const current = getHeymarketCursor(db, scope.numberId);
        if (current === null || Date.parse(last.updated) > Date.parse(current)) setHeymarketCursor(db, scope.numberId, last.updated);
      });
      record(outcome, ruled);
      fetched += outcome.inserted;
      options.hooks?.onProgress?.({ numberId: scope.numberId, phase: 'head', fetched, total: null });
    },
  );
  saveSyncState(db, { ...getSyncState(db, scope.numberId), lastHeadAt: now(), lastError: null, lastErrorAt: null });
}

/**
 * Pages messages/all ascending by `order` from `start`, by keyset: each request asks for the
 * texts after the last one reached, (its instant, its id), so a second holding any number of
 * texts (a broadcast) is walked through without skipping or repeating one. A server that
 * ignores `id` and reads the cursor inclusively shows itself by sending back texts at the
 * cursor's instant that are not after the id; from then on the walk moves through such a
 * second by `page` instead. Texts already seen in this walk (same id and `updated`) are
 * dropped; the walk ends on a short page or one with nothing new. `onPage` receives the new
 * texts and the page's last text.
 */
async function walkCursor(
  options: HeymarketSyncOptions,
  walk: { order: 'created_at' | 'updated_at'; start: string; startId: string | null; overlapMs: number },
  onPage: (fresh: HeymarketMessage[], last: HeymarketMessage, fetchedAt: number) => void,
): Promise<void> {
  const limit = options.pageLimit ?? HEYMARKET_PAGE_LIMIT;
  const field = (m: HeymarketMessage) => Date.parse(walk.order === 'created_at' ? m.date : m.updated);
  const byKey = (a: HeymarketMessage, b: HeymarketMessage) => field(a) - field(b) || Number(a.id) - Number(b.id);
  const seen = new Set<string>();
  // Resuming at a known text needs no overlap; a bare instant steps back over late commits.
  let cursorMs = walk.startId === null ? Math.max(0, Date.parse(walk.start) - walk.overlapMs) : Date.parse(walk.start);
  let afterId = walk.startId;
  let byPage = false;
  let page = 0;
  for (;;) {
    const fetchedAt = Date.now();
    const batch = await options.client.listAllMessages({
      cursor: new Date(cursorMs).toISOString(),
      order: walk.order,
      ascending: true,
      limit,
      afterId,
      page: byPage ? page : 0,
    });
    if (batch.length === 0) return;
    if (!byPage && afterId !== null && batch.some((m) => field(m) === cursorMs && Number(m.id) <= Number(afterId))) byPage = true;
    const fresh = batch.filter((m) => !seen.has(`${m.id}@${m.updated}`));
    for (const m of fresh) seen.add(`${m.id}@${m.updated}`);
    // The server's order is not trusted: the furthest text by (instant, id) is where the walk is.
    const last = batch.reduce((a, m) => (byKey(m, a) > 0 ? m : a));
    if (fresh.length > 0) onPage(fresh, last, fetchedAt);
    if (batch.length < limit) return;
    if (fresh.length === 0 && !byPage) return;
    const lastMs = field(last);
    if (byPage) {
      // Still inside one instant: the next page of it; past it: that instant's first page.
      page = lastMs === cursorMs ? page + 1 : 0;
      if (fresh.length === 0 && lastMs !== cursorMs) return;
    }
    cursorMs = lastMs;
    afterId = last.id;
  }
}

/**
 * Applies the page's texts of this inbox, with read state from the conversation rule, in one
 * transaction with `saveState`; then re-applies the rule to the cached inbound texts of the
 * conversations the page mentions (a read elsewhere arrives as one bumped text).
 */
function applyOwnTexts(
  options: HeymarketSyncOptions,
  page: HeymarketMessage[],
  fetchedAt: number,
  saveState: () => void,
): { outcome: PageOutcome; ruled: Set<number> } {
  const { db, scope } = options;
  const now = options.now ?? Date.now;
  const own = page.filter((m) => m.conversation.inboxId === scope.numberProviderId);
  const views = new Map<string, ConversationView>();
  for (const m of own) {
    const remote = toE164(m.target);
    const view = views.get(remote) ?? { read: m.conversation.read, lastOutboundMs: lastCachedOutbound(db, scope.numberId, remote) };
    // Every text carries the conversation as it is now; the latest-updated one wins if they differ.
    view.read = m.conversation.read;
    if (m.direction === 'outbound') view.lastOutboundMs = Math.max(view.lastOutboundMs, Date.parse(m.date));
    views.set(remote, view);
  }
  const texts = own.map((m) => toRemoteMessage(m, views.get(toE164(m.target))!));
  const ruled = new Set<number>();
  const outcome = applyPage(
    db,
    scope,
    texts,
    () => {
      for (const id of applyReadRule(db, scope.numberId, views, fetchedAt)) ruled.add(id);
      saveState();
    },
    now(),
    fetchedAt,
  );
  return { outcome, ruled };
}

function applyReadRule(db: Database, numberId: number, views: Map<string, ConversationView>, fetchedAt: number): Set<number> {
  const overrides = pendingOverrides(db, numberId, fetchedAt);
  const touched = new Set<number>();
  for (const [remote, view] of views) {
    const id = findConversationId(db, numberId, remote);
    if (id === undefined) continue;
    const local = overrides.conversations.get(id);
    for (const row of inboundReadStates(db, id)) {
      // A local action not yet confirmed by the server is the user's word; keep it.
      if (overrides.messages.get(row.id)?.isRead !== undefined) continue;
      if (local && row.createdMs <= local.at) continue;
      const want = view.read || row.createdMs <= view.lastOutboundMs;
      if (row.isRead === want) continue;
      setMessageRead(db, row.id, want);
      touched.add(id);
    }
  }
  return touched;
}

function lastCachedOutbound(db: Database, numberId: number, remote: string): number {
  return lastOutboundMs(db, numberId, remote) ?? -Infinity;
}
