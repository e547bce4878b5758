import { AppError } from '../../../shared/errors';
import type { Account } from '../../../shared/model';
import { isLocalServerAccount, localServerBaseUrl } from '../accounts';
import { insertAccount, listAccounts } from '../cache/accounts';
import { listNumbers } from '../cache/numbers';
import { isSupportedProvider } from '../providers/registry';
import type { RemoteNumber } from '../providers/types';
import type { Notify, ServiceContext } from './context';

/**
 * The host's local servers (ServiceOptions.localServers: the demo fleet) as accounts: one per
 * server offered, made once, marked by its base URL and resolved to the live endpoint by the
 * adapter pool. The engine knows nothing else of the demo.
 */
export function createLocalAccounts(
  ctx: ServiceContext,
  notify: Notify,
  saveRemoteNumber: (account: Account, number: RemoteNumber) => unknown,
) {
  const servers = ctx.options.localServers;

  /** Makes the offered accounts that do not exist yet and lists their numbers; answers the first. */
  async function addOffered(): Promise<Account> {
    if (!servers) throw new AppError('UNSUPPORTED', 'This host runs no demo servers.');
    const accounts = listAccounts(ctx.db);
    const created: number[] = [];
    let first: Account | undefined;
    for (const { provider, label } of servers.offered.filter((offer) => isSupportedProvider(offer.provider))) {
      const baseUrl = localServerBaseUrl(provider);
      const existing = accounts.find((a) => a.baseUrl === baseUrl);
      const account = existing ?? insertAccount(ctx.db, { provider, label, baseUrl });
      const adapter = await ctx.pool.adapterFor(account);
      for (const number of await adapter.listNumbers()) saveRemoteNumber(account, number);
      if (!existing) created.push(...listNumbers(ctx.db, account.id).map((n) => n.id));
      first ??= account;
    }
    if (!first) throw new AppError('UNSUPPORTED', 'This host runs no demo servers.');
    if (created.length > 0) notify.changed([], created);
    return first;
  }

  /** At start: the offered accounts on a first run, if the host wants them; else the servers of the accounts there are. */
  async function openAtStart(): Promise<void> {
    if (!servers) return;
    const accounts = listAccounts(ctx.db);
    if (servers.offerWhenEmpty && accounts.length === 0) {
      await addOffered();
      return;
    }
    const local = accounts.filter(isLocalServerAccount);
    await Promise.all(local.map((account) => servers.open(account.provider).catch(() => null)));
  }

  return { addOffered, openAtStart };
}
