import { EXIT, intFlag, requireFlag, type CommandModule, type Context } from '../command';
import { conversationLabel, formatTime, oneLine, table } from '../format';
import { call, findNumber, withService } from '../service';

export const conversationsCommand: CommandModule = {
  help: '  conversations --number ID [--limit N] [--unread]',
  commands: {
    conversations: {
      options: { number: { type: 'string' }, limit: { type: 'string' }, unread: { type: 'boolean', default: false } },
      run: runConversations,
    },
  },
};

async function runConversations(ctx: Context): Promise<number> {
  const limit = intFlag(ctx, 'limit', 50, 1, 500);
  return withService(ctx, async (service) => {
    const number = await findNumber(service, requireFlag(ctx, 'number'));
    const { conversations } = await call(service, 'conversations:list', {
      numberId: number.id,
      limit,
      unreadOnly: ctx.flags.unread === true,
    });
    if (ctx.json) ctx.out(JSON.stringify(conversations, null, 2));
    else {
      ctx.out(
        table([
          ['WHO', 'UNREAD', 'TEXTS', 'LATEST', 'PREVIEW'],
          ...conversations.map((c) => [
            conversationLabel(c),
            c.unreadCount > 0 ? String(c.unreadCount) : '',
            String(c.totalCount),
            formatTime(c.latestAt),
            `${c.latestDirection === 'outbound' ? 'You: ' : ''}${c.latestHasMedia ? '📎 ' : ''}${oneLine(c.latestText, 60)}`,
          ]),
        ]),
      );
    }
    return EXIT.ok;
  });
}
