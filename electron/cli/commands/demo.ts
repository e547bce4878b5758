import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { providerInfo } from '../../../shared/providers';
import { EXIT, untilSignal, type CommandModule, type Context } from '../command';
import { conversationLabel, formatParty, highlight, hitLabel, oneLine, table } from '../format';
import { call, withService } from '../service';

export const demoCommand: CommandModule = {
  help: '  demo                                    start the demo server, sync it into a demo cache, show the result',
  commands: { demo: { options: { keep: { type: 'boolean', default: false } }, run: runDemo } },
};

/**
 * Starts the demo servers (the demo fleet, added as accounts), syncs them into a fresh cache
 * (or --db) and shows what arrived: the quickest way to see the client work without an account.
 */
async function runDemo(ctx: Context): Promise<number> {
  const databasePath = typeof ctx.flags.db === 'string' ? ctx.flags.db : join(mkdtempSync(join(tmpdir(), 'textdesk-demo-')), 'cache.db');
  const started = Date.now();
  const demoCtx = { ...ctx, flags: { ...ctx.flags, db: databasePath } };
  return withService(
    demoCtx,
    async (service, fleet) => {
      // The demo fleet's wiring: the servers start and join as accounts here.
      await call(service, 'accounts:useDemo', undefined);
      const accounts = await call(service, 'accounts:list', undefined);
      ctx.err(`Demo servers on 127.0.0.1 for ${accounts.map((a) => providerInfo[a.provider].name).join(', ')}: seeded texts with real media`);
      ctx.err(`Syncing into ${databasePath} …`);
      let last = 0;
      service.on('sync:progress', (p) => {
        if (p.phase === 'history' && p.total && Date.now() - last > 500) {
          last = Date.now();
          ctx.err(`  number ${p.numberId}: ${p.fetched}/${p.total} texts`);
        }
      });
      await service.syncNow('user');
      const status = await call(service, 'sync:status', undefined);
      if (status.error) throw new AppError(status.error.code, status.error.message);
      const numbers = await call(service, 'numbers:list', undefined);
      const providerOf = new Map(accounts.map((a) => [a.id, providerInfo[a.provider].name]));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const totals = await Promise.all(
        numbers.map(async (n) => {
          const { conversations } = await call(service, 'conversations:list', { numberId: n.id, limit: 500 });
          return { number: n, conversations: conversations.length, texts: conversations.reduce((sum, c) => sum + c.totalCount, 0) };
        }),
      );
      const search = await call(service, 'search:query', { query: 'appointment', limit: 3, sort: 'relevance' });
      if (ctx.json) {
        ctx.out(
          JSON.stringify({
            database: databasePath,
            seconds: Number(seconds),
            numbers: totals.map((t) => ({
              provider: providerOf.get(t.number.accountId),
              number: t.number.phoneNumber,
              conversations: t.conversations,
              texts: t.texts,
              unread: t.number.unreadCount,
            })),
            searchHits: search.hits.length,
          }),
        );
      } else {
        ctx.out(`\nSynced in ${seconds} s. The cache now holds:`);
        ctx.out(
          table([
            ['PROVIDER', 'NUMBER', 'CONVERSATIONS', 'TEXTS', 'UNREAD'],
            ...totals.map((t) => [
              providerOf.get(t.number.accountId) ?? '',
              formatParty(t.number.phoneNumber),
              String(t.conversations),
              String(t.texts),
              String(t.number.unreadCount),
            ]),
          ]),
        );
        const first = totals[0];
        if (first) {
          const { conversations } = await call(service, 'conversations:list', { numberId: first.number.id, limit: 3 });
          ctx.out(`\nLatest conversations on ${formatParty(first.number.phoneNumber)}:`);
          for (const c of conversations) ctx.out(`  ${conversationLabel(c).padEnd(18)} ${oneLine(c.latestText ?? '[media]', 60)}`);
        }
        ctx.out(`\nOffline search for "appointment" (${search.hits.length} shown):`);
        const tty = process.stdout.isTTY === true;
        for (const hit of search.hits) {
          ctx.out(`  ${hitLabel(hit.message, hit.conversation).padEnd(18)} ${highlight(hit.snippet.text, hit.snippet.highlights, tty)}`);
        }
        ctx.out(`\nTry it yourself:`);
        ctx.out(`  npm run cli -- conversations --db ${databasePath} --number ${first?.number.id ?? 1}`);
        ctx.out(`  npm run cli -- search --db ${databasePath} "café"`);
        ctx.out(`  npm run web        # the full client in your browser`);
      }
      if (ctx.flags.keep) {
        const server = fleet.inkbox();
        ctx.err(`\nThe Inkbox demo server keeps running with a new text every 15 s: INKBOX_BASE_URL=${server?.baseUrl} INKBOX_API_KEY=${server?.apiKey}. Ctrl+C stops it.`);
        await untilSignal(['SIGINT']);
      }
      return EXIT.ok;
    },
    // The demo fleet's options for the service (see service.ts: the CLI's one createService call).
    { size: 'demo', liveIntervalSeconds: ctx.flags.keep ? 15 : null },
  );
}
