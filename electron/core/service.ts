import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConversationCursor, Handlers, SyncProgress, SyncStatus } from '../../shared/contract';
import { AppError, type AppErrorShape } from '../../shared/errors';
import type { Account, Conversation, PhoneNumber } from '../../shared/model';
import {
  AdapterPool,
  defaultBaseUrl,
  demoBaseUrl,
  encodeCredentials,
  isDemoAccount,
  providerName,
  testConnection,
} from './accounts';
import { openDatabase, type Database } from './db';
import { deleteAccount, getAccount, insertAccount, listAccounts } from './db/accounts';
import { getConversation, listConversations, setMuted } from './db/conversations';
import { getMedia, getMediaFile, requeueMedia, touchMediaFile } from './db/media';
import {
  Deleted,
  getMessage,
  getMessageRef,
  getMessages,
  latestInboundId,
  listThread,
  setConversationRead,
  setMessageRead,
  tombstoneMessage,
} from './db/messages';
import {
  countUnread,
  getNumber,
  isSyncEnabled,
  listNumbers,
  setNumberStatus,
  setNumberSyncEnabled,
  upsertNumber,
} from './db/numbers';
import { countOutbox, enqueue, listDue, purgeDone } from './db/outbox';
import { getSyncState, saveSyncState } from './db/syncState';
import { cachedPluck } from './db/statements';
import { startDemoServer, type DemoServer } from './demo';
import { startDemoFake, type DemoEndpoint, type FakeProvider } from './demoFleet';
import { isSupportedProvider } from './providers/registry';
import { exportMessages, exportToFile } from './export';
import { fromSqliteError } from './db/errors';
import { silentLogger } from './hostInterfaces';
import { dropUnreferencedFiles, fetchPendingMedia } from './media/fetcher';
import { openMediaStore } from './media/store';
import { ProviderAuthError, ProviderNetworkError, ProviderNotFoundError } from './providers/errors';
import type { ProviderAdapter } from './providers/adapter';
import { providerInfo } from '../../shared/providers';
import { searchContext, searchMessages } from './search';
import { applyPage } from './sync/apply';
import { abandonForReleasedNumber, pushOutbox, type PushReport } from './sync/pushOutbox';
import type { ServiceEventName, ServiceEvents, ServiceOptions, TextdeskService } from './serviceTypes';

export type { ServiceOptions, TextdeskService } from './serviceTypes';

/** How long a pushed outbox entry keeps protecting its change from older sync pages. */
const PUSHED_GRACE_MS = 10 * 60_000;
/** How long an action waits for the server before answering "queued". */
const PUSH_WAIT_MS = 3_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * The core service: owns the cache, the provider clients, sync and its schedule, the outbox and
 * the media store, and implements every channel of the contract. Hosts (Electron, the browser
 * host, the CLI) only wrap it.
 */
export async function createService(options: ServiceOptions): Promise<TextdeskService> {
  const logger = options.logger ?? silentLogger;
  mkdirSync(options.dataDir, { recursive: true });
  const databasePath = options.databasePath ?? join(options.dataDir, 'cache.db');
  const db: Database = openDatabase(databasePath);
  const store = openMediaStore(join(dirname(databasePath), 'media'));
  const listeners = new Map<ServiceEventName, Set<(payload: never) => void>>();
  let demoServer: DemoServer | null = null;
  const demoFakes = new Map<FakeProvider, DemoEndpoint>();
  let demoStartedAt = 0;
  let online = true;
  let stopped = false;
  let activeConversationId: number | null = null;
  let running: Promise<void> | null = null;
  let rerun: { reason: SyncReason; numberId?: number } | null = null;
  let consecutiveFailures = 0;
  let timer: NodeJS.Timeout | null = null;
  let mediaRun: Promise<void> | null = null;
  const pushChains = new Map<number, Promise<unknown>>();
  let status: SyncStatus = {
    state: 'idle',
    error: null,
    lastSyncedAt: null,
    pendingActions: countOutbox(db),
    progress: null,
    demo: false,
  };

  const pool = new AdapterPool(
    options.secrets,
    (provider) => {
      if (provider === 'inkbox') return demoServer && { baseUrl: demoServer.baseUrl, credentials: { apiKey: demoServer.apiKey } };
      return demoFakes.get(provider) ?? null;
    },
    (account, issue) =>
      logger.warn('Skipped a malformed item from the provider', { account: account.id, endpoint: issue.endpoint, problem: issue.message }),
  );

  function emit<E extends ServiceEventName>(event: E, payload: ServiceEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (value: ServiceEvents[E]) => void)(payload);
      } catch (error) {
        logger.error('An event listener failed', { event, error: String(error) });
      }
    }
  }

  function setStatus(patch: Partial<SyncStatus>): void {
    status = { ...status, ...patch, pendingActions: countOutbox(db), demo: demoActive() };
    emit('sync:status', status);
  }

  function demoActive(): boolean {
    return listAccounts(db).some(isDemoAccount);
  }

  function changed(conversationIds: Iterable<number>, numberIds: Iterable<number> = [], unread = true): void {
    emit('data:changed', { numberIds: [...new Set(numberIds)], conversationIds: [...new Set(conversationIds)], unread });
  }

  function requireConversation(id: number): Conversation {
    const conversation = getConversation(db, id);
    if (!conversation) throw new AppError('NOT_FOUND', `There is no conversation ${id}.`);
    return conversation;
  }

  function providerOf(accountId: number): (typeof providerInfo)[keyof typeof providerInfo] {
    return providerInfo[requireAccount(accountId).provider];
  }

  function requireAccount(id: number): Account {
    const account = getAccount(db, id);
    if (!account) throw new AppError('NOT_FOUND', `There is no account ${id}.`);
    return account;
  }

  function demoProviders(): FakeProvider[] {
    return (options.demo?.providers ?? (['sendblue', 'linq', 'heymarket'] as const)).filter(isSupportedProvider);
  }

  /** Starts the demo servers that are not running yet: Inkbox's, and the other providers' fakes. */
  async function ensureDemoServer(): Promise<DemoServer> {
    const anchor = demoAnchor();
    if (!demoServer) {
      demoStartedAt = Date.now();
      demoServer = await startDemoServer({
        anchor,
        seed: options.demo?.seed ?? 1,
        size: options.demo?.size ?? 'demo',
        liveIntervalSeconds: options.demo?.liveIntervalSeconds ?? null,
      });
      for (const account of listAccounts(db).filter(isDemoAccount)) pool.forget(account.id);
      logger.info('Demo server started', { url: demoServer.baseUrl });
    }
    const clock = () => anchor + (Date.now() - demoStartedAt);
    for (const provider of demoProviders()) {
      if (!demoFakes.has(provider)) demoFakes.set(provider, await startDemoFake(provider, clock, options.demo?.seed ?? 1));
    }
    return demoServer;
  }

  /**
   * The seeded history ends at the moment the demo was first used, stored beside the cache, so
   * a restarted demo server lists the same texts at the same times and the cache stays valid.
   */
  function demoAnchor(): number {
    const file = join(dirname(databasePath), 'demo.json');
    try {
      const anchor = (JSON.parse(readFileSync(file, 'utf8')) as { anchor?: unknown }).anchor;
      if (typeof anchor === 'number' && Number.isFinite(anchor)) return anchor;
    } catch {
      // First use, or an unreadable file: start a new history now.
    }
    const anchor = Date.now();
    writeFileSync(file, JSON.stringify({ anchor }));
    return anchor;
  }

  /** One demo account per provider (Inkbox's demo server and the fakes), created once. */
  async function useDemo(): Promise<Account> {
    await ensureDemoServer();
    const accounts = listAccounts(db);
    const created: number[] = [];
    let inkbox: Account | undefined;
    for (const provider of ['inkbox', ...demoProviders()] as const) {
      const baseUrl = demoBaseUrl(provider);
      const existing = accounts.find((a) => a.baseUrl === baseUrl);
      const account =
        existing ?? insertAccount(db, { provider, label: provider === 'inkbox' ? 'Demo' : `${providerName(provider)} demo`, baseUrl });
      const adapter = await pool.adapterFor(account);
      for (const number of await adapter.listNumbers()) {
        upsertNumber(db, account.id, { providerId: number.id, phoneNumber: number.number });
      }
      if (!existing) created.push(...listNumbers(db, account.id).map((n) => n.id));
      if (provider === 'inkbox') inkbox = account;
    }
    if (created.length > 0) changed([], created);
    return inkbox!;
  }

  // ---- sync -------------------------------------------------------------------------------

  type SyncReason = Parameters<TextdeskService['syncNow']>[0];

  async function refreshNumbers(account: Account, adapter: ProviderAdapter): Promise<void> {
    const remote = await adapter.listNumbers();
    const seen = new Set<string>();
    for (const number of remote) {
      seen.add(number.id);
      upsertNumber(db, account.id, { providerId: number.id, phoneNumber: number.number });
    }
    for (const number of listNumbers(db, account.id)) {
      if (!seen.has(number.providerId) && number.status === 'active') setNumberStatus(db, number.id, 'unavailable');
    }
  }

  function reconcileDue(numberId: number, reason: SyncReason): boolean {
    if (reason === 'start' || reason === 'user' || reason === 'online') return true;
    const last = getSyncState(db, numberId).lastReconcileAt;
    return last === null || Date.now() - last >= options.settings.get().reconcileIntervalMinutes * 60_000;
  }

  async function syncNumber(account: Account, adapter: ProviderAdapter, number: PhoneNumber, reason: SyncReason): Promise<void> {
    const scope = { accountId: account.id, numberId: number.id, numberProviderId: number.providerId };
    // Asked for by the user or the network's return: what waits out a backoff is tried now too.
    await pushFor(number.id, adapter, undefined, reason === 'user' || reason === 'online' || reason === 'start');
    try {
      const report = await adapter.syncNumber(
        {
          db,
          scope,
          hooks: {
            onProgress: (progress: SyncProgress) => {
              setStatus({ progress });
              emit('sync:progress', progress);
            },
            onChanged: (conversationIds) => changed(conversationIds, [number.id]),
          },
        },
        { reconcile: reconcileDue(number.id, reason) },
      );
      if (report.newInboundIds.length > 0) {
        const messages = getMessages(db, report.newInboundIds);
        const conversations = [...new Set(messages.map((m) => m.conversationId))]
          .map((id) => getConversation(db, id))
          .filter((c): c is Conversation => c !== undefined);
        emit('inbound', { messages, conversations });
      }
    } catch (error) {
      if (error instanceof ProviderNotFoundError && error.resource.kind === 'number') {
        // Released: keep what is cached readable, stop asking for it.
        setNumberStatus(db, number.id, 'unavailable');
        changed([], [number.id]);
        return;
      }
      const state = getSyncState(db, number.id);
      saveSyncState(db, { ...state, lastError: (error as Error).message, lastErrorAt: Date.now() });
      throw error;
    }
  }

  async function syncOnce(reason: SyncReason, onlyNumberId?: number): Promise<void> {
    if (stopped) return;
    if (!online) {
      setStatus({ state: 'offline', error: { code: 'NETWORK', message: 'You are offline; Textdesk will sync when the network returns.' } });
      return;
    }
    setStatus({ state: 'syncing', error: null });
    let failure: AppErrorShape | null = null;
    let networkDown = false;
    for (const account of listAccounts(db)) {
      try {
        if (isDemoAccount(account)) await ensureDemoServer();
        const adapter = await pool.adapterFor(account);
        if (onlyNumberId === undefined && reason !== 'interval' && reason !== 'focus') await refreshNumbers(account, adapter);
        for (const number of listNumbers(db, account.id)) {
          if (onlyNumberId !== undefined && number.id !== onlyNumberId) continue;
          if (number.status !== 'active' || !isSyncEnabled(db, number.id)) continue;
          await syncNumber(account, adapter, number, reason);
        }
        startMediaFetch();
      } catch (error) {
        const shape = describe(error, account);
        logger.warn('Sync failed', { account: account.id, code: shape.code, message: shape.message });
        failure ??= shape;
        if (error instanceof ProviderNetworkError) networkDown = true;
      }
    }
    purgeDone(db, Date.now() - PUSHED_GRACE_MS);
    if (failure) {
      consecutiveFailures += 1;
      setStatus({ state: networkDown ? 'offline' : 'error', error: failure, progress: null });
    } else {
      consecutiveFailures = 0;
      setStatus({ state: 'idle', error: null, progress: null, lastSyncedAt: new Date().toISOString() });
    }
  }

  function describe(error: unknown, account: Account): AppErrorShape {
    if (error instanceof ProviderAuthError) {
      return { code: 'AUTH', message: `${account.label}: ${error.message} Check the API key in Settings.` };
    }
    const sqlite = fromSqliteError(error);
    if (sqlite) return { code: sqlite.code, message: sqlite.message };
    if (error instanceof AppError) return { code: error.code, message: `${account.label}: ${error.message}` };
    logger.error('Unexpected sync error', { error: String((error as Error)?.stack ?? error) });
    return { code: 'INTERNAL', message: `${account.label}: the sync failed unexpectedly; the details are in the log.` };
  }

  function syncNow(reason: SyncReason, numberId?: number): Promise<void> {
    if (running) {
      rerun = rerun && rerun.numberId === undefined ? rerun : { reason, numberId };
      return running;
    }
    running = (async () => {
      try {
        await syncOnce(reason, numberId);
        while (rerun && !stopped) {
          const next = rerun;
          rerun = null;
          await syncOnce(next.reason, next.numberId);
        }
      } finally {
        running = null;
        scheduleNext();
      }
    })();
    return running;
  }

  function scheduleNext(): void {
    if (!options.schedule || stopped) return;
    if (timer) clearTimeout(timer);
    const base = options.settings.get().syncIntervalSeconds * 1000;
    const delay = consecutiveFailures === 0 ? base : Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(consecutiveFailures, 8));
    timer = setTimeout(() => void syncNow('interval'), delay);
    timer.unref?.();
  }

  function startMediaFetch(): void {
    if (mediaRun || stopped) return;
    mediaRun = (async () => {
      try {
        for (;;) {
          const report = await fetchPendingMedia({
            db,
            store,
            capBytes: options.settings.get().mediaCacheMb * 1024 * 1024,
            renewUrls: async (item) => {
              const account = getAccount(db, item.accountId);
              if (!account) return false;
              try {
                const adapter = await pool.adapterFor(account);
                const text = await adapter.fetchText(item.numberProviderId, item.providerMessageId, {
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
            changed(conversationIds, [], false);
          }
          if (report.cached + report.failed === 0 || stopped) break;
        }
      } catch (error) {
        logger.warn('Media download stopped', { error: String(error) });
      } finally {
        mediaRun = null;
      }
    })();
  }

  // ---- outbox -----------------------------------------------------------------------------

  /** Pushes one number's queue, one push at a time per number. */
  function pushFor(
    numberId: number,
    adapter?: ProviderAdapter,
    only?: number,
    ignoreBackoff = false,
  ): Promise<Awaited<ReturnType<typeof pushOutbox>> | null> {
    const previous = pushChains.get(numberId) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!online || stopped) return null;
      const number = getNumber(db, numberId);
      if (!number) return null;
      if (number.status === 'unavailable') {
        // Known released: nothing waits for a server that can no longer be told.
        const report: PushReport = { pushed: 0, dropped: 0, hiddenLocally: [], stoppedBy: null };
        const queued = listDue(db, Number.MAX_SAFE_INTEGER, number.id);
        for (const entry of queued) abandonForReleasedNumber(db, entry, report, Date.now());
        if (queued.length > 0) setStatus({});
        return report;
      }
      const account = requireAccount(number.accountId);
      const target = adapter ?? (await pool.adapterFor(account));
      const report = await pushOutbox(db, target, { id: number.id, providerId: number.providerId }, { only, ignoreBackoff });
      if (report.hiddenLocally.length > 0) {
        changed(getMessagesIncludingHidden(report.hiddenLocally), [numberId]);
      }
      setStatus({});
      return report;
    });
    pushChains.set(numberId, next.catch(() => null));
    return next;
  }

  function getMessagesIncludingHidden(ids: number[]): number[] {
    return ids.map((id) => getMessageRef(db, id)?.conversationId).filter((id): id is number => id !== undefined);
  }

  /** Pushes in the background; a failure is already recorded on the entry for the next try. */
  function pushSoon(numberId: number): void {
    pushFor(numberId).catch((error) => logger.warn('Push failed; it stays queued', { error: String(error) }));
  }

  function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
    return Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref?.())]);
  }

  // ---- handlers ---------------------------------------------------------------------------

  const handlers: Handlers = {
    'app:info': async () => ({
      version: options.version,
      host: options.host === 'electron' ? 'electron' : 'web',
      platform: options.platform,
      demo: demoActive(),
    }),
    'app:setActiveConversation': async ({ conversationId }) => {
      activeConversationId = conversationId;
      return { ok: true };
    },

    'accounts:list': async () => listAccounts(db),
    'accounts:test': async (input) => ({
      numbers: await testConnection({ provider: input.provider, credentials: input.credentials, baseUrl: input.baseUrl }),
    }),
    'accounts:add': async (input) => {
      const baseUrl = input.baseUrl ?? defaultBaseUrl(input.provider);
      const numbers = await testConnection({ provider: input.provider, credentials: input.credentials, baseUrl });
      const account = insertAccount(db, {
        provider: input.provider,
        label: input.label ?? `${providerName(input.provider)} ${numbers[0]?.phoneNumber ?? ''}`.trim(),
        baseUrl,
      });
      try {
        await options.secrets.set(account.id, encodeCredentials(input.credentials));
      } catch (error) {
        deleteAccount(db, account.id);
        throw error instanceof AppError
          ? error
          : new AppError('INTERNAL', `The API key could not be stored in ${options.secrets.description}.`, { cause: error });
      }
      const wanted = input.numberIds ? new Set(input.numberIds) : null;
      for (const number of numbers) {
        const id = upsertNumber(db, account.id, { providerId: number.providerId, phoneNumber: number.phoneNumber });
        setNumberSyncEnabled(db, id, wanted === null || wanted.has(number.providerId));
      }
      changed([], listNumbers(db, account.id).map((n) => n.id));
      void syncNow('user');
      return account;
    },
    'accounts:remove': async ({ accountId }) => {
      const account = requireAccount(accountId);
      deleteAccount(db, account.id);
      pool.forget(account.id);
      // Its pictures and files go with it: nothing of a removed account stays on disk or servable.
      dropUnreferencedFiles(db, store);
      if (!isDemoAccount(account)) await options.secrets.delete(account.id);
      changed([], [], true);
      setStatus({});
      return { ok: true };
    },
    'accounts:useDemo': async () => {
      const account = await useDemo();
      void syncNow('user');
      return account;
    },

    'numbers:list': async (input) => listNumbers(db, input?.accountId),
    'numbers:setSyncEnabled': async ({ numberId, enabled }) => {
      if (!getNumber(db, numberId)) throw new AppError('NOT_FOUND', `There is no number ${numberId}.`);
      setNumberSyncEnabled(db, numberId, enabled);
      if (enabled) void syncNow('user', numberId);
      return { ok: true };
    },

    'conversations:list': async (input) => {
      const conversations = listConversations(db, {
        numberId: input.numberId,
        accountId: input.accountId,
        unreadOnly: input.unreadOnly,
        limit: input.limit,
        after: input.cursor ?? undefined,
      });
      const last = conversations.at(-1);
      const nextCursor: ConversationCursor | null =
        conversations.length === input.limit && last?.latestAt ? { latestAt: Date.parse(last.latestAt), id: last.id } : null;
      return { conversations, nextCursor };
    },
    'conversations:get': async ({ conversationId }) => requireConversation(conversationId),
    'conversations:setRead': async ({ conversationId, isRead }) => {
      const conversation = requireConversation(conversationId);
      const { name, capabilities } = providerOf(conversation.accountId);
      db.transaction(() => {
        if (isRead) {
          setConversationRead(db, conversationId, true);
          // Where the server keeps no read state (Sendblue) the cache's is the only one.
          if (capabilities.readState !== 'none') {
            enqueue(db, { numberId: conversation.numberId, kind: 'conversation.read', conversationId });
          }
          return;
        }
        if (capabilities.readState === 'conversation' && !capabilities.markUnread) {
          throw new AppError('UNSUPPORTED', `${name} cannot mark a conversation unread; it would turn read again at the next sync.`);
        }
        // Unread means "come back to this": the latest inbound text, pushed as that text's state.
        const latestInbound = latestInboundId(db, conversationId);
        if (latestInbound === null) throw new AppError('VALIDATION', 'This conversation has no received text to mark unread.');
        setMessageRead(db, latestInbound, false);
        if (capabilities.readState === 'message') {
          enqueue(db, { numberId: conversation.numberId, kind: 'message.unread', messageId: latestInbound });
        }
      })();
      changed([conversationId], [conversation.numberId]);
      setStatus({});
      pushSoon(conversation.numberId);
      return requireConversation(conversationId);
    },
    'conversations:setMuted': async ({ conversationId, muted }) => {
      requireConversation(conversationId);
      setMuted(db, conversationId, muted);
      changed([conversationId], [], true);
      return requireConversation(conversationId);
    },

    'thread:page': async (input) => {
      requireConversation(input.conversationId);
      return listThread(db, input.conversationId, {
        limit: input.limit,
        before: input.before,
        after: input.after,
        around: input.around,
      });
    },

    'search:query': async (input) => searchMessages(db, input),
    'search:context': async (input) => searchContext(db, input),

    'message:setRead': async ({ messageId, isRead }) => {
      const ref = getMessageRef(db, messageId);
      if (!ref || ref.deleted !== Deleted.Live) throw new AppError('NOT_FOUND', `There is no text ${messageId}.`);
      const { name, capabilities } = providerOf(ref.accountId);
      if (capabilities.readState === 'conversation') {
        throw new AppError('UNSUPPORTED', `${name} keeps read state per conversation, not per text; mark the conversation instead.`);
      }
      db.transaction(() => {
        setMessageRead(db, messageId, isRead);
        if (capabilities.readState === 'message') {
          enqueue(db, { numberId: ref.numberId, kind: isRead ? 'message.read' : 'message.unread', messageId });
        }
      })();
      changed([ref.conversationId], [ref.numberId]);
      setStatus({});
      pushSoon(ref.numberId);
      return getMessage(db, messageId)!;
    },
    'message:delete': async ({ messageId }) => {
      const ref = getMessageRef(db, messageId);
      if (!ref || ref.deleted !== Deleted.Live) throw new AppError('NOT_FOUND', `There is no text ${messageId}.`);
      const { name, capabilities } = providerOf(ref.accountId);
      if (!capabilities.delete) {
        tombstoneMessage(db, messageId, Deleted.HiddenLocally);
        dropUnreferencedFiles(db, store);
        changed([ref.conversationId], [ref.numberId]);
        return { scope: 'local', queued: false, message: `${name} cannot delete texts; it is hidden on this device only.` };
      }
      if (getNumber(db, ref.numberId)?.status === 'unavailable') {
        tombstoneMessage(db, messageId, Deleted.HiddenLocally);
        dropUnreferencedFiles(db, store);
        changed([ref.conversationId], [ref.numberId]);
        return { scope: 'local', queued: false, message: 'This number is no longer on the server; the text is hidden on this device only.' };
      }
      const entryId = db.transaction(() => {
        tombstoneMessage(db, messageId, Deleted.Deleted);
        return enqueue(db, { numberId: ref.numberId, kind: 'message.delete', messageId });
      })();
      dropUnreferencedFiles(db, store);
      changed([ref.conversationId], [ref.numberId]);
      setStatus({});
      const result = await withTimeout(
        pushFor(ref.numberId, undefined, entryId).catch(() => null),
        PUSH_WAIT_MS,
      );
      if (result && result !== 'timeout' && result.hiddenLocally.includes(messageId)) {
        return {
          scope: 'local',
          queued: false,
          message: 'Hidden on this device only: the server did not delete it.',
        };
      }
      const queued = !(result && result !== 'timeout' && result.stoppedBy === null);
      return {
        scope: 'server',
        queued,
        message: queued ? 'Deleted here; the server will be told when it can be reached.' : 'Deleted.',
      };
    },

    'media:get': async ({ mediaId }) => {
      const media = getMedia(db, mediaId);
      if (!media) throw new AppError('NOT_FOUND', `There is no attachment ${mediaId}.`);
      if (media.state === 'cached' && media.hash && store.path(media.hash)) {
        touchMediaFile(db, media.hash, Date.now());
        return { ...media, url: options.mediaUrl(media.hash) };
      }
      if (media.state !== 'pending') {
        // Failed or evicted: the user wants it now, so try again.
        requeueMedia(db, mediaId);
        startMediaFetch();
        return { ...getMedia(db, mediaId)!, url: null };
      }
      startMediaFetch();
      return { ...media, url: null };
    },
    'media:save': async ({ mediaId }) => {
      const media = getMedia(db, mediaId);
      const source = media?.hash ? store.path(media.hash) : null;
      if (!media || !source) throw new AppError('NOT_FOUND', 'That attachment has not been downloaded yet.');
      const name = media.filename ?? `attachment-${media.id}${extensionFor(media.contentType)}`;
      const target = options.chooseSavePath ? await options.chooseSavePath(name) : join(ensureDir('downloads'), name);
      if (!target) return { saved: false, path: null };
      copyFileSync(source, target);
      return { saved: true, path: target };
    },

    'sync:now': async (input) => {
      void syncNow('user', input?.numberId);
      return { ok: true };
    },
    'sync:status': async () => ({ ...status, pendingActions: countOutbox(db), demo: demoActive() }),

    'settings:get': async () => options.settings.get(),
    'settings:set': async (patch) => {
      const next = options.settings.set(patch);
      scheduleNext();
      return next;
    },

    'export:run': async ({ numberId, format }) => {
      if (numberId !== undefined && !getNumber(db, numberId)) throw new AppError('NOT_FOUND', `There is no number ${numberId}.`);
      const name = `textdesk-export-${new Date().toISOString().slice(0, 10)}.${format}`;
      const target = options.chooseSavePath ? await options.chooseSavePath(name) : join(ensureDir('exports'), name);
      if (!target) return { path: null, count: 0 };
      const count = exportToFile(db, store, { numberId, format }, target);
      return { path: target, count };
    },
  };

  function ensureDir(name: string): string {
    const dir = join(options.dataDir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  return {
    handlers,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    async start() {
      if (options.demo?.enabled && listAccounts(db).length === 0) await useDemo();
      else if (demoActive()) await ensureDemoServer();
      setStatus({});
      if (options.schedule) void syncNow('start');
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
      await mediaRun?.catch(() => {});
      await Promise.allSettled(pushChains.values());
      await demoServer?.close();
      demoServer = null;
      await Promise.allSettled([...demoFakes.values()].map((fake) => fake.close()));
      demoFakes.clear();
      db.close();
    },
    syncNow,
    resolveMessageId(key) {
      const id = cachedPluck(db, `SELECT id FROM messages WHERE deleted = 0 AND (provider_id = ? OR CAST(id AS TEXT) = ?) LIMIT 1`)
        .get(key, key) as number | undefined;
      return id ?? null;
    },
    async pushNow() {
      for (const number of listNumbers(db)) {
        if (countOutbox(db) === 0) break;
        await pushFor(number.id, undefined, undefined, true).catch(() => null);
      }
      return countOutbox(db);
    },
    exportTo(write, exportOptions) {
      if (exportOptions.numberId !== undefined && !getNumber(db, exportOptions.numberId)) {
        throw new AppError('NOT_FOUND', `There is no number ${exportOptions.numberId}.`);
      }
      return exportMessages(db, store, exportOptions, write);
    },
    setOnline(value) {
      const cameBack = value && !online;
      online = value;
      if (!value) setStatus({ state: 'offline', error: { code: 'NETWORK', message: 'You are offline; changes are kept and sent when the network returns.' } });
      if (cameBack) void syncNow('online');
    },
    mediaFile(hash) {
      const file = getMediaFile(db, hash);
      const path = file ? store.path(hash) : null;
      if (!file || !path) return null;
      touchMediaFile(db, hash, Date.now());
      return { path, contentType: file.contentType, size: file.size };
    },
    unreadCount: () => countUnread(db),
    demoServer: () => demoServer,
    activeConversation: () => activeConversationId,
  };
}

function extensionFor(contentType: string): string {
  const known: Record<string, string> = {
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'image/gif': '.gif',
    'audio/wav': '.wav',
    'audio/mpeg': '.mp3',
    'video/mp4': '.mp4',
    'text/vcard': '.vcf',
    'text/x-vcard': '.vcf',
    'application/pdf': '.pdf',
  };
  return known[contentType.split(';')[0]!.trim().toLowerCase()] ?? '';
}
