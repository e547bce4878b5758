import { providerInfo } from '../../../shared/providers';
import { EXIT, type CommandModule, type Context } from '../command';
import { table } from '../format';
import { call, withService } from '../service';

export const accountsCommand: CommandModule = {
  help: '  accounts                                list the accounts in the cache',
  commands: { accounts: { options: {}, run: runAccounts } },
};

async function runAccounts(ctx: Context): Promise<number> {
  return withService(ctx, async (service) => {
    const accounts = await call(service, 'accounts:list', undefined);
    if (ctx.json) ctx.out(JSON.stringify(accounts, null, 2));
    else if (accounts.length === 0) ctx.out('No accounts yet.');
    else ctx.out(table([['ID', 'PROVIDER', 'LABEL', 'BASE URL'], ...accounts.map((a) => [String(a.id), providerInfo[a.provider].name, a.label, a.baseUrl])]));
    return EXIT.ok;
  });
}
