import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { getConversation } from '../cache/conversations';
import { getMessageRef, markHiddenLocally } from '../cache/messages';
import { randomUUID } from 'node:crypto';
import { claimNextDue, completeEntry, deferEntry, type OutboxEntry } from '../cache/outbox';
import { ProviderNotFoundError, ProviderValidationError, isTransientProviderError } from '../providers/errors';
import { backoffDelay } from '../providers/http';
import type { ProviderAdapter } from '../providers/adapter';
import { conversationProviderRef } from '../cache/conversations';

export type OutboxTarget = Pick<ProviderAdapter, 'setMessageRead' | 'deleteMessage' | 'setConversationRead'>;

export interface PushReport {
  pushed: number;
  dropped: number;
  /** Texts the server refused to delete: now hidden on this device only. */
  hiddenLocally: number[];
  /** Why pushing stopped early (offline, auth), if it did; the entries stay queued. */
  stoppedBy: AppError | null;
}

export type PushOutcome = 'pushed' | 'dropped' | 'hidden-locally';

/** Who claims outbox entries: this process, distinct from any other on the same cache. */
const processClaimant = randomUUID();

/**
 * Pushes queued local actions for one number, oldest first. A transient failure stops the
 * push (the network is down: everything after it would fail too) and keeps the entry, to be
 * tried again with backoff; a permanent refusal drops the entry and keeps the local state,
 * except a refused delete, which leaves the text hidden on this device and says so.
 */
export async function pushOutbox(
  db: Database,
  client: OutboxTarget,
  number: { id: number; providerId: string },
  options: {
    now?: () => number;
    only?: number;
    /** Try entries still waiting out their backoff too: the user asked (a sync, "push now"). */
    ignoreBackoff?: boolean;
    /** Who claims the entries (default: this process). */
    claimant?: string;
  } = {},
): Promise<PushReport> {
  const now = options.now ?? Date.now;
  const report: PushReport = { pushed: 0, dropped: 0, hiddenLocally: [], stoppedBy: null };
  const claim = () =>
    claimNextDue(db, {
      numberId: number.id,
      claimant: options.claimant ?? processClaimant,
      now: now(),
      dueBefore: options.ignoreBackoff ? Number.MAX_SAFE_INTEGER : undefined,
      only: options.only,
    });
  // Each entry is claimed as it is read: one another process holds is skipped, never pushed twice.
  for (let entry = claim(); entry; entry = claim()) {
    try {
      const outcome = await pushEntry(db, client, number.providerId, entry);
      completeEntry(db, entry.id, now());
      if (outcome === 'pushed') report.pushed += 1;
      else if (outcome === 'dropped') report.dropped += 1;
      else report.hiddenLocally.push(entry.messageId!);
    } catch (error) {
      if (error instanceof ProviderNotFoundError && error.resource.kind === 'number') {
        abandonForReleasedNumber(db, entry, report, now());
        continue;
      }
      if (error instanceof ProviderNotFoundError) {
        // The text or conversation is gone on the server: nothing left to push.
        completeEntry(db, entry.id, now());
        report.dropped += 1;
        continue;
      }
      if (error instanceof ProviderValidationError) {
        completeEntry(db, entry.id, now());
        report.dropped += 1;
        continue;
      }
      const appError =
        error instanceof AppError ? error : new AppError('INTERNAL', 'A queued action could not be sent.', { cause: error });
      const delay = isTransientProviderError(error)
        ? 1_000 + backoffDelay(entry.attempts, { retries: 0, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 })
        : 60_000;
      deferEntry(db, entry.id, appError.message, now() + delay);
      report.stoppedBy = appError;
      break;
    }
  }
  return report;
}

/**
 * The number was released: the server can no longer be told. The change stays on this device,
 * and a delete becomes what it now is, hidden here only.
 */
export function abandonForReleasedNumber(db: Database, entry: OutboxEntry, report: PushReport, now: number): void {
  completeEntry(db, entry.id, now);
  if (entry.kind === 'message.delete' && entry.messageId !== null) {
    markHiddenLocally(db, entry.messageId);
    report.hiddenLocally.push(entry.messageId);
  } else {
    report.dropped += 1;
  }
}

async function pushEntry(
  db: Database,
  client: OutboxTarget,
  numberProviderId: string,
  entry: OutboxEntry,
): Promise<PushOutcome> {
  if (entry.kind.startsWith('message.')) {
    const message = entry.messageId === null ? undefined : getMessageRef(db, entry.messageId);
    if (!message) return 'dropped';
    if (entry.kind === 'message.delete') {
      const result = await client.deleteMessage(numberProviderId, message.providerId);
      if (result.scope === 'local') {
        markHiddenLocally(db, message.id);
        return 'hidden-locally';
      }
      return 'pushed';
    }
    await client.setMessageRead(numberProviderId, message.providerId, entry.kind === 'message.read');
    return 'pushed';
  }
  const conversation = entry.conversationId === null ? undefined : getConversation(db, entry.conversationId);
  if (!conversation) return 'dropped';
  await client.setConversationRead(
    numberProviderId,
    { remote: conversation.remote, providerRef: conversationProviderRef(db, conversation.id) },
    entry.kind === 'conversation.read',
  );
  return 'pushed';
}
