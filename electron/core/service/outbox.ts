import { randomUUID } from 'node:crypto';
import type { SendInput } from '../../../shared/contract';
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { Message, PhoneNumber } from '../../../shared/model';
import { providerInfo } from '../../../shared/providers';
import { ensureConversation } from '../cache/conversations';
import { getMessage, getMessageRef } from '../cache/messages';
import { getNumber } from '../cache/numbers';
import { listDue } from '../cache/outbox';
import { countPendingSends, insertSend, nextSendDueAt, refuseWaitingSends, settleSend } from '../cache/sends';
import type { ProviderAdapter } from '../providers/adapter';
import { normalizeRecipient } from '../providers/sendability';
import { abandonForReleasedNumber, pushOutbox, type PushReport } from '../sync/pushOutbox';
import { pushSends, type SendReport } from '../sync/pushSends';
import { requireAccount, requireConversation, withTimeout, type Notify, type ServiceContext } from './context';

/** Send claims held by services running in this process (see isOwnerAlive). */
const liveSendOwners = new Set<string>();

/**
 * Whether the service that claimed a send is still running: in this process, one not yet
 * stopped; in another (the CLI beside the app), a process that still exists.
 */
function isOwnerAlive(owner: string): boolean {
  const pid = Number(owner.split(':')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return liveSendOwners.has(owner);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const RELEASED_NUMBER_SEND = 'This number is no longer on the server, so the text cannot be sent.';

/**
 * The outbox runner: per number one push chain (sends first, then queued read marks and
 * deletes), the sends' retry timers, and sending a text.
 */
export function createOutbox(ctx: ServiceContext, notify: Notify) {
  const pushChains = new Map<number, Promise<unknown>>();
  const sendTimers = new Map<number, NodeJS.Timeout>();
  const sendOwner = `${process.pid}:${randomUUID()}`;
  liveSendOwners.add(sendOwner);

  /** Runs `step` after whatever push of the number is already running. */
  function chain<T>(numberId: number, step: () => Promise<T | null>): Promise<T | null> {
    const previous = pushChains.get(numberId) ?? Promise.resolve();
    const next = previous.then(() => (!ctx.online || ctx.stopped ? null : step()));
    pushChains.set(numberId, next.catch(() => null));
    return next;
  }

  /** Pushes one number's queue, one push at a time per number. */
  function pushFor(numberId: number, adapter?: ProviderAdapter, only?: number, ignoreBackoff = false): Promise<PushReport | null> {
    return chain(numberId, async () => {
      const db = ctx.db;
      const number = getNumber(db, numberId);
      if (!number) return null;
      if (number.status === 'unavailable') {
        // Known released: nothing waits for a server that can no longer be told.
        const report: PushReport = { pushed: 0, dropped: 0, hiddenLocally: [], stoppedBy: null };
        const queued = listDue(db, Number.MAX_SAFE_INTEGER, number.id);
        for (const entry of queued) abandonForReleasedNumber(db, entry, report, Date.now());
        const refused = refuseWaitingSends(db, number.id, RELEASED_NUMBER_SEND);
        if (queued.length > 0 || refused > 0) notify.setStatus({});
        return report;
      }
      const account = requireAccount(ctx, number.accountId);
      const target = adapter ?? (await ctx.pool.adapterFor(account));
      // Texts first: what the user wrote matters more than a read mark, and a sync must see them sent.
      if (only === undefined) await pushSendsStep(number, target, { ignoreBackoff });
      const report = await pushOutbox(db, target, { id: number.id, providerId: number.providerId }, { only, ignoreBackoff });
      if (report.hiddenLocally.length > 0) {
        notify.changed(conversationIdsOfMessages(report.hiddenLocally), [numberId]);
      }
      notify.setStatus({});
      return report;
    });
  }

  /** Pushes one number's sends (or one of them); runs inside that number's push chain. */
  async function pushSendsStep(
    number: PhoneNumber,
    adapter: ProviderAdapter,
    options: { only?: number; ignoreBackoff?: boolean },
  ): Promise<SendReport | null> {
    if (!adapter.capabilities.send || countPendingSends(ctx.db, number.id) === 0) return null;
    const report = await pushSends(ctx.db, adapter, { id: number.id, providerId: number.providerId }, {
      owner: sendOwner,
      isOwnerAlive,
      only: options.only,
      ignoreBackoff: options.ignoreBackoff,
    });
    if (report.conversationIds.size > 0) notify.changed(report.conversationIds, [number.id]);
    notify.setStatus({});
    scheduleSendRetry(number.id);
    return report;
  }

  /** Pushes a number's sends in its push chain (after whatever push is already running). */
  function pushSendsFor(numberId: number, options: { only?: number; ignoreBackoff?: boolean } = {}): Promise<SendReport | null> {
    return chain(numberId, async () => {
      const number = getNumber(ctx.db, numberId);
      if (!number) return null;
      if (number.status === 'unavailable') {
        if (refuseWaitingSends(ctx.db, numberId, RELEASED_NUMBER_SEND) > 0) {
          notify.changed([], [numberId], false);
          notify.setStatus({});
        }
        return null;
      }
      return pushSendsStep(number, await ctx.pool.adapterFor(requireAccount(ctx, number.accountId)), options);
    });
  }

  /** A waiting text goes by itself when its time comes, whether or not the sync scheduler runs. */
  function scheduleSendRetry(numberId: number): void {
    const previous = sendTimers.get(numberId);
    if (previous) clearTimeout(previous);
    sendTimers.delete(numberId);
    const dueAt = nextSendDueAt(ctx.db, numberId);
    if (dueAt === null || ctx.stopped) return;
    const delay = Math.min(2 ** 31 - 1, Math.max(250, dueAt - Date.now()));
    const timer = setTimeout(() => {
      sendTimers.delete(numberId);
      pushSendsFor(numberId).catch((error) => ctx.logger.warn('A queued text could not be sent; it stays queued', { error: String(error) }));
    }, delay);
    timer.unref?.();
    sendTimers.set(numberId, timer);
  }

  /**
   * Writes a text into the cache and its outbox, then pushes it at once, waiting up to
   * `waitMs` for the server. Answers the text as it stands then, and the error code when the
   * push stopped on one (AUTH for the CLI's exit code).
   */
  async function sendMessage(
    input: SendInput,
    waitMs: number,
  ): Promise<{ message: Message; conversationId: number; errorCode: ErrorCode | null }> {
    const db = ctx.db;
    // Trailing spaces and blank lines are never meant to be sent.
    const text = input.text.trim();
    if (text === '') throw new AppError('VALIDATION', 'A text cannot be empty.');
    let number: PhoneNumber | undefined;
    let recipient: string;
    let existingConversationId: number | null = null;
    if ('conversationId' in input) {
      const conversation = requireConversation(ctx, input.conversationId);
      number = getNumber(db, conversation.numberId);
      recipient = conversation.remote;
      existingConversationId = conversation.id;
    } else {
      number = getNumber(db, input.numberId);
      if (!number) throw new AppError('NOT_FOUND', `There is no number ${input.numberId}.`);
      recipient = normalizeRecipient(input.to, number.phoneNumber);
    }
    if (!number) throw new AppError('NOT_FOUND', 'That conversation has no number.');
    const account = requireAccount(ctx, number.accountId);
    const { name, capabilities } = providerInfo[account.provider];
    if (!capabilities.send) throw new AppError('UNSUPPORTED', `${name} cannot send texts.`);
    if (number.status === 'unavailable') throw new AppError('VALIDATION', 'This number is no longer on the server, so it cannot send.');
    if (number.sendBlockedReason) throw new AppError('VALIDATION', number.sendBlockedReason);
    const numberId = number.id;
    const { send, conversationId } = db.transaction(() => {
      const conversationId = existingConversationId ?? ensureConversation(db, numberId, recipient);
      const send = insertSend(db, { accountId: account.id, numberId, conversationId, recipient, body: text });
      // The host says the network is down: the text waits, and says why.
      if (!ctx.online) settleSend(db, send.id, { state: 'queued', reason: 'You are offline; the text goes when the network returns.' });
      return { send, conversationId };
    })();
    notify.changed([conversationId], [number.id], false);
    notify.setStatus({});
    const push = pushSendsFor(number.id, { only: send.id, ignoreBackoff: true });
    const report = await withTimeout(push.catch(() => null), waitMs);
    const message = getMessage(db, send.messageId);
    if (!message) throw new AppError('INTERNAL', 'The text was written but could not be read back.');
    const stoppedBy = report && report !== 'timeout' ? report.stoppedBy : null;
    return { message, conversationId, errorCode: stoppedBy?.code ?? null };
  }

  function conversationIdsOfMessages(ids: number[]): number[] {
    return ids.map((id) => getMessageRef(ctx.db, id)?.conversationId).filter((id): id is number => id !== undefined);
  }

  /** Pushes in the background; a failure is already recorded on the entry for the next try. */
  function pushSoon(numberId: number): void {
    pushFor(numberId).catch((error) => ctx.logger.warn('Push failed; it stays queued', { error: String(error) }));
  }

  function stopTimers(): void {
    for (const pending of sendTimers.values()) clearTimeout(pending);
    sendTimers.clear();
  }

  /** Waits for the pushes under way, then gives up this service's send claims. */
  async function drain(): Promise<void> {
    await Promise.allSettled(pushChains.values());
    liveSendOwners.delete(sendOwner);
  }

  return { pushFor, pushSendsFor, pushSoon, scheduleSendRetry, sendMessage, stopTimers, drain };
}

export type Outbox = ReturnType<typeof createOutbox>;
