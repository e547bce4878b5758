import { EXIT, UsageError, type CommandModule, type Context } from '../command';
import { formatParty, queuedSuffix } from '../format';
import { call, findConversation, findMessageId, withService } from '../service';

/** The read, unread and delete actions on one text or a whole conversation; each queued when offline. */
export const actionsCommand: CommandModule = {
  help: `  read ID | unread ID | delete ID         act on one text (its id from thread or export); queued when offline
  read-conversation --number ID --remote R
  unread-conversation --number ID --remote R`,
  commands: {
    read: { options: {}, run: (ctx) => runMessageAction(ctx, 'read') },
    unread: { options: {}, run: (ctx) => runMessageAction(ctx, 'unread') },
    delete: { options: {}, run: (ctx) => runMessageAction(ctx, 'delete') },
    'read-conversation': { options: { number: { type: 'string' }, remote: { type: 'string' } }, run: (ctx) => runConversationAction(ctx, true) },
    'unread-conversation': { options: { number: { type: 'string' }, remote: { type: 'string' } }, run: (ctx) => runConversationAction(ctx, false) },
  },
};

async function runMessageAction(ctx: Context, action: 'read' | 'unread' | 'delete'): Promise<number> {
  const key = ctx.positionals[0];
  if (!key) throw new UsageError(`${action} needs the ID of a text.`);
  return withService(ctx, async (service) => {
    const messageId = await findMessageId(service, key);
    if (action === 'delete') {
      const outcome = await call(service, 'message:delete', { messageId });
      const queued = await service.pushNow();
      const result = { ...outcome, queued: outcome.scope === 'server' && queued > 0 };
      ctx.out(ctx.json ? JSON.stringify(result) : result.queued ? 'Deleted here; queued until the server can be reached.' : outcome.message);
      return EXIT.ok;
    }
    await call(service, 'message:setRead', { messageId, isRead: action === 'read' });
    const queued = await service.pushNow();
    const result = { ok: true, messageId, isRead: action === 'read', queued: queued > 0 };
    ctx.out(ctx.json ? JSON.stringify(result) : `Marked ${action}${queuedSuffix(queued > 0)}`);
    return EXIT.ok;
  });
}

async function runConversationAction(ctx: Context, isRead: boolean): Promise<number> {
  return withService(ctx, async (service) => {
    const conversation = await findConversation(service, ctx);
    const updated = await call(service, 'conversations:setRead', { conversationId: conversation.id, isRead });
    const queued = await service.pushNow();
    const result = { ok: true, conversationId: updated.id, unreadCount: updated.unreadCount, queued: queued > 0 };
    ctx.out(
      ctx.json
        ? JSON.stringify(result)
        : `Marked the conversation with ${formatParty(updated.remote)} ${isRead ? 'read' : 'unread'}${queuedSuffix(queued > 0)}`,
    );
    return EXIT.ok;
  });
}
