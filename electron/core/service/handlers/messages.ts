import type { Handlers } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { Visibility, getMessage, getMessageRef, setMessageRead, tombstoneMessage } from '../../cache/messages';
import { getNumber } from '../../cache/numbers';
import { enqueue } from '../../cache/outbox';
import { cancelSend, getSendForMessage, requeueSend } from '../../cache/sends';
import { dropUnreferencedFiles } from '../../sync/media';
import { searchContext, searchMessages } from '../../search';
import { decideDelete, decideMessageRead, describeDeleteOutcome } from '../../sync/actionPolicy';
import { requireAccount, withTimeout } from '../context';
import type { HandlerDeps } from './deps';

/** How long an action waits for the server before answering "queued". */
export const PUSH_WAIT_MS = 3_000;

type MessageChannels = 'message:setRead' | 'message:delete' | 'message:send' | 'message:retrySend' | 'search:query' | 'search:context';

/** Texts: read marks, deleting, sending, and finding them. */
export function messageHandlers(deps: HandlerDeps): Pick<Handlers, MessageChannels> {
  const { ctx, notify, outbox } = deps;

  function requireLiveRef(messageId: number) {
    const ref = getMessageRef(ctx.db, messageId);
    if (!ref || ref.deleted !== Visibility.Live) throw new AppError('NOT_FOUND', `There is no text ${messageId}.`);
    return ref;
  }

  return {
    'search:query': async (input) => searchMessages(ctx.db, input),
    'search:context': async (input) => searchContext(ctx.db, input),

    'message:setRead': async ({ messageId, isRead }) => {
      const db = ctx.db;
      const ref = requireLiveRef(messageId);
      const decision = decideMessageRead(requireAccount(ctx, ref.accountId).provider, isRead);
      if (decision.kind === 'refuse') throw decision.error;
      db.transaction(() => {
        setMessageRead(db, messageId, isRead);
        if (decision.push) enqueue(db, { numberId: ref.numberId, kind: decision.push, messageId });
      })();
      notify.changed([ref.conversationId], [ref.numberId]);
      notify.setStatus({});
      outbox.pushSoon(ref.numberId);
      return getMessage(db, messageId)!;
    },
    'message:delete': async ({ messageId }) => {
      const db = ctx.db;
      const ref = requireLiveRef(messageId);
      const decision = decideDelete({
        provider: requireAccount(ctx, ref.accountId).provider,
        numberStatus: getNumber(db, ref.numberId)?.status,
        sendState: getSendForMessage(db, messageId)?.state,
      });
      switch (decision.kind) {
        case 'refuse':
          throw decision.error;
        case 'cancel-unsent':
          cancelSend(db, messageId);
          notify.changed([ref.conversationId], [ref.numberId], false);
          notify.setStatus({});
          return { scope: 'server', queued: false, message: decision.message };
        case 'hide-locally':
          tombstoneMessage(db, messageId, Visibility.HiddenLocally);
          dropUnreferencedFiles(db, ctx.store);
          notify.changed([ref.conversationId], [ref.numberId]);
          return { scope: 'local', queued: false, message: decision.message };
        case 'delete-on-server':
          break;
      }
      const entryId = db.transaction(() => {
        tombstoneMessage(db, messageId, Visibility.Deleted);
        return enqueue(db, { numberId: ref.numberId, kind: 'message.delete', messageId });
      })();
      dropUnreferencedFiles(db, ctx.store);
      notify.changed([ref.conversationId], [ref.numberId]);
      notify.setStatus({});
      const result = await withTimeout(outbox.pushFor(ref.numberId, undefined, entryId).catch(() => null), PUSH_WAIT_MS);
      const answered = result && result !== 'timeout' ? result : null;
      if (answered?.hiddenLocally.includes(messageId)) return describeDeleteOutcome('hidden-locally');
      return describeDeleteOutcome(answered && answered.stoppedBy === null ? 'pushed' : 'queued');
    },

    'message:send': async (input) => {
      const { message, conversationId } = await outbox.sendMessage(input, PUSH_WAIT_MS);
      return { message, conversationId };
    },
    'message:retrySend': async ({ messageId }) => {
      const send = getSendForMessage(ctx.db, messageId);
      if (!send) throw new AppError('VALIDATION', 'This text is not waiting to be sent.');
      if (send.state === 'sending' || send.state === 'unknown') {
        throw new AppError('VALIDATION', 'This text is being sent; wait for the server to answer.');
      }
      requeueSend(ctx.db, send.id);
      notify.changed([send.conversationId], [send.numberId], false);
      notify.setStatus({});
      await withTimeout(outbox.pushSendsFor(send.numberId, { only: send.id, ignoreBackoff: true }).catch(() => null), PUSH_WAIT_MS);
      const message = getMessage(ctx.db, messageId);
      if (!message) throw new AppError('NOT_FOUND', `There is no text ${messageId}.`);
      return message;
    },
  };
}
