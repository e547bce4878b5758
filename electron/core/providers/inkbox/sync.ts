import type { Database } from 'better-sqlite3';
import { conversationSummaries } from '../../cache/conversations';
import { Visibility, liveProviderIds, tombstoneMessage, unreadProviderIds } from '../../cache/messages';
import { markMessageRead } from '../../cache/syncedMessages';
import { pendingOverrides } from '../../cache/outbox';
import { getSyncState, saveSyncState, type SyncState } from '../../cache/syncState';
import { ProviderNotFoundError } from '../errors';
import type { InkboxClient } from './client';
import type { RemoteConversationSummary, RemoteMessage } from '../types';
import type { NumberSyncReport, SyncHooks, SyncScope } from '../adapter';
import { applyPage, type PageOutcome } from '../../sync/apply';
import { recordPage, startReport } from '../../sync/report';
import { walkPages } from '../../sync/walk';

/** What the Inkbox strategy needs of the client (the whole client satisfies it). */
export type InkboxSource = Pick<InkboxClient, 'listTexts' | 'listConversations' | 'getConversation'>;

export interface InkboxSyncOptions {
  db: Database;
  client: InkboxSource;
  scope: SyncScope;
  hooks?: SyncHooks;
  now?: () => number;
  historyPageSize?: number;
  headPageSize?: number;
  overlap?: number;
}

export type { NumberSyncReport, SyncHooks };

/**
 * One sync of one Inkbox number (docs/architecture.md, Sync): the history walk until it is complete
 * (resumable after a kill), then head sync, then, when asked, reconciliation.
 */
export async function syncInkboxNumber(
  options: InkboxSyncOptions,
  run: { reconcile: boolean },
): Promise<NumberSyncReport> {
  const { db, scope } = options;
  const now = options.now ?? Date.now;
  const initial = getSyncState(db, scope.numberId);
  const report = startReport(!initial.historyComplete);
  const record = (outcome: PageOutcome) => recordPage(report, outcome, options.hooks);

  if (!initial.historyComplete) await syncHistory(options, record);
  await syncHead(options, record);
  report.historyComplete = true;
  if (run.reconcile || report.firstSync) {
    await reconcile(options, record, report);
    report.reconciled = true;
    const state = getSyncState(db, scope.numberId);
    saveSyncState(db, { ...state, lastReconcileAt: now(), lastError: null, lastErrorAt: null });
  }
  return report;
}

async function syncHistory(options: InkboxSyncOptions, record: (outcome: PageOutcome) => void): Promise<void> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;
  const limit = options.historyPageSize ?? 200;
  let state: SyncState = getSyncState(db, scope.numberId);
  // The conversation totals give the progress bar a denominator; Inkbox lists have no total.
  const summaries = await listAllConversations(client, scope.numberProviderId);
  const total = summaries.reduce((sum, summary) => sum + summary.totalCount, 0);
  options.hooks?.onProgress?.({ numberId: scope.numberId, phase: 'history', fetched: state.historyFetched, total });

  await walkPages(
    (offset, pageLimit) => client.listTexts(scope.numberProviderId, { offset, limit: pageLimit }),
    { limit, overlap: options.overlap ?? 10, startOffset: state.historyOffset, startCursor: state.historyCursor },
    (page) => {
      const outcome = applyPage(
        db,
        scope,
        page.texts,
        (applied) => {
          state = {
            ...state,
            historyOffset: page.nextOffset,
            historyCursor: page.cursor,
            historyFetched: state.historyFetched + applied.inserted,
            historyComplete: page.last,
            lastHeadAt: page.last ? now() : state.lastHeadAt,
          };
          saveSyncState(db, state);
        },
        now(),
        page.fetchedAt,
      );
      record(outcome);
      options.hooks?.onProgress?.({
        numberId: scope.numberId,
        phase: 'history',
        fetched: state.historyFetched,
        total: Math.max(total, state.historyFetched),
      });
    },
  );
}

async function syncHead(options: InkboxSyncOptions, record: (outcome: PageOutcome) => void): Promise<void> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;
  await walkPages(
    (offset, limit) => client.listTexts(scope.numberProviderId, { offset, limit }),
    { limit: options.headPageSize ?? 50, overlap: options.overlap ?? 10 },
    (page) => {
      const outcome = applyPage(
        db,
        scope,
        page.texts,
        () => saveSyncState(db, { ...getSyncState(db, scope.numberId), lastHeadAt: now() }),
        now(),
        page.fetchedAt,
      );
      record(outcome);
      options.hooks?.onProgress?.({ numberId: scope.numberId, phase: 'head', fetched: outcome.inserted, total: null });
      // A whole page already known and unchanged: everything older is known too.
      return outcome.allKnown;
    },
  );
}

async function listAllConversations(client: InkboxSource, numberProviderId: string): Promise<RemoteConversationSummary[]> {
  const limit = 200;
  const byRemote = new Map<string, RemoteConversationSummary>();
  for (let offset = 0; ; offset += limit) {
    const page = await client.listConversations(numberProviderId, { offset, limit });
    for (const summary of page) if (!byRemote.has(summary.remotePhoneNumber)) byRemote.set(summary.remotePhoneNumber, summary);
    if (page.length < limit) break;
  }
  return [...byRemote.values()];
}

/**
 * Brings read state and deletions made elsewhere into the cache at the cost of a few requests:
 * the server's unread set against the cache's, then the conversation summaries against the
 * cache's; only conversations that differ are read again in full, and texts the server no
 * longer lists there become tombstones.
 */
async function reconcile(
  options: InkboxSyncOptions,
  record: (outcome: PageOutcome) => void,
  report: NumberSyncReport,
): Promise<void> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;

  // 1. Unread texts: usually a small set. Upserting them applies "marked unread elsewhere";
  //    local unread texts missing from it were read (or deleted) elsewhere.
  const serverUnread = new Map<string, RemoteMessage>();
  const unreadFetchedAt = Date.now();
  await walkPages(
    (offset, limit) => client.listTexts(scope.numberProviderId, { offset, limit, isRead: false }),
    { limit: 200, overlap: 10 },
    (page) => {
      for (const text of page.texts) serverUnread.set(text.id, text);
    },
  );
  record(applyPage(db, scope, [...serverUnread.values()], () => {}, now(), unreadFetchedAt));
  const readElsewhere = db.transaction(() => {
    const overrides = pendingOverrides(db, scope.numberId, unreadFetchedAt);
    const touched = new Set<number>();
    for (const [providerId, id] of unreadProviderIds(db, scope.numberId)) {
      // A local "unread" still queued (or just pushed) is the user's word; keep it.
      if (serverUnread.has(providerId) || overrides.messages.has(id)) continue;
      touched.add(markMessageRead(db, id)!);
    }
    return touched;
  })();
  if (readElsewhere.size > 0) {
    report.changed += readElsewhere.size;
    options.hooks?.onChanged?.([...readElsewhere]);
  }

  // 2. Conversation summaries: what still differs is read again in full.
  const summaries = await listAllConversations(client, scope.numberProviderId);
  const local = conversationSummaries(db, scope.numberId);
  const differing: string[] = [];
  const listed = new Set<string>();
  for (const summary of summaries) {
    listed.add(summary.remotePhoneNumber);
    const mine = local.get(summary.remotePhoneNumber);
    if (
      !mine ||
      mine.totalCount !== summary.totalCount ||
      mine.unreadCount !== summary.unreadCount ||
      mine.latestAt !== Date.parse(summary.latestMessageAt)
    ) {
      differing.push(summary.remotePhoneNumber);
    }
  }
  for (const [remote, mine] of local) {
    if (mine.totalCount > 0 && !listed.has(remote) && !remote.startsWith('group:')) differing.push(remote);
  }

  for (const [index, remote] of differing.entries()) {
    report.tombstoned += await resyncConversation(options, remote, record);
    report.conversationsResynced += 1;
    options.hooks?.onProgress?.({ numberId: scope.numberId, phase: 'reconcile', fetched: index + 1, total: differing.length });
  }
}

/** Reads one conversation in full and turns what the server no longer lists into tombstones. */
async function resyncConversation(
  options: InkboxSyncOptions,
  remote: string,
  record: (outcome: PageOutcome) => void,
): Promise<number> {
  const { db, client, scope } = options;
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  try {
    await walkPages(
      (offset, limit) => client.getConversation(scope.numberProviderId, remote, { offset, limit }),
      { limit: 200, overlap: options.overlap ?? 10 },
      (page) => {
        for (const text of page.texts) seen.add(text.id);
        record(applyPage(db, scope, page.texts, () => {}, now(), page.fetchedAt));
      },
    );
  } catch (error) {
    // A conversation with no texts left may answer 404; anything else stops the resync.
    if (!(error instanceof ProviderNotFoundError && error.resource.kind !== 'number')) throw error;
  }
  const conversation = conversationSummaries(db, scope.numberId).get(remote);
  if (!conversation) return 0;
  const gone = db.transaction(() => {
    let count = 0;
    for (const [providerId, id] of liveProviderIds(db, conversation.id)) {
      if (seen.has(providerId)) continue;
      tombstoneMessage(db, id, Visibility.Deleted);
      count += 1;
    }
    return count;
  })();
  if (gone > 0) options.hooks?.onChanged?.([conversation.id]);
  return gone;
}
