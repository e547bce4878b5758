import { EXIT, type CommandModule, type Context } from '../command';
import { formatParty, formatTime, table } from '../format';
import { call, ensureEnvAccounts, withService } from '../service';

export const numbersCommand: CommandModule = {
  help: '  numbers                                 list the numbers (from the servers whose credentials are set)',
  commands: { numbers: { options: {}, run: runNumbers } },
};

async function runNumbers(ctx: Context): Promise<number> {
  return withService(ctx, async (service) => {
    await ensureEnvAccounts(service);
    const numbers = await call(service, 'numbers:list', undefined);
    if (ctx.json) ctx.out(JSON.stringify(numbers, null, 2));
    else if (numbers.length === 0) ctx.out('No numbers yet. Set INKBOX_API_KEY (or another provider\'s credentials, see --help) and run "sync", or run "demo".');
    else {
      ctx.out(
        table([
          ['ID', 'NUMBER', 'STATUS', 'HEALTH', 'UNREAD', 'LAST SYNCED', 'PROVIDER ID'],
          ...numbers.map((n) => [
            String(n.id),
            formatParty(n.phoneNumber),
            n.status,
            // A line's health where its provider reports one (Sendblue), else a dash.
            n.health ?? '-',
            String(n.unreadCount),
            formatTime(n.lastSyncedAt),
            n.providerId,
          ]),
        ]),
      );
    }
    return EXIT.ok;
  });
}
