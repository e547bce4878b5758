import { AppError } from '../../../shared/errors';
import { EXIT, intFlag, type CommandModule, type Context } from '../command';
import { formatParty, oneLine } from '../format';
import { call, ensureEnvAccounts, optionalNumberId, withService } from '../service';

export const syncCommand: CommandModule = {
  help: `  sync [--number ID] [--watch] [--interval SECONDS]
                                          sync until the cache equals the server; --watch keeps syncing
                                          (and keeps Sendblue's live event stream open)`,
  commands: {
    sync: {
      options: { number: { type: 'string' }, watch: { type: 'boolean', default: false }, interval: { type: 'string' } },
      run: runSync,
    },
  },
};

async function runSync(ctx: Context): Promise<number> {
  const interval = intFlag(ctx, 'interval', 30, 1, 86_400);
  return withService(ctx, async (service) => {
    await ensureEnvAccounts(service);
    const accounts = await call(service, 'accounts:list', undefined);
    if (accounts.length === 0) {
      throw new AppError('AUTH', 'No account to sync: set INKBOX_API_KEY (and INKBOX_BASE_URL) or another provider\'s credentials (see --help), or run "demo".');
    }
    const numberId = await optionalNumberId(service, ctx);
    let lastLine = '';
    service.on('sync:progress', (progress) => {
      const line = `syncing number ${progress.numberId}: ${progress.phase} ${progress.fetched}${progress.total !== null ? `/${progress.total}` : ''}`;
      if (line !== lastLine) ctx.err((lastLine = line));
    });
    service.on('inbound', ({ messages }) => {
      for (const message of messages) {
        ctx.err(`new text from ${formatParty(message.remote)}: ${oneLine(message.text ?? '[media]', 80)}`);
      }
    });
    for (;;) {
      await service.syncNow('user', numberId);
      const status = await call(service, 'sync:status', undefined);
      if (status.error) {
        if (!ctx.flags.watch) throw new AppError(status.error.code, status.error.message);
        ctx.err(`sync failed: ${status.error.message}`);
      } else {
        const numbers = (await call(service, 'numbers:list', undefined)).filter((n) => numberId === undefined || n.id === numberId);
        const summary = { ok: true, numbers: numbers.length, pendingActions: status.pendingActions, lastSyncedAt: status.lastSyncedAt };
        if (ctx.json) ctx.out(JSON.stringify(summary));
        else ctx.err(`in sync: ${numbers.length} number(s), ${status.pendingActions} action(s) waiting to be sent`);
      }
      if (!ctx.flags.watch) return EXIT.ok;
      await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    }
  });
}
