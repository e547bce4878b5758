import { EXIT, intFlag, type CommandModule, type Context } from '../command';
import { conversationLabel, printMessages } from '../format';
import { call, findConversation, withService } from '../service';

export const threadCommand: CommandModule = {
  help: '  thread --number ID --remote R [--limit N]',
  commands: {
    thread: { options: { number: { type: 'string' }, remote: { type: 'string' }, limit: { type: 'string' } }, run: runThread },
  },
};

async function runThread(ctx: Context): Promise<number> {
  const limit = intFlag(ctx, 'limit', 50, 1, 500);
  return withService(ctx, async (service) => {
    const conversation = await findConversation(service, ctx);
    const page = await call(service, 'thread:page', { conversationId: conversation.id, limit });
    if (!ctx.json) {
      const optedOut = conversation.optedOut ? ' — opted out of texts' : '';
      ctx.out(`${conversationLabel(conversation)} — ${conversation.totalCount} texts, ${conversation.unreadCount} unread${optedOut}`);
    }
    printMessages(ctx, page.messages);
    return EXIT.ok;
  });
}
