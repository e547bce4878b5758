import type { ConversationCursor, Handlers } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Conversation } from '../../../../shared/model';
import { listAccounts } from '../../cache/accounts';
import { findConversation, listConversations, listPinnedConversations, setArchived, setMuted, setPinned } from '../../cache/conversations';
import { latestInboundId, listThread, setConversationRead, setMessageRead } from '../../cache/messages';
import { listNumbers } from '../../cache/numbers';
import { enqueue } from '../../cache/outbox';
import { setDraft } from '../../cache/sends';
import { decideConversationRead } from '../../sync/actionPolicy';
import { requireAccount, requireConversation, type ServiceContext } from '../context';
import type { HandlerDeps } from './deps';

type ConversationChannels =
  | 'conversations:list'
  | 'conversations:get'
  | 'conversations:setRead'
  | 'conversations:setMuted'
  | 'conversations:setPinned'
  | 'conversations:setArchived'
  | 'conversations:setDraft'
  | 'conversations:find'
  | 'thread:page';

/** A flag of the conversation kept on this device only (muted, pinned, archived). */
function setLocalFlag(
  deps: HandlerDeps,
  set: (db: ServiceContext['db'], conversationId: number, value: boolean) => void,
  options: { unread: boolean },
): (conversationId: number, value: boolean) => Promise<Conversation> {
  return async (conversationId, value) => {
    requireConversation(deps.ctx, conversationId);
    set(deps.ctx.db, conversationId, value);
    deps.notify.changed([conversationId], [], options.unread);
    return requireConversation(deps.ctx, conversationId);
  };
}

/** Conversations and their threads. */
export function conversationHandlers(deps: HandlerDeps): Pick<Handlers, ConversationChannels> {
  const { ctx, notify } = deps;
  // Muting changes what the unread badge counts; pinning and archiving do not.
  const mute = setLocalFlag(deps, setMuted, { unread: true });
  const pin = setLocalFlag(deps, setPinned, { unread: false });
  const archive = setLocalFlag(deps, setArchived, { unread: false });
  return {
    'conversations:list': async (input) => {
      // The inbox's first page starts with the pinned conversations; the keyset pages below them
      // are the rest, so the cursor never has to order by pin.
      const inbox = !input.archived;
      const pinned = inbox && !input.cursor ? listPinnedConversations(ctx.db, input) : [];
      const conversations = listConversations(ctx.db, {
        numberId: input.numberId,
        accountId: input.accountId,
        unreadOnly: input.unreadOnly,
        archived: input.archived,
        excludePinned: inbox,
        limit: input.limit,
        after: input.cursor ?? undefined,
      });
      const last = conversations.at(-1);
      const nextCursor: ConversationCursor | null =
        conversations.length === input.limit && last?.latestAt ? { latestAt: Date.parse(last.latestAt), id: last.id } : null;
      return { conversations: [...pinned, ...conversations], nextCursor };
    },
    'conversations:get': async ({ conversationId }) => requireConversation(ctx, conversationId),
    'conversations:setRead': async ({ conversationId, isRead }) => {
      const db = ctx.db;
      const conversation = requireConversation(ctx, conversationId);
      const decision = decideConversationRead(requireAccount(ctx, conversation.accountId).provider, isRead);
      if (decision.kind === 'refuse') throw decision.error;
      db.transaction(() => {
        if (decision.target === 'conversation') {
          setConversationRead(db, conversationId, true);
          if (decision.push) enqueue(db, { numberId: conversation.numberId, kind: decision.push, conversationId });
          return;
        }
        const latestInbound = latestInboundId(db, conversationId);
        if (latestInbound === null) throw new AppError('VALIDATION', 'This conversation has no received text to mark unread.');
        setMessageRead(db, latestInbound, false);
        if (decision.push) enqueue(db, { numberId: conversation.numberId, kind: decision.push, messageId: latestInbound });
      })();
      notify.changed([conversationId], [conversation.numberId]);
      notify.setStatus({});
      deps.outbox.pushSoon(conversation.numberId);
      return requireConversation(ctx, conversationId);
    },
    'conversations:setMuted': ({ conversationId, muted }) => mute(conversationId, muted),
    'conversations:setPinned': ({ conversationId, pinned }) => pin(conversationId, pinned),
    'conversations:setArchived': ({ conversationId, archived }) => archive(conversationId, archived),

    'conversations:setDraft': async ({ conversationId, text }) => {
      requireConversation(ctx, conversationId);
      setDraft(ctx.db, conversationId, text);
      return { ok: true };
    },

    'conversations:find': async ({ remote, numberId }) => {
      const numbers = listAccounts(ctx.db).flatMap((account) => listNumbers(ctx.db, account.id));
      return numbers
        .filter((n) => numberId === undefined || n.id === numberId)
        .map((n) => findConversation(ctx.db, n.id, remote))
        .filter((c): c is Conversation => c !== undefined);
    },

    'thread:page': async (input) => {
      requireConversation(ctx, input.conversationId);
      return listThread(ctx.db, input.conversationId, {
        limit: input.limit,
        before: input.before,
        after: input.after,
        around: input.around,
      });
    },
  };
}
