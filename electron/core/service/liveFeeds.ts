import type { Account } from '../../../shared/model';
import { listAccounts } from '../cache/accounts';
import { listNumbers } from '../cache/numbers';
import type { ProviderAdapter } from '../providers/adapter';
import { startLiveFeed, type LiveFeed } from '../sync/liveFeed';
import type { ServiceContext, SyncReason } from './context';

/**
 * Each account's live feed (Sendblue's event stream), open while the app runs and is online,
 * so a new text shows in seconds rather than at the next poll. Every opening runs the sync
 * walk of its account (the feed is not durable: what happened while it was closed is fetched
 * then; the other accounts have nothing to do with it), a text event syncs its number, a line
 * event refreshes the numbers and their health.
 */
export function createLiveFeeds(
  ctx: ServiceContext,
  deps: {
    syncNow(reason: SyncReason, numberId: number): Promise<void>;
    syncAccountNow(reason: SyncReason, accountId: number): Promise<void>;
    refreshNumbers(account: Account, adapter: ProviderAdapter): Promise<void>;
  },
) {
  const feeds = new Map<number, LiveFeed>();
  const enabled = ctx.options.liveFeeds?.enabled ?? ctx.options.schedule ?? false;

  async function open(): Promise<void> {
    if (!enabled || ctx.stopped || !ctx.online) return;
    for (const account of listAccounts(ctx.db)) {
      if (feeds.has(account.id)) continue;
      let adapter: ProviderAdapter;
      try {
        adapter = await ctx.pool.adapterFor(account);
      } catch (error) {
        ctx.logger.warn('No live feed for the account', { account: account.id, error: String(error) });
        continue;
      }
      const listen = adapter.listen;
      if (!listen || feeds.has(account.id) || ctx.stopped || !ctx.online) continue;
      const numberOf = (providerId: string) => listNumbers(ctx.db, account.id).find((n) => n.providerId === providerId);
      feeds.set(
        account.id,
        startLiveFeed({
          listen: (handlers, signal) => listen.call(adapter, handlers, signal),
          onOpen: () => void deps.syncAccountNow('live', account.id).catch(() => {}),
          onChange: (change) => {
            if (change.kind === 'numbers') {
              deps.refreshNumbers(account, adapter).catch((error: unknown) => ctx.logger.warn('Refreshing the numbers failed', { account: account.id, error: String(error) }));
              return;
            }
            // A text on a number this cache does not know yet (or none named): the account's walk finds it.
            const number = change.numberProviderId === null ? undefined : numberOf(change.numberProviderId);
            const sync = number ? deps.syncNow('live', number.id) : deps.syncAccountNow('live', account.id);
            void sync.catch(() => {});
          },
          onProblem: ({ error, retryInMs }) =>
            ctx.logger.warn(retryInMs === null ? 'The live feed is not offered; polling only' : 'The live feed failed; reconnecting', {
              account: account.id,
              error: String(error),
              retryInMs,
            }),
          minBackoffMs: ctx.options.liveFeeds?.minBackoffMs,
          maxBackoffMs: ctx.options.liveFeeds?.maxBackoffMs,
        }),
      );
    }
  }

  async function close(accountId?: number): Promise<void> {
    const closing = [...feeds].filter(([id]) => accountId === undefined || id === accountId);
    for (const [id] of closing) feeds.delete(id);
    await Promise.allSettled(closing.map(([, feed]) => feed.stop()));
  }

  return { open, close };
}

export type LiveFeeds = ReturnType<typeof createLiveFeeds>;
