import { EXIT, intFlag, UsageError, type CommandModule, type Context } from '../command';
import { conversationLabel, formatTime, highlight, hitLabel, mediaSuffix } from '../format';
import { call, optionalNumberId, withService } from '../service';

export const searchCommand: CommandModule = {
  help: '  search QUERY [--number ID] [--limit N] [--sort relevance|newest]',
  commands: {
    search: { options: { number: { type: 'string' }, limit: { type: 'string' }, sort: { type: 'string' } }, run: runSearch },
  },
};

async function runSearch(ctx: Context): Promise<number> {
  const query = ctx.positionals.join(' ').trim();
  if (!query) throw new UsageError('search needs a QUERY.');
  const sort = ctx.flags.sort ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'newest') throw new UsageError('--sort must be relevance or newest.');
  const limit = intFlag(ctx, 'limit', 20, 1, 500);
  return withService(ctx, async (service) => {
    const numberId = await optionalNumberId(service, ctx);
    const result = await call(service, 'search:query', { query, numberId, limit, sort });
    if (ctx.json) {
      ctx.out(JSON.stringify(result, null, 2));
      return EXIT.ok;
    }
    for (const problem of result.problems ?? []) ctx.err(`note: ${problem.message}`);
    if (result.conversations && result.conversations.length > 0) {
      ctx.out('Contacts:');
      for (const c of result.conversations) ctx.out(`  ${conversationLabel(c)}  (${c.totalCount} texts, latest ${formatTime(c.latestAt)})`);
      ctx.out('Texts:');
    }
    if (result.hits.length === 0) ctx.out('No texts found.');
    const tty = process.stdout.isTTY === true;
    for (const hit of result.hits) {
      ctx.out(`${formatTime(hit.message.createdAt)}  ${hit.message.id}  ${hitLabel(hit.message, hit.conversation)}`);
      // A photo with no words still says what it is.
      const line = [highlight(hit.snippet.text, hit.snippet.highlights, tty), mediaSuffix(hit.message).trim()].filter(Boolean).join(' ');
      ctx.out(`    ${line}`);
    }
    return EXIT.ok;
  });
}
