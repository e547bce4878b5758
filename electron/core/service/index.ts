import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { AdapterPool } from '../accounts';
import { cacheIdentity } from '../cache/cacheMeta';
import { getMediaFile, touchMediaFile } from '../cache/media';
import { countUnread, getNumber, listNumbers } from '../cache/numbers';
import { openCheckedCache } from '../cache/recover';
import { resolveLiveMessageId } from '../cache/messages';
import { exportMessages } from '../export';
import { silentLogger } from '../hostInterfaces';
import { openMediaStore } from '../media/store';
import { ensurePrivateDir } from '../privateFiles';
import type { ServiceOptions, TextdeskService } from '../serviceTypes';
import type { Notify, ServiceContext } from './context';
import { createEvents } from './events';
import { createHandlers } from './handlers';
import { createLiveFeeds } from './liveFeeds';
import { createLocalAccounts } from './localServers';
import { createMediaRunner } from './media';
import { createOutbox } from './outbox';
import { createRecovery } from './recovery';
import { createScheduler } from './scheduler';
import { createStatus } from './status';
import { createSyncRun } from './syncRun';

export type { ServiceOptions, TextdeskService, LocalServers } from '../serviceTypes';

/**
 * The core service: owns the cache, the provider clients, sync and its schedule, the outbox and
 * the media store, and implements every channel of the contract. Hosts (Electron, the browser
 * host, the CLI, the engine worker) only wrap it. This file only wires the units together.
 */
export async function createService(options: ServiceOptions): Promise<TextdeskService> {
  const logger = options.logger ?? silentLogger;
  ensurePrivateDir(options.dataDir);
  const databasePath = options.databasePath ?? join(options.dataDir, 'cache.db');
  // Checked as it opens: a damaged cache is moved aside and rebuilt from the servers (recover.ts).
  const { db, recovery } = openCheckedCache(databasePath);
  if (recovery) logger.warn('The cache was damaged; it was moved aside and is rebuilt', { movedTo: recovery.movedTo, problem: recovery.problem, kept: recovery.kept });
  // Keys are filed under this cache's installation id: another profile's account 1 is not ours.
  const secrets = options.secrets.withScope?.(cacheIdentity(db)) ?? options.secrets;
  const localServers = options.localServers;
  const pool = new AdapterPool(
    secrets,
    (provider) => localServers?.open(provider) ?? null,
    (account, issue) =>
      logger.warn('Skipped a malformed item from the provider', { account: account.id, endpoint: issue.endpoint, problem: issue.message }),
    (account) => {
      // Every answer restarts the account's stall clock: a long walk between progress reports is not a silent server.
      status.heardFrom(account);
      // An answer outside a sync (a push, a media fetch) from an account shown as unreachable: it
      // is back, so sync now rather than say "cannot be reached" until the backed-off schedule.
      if (status.isUnreachable(account.id)) void scheduler.syncNow('online');
    },
  );
  const ctx: ServiceContext = {
    options,
    logger,
    databasePath,
    db,
    recovery,
    store: openMediaStore(join(dirname(databasePath), 'media')),
    secrets,
    pool,
    online: true,
    stopped: false,
    activeConversationId: null,
  };

  const events = createEvents(logger);
  const status = createStatus(ctx, events);
  const notify: Notify = { changed: events.changed, setStatus: status.setStatus };
  const outbox = createOutbox(ctx, notify);
  const media = createMediaRunner(ctx, notify);
  // The units below call each other in a circle (a sync opens feeds, a feed runs a sync, a
  // recovery starts one): the late ones are reached through these arrows.
  const cacheRecovery = createRecovery(ctx, notify, () => void scheduler.syncNow('user'));
  const syncRun = createSyncRun(ctx, events, status, notify, {
    pushFor: (numberId, adapter, ignoreBackoff) => outbox.pushFor(numberId, adapter, undefined, ignoreBackoff),
    startMediaFetch: media.start,
    openLiveFeeds: () => liveFeeds.open(),
    recoverOnCorruption: cacheRecovery.recoverOnCorruption,
  });
  const scheduler = createScheduler(ctx, {
    syncOnce: syncRun.syncOnce,
    onOffline: () => {
      status.setStatus({ state: 'offline', error: { code: 'NETWORK', message: 'You are offline; changes are kept and sent when the network returns.' } });
      void liveFeeds.close();
    },
    onReconnect: () => void liveFeeds.open(),
  });
  const liveFeeds = createLiveFeeds(ctx, { syncNow: scheduler.syncNow, syncAccountNow: scheduler.syncAccountNow, refreshNumbers: syncRun.refreshNumbers });
  const localAccounts = createLocalAccounts(ctx, notify, syncRun.saveRemoteNumber);

  const handlers = createHandlers(
    {
      ctx,
      notify,
      status,
      outbox,
      syncNow: scheduler.syncNow,
      rescheduleSync: scheduler.scheduleNext,
      openLiveFeeds: liveFeeds.open,
      closeLiveFeeds: liveFeeds.close,
      startMediaFetch: media.start,
      addLocalServerAccounts: localAccounts.addOffered,
    },
    cacheRecovery.recoverOnCorruption,
  );

  return {
    handlers,
    on: events.on,
    async start() {
      cacheRecovery.checkWholeFile();
      await localAccounts.openAtStart();
      status.setStatus({});
      // Texts left waiting by the last run go when their time comes.
      for (const number of listNumbers(ctx.db)) outbox.scheduleSendRetry(number.id);
      if (options.schedule) void scheduler.syncNow('start');
      void liveFeeds.open();
    },
    async stop() {
      ctx.stopped = true;
      const syncs = scheduler.stop();
      await liveFeeds.close();
      outbox.stopTimers();
      await cacheRecovery.stop();
      await syncs;
      await media.stop();
      await outbox.drain();
      // The host's local servers are the host's to close, after this.
      ctx.db.close();
    },
    syncNow: scheduler.syncNow,
    resolveMessageId: (key) => resolveLiveMessageId(ctx.db, key) ?? null,
    async pushNow() {
      for (const number of listNumbers(ctx.db)) {
        if (status.pendingActions() === 0) break;
        await outbox.pushFor(number.id, undefined, undefined, true).catch(() => null);
      }
      return status.pendingActions();
    },
    sendMessage: outbox.sendMessage,
    exportTo(write, exportOptions) {
      if (exportOptions.numberId !== undefined && !getNumber(ctx.db, exportOptions.numberId)) {
        throw new AppError('NOT_FOUND', `There is no number ${exportOptions.numberId}.`);
      }
      return exportMessages(ctx.db, ctx.store, exportOptions, write);
    },
    setOnline: scheduler.setOnline,
    mediaFile(hash) {
      const file = getMediaFile(ctx.db, hash);
      const path = file ? ctx.store.path(hash) : null;
      if (!file || !path) return null;
      touchMediaFile(ctx.db, hash, Date.now());
      return { path, contentType: file.contentType, size: file.size };
    },
    unreadCount: () => countUnread(ctx.db),
    activeConversation: () => ctx.activeConversationId,
  };
}
