import { AppError } from '../../../shared/errors';
import type { NumberStatus, ProviderKind, SendState } from '../../../shared/model';
import { providerInfo } from '../../../shared/providers';
import type { OutboxKind } from '../cache/outbox';

/**
 * What a user's action does on each provider: the one place that decides it. The service's
 * handlers ask before they write (from the provider's capabilities, the number's state and the
 * text's send state), the outbox pusher asks again when the server has answered. Pure: no
 * cache, no network.
 */

const RELEASED_NUMBER_HIDDEN = 'This number is no longer on the server; the text is hidden on this device only.';
export const SERVER_DID_NOT_DELETE = 'Hidden on this device only: the server did not delete it.';

export type DeleteDecision =
  /** The text was never sent: its send is cancelled, nothing reaches a server. */
  | { kind: 'cancel-unsent'; message: string }
  /** The server may be storing it right now: deleting it here would leave it sent but unseen. */
  | { kind: 'refuse'; error: AppError }
  /** Hidden on this device only, and `message` says why. */
  | { kind: 'hide-locally'; message: string }
  /** Tombstoned here and queued for the server. */
  | { kind: 'delete-on-server' };

export function decideDelete(input: {
  provider: ProviderKind;
  numberStatus: NumberStatus | undefined;
  /** The text's send, when it is one of ours not yet on the server. */
  sendState: SendState | undefined;
}): DeleteDecision {
  if (input.sendState !== undefined) {
    if (input.sendState === 'sending' || input.sendState === 'unknown') {
      return { kind: 'refuse', error: new AppError('VALIDATION', 'This text is being sent; it can be deleted once the server has answered.') };
    }
    return { kind: 'cancel-unsent', message: 'The text was not sent; it is deleted.' };
  }
  const { name, capabilities } = providerInfo[input.provider];
  if (!capabilities.delete) return { kind: 'hide-locally', message: `${name} cannot delete texts; it is hidden on this device only.` };
  if (input.numberStatus === 'unavailable') return { kind: 'hide-locally', message: RELEASED_NUMBER_HIDDEN };
  return { kind: 'delete-on-server' };
}

/** What a queued delete's outcome tells the user, once the push has answered (or not). */
export function describeDeleteOutcome(outcome: 'pushed' | 'hidden-locally' | 'queued'): { scope: 'server' | 'local'; queued: boolean; message: string } {
  if (outcome === 'hidden-locally') return { scope: 'local', queued: false, message: SERVER_DID_NOT_DELETE };
  if (outcome === 'queued') return { scope: 'server', queued: true, message: 'Deleted here; the server will be told when it can be reached.' };
  return { scope: 'server', queued: false, message: 'Deleted.' };
}

export type ReadDecision =
  | { kind: 'refuse'; error: AppError }
  /** Change the cache's read state and push `push` (null: the cache's state is the only one). */
  | { kind: 'apply'; push: OutboxKind | null };

/** Marking one text read or unread. */
export function decideMessageRead(provider: ProviderKind, isRead: boolean): ReadDecision {
  const { name, capabilities } = providerInfo[provider];
  if (capabilities.readState === 'conversation') {
    return { kind: 'refuse', error: new AppError('UNSUPPORTED', `${name} keeps read state per conversation, not per text; mark the conversation instead.`) };
  }
  if (capabilities.readState === 'none') return { kind: 'apply', push: null };
  return { kind: 'apply', push: isRead ? 'message.read' : 'message.unread' };
}

export type ConversationReadDecision =
  | { kind: 'refuse'; error: AppError }
  /** Mark the conversation read, or its latest inbound text unread, and push `push` (null: cache only). */
  | { kind: 'apply'; target: 'conversation' | 'latest-inbound'; push: OutboxKind | null };

/**
 * Marking a conversation read, or unread. Read is pushed as the conversation's state (where the
 * server keeps one: Sendblue keeps none). Unread means "come back to this": the latest inbound
 * text turns unread, pushed as that text's state where the server keeps it per text.
 */
export function decideConversationRead(provider: ProviderKind, isRead: boolean): ConversationReadDecision {
  const { name, capabilities } = providerInfo[provider];
  if (isRead) return { kind: 'apply', target: 'conversation', push: capabilities.readState === 'none' ? null : 'conversation.read' };
  if (capabilities.readState === 'conversation' && !capabilities.markUnread) {
    return { kind: 'refuse', error: new AppError('UNSUPPORTED', `${name} cannot mark a conversation unread; it would turn read again at the next sync.`) };
  }
  return { kind: 'apply', target: 'latest-inbound', push: capabilities.readState === 'message' ? 'message.unread' : null };
}

/** How the server answered a queued action. */
export type ServerAnswer =
  /** It did what was asked. */
  | 'done'
  /** It answered, but keeps the text (a provider whose delete only hides it from this client's lists). */
  | 'kept'
  /** The text or conversation is gone there. */
  | 'not-found'
  /** It refused the action for good (a 4xx other than not found). */
  | 'refused'
  /** The number is no longer on the server: it can no longer be told. */
  | 'number-released';

export type PushOutcome = 'pushed' | 'dropped' | 'hidden-locally';

/**
 * What becomes of a queued action after the server's answer. A delete the server did not carry
 * out leaves the text hidden on this device (and the user is told so, never "Deleted."); an
 * action on what is already gone there is dropped (a delete then is done). A read mark the server cannot take is dropped; the
 * cache keeps the user's state.
 */
export function afterServerAnswer(kind: OutboxKind, answer: ServerAnswer): PushOutcome {
  if (answer === 'not-found') return 'dropped';
  if (kind === 'message.delete') return answer === 'done' ? 'pushed' : 'hidden-locally';
  return answer === 'done' || answer === 'kept' ? 'pushed' : 'dropped';
}
