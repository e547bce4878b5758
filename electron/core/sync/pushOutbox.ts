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
import { afterServerAnswer, type PushOutcome, type ServerAnswer } from './actionPolicy';

export type OutboxTarget = Pick<ProviderAdapter, 'setMessageRead' | 'deleteMessage' | 'setConversationRead'>;

export interface PushReport {
  pushed: number;
  dropped: number;
  /** Texts the server did not delete (refused, kept, number released): now hidden on this device only. */
  hiddenLocally: number[];
  /** Why pushing stopped early (offline, auth), if it did; the entries stay queued. */
  stoppedBy: AppError | null;
}

export type { PushOutcome } from './actionPolicy';

/** Who claims outbox entries: this process, distinct from any other on the same cache. */
const processClaimant = randomUUID();

/**
 * Pushes queued local actions for one number, oldest first. A transient failure stops the
 * push (the network is down: everything after it would fail too) and keeps the entry, to be
 * tried again with backoff; a final answer (done, refused, gone) settles it as the action
 * policy (actionPolicy.ts) says: a refused read mark is dropped and the local state kept, a
 * delete the server did not carry out leaves the text hidden on this device and says so.
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
    let answer: ServerAnswer;
    try {
      answer = await pushEntry(db, client, number.providerId, entry);
    } catch (error) {
      const final = finalAnswer(error);
      if (final === null) {
        const appError =
          error instanceof AppError ? error : new AppError('INTERNAL', 'A queued action could not be sent.', { cause: error });
        const delay = isTransientProviderError(error)
          ? 1_000 + backoffDelay(entry.attempts, { retries: 0, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 })
          : 60_000;
        deferEntry(db, entry.id, appError.message, now() + delay);
        report.stoppedBy = appError;
        break;
      }
      answer = final;
    }
    settleEntry(db, entry, afterServerAnswer(entry.kind, answer), report, now());
  }
  return report;
}

/** A server error that settles the entry for good (the policy says what it becomes); null: try again later. */
function finalAnswer(error: unknown): ServerAnswer | null {
  if (error instanceof ProviderNotFoundError) return error.resource.kind === 'number' ? 'number-released' : 'not-found';
  if (error instanceof ProviderValidationError) return 'refused';
  return null;
}

/** Completes the entry as the action policy decided; a delete not carried out leaves its text hidden here. */
function settleEntry(db: Database, entry: OutboxEntry, outcome: PushOutcome, report: PushReport, now: number): void {
  completeEntry(db, entry.id, now);
  if (outcome === 'hidden-locally' && entry.messageId !== null) {
    markHiddenLocally(db, entry.messageId);
    report.hiddenLocally.push(entry.messageId);
  } else if (outcome === 'pushed') {
    report.pushed += 1;
  } else {
    report.dropped += 1;
  }
}

/**
 * The number was released: the server can no longer be told. The change stays on this device,
 * and a delete becomes what it now is, hidden here only.
 */
export function abandonForReleasedNumber(db: Database, entry: OutboxEntry, report: PushReport, now: number): void {
  settleEntry(db, entry, afterServerAnswer(entry.kind, 'number-released'), report, now);
}

async function pushEntry(
  db: Database,
  client: OutboxTarget,
  numberProviderId: string,
  entry: OutboxEntry,
): Promise<ServerAnswer> {
  if (entry.kind.startsWith('message.')) {
    const message = entry.messageId === null ? undefined : getMessageRef(db, entry.messageId);
    if (!message) return 'not-found';
    if (entry.kind === 'message.delete') {
      const result = await client.deleteMessage(numberProviderId, message.providerId);
      return result.scope === 'local' ? 'kept' : 'done';
    }
    await client.setMessageRead(numberProviderId, message.providerId, entry.kind === 'message.read');
    return 'done';
  }
  const conversation = entry.conversationId === null ? undefined : getConversation(db, entry.conversationId);
  if (!conversation) return 'not-found';
  await client.setConversationRead(
    numberProviderId,
    { remote: conversation.remote, providerRef: conversationProviderRef(db, conversation.id) },
    entry.kind === 'conversation.read',
  );
  return 'done';
}
