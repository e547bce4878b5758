import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { SendState } from '../../../shared/model';
import { conversationProviderRef, getConversation } from '../cache/conversations';
import { CLOCK_SKEW_MS, claimNextSend, completeSend, settleSend, type Claim } from '../cache/sends';
import { hasProviderMessage } from '../cache/syncedMessages';
import type { ProviderAdapter, SendRequest } from '../providers/adapter';
import {
  ProviderAuthError,
  ProviderError,
  ProviderNetworkError,
  ProviderNotFoundError,
  ProviderParseError,
  ProviderRateLimitedError,
  ProviderServerError,
  ProviderValidationError,
} from '../providers/errors';
import { backoffDelay } from '../providers/http';

export type SendTarget = Pick<ProviderAdapter, 'sendMessage' | 'findSentMessage'>;

/** After this many tries that failed for a reason that may pass (5xx, lost answers), a text is failed: the user decides. */
export const MAX_SEND_ATTEMPTS = 8;
/** How long a number still registering for SMS waits before its texts are tried again. */
const SENDER_PENDING_WAIT_MS = 10 * 60_000;
const AUTH_WAIT_MS = 5 * 60_000;

/** Server codes that refuse a text for good. */
const REFUSAL_CODES = new Set([
  'recipient_opted_out',
  'recipient_not_opted_in',
  'invalid_recipient',
  'invalid_phone_number',
  'sender_cannot_send',
  'toll_free_cannot_send',
]);

export type SendOutcome =
  | { state: 'sent'; providerId: string }
  | { state: Exclude<SendState, 'sending'>; reason: string | null; nextAttemptAt: number | null };

export interface SendReport {
  /** By send id. */
  outcomes: Map<number, SendOutcome>;
  conversationIds: Set<number>;
  /** Why pushing stopped early, if it did: the rest of this number's sends wait too. */
  stoppedBy: AppError | null;
  /** The API key was refused: the CLI exits 3. */
  authFailed: boolean;
}

/**
 * Pushes a number's due sends, oldest first, each claimed before it goes. A send whose earlier
 * request may have reached the server is looked for there first, and only sent again when the
 * server does not have it: with the claim, that is what makes each text arrive once.
 */
export async function pushSends(
  db: Database,
  client: SendTarget,
  number: { id: number; providerId: string },
  options: {
    owner: string;
    isOwnerAlive: (owner: string) => boolean;
    now?: () => number;
    only?: number;
    ignoreBackoff?: boolean;
  },
): Promise<SendReport> {
  const now = options.now ?? Date.now;
  const report: SendReport = { outcomes: new Map(), conversationIds: new Set(), stoppedBy: null, authFailed: false };
  const tried = new Set<number>();
  for (;;) {
    const claim = claimNextSend(db, number.id, {
      owner: options.owner,
      now: now(),
      only: options.only,
      ignoreBackoff: options.ignoreBackoff,
      // Each send once per push: one that settles as queued is not taken again straight away.
      exclude: tried,
      isOwnerAlive: options.isOwnerAlive,
    });
    if (!claim) break;
    tried.add(claim.send.id);
    report.conversationIds.add(claim.send.conversationId);
    const outcome = await pushOne(db, client, number.providerId, claim, now);
    report.outcomes.set(claim.send.id, outcome.outcome);
    if (outcome.stop) {
      report.stoppedBy = outcome.stop;
      report.authFailed = outcome.stop instanceof ProviderAuthError;
      break;
    }
  }
  return report;
}

async function pushOne(
  db: Database,
  client: SendTarget,
  numberProviderId: string,
  claim: Claim,
  now: () => number,
): Promise<{ outcome: SendOutcome; stop: AppError | null }> {
  const { send } = claim;
  const conversation = getConversation(db, send.conversationId);
  const request: SendRequest = {
    clientRef: send.clientRef,
    to: conversation?.isGroup || send.recipient.startsWith('group:') ? null : send.recipient,
    conversation: { remote: send.recipient, providerRef: conversationProviderRef(db, send.conversationId) },
    text: send.body,
  };
  try {
    if (claim.checkFirst) {
      const accountId = conversation?.accountId ?? 0;
      const found = await client.findSentMessage(numberProviderId, {
        ...request,
        since: (send.firstSentAt ?? send.createdAt) - CLOCK_SKEW_MS,
        isKnown: (providerId) => hasProviderMessage(db, accountId, providerId),
      });
      if (found) {
        completeSend(db, send.id, { providerId: found.id, deliveryStatus: found.deliveryStatus, providerRef: found.providerRef }, now());
        return { outcome: { state: 'sent', providerId: found.id }, stop: null };
      }
    }
    const sent = await client.sendMessage(numberProviderId, request);
    completeSend(db, send.id, { providerId: sent.id, deliveryStatus: sent.deliveryStatus, providerRef: sent.providerRef }, now());
    return { outcome: { state: 'sent', providerId: sent.id }, stop: null };
  } catch (error) {
    const verdict = classifySendFailure(error, { attempts: send.attempts, checkFirst: claim.checkFirst, now: now() });
    settleSend(db, send.id, verdict);
    return {
      outcome: { state: verdict.state, reason: verdict.reason, nextAttemptAt: verdict.nextAttemptAt || null },
      stop: verdict.stop ? (error instanceof AppError ? error : new AppError('INTERNAL', verdict.reason ?? 'The text could not be sent.')) : null,
    };
  }
}

export interface SendVerdict {
  state: Exclude<SendState, 'sending'>;
  reason: string | null;
  nextAttemptAt: number;
  /** Honoured even when the user asks to push now (a rate limit's reset). */
  notBefore?: number;
  checkFirst: boolean;
  /** The next sends of this number would fail the same way: stop for now. */
  stop: boolean;
}

/** What a failed send attempt means for the text: wait, check, give up, or accept a refusal. */
export function classifySendFailure(
  error: unknown,
  context: { attempts: number; checkFirst: boolean; now: number },
): SendVerdict {
  const { now } = context;
  const retryAt = now + 1_000 + backoffDelay(context.attempts, { retries: 0, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 });
  const giveUp = context.attempts >= MAX_SEND_ATTEMPTS;
  if (error instanceof ProviderRateLimitedError) {
    const at = now + (error.retryAfterMs ?? 60_000);
    return {
      state: 'queued',
      reason: `${error.provider}'s sending limit is reached; the text goes at ${new Date(at).toISOString()}.`,
      nextAttemptAt: at,
      notBefore: at,
      checkFirst: context.checkFirst,
      stop: true,
    };
  }
  if (error instanceof ProviderValidationError && error.status === 409) {
    return {
      state: 'queued',
      reason: 'This number is still registering for SMS; the text goes once it is ready.',
      nextAttemptAt: now + SENDER_PENDING_WAIT_MS,
      checkFirst: context.checkFirst,
      stop: true,
    };
  }
  if (error instanceof ProviderAuthError) {
    if (error.serverCode && REFUSAL_CODES.has(error.serverCode)) {
      return { state: 'refused', reason: refusalReason(error), nextAttemptAt: 0, checkFirst: false, stop: false };
    }
    return { state: 'queued', reason: error.message, nextAttemptAt: now + AUTH_WAIT_MS, checkFirst: context.checkFirst, stop: true };
  }
  if (error instanceof ProviderValidationError) {
    return { state: 'refused', reason: refusalReason(error), nextAttemptAt: 0, checkFirst: false, stop: false };
  }
  if (error instanceof ProviderNotFoundError) {
    const reason =
      error.resource.kind === 'number'
        ? `${error.provider} no longer has this number, so it cannot send from it.`
        : `${error.provider} no longer has this conversation.`;
    return { state: 'refused', reason, nextAttemptAt: 0, checkFirst: false, stop: error.resource.kind === 'number' };
  }
  if (error instanceof ProviderNetworkError && neverLeft(error)) {
    return {
      state: 'queued',
      reason: `${error.message} The text goes when ${error.provider} can be reached.`,
      nextAttemptAt: retryAt,
      checkFirst: context.checkFirst,
      stop: true,
    };
  }
  if (error instanceof ProviderNetworkError || error instanceof ProviderParseError) {
    // The request left; whether the server kept it is unknown until it is looked for.
    return {
      state: giveUp ? 'failed' : 'unknown',
      reason: giveUp
        ? `${error.provider} never confirmed the text after ${context.attempts} tries; check the conversation, then try again or delete it.`
        : `${error.provider}'s answer was lost; Textdesk checks whether it has the text before sending it again.`,
      nextAttemptAt: retryAt,
      checkFirst: true,
      stop: true,
    };
  }
  if (error instanceof ProviderServerError) {
    return {
      state: giveUp ? 'failed' : 'queued',
      reason: giveUp ? `${error.message} Gave up after ${context.attempts} tries.` : `${error.message} Textdesk tries again shortly.`,
      nextAttemptAt: retryAt,
      // A gateway's 5xx may come after the server kept the text.
      checkFirst: true,
      stop: true,
    };
  }
  const message = error instanceof ProviderError || error instanceof AppError ? error.message : 'The text could not be sent because of an unexpected error.';
  return { state: 'failed', reason: message, nextAttemptAt: 0, checkFirst: true, stop: false };
}

function refusalReason(error: ProviderAuthError | ProviderValidationError): string {
  switch (error.serverCode) {
    case 'recipient_opted_out':
      return `The recipient opted out of texts from this number (${error.provider}).`;
    case 'recipient_not_opted_in':
      return `The recipient has not opted in to texts from this number (${error.provider}).`;
    default:
      return error.detail ? `${error.provider} refused the text: ${error.detail.replace(/\.+$/, '')}.` : error.message;
  }
}

/** Failures where no byte of the request reached a server: sending again cannot duplicate it. */
function neverLeft(error: ProviderNetworkError): boolean {
  if (error.failure !== 'connection') return false;
  let current: unknown = error.cause;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(code);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
