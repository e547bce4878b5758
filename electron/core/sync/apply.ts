import type { Database } from 'better-sqlite3';
import { conversationOfMessage } from '../cache/messages';
import { applyRemoteMessage, type ApplyResult } from './merge';
import { pendingOverrides } from '../cache/outbox';
import type { RemoteMessage } from '../providers/types';

export interface NumberScope {
  accountId: number;
  numberId: number;
}

export interface PageOutcome {
  results: ApplyResult[];
  inserted: number;
  changed: number;
  /** Every result was 'unchanged' (or ignored): the page was fully known. */
  allKnown: boolean;
  insertedInboundIds: number[];
  touchedConversationIds: Set<number>;
}

/**
 * Applies one page from the server in one transaction, together with `alsoInTransaction` (the
 * sync state describing that page), so a kill at any moment leaves either both or neither.
 * Pending outbox actions are read inside the same transaction, so they always win.
 */
export function applyPage(
  db: Database,
  scope: NumberScope,
  texts: readonly RemoteMessage[],
  alsoInTransaction: (outcome: PageOutcome) => void = () => {},
  now: number = Date.now(),
  /** When the page was requested: changes pushed since then still win over it. */
  fetchedAt: number = now,
): PageOutcome {
  return db.transaction(() => {
    const overrides = pendingOverrides(db, scope.numberId, fetchedAt);
    const outcome: PageOutcome = {
      results: [],
      inserted: 0,
      changed: 0,
      allKnown: true,
      insertedInboundIds: [],
      touchedConversationIds: new Set(),
    };
    for (const text of texts) {
      const result = applyRemoteMessage(db, scope, text, overrides, now);
      outcome.results.push(result);
      if (result.kind === 'inserted' || result.kind === 'changed') {
        outcome.allKnown = false;
        if (result.kind === 'inserted') {
          outcome.inserted += 1;
          if (text.direction === 'inbound') outcome.insertedInboundIds.push(result.id!);
        } else {
          outcome.changed += 1;
        }
        outcome.touchedConversationIds.add(conversationOfMessage(db, result.id!)!);
      }
    }
    alsoInTransaction(outcome);
    return outcome;
  })();
}

/** Server order is newest first; a page that starts older than where we were means a gap. */
export function isOlder(text: { createdAt: string }, cursor: { createdAt: string }): boolean {
  return Date.parse(text.createdAt) < Date.parse(cursor.createdAt);
}
