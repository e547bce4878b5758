import { randomUUID } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AccountSyncStatus, ConversationCursor, Handlers, SendInput, SyncProgress, SyncStatus } from '../../shared/contract';
import { AppError, type AppErrorShape, type ErrorCode } from '../../shared/errors';
import type { Account, Conversation, Message, PhoneNumber } from '../../shared/model';
import {
  AdapterPool,
  defaultBaseUrl,
  demoBaseUrl,
  encodeCredentials,
  isDemoAccount,
  providerName,
  testConnection,
} from './accounts';
import type { CountryCode } from 'libphonenumber-js';
import { MAX_IMPORT_CHARS } from '../../shared/contacts';
import { importAddressBook } from './contacts/importBook';
import { cleanName } from './contacts/names';
import { countryOf, toE164 } from './contacts/phone';
import { refreshAccountContacts } from './sync/contacts';
import {
  contactsForPhone,
  conversationIdsForPhone,
  listContacts,
  refreshConversationNames,
  setLocalContact,
  upsertProviderContact,
} from './cache/contacts';
import { ensureConversation, findConversation, getConversation, listConversations, listPinnedConversations, setArchived, setMuted, setPinned } from './cache/conversations';
import { checkCacheInBackground, type BackgroundCheck } from './cache/backgroundCheck';
import { checkCache, isCorruptionError, openCheckedCache, recoverCache, type CacheRecovery } from './cache/recover';
import { deleteAccount, getAccount, insertAccount, listAccounts } from './cache/accounts';
import { cacheIdentity } from './cache/cacheMeta';
import { getMedia, getMediaFile, requeueMedia, touchMediaFile } from './cache/media';
import {
  Visibility,
  getMessage,
  getMessageRef,
  getMessages,
  latestInboundId,
  listThread,
  setConversationRead,
  setMessageRead,
  tombstoneMessage,
} from './cache/messages';
import {
  countUnread,
  getNumber,
  isSyncEnabled,
  listNumbers,
  setNumberHealth,
  setNumberStatus,
  setNumberSyncEnabled,
  setSendBlockedReason,
  upsertNumber,
} from './cache/numbers';
import {
  cancelSend,
  countPendingSends,
  getSendForMessage,
  insertSend,
  nextSendDueAt,
  refuseWaitingSends,
  requeueSend,
  setDraft,
  settleSend,
} from './cache/sends';
import { normalizeRecipient, sendBlockedReason } from './providers/sendability';
import { pushSends, type SendReport } from './sync/pushSends';
import { countOutbox, enqueue, listDue, purgeDone } from './cache/outbox';
import { getSyncState, saveSyncState } from './cache/syncState';
import { cachedPluck } from './cache/statements';
import { startDemoServer, type DemoServer } from '../demo/inkbox';
import { startDemoFake, type DemoEndpoint, type FakeProvider } from '../demo/fleet';
import { isSupportedProvider } from './providers/registry';
import { exportMessages, exportToFile } from './export';
import { fromSqliteError } from './cache/errors';
import { silentLogger } from './hostInterfaces';
import { dropUnreferencedFiles, fetchPendingMedia } from './sync/media';
import { openMediaStore } from './media/store';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './privateFiles';
import { safeAttachmentName, saveIntoFolder } from './media/filename';
import { ProviderAuthError, ProviderNetworkError, ProviderNotFoundError } from './providers/errors';
import type { ProviderAdapter } from './providers/adapter';
import type { RemoteNumber } from './providers/types';
import { providerInfo } from '../../shared/providers';
import { DEFAULT_MEDIA_MAX_FILE_MB } from '../../shared/settings';
import { searchContext, searchMessages } from './search';
import { applyPage } from './sync/apply';
import { abandonForReleasedNumber, pushOutbox, type PushReport } from './sync/pushOutbox';
import { startLiveFeed, type LiveFeed } from './sync/liveFeed';
import type { ServiceEventName, ServiceEvents, ServiceOptions, TextdeskService } from './serviceTypes';

export type { ServiceOptions, TextdeskService } from './serviceTypes';

/** Send claims held by services running in this process (see isOwnerAlive). */
const liveSendOwners = new Set<string>();

/**
 * Whether the service that claimed a send is still running: in this process, one not yet
 * stopped; in another (the CLI beside the app), a process that still exists.
 */
function isOwnerAlive(owner: string): boolean {
  const pid = Number(owner.split(':')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return liveSendOwners.has(owner);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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
  ensurePrivateDir(options.dataDir);
  const databasePath = options.databasePath ?? join(options.dataDir, 'cache.db');
  // Checked as it opens: a damaged cache is moved aside and rebuilt from the servers (recover.ts).
  let { db, recovery } = openCheckedCache(databasePath);
  if (recovery) logger.warn('The cache was damaged; it was moved aside and is rebuilt', { movedTo: recovery.movedTo, problem: recovery.problem, kept: recovery.kept });
  const store = openMediaStore(join(dirname(databasePath), 'media'));
  // Keys are filed under this cache's installation id: another profile's account 1 is not ours.
  const secrets = options.secrets.withScope?.(cacheIdentity(db)) ?? options.secrets;
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
  let backgroundCheck: BackgroundCheck | null = null;
  const pushChains = new Map<number, Promise<unknown>>();
  /** Each account's open live feed (Sendblue's event stream), while the app runs and is online. */
  const liveFeeds = new Map<number, LiveFeed>();
  const liveFeedsEnabled = options.liveFeeds?.enabled ?? options.schedule ?? false;
  const contactsRefreshedAt = new Map<number, number>();
  const sendOwner = `${process.pid}:${randomUUID()}`;
  liveSendOwners.add(sendOwner);
  const sendTimers = new Map<number, NodeJS.Timeout>();
  const pendingActions = () => countOutbox(db) + countPendingSends(db);
  let status: SyncStatus = {
    state: 'idle',
    error: null,
    lastSyncedAt: null,
    pendingActions: pendingActions(),
    progress: null,
    demo: false,
    recovery: recovery && { message: recovery.message, movedTo: recovery.movedTo },
  };

  const pool = new AdapterPool(
    secrets,
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
    status = { ...status, ...patch, pendingActions: pendingActions(), demo: demoActive(), accounts: accountStatuses() };
    emit('sync:status', status);
  }

  // ---- per-account status -------------------------------------------------------------------

  const STALL_MS = options.stallMs ?? 5_000;
  const accountSync = new Map<number, AccountSyncStatus>();
  /** Per account, per number: the most texts its history walk has reported, so the sum never goes back. */
  const historyFetched = new Map<number, Map<number, { fetched: number; total: number | null }>>();
  const stallTimers = new Map<number, NodeJS.Timeout>();

  function accountStatuses(): AccountSyncStatus[] {
    return listAccounts(db).map(
      (account) =>
        accountSync.get(account.id) ?? {
          accountId: account.id,
          label: account.label,
          provider: account.provider,
          state: 'idle',
          error: null,
          lastSyncedAt: null,
          progress: null,
        },
    );
  }

  function setAccountSync(account: Account, patch: Partial<AccountSyncStatus>): void {
    const before = accountSync.get(account.id) ?? accountStatuses().find((a) => a.accountId === account.id)!;
    accountSync.set(account.id, { ...before, ...patch, label: account.label, provider: account.provider });
    setStatus({});
  }

  /** The account's server answered (or the sync moved on): restart its stall clock. */
  function heardFrom(account: Account): void {
    clearTimeout(stallTimers.get(account.id));
    const timer = setTimeout(() => {
      if (accountSync.get(account.id)?.state === 'syncing') setAccountSync(account, { state: 'stalled' });
    }, STALL_MS);
    timer.unref?.();
    stallTimers.set(account.id, timer);
    if (accountSync.get(account.id)?.state === 'stalled') setAccountSync(account, { state: 'syncing' });
  }

  function stopStallClock(account: Account): void {
    clearTimeout(stallTimers.get(account.id));
    stallTimers.delete(account.id);
  }

  function accountProgress(account: Account, progress: SyncProgress): AccountSyncStatus['progress'] {
    if (progress.phase !== 'history') return { phase: progress.phase, fetched: 0, total: null };
    const perNumber = historyFetched.get(account.id) ?? new Map<number, { fetched: number; total: number | null }>();
    historyFetched.set(account.id, perNumber);
    const before = perNumber.get(progress.numberId);
    perNumber.set(progress.numberId, { fetched: Math.max(before?.fetched ?? 0, progress.fetched), total: progress.total ?? before?.total ?? null });
    let fetched = 0;
    let total: number | null = 0;
    for (const entry of perNumber.values()) {
      fetched += entry.fetched;
      total = total === null || entry.total === null ? null : total + entry.total;
    }
    return { phase: 'history', fetched, total: total === null ? null : Math.max(total, fetched) };
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
    writeFileSync(file, JSON.stringify({ anchor }), { mode: PRIVATE_FILE_MODE });
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
      for (const number of await adapter.listNumbers()) saveRemoteNumber(account, number);
      if (!existing) created.push(...listNumbers(db, account.id).map((n) => n.id));
      if (provider === 'inkbox') inkbox = account;
    }
    if (created.length > 0) changed([], created);
    return inkbox!;
  }

  // ---- sync -------------------------------------------------------------------------------

  type SyncReason = Parameters<TextdeskService['syncNow']>[0];

  /** Stores a number the provider lists, with its health where it reports one; answers whether that health changed. */
  function saveRemoteNumber(account: Account, number: RemoteNumber): { id: number; healthChanged: boolean } {
    const id = upsertNumber(db, account.id, { providerId: number.id, phoneNumber: number.number });
    setSendBlockedReason(db, id, sendBlockedReason(account.provider, number));
    return { id, healthChanged: setNumberHealth(db, id, number.health ?? null, number.healthChangedAt ?? null) };
  }

  async function refreshNumbers(account: Account, adapter: ProviderAdapter): Promise<void> {
    const remote = await adapter.listNumbers();
    const seen = new Set<string>();
    const healthChanged: number[] = [];
    for (const number of remote) {
      seen.add(number.id);
      const saved = saveRemoteNumber(account, number);
      if (saved.healthChanged) healthChanged.push(saved.id);
    }
    for (const number of listNumbers(db, account.id)) {
      if (!seen.has(number.providerId) && number.status === 'active') setNumberStatus(db, number.id, 'unavailable');
    }
    // The sidebar and the tray show each line's health: tell them when it moved.
    if (healthChanged.length > 0) changed([], healthChanged, false);
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
              heardFrom(account);
              accountSync.set(account.id, { ...accountSync.get(account.id)!, progress: accountProgress(account, progress) });
              setStatus({ progress });
              emit('sync:progress', progress);
            },
            onChanged: (conversationIds) => changed(conversationIds, [number.id]),
          },
        },
        { reconcile: reconcileDue(number.id, reason) },
      );
      if (report.newInboundIds.length > 0) {
        const conversationsOf = (ids: number[]) =>
          [...new Set(ids)].map((id) => getConversation(db, id)).filter((c): c is Conversation => c !== undefined);
        // A party new since the last address book refresh is looked up now, so that its first
        // notification already carries its name.
        const unnamed = conversationsOf(getMessages(db, report.newInboundIds).map((m) => m.conversationId)).filter((c) => !c.isGroup && !c.remoteName);
        if (unnamed.length > 0) await lookUpParties(account, adapter, number, unnamed);
        const messages = getMessages(db, report.newInboundIds);
        emit('inbound', { messages, conversations: conversationsOf(messages.map((m) => m.conversationId)) });
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
    const accounts = listAccounts(db).filter(
      (account) => onlyNumberId === undefined || listNumbers(db, account.id).some((n) => n.id === onlyNumberId),
    );
    // Accounts sync side by side: one hung server must not hold the others' texts back.
    const outcomes = await Promise.all(
      accounts.map(async (account): Promise<{ failure: AppErrorShape; network: boolean } | null> => {
        setAccountSync(account, { state: 'syncing', error: null });
        heardFrom(account);
        try {
          if (isDemoAccount(account)) await ensureDemoServer();
          const adapter = await pool.adapterFor(account);
          if (onlyNumberId === undefined && reason !== 'interval' && reason !== 'focus' && reason !== 'live') await refreshNumbers(account, adapter);
          heardFrom(account);
          for (const number of listNumbers(db, account.id)) {
            if (onlyNumberId !== undefined && number.id !== onlyNumberId) continue;
            if (number.status !== 'active' || !isSyncEnabled(db, number.id)) continue;
            await syncNumber(account, adapter, number, reason);
            heardFrom(account);
          }
          if (onlyNumberId === undefined) await refreshContactsIfDue(account, adapter, reason);
          startMediaFetch();
          stopStallClock(account);
          setAccountSync(account, { state: 'idle', error: null, progress: null, lastSyncedAt: new Date().toISOString() });
          return null;
        } catch (thrown) {
          const error = recoverOnCorruption(thrown);
          stopStallClock(account);
          const shape = describe(error, account);
          const network = error instanceof ProviderNetworkError;
          logger.warn('Sync failed', { account: account.id, code: shape.code, message: shape.message });
          setAccountSync(account, { state: network ? 'offline' : 'error', error: shape, progress: null });
          return { failure: shape, network };
        }
      }),
    );
    const failures = outcomes.filter((o): o is { failure: AppErrorShape; network: boolean } => o !== null);
    const failure = failures[0]?.failure ?? null;
    // Offline is the whole app only when no account could be reached; otherwise the failing ones are named.
    const networkDown = failures.length === accounts.length && failures.every((f) => f.network);
    purgeDone(db, Date.now() - PUSHED_GRACE_MS);
    // An account whose feed could not be opened before (no credentials yet, offline) gets it now.
    void openLiveFeeds();
    if (failure) {
      consecutiveFailures += 1;
      setStatus({ state: networkDown ? 'offline' : 'error', error: failure, progress: null });
    } else {
      consecutiveFailures = 0;
      setStatus({ state: 'idle', error: null, progress: null, lastSyncedAt: new Date().toISOString() });
    }
  }

  /** At most this many address book lookups per number and sync: a burst of strangers waits for the refresh. */
  const MAX_LOOKUPS = 10;

  async function lookUpParties(account: Account, adapter: ProviderAdapter, number: PhoneNumber, conversations: Conversation[]): Promise<void> {
    if (!adapter.lookupContact) return;
    const country = countryOf(number.phoneNumber) ?? 'US';
    for (const conversation of conversations.slice(0, MAX_LOOKUPS)) {
      const phone = toE164(conversation.remote, country);
      if (phone === null) continue;
      try {
        const found = (await adapter.lookupContact(phone)).find((c) => toE164(c.phone, country) === phone);
        if (found) upsertProviderContact(db, account.id, { phone, name: found.name, optedOut: found.optedOut, providerRef: found.providerRef });
      } catch (error) {
        logger.warn('An address book lookup failed; the next refresh will bring the name', { account: account.id, error: String((error as Error)?.message ?? error) });
      }
    }
  }

  /**
   * Address books refresh with the sync, not with every poll: at start, when the user asks,
   * when the network returns, and otherwise once per reconcile interval. A provider whose
   * address book cannot be read keeps the last one it gave; texts are not held up by it.
   */
  async function refreshContactsIfDue(account: Account, adapter: ProviderAdapter, reason: SyncReason): Promise<void> {
    const last = contactsRefreshedAt.get(account.id);
    const due =
      last === undefined || reason === 'start' || reason === 'user' || reason === 'online' ||
      Date.now() - last >= options.settings.get().reconcileIntervalMinutes * 60_000;
    if (!due) return;
    try {
      const result = await refreshAccountContacts(db, account, adapter);
      contactsRefreshedAt.set(account.id, Date.now());
      if (result && result.changed > 0) changed([], listNumbers(db, account.id).map((n) => n.id), false);
    } catch (error) {
      logger.warn('The address book could not be refreshed; the last one stays', { account: account.id, error: String((error as Error)?.message ?? error) });
    }
  }

  /**
   * SQLite reported corruption during a command: if quick_check agrees, the cache is moved
   * aside and rebuilt now, and the error says so; otherwise the error is passed on as it is.
   */
  function recoverOnCorruption(error: unknown): unknown {
    if (!isCorruptionError(error) || stopped || databasePath === ':memory:') return error;
    const done = recoverNow(checkCache(db) ?? (error as Error).message);
    return done ? new AppError('DB', done.message, { cause: error }) : error;
  }

  /** Moves the damaged cache aside, opens the new one in its place and starts its rebuild. */
  function recoverNow(problem: string): CacheRecovery | null {
    try {
      db.close();
      recovery = recoverCache(databasePath, problem);
      ({ db } = openCheckedCache(databasePath));
    } catch (failure) {
      logger.error('A damaged cache could not be rebuilt', { error: String(failure) });
      return null;
    }
    logger.warn('The cache was damaged; it was moved aside and is rebuilt', { movedTo: recovery.movedTo, problem, kept: recovery.kept });
    for (const account of listAccounts(db)) pool.forget(account.id);
    setStatus({ recovery: { message: recovery.message, movedTo: recovery.movedTo } });
    changed([], listNumbers(db).map((n) => n.id), true);
    void syncNow('user');
    return recovery;
  }

  /** The whole-file check, off the main thread; what it finds is recovered like a failing command. */
  function checkWholeFile(): void {
    if (databasePath === ':memory:' || stopped) return;
    const check = checkCacheInBackground(databasePath);
    backgroundCheck = check;
    void check.result.then(({ problem, error }) => {
      if (backgroundCheck === check) backgroundCheck = null;
      if (error && error !== 'stopped') logger.warn('The cache could not be checked in the background', { error });
      if (problem && !stopped) recoverNow(problem);
    });
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
      // One rerun covers every request made meanwhile: two different numbers widen it to all.
      if (!rerun) rerun = { reason, numberId };
      else if (rerun.numberId !== numberId) rerun = { reason: rerun.reason, numberId: undefined };
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
            maxFileBytes: (options.settings.get().mediaMaxFileMb ?? DEFAULT_MEDIA_MAX_FILE_MB) * 1024 * 1024,
            renewUrls: async (item) => {
              const account = getAccount(db, item.accountId);
              if (!account) return false;
              try {
                const adapter = await pool.adapterFor(account);
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

  // ---- live feeds --------------------------------------------------------------------------

  /**
   * Opens the live feed of every account whose provider has one, so a new text shows in
   * seconds rather than at the next poll. Every opening runs the sync walk (the feed is not
   * durable: what happened while it was closed is fetched then), a text event syncs its number,
   * a line event refreshes the numbers and their health.
   */
  async function openLiveFeeds(): Promise<void> {
    if (!liveFeedsEnabled || stopped || !online) return;
    for (const account of listAccounts(db)) {
      if (liveFeeds.has(account.id)) continue;
      let adapter: ProviderAdapter;
      try {
        if (isDemoAccount(account)) await ensureDemoServer();
        adapter = await pool.adapterFor(account);
      } catch (error) {
        logger.warn('No live feed for the account', { account: account.id, error: String(error) });
        continue;
      }
      const listen = adapter.listen;
      if (!listen || liveFeeds.has(account.id) || stopped || !online) continue;
      const numberOf = (providerId: string) => listNumbers(db, account.id).find((n) => n.providerId === providerId);
      liveFeeds.set(
        account.id,
        startLiveFeed({
          listen: (handlers, signal) => listen.call(adapter, handlers, signal),
          onOpen: () => void syncNow('live').catch(() => {}),
          onChange: (change) => {
            if (change.kind === 'numbers') {
              refreshNumbers(account, adapter).catch((error: unknown) => logger.warn('Refreshing the numbers failed', { account: account.id, error: String(error) }));
              return;
            }
            const number = change.numberProviderId === null ? undefined : numberOf(change.numberProviderId);
            void syncNow('live', number?.id).catch(() => {});
          },
          onProblem: ({ error, retryInMs }) =>
            logger.warn(retryInMs === null ? 'The live feed is not offered; polling only' : 'The live feed failed; reconnecting', {
              account: account.id,
              error: String(error),
              retryInMs,
            }),
          minBackoffMs: options.liveFeeds?.minBackoffMs,
          maxBackoffMs: options.liveFeeds?.maxBackoffMs,
        }),
      );
    }
  }

  async function closeLiveFeeds(accountId?: number): Promise<void> {
    const closing = [...liveFeeds].filter(([id]) => accountId === undefined || id === accountId);
    for (const [id] of closing) liveFeeds.delete(id);
    await Promise.allSettled(closing.map(([, feed]) => feed.stop()));
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
        const refused = refuseWaitingSends(db, number.id, 'This number is no longer on the server, so the text cannot be sent.');
        if (queued.length > 0 || refused > 0) setStatus({});
        return report;
      }
      const account = requireAccount(number.accountId);
      const target = adapter ?? (await pool.adapterFor(account));
      // Texts first: what the user wrote matters more than a read mark, and a sync must see them sent.
      if (only === undefined) await pushSendsStep(number, target, { ignoreBackoff });
      const report = await pushOutbox(db, target, { id: number.id, providerId: number.providerId }, { only, ignoreBackoff });
      if (report.hiddenLocally.length > 0) {
        changed(conversationIdsOfMessages(report.hiddenLocally), [numberId]);
      }
      setStatus({});
      return report;
    });
    pushChains.set(numberId, next.catch(() => null));
    return next;
  }

  /** Pushes one number's sends (or one of them); runs inside that number's push chain. */
  async function pushSendsStep(
    number: PhoneNumber,
    adapter: ProviderAdapter,
    options: { only?: number; ignoreBackoff?: boolean },
  ): Promise<SendReport | null> {
    if (!adapter.capabilities.send || countPendingSends(db, number.id) === 0) return null;
    const report = await pushSends(db, adapter, { id: number.id, providerId: number.providerId }, {
      owner: sendOwner,
      isOwnerAlive,
      only: options.only,
      ignoreBackoff: options.ignoreBackoff,
    });
    if (report.conversationIds.size > 0) changed(report.conversationIds, [number.id]);
    setStatus({});
    scheduleSendRetry(number.id);
    return report;
  }

  /** Pushes a number's sends in its push chain (after whatever push is already running). */
  function pushSendsFor(numberId: number, options: { only?: number; ignoreBackoff?: boolean } = {}): Promise<SendReport | null> {
    const previous = pushChains.get(numberId) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!online || stopped) return null;
      const number = getNumber(db, numberId);
      if (!number) return null;
      if (number.status === 'unavailable') {
        if (refuseWaitingSends(db, numberId, 'This number is no longer on the server, so the text cannot be sent.') > 0) {
          changed([], [numberId], false);
          setStatus({});
        }
        return null;
      }
      return pushSendsStep(number, await pool.adapterFor(requireAccount(number.accountId)), options);
    });
    pushChains.set(numberId, next.catch(() => null));
    return next;
  }

  /** A waiting text goes by itself when its time comes, whether or not the sync scheduler runs. */
  function scheduleSendRetry(numberId: number): void {
    const previous = sendTimers.get(numberId);
    if (previous) clearTimeout(previous);
    sendTimers.delete(numberId);
    const dueAt = nextSendDueAt(db, numberId);
    if (dueAt === null || stopped) return;
    const delay = Math.min(2 ** 31 - 1, Math.max(250, dueAt - Date.now()));
    const timer = setTimeout(() => {
      sendTimers.delete(numberId);
      pushSendsFor(numberId).catch((error) => logger.warn('A queued text could not be sent; it stays queued', { error: String(error) }));
    }, delay);
    timer.unref?.();
    sendTimers.set(numberId, timer);
  }

  /**
   * Writes a text into the cache and its outbox, then pushes it at once, waiting up to
   * `waitMs` for the server. Answers the text as it stands then, and the error code when the
   * push stopped on one (AUTH for the CLI's exit code).
   */
  async function sendMessage(
    input: SendInput,
    waitMs: number,
  ): Promise<{ message: Message; conversationId: number; errorCode: ErrorCode | null }> {
    // Trailing spaces and blank lines are never meant to be sent.
    const text = input.text.trim();
    if (text === '') throw new AppError('VALIDATION', 'A text cannot be empty.');
    let number: PhoneNumber | undefined;
    let recipient: string;
    let existingConversationId: number | null = null;
    if ('conversationId' in input) {
      const conversation = requireConversation(input.conversationId);
      number = getNumber(db, conversation.numberId);
      recipient = conversation.remote;
      existingConversationId = conversation.id;
    } else {
      number = getNumber(db, input.numberId);
      if (!number) throw new AppError('NOT_FOUND', `There is no number ${input.numberId}.`);
      recipient = normalizeRecipient(input.to, number.phoneNumber);
    }
    if (!number) throw new AppError('NOT_FOUND', 'That conversation has no number.');
    const account = requireAccount(number.accountId);
    const { name, capabilities } = providerInfo[account.provider];
    if (!capabilities.send) throw new AppError('UNSUPPORTED', `${name} cannot send texts.`);
    if (number.status === 'unavailable') throw new AppError('VALIDATION', 'This number is no longer on the server, so it cannot send.');
    if (number.sendBlockedReason) throw new AppError('VALIDATION', number.sendBlockedReason);
    const numberId = number.id;
    const { send, conversationId } = db.transaction(() => {
      const conversationId = existingConversationId ?? ensureConversation(db, numberId, recipient);
      const send = insertSend(db, { accountId: account.id, numberId, conversationId, recipient, body: text });
      // The host says the network is down: the text waits, and says why.
      if (!online) settleSend(db, send.id, { state: 'queued', reason: 'You are offline; the text goes when the network returns.' });
      return { send, conversationId };
    })();
    changed([conversationId], [number.id], false);
    setStatus({});
    const push = pushSendsFor(number.id, { only: send.id, ignoreBackoff: true });
    const report = await withTimeout(push.catch(() => null), waitMs);
    const message = getMessage(db, send.messageId);
    if (!message) throw new AppError('INTERNAL', 'The text was written but could not be read back.');
    const stoppedBy = report && report !== 'timeout' ? report.stoppedBy : null;
    return { message, conversationId, errorCode: stoppedBy?.code ?? null };
  }

  function conversationIdsOfMessages(ids: number[]): number[] {
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
        await secrets.set(account.id, encodeCredentials(input.credentials));
      } catch (error) {
        deleteAccount(db, account.id);
        throw error instanceof AppError
          ? error
          : new AppError('INTERNAL', `The API key could not be stored in ${secrets.description}.`, { cause: error });
      }
      const wanted = input.numberIds ? new Set(input.numberIds) : null;
      for (const number of numbers) {
        const id = upsertNumber(db, account.id, { providerId: number.providerId, phoneNumber: number.phoneNumber });
        setNumberSyncEnabled(db, id, wanted === null || wanted.has(number.providerId));
      }
      changed([], listNumbers(db, account.id).map((n) => n.id));
      void syncNow('user');
      void openLiveFeeds();
      return account;
    },
    'accounts:remove': async ({ accountId }) => {
      const account = requireAccount(accountId);
      await closeLiveFeeds(account.id);
      deleteAccount(db, account.id);
      // Its address book went with it (cascade): names it gave other accounts' conversations go too.
      refreshConversationNames(db);
      pool.forget(account.id);
      // Its pictures and files go with it: nothing of a removed account stays on disk or servable.
      dropUnreferencedFiles(db, store);
      if (!isDemoAccount(account)) await secrets.delete(account.id);
      changed([], [], true);
      setStatus({});
      return { ok: true };
    },
    'accounts:useDemo': async () => {
      const account = await useDemo();
      void syncNow('user');
      void openLiveFeeds();
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
      // The inbox's first page starts with the pinned conversations; the keyset pages below them
      // are the rest, so the cursor never has to order by pin.
      const inbox = !input.archived;
      const pinned = inbox && !input.cursor ? listPinnedConversations(db, input) : [];
      const conversations = listConversations(db, {
        numberId: input.numberId,
        accountId: input.accountId,
        unreadOnly: input.unreadOnly,
        archived: input.archived,
        excludePinned: inbox,
        limit: input.limit,
        after: input.cursor ?? undefined,
      });
      const last = conversations.at(-1);
      const nextCursor: ConversationCursor | null =
        conversations.length === input.limit && last?.latestAt ? { latestAt: Date.parse(last.latestAt), id: last.id } : null;
      return { conversations: [...pinned, ...conversations], nextCursor };
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

    'conversations:setDraft': async ({ conversationId, text }) => {
      requireConversation(conversationId);
      setDraft(db, conversationId, text);
      return { ok: true };
    },

    'conversations:find': async ({ remote, numberId }) => {
      const numbers = listAccounts(db).flatMap((account) => listNumbers(db, account.id));
      return numbers
        .filter((n) => numberId === undefined || n.id === numberId)
        .map((n) => findConversation(db, n.id, remote))
        .filter((c): c is Conversation => c !== undefined);
    },

    'conversations:setPinned': async ({ conversationId, pinned }) => {
      requireConversation(conversationId);
      setPinned(db, conversationId, pinned);
      changed([conversationId], [], false);
      return requireConversation(conversationId);
    },

    'conversations:setArchived': async ({ conversationId, archived }) => {
      requireConversation(conversationId);
      setArchived(db, conversationId, archived);
      changed([conversationId], [], false);
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
      if (!ref || ref.deleted !== Visibility.Live) throw new AppError('NOT_FOUND', `There is no text ${messageId}.`);
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
      if (!ref || ref.deleted !== Visibility.Live) throw new AppError('NOT_FOUND', `There is no text ${messageId}.`);
      const unsent = getSendForMessage(db, messageId);
      if (unsent) {
        // The server may be storing it right now: deleting here would leave it sent but unseen.
        if (unsent.state === 'sending' || unsent.state === 'unknown') {
          throw new AppError('VALIDATION', 'This text is being sent; it can be deleted once the server has answered.');
        }
        cancelSend(db, messageId);
        changed([ref.conversationId], [ref.numberId], false);
        setStatus({});
        return { scope: 'server', queued: false, message: 'The text was not sent; it is deleted.' };
      }
      const { name, capabilities } = providerOf(ref.accountId);
      if (!capabilities.delete) {
        tombstoneMessage(db, messageId, Visibility.HiddenLocally);
        dropUnreferencedFiles(db, store);
        changed([ref.conversationId], [ref.numberId]);
        return { scope: 'local', queued: false, message: `${name} cannot delete texts; it is hidden on this device only.` };
      }
      if (getNumber(db, ref.numberId)?.status === 'unavailable') {
        tombstoneMessage(db, messageId, Visibility.HiddenLocally);
        dropUnreferencedFiles(db, store);
        changed([ref.conversationId], [ref.numberId]);
        return { scope: 'local', queued: false, message: 'This number is no longer on the server; the text is hidden on this device only.' };
      }
      const entryId = db.transaction(() => {
        tombstoneMessage(db, messageId, Visibility.Deleted);
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

    'message:send': async (input) => {
      const { message, conversationId } = await sendMessage(input, PUSH_WAIT_MS);
      return { message, conversationId };
    },
    'message:retrySend': async ({ messageId }) => {
      const send = getSendForMessage(db, messageId);
      if (!send) throw new AppError('VALIDATION', 'This text is not waiting to be sent.');
      if (send.state === 'sending' || send.state === 'unknown') {
        throw new AppError('VALIDATION', 'This text is being sent; wait for the server to answer.');
      }
      requeueSend(db, send.id);
      changed([send.conversationId], [send.numberId], false);
      setStatus({});
      await withTimeout(pushSendsFor(send.numberId, { only: send.id, ignoreBackoff: true }).catch(() => null), PUSH_WAIT_MS);
      const message = getMessage(db, messageId);
      if (!message) throw new AppError('NOT_FOUND', `There is no text ${messageId}.`);
      return message;
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
      const fallback = `attachment-${media.id}${extensionFor(media.contentType)}`;
      const name = safeAttachmentName(media.filename) ?? fallback;
      if (!options.chooseSavePath) return { saved: true, path: saveIntoFolder(source, join(options.dataDir, 'downloads'), name, fallback) };
      // The user picked this path in the system dialog, which asked before replacing a file.
      const target = await options.chooseSavePath(name);
      if (!target) return { saved: false, path: null };
      copyFileSync(source, target);
      return { saved: true, path: target };
    },

    'sync:now': async (input) => {
      void syncNow('user', input?.numberId);
      return { ok: true };
    },
    'sync:status': async () => ({ ...status, pendingActions: pendingActions(), demo: demoActive(), accounts: accountStatuses() }),

    'settings:get': async () => options.settings.get(),
    'settings:set': async (patch) => {
      const next = options.settings.set(patch);
      scheduleNext();
      return next;
    },

    'contacts:list': async (input) => listContacts(db, { query: input?.query, limit: input?.limit ?? 200, offset: input?.offset ?? 0 }),
    'contacts:set': async ({ phone, name, numberId }) => {
      const e164 = toE164(phone, defaultCountry(numberId));
      if (e164 === null) throw new AppError('VALIDATION', `'${phone.slice(0, 40)}' is not a phone number.`);
      const clean = name === null ? null : cleanName(name);
      if (name !== null && clean === null) throw new AppError('VALIDATION', 'The name is empty; give a name, or remove it.');
      setLocalContact(db, e164, clean);
      changed(conversationIdsForPhone(db, e164), [], false);
      return { phone: e164, name: contactsForPhone(db, e164).find((c) => c.name !== null)?.name ?? null };
    },
    'contacts:import': async ({ format, content, numberId }) => {
      const report = importAddressBook(db, { format, content, defaultCountry: defaultCountry(numberId) });
      if (report.imported > 0) changed([], listNumbers(db).map((n) => n.id), false);
      return report;
    },
    'contacts:importFromMedia': async ({ mediaId }) => {
      const media = getMedia(db, mediaId);
      if (!media) throw new AppError('NOT_FOUND', `There is no attachment ${mediaId}.`);
      if (mediaKind(media.contentType) !== 'vcard' && !/\.vcf$/i.test(media.filename ?? '')) {
        throw new AppError('VALIDATION', 'That attachment is not a contact card (vCard).');
      }
      const path = media.hash ? store.path(media.hash) : null;
      if (!path) throw new AppError('NOT_FOUND', 'That contact card has not been downloaded yet; try again in a moment.');
      if (statSync(path).size > MAX_IMPORT_CHARS) throw new AppError('VALIDATION', 'That contact card is larger than 10 MB; it was not imported.');
      const numberId = getMessageRef(db, media.messageId)?.numberId;
      const report = importAddressBook(db, { format: 'vcf', content: readFileSync(path, 'utf8'), defaultCountry: defaultCountry(numberId) });
      if (report.imported > 0) changed([], listNumbers(db).map((n) => n.id), false);
      return report;
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

  /** The country numbers are read in when written without one: the receiving number's. */
  function defaultCountry(numberId?: number): CountryCode {
    const number = numberId === undefined ? listNumbers(db)[0] : getNumber(db, numberId);
    return countryOf(number?.phoneNumber) ?? 'US';
  }

  // Any command that meets a damaged cache triggers its recovery (and says so in its error).
  for (const name of Object.keys(handlers) as (keyof Handlers)[]) {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    (handlers as Record<string, (input: unknown) => Promise<unknown>>)[name] = async (input) => {
      try {
        return await handler(input);
      } catch (error) {
        throw recoverOnCorruption(error);
      }
    };
  }

  function ensureDir(name: string): string {
    const dir = join(options.dataDir, name);
    ensurePrivateDir(dir);
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
      checkWholeFile();
      if (options.demo?.enabled && listAccounts(db).length === 0) await useDemo();
      else if (demoActive()) await ensureDemoServer();
      setStatus({});
      // Texts left waiting by the last run go when their time comes.
      for (const number of listNumbers(db)) scheduleSendRetry(number.id);
      if (options.schedule) void syncNow('start');
      void openLiveFeeds();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await closeLiveFeeds();
      for (const pending of sendTimers.values()) clearTimeout(pending);
      sendTimers.clear();
      await backgroundCheck?.cancel();
      await running?.catch(() => {});
      await mediaRun?.catch(() => {});
      await Promise.allSettled(pushChains.values());
      liveSendOwners.delete(sendOwner);
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
        if (pendingActions() === 0) break;
        await pushFor(number.id, undefined, undefined, true).catch(() => null);
      }
      return pendingActions();
    },
    sendMessage,
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
      if (cameBack) void openLiveFeeds();
      if (!value) void closeLiveFeeds();
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

function mediaKind(contentType: string): 'vcard' | 'other' {
  return /^text\/(x-)?vcard\b/i.test(contentType.trim()) ? 'vcard' : 'other';
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
