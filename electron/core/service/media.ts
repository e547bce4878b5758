import { DEFAULT_MEDIA_MAX_FILE_MB } from '../../../shared/settings';
import { getAccount } from '../cache/accounts';
import { getMessages } from '../cache/messages';
import { fetchPendingMedia } from '../sync/media';
import { ProviderNotFoundError } from '../providers/errors';
import { applyPage } from '../sync/apply';
import type { Notify, ServiceContext } from './context';

/**
 * The media loop: downloads pending attachments until none is left, one run at a time. An
 * expired link is renewed by fetching its text again.
 */
export function createMediaRunner(ctx: ServiceContext, notify: Notify) {
  let run: Promise<void> | null = null;

  function start(): void {
    if (run || ctx.stopped) return;
    run = (async () => {
      try {
        for (;;) {
          const db = ctx.db;
          const settings = ctx.options.settings.get();
          const report = await fetchPendingMedia({
            db,
            store: ctx.store,
            capBytes: settings.mediaCacheMb * 1024 * 1024,
            maxFileBytes: (settings.mediaMaxFileMb ?? DEFAULT_MEDIA_MAX_FILE_MB) * 1024 * 1024,
            renewUrls: async (item) => {
              const account = getAccount(db, item.accountId);
              if (!account) return false;
              try {
                const adapter = await ctx.pool.adapterFor(account);
                const text = await adapter.fetchMessage(item.numberProviderId, item.providerMessageId, {
                  remote: item.remote,
                  providerRef: item.conversationRef,
                });
                applyPage(db, { accountId: item.accountId, numberId: item.numberId }, [text]);
                return true;
              } catch (error) {
                if (error instanceof ProviderNotFoundError) return false;
                throw error;
              }
            },
          });
          if (report.cachedMessageIds.length > 0) {
            const conversationIds = getMessages(db, report.cachedMessageIds).map((m) => m.conversationId);
            notify.changed(conversationIds, [], false);
          }
          if (report.cached + report.failed === 0 || ctx.stopped) break;
        }
      } catch (error) {
        ctx.logger.warn('Media download stopped', { error: String(error) });
      } finally {
        run = null;
      }
    })();
  }

  return { start, stop: async () => void (await run?.catch(() => {})) };
}

export type MediaRunner = ReturnType<typeof createMediaRunner>;
