import type { AppErrorShape } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import type { Account, Conversation, PhoneNumber } from '../../../shared/model';
import { listAccounts } from '../cache/accounts';
import { upsertProviderContact } from '../cache/contacts';
import { getConversation } from '../cache/conversations';
import { fromSqliteError } from '../cache/errors';
import { getMessages } from '../cache/messages';
import { isSyncEnabled, listNumbers, setNumberHealth, setNumberStatus, setSendBlockedReason, upsertNumber } from '../cache/numbers';
import { purgeDone } from '../cache/outbox';
import { getSyncState, saveSyncState } from '../cache/syncState';
import { countryOf, toE164 } from '../contacts/phone';
import { refreshAccountContacts } from '../sync/contacts';
import type { ProviderAdapter } from '../providers/adapter';
import { ProviderAuthError, ProviderNetworkError, ProviderNotFoundError } from '../providers/errors';
import { sendBlockedReason } from '../providers/sendability';
import type { RemoteNumber } from '../providers/types';
import type { Notify, ServiceContext, SyncReason } from './context';
import type { ServiceEventsHub } from './events';
import type { SyncScope } from './scheduler';
import type { ServiceStatus } from './status';

/** How long a pushed outbox entry keeps protecting its change from older sync pages. */
const PUSHED_GRACE_MS = 10 * 60_000;
/** At most this many address book lookups per number and sync: a burst of strangers waits for the refresh. */
const MAX_LOOKUPS = 10;

/**
 * One sync run: every account side by side (one hung server must not hold the others back),
 * each refreshing its numbers, pushing then syncing each number, refreshing its address book
 * when due; the statuses say how it went.
 */
export function createSyncRun(
  ctx: ServiceContext,
  events: ServiceEventsHub,
  status: ServiceStatus,
  notify: Notify,
  deps: {
    /** Pushes the number's queue first (asked by the user or the network's return: past any backoff). */
    pushFor(numberId: number, adapter: ProviderAdapter, ignoreBackoff: boolean): Promise<unknown>;
    startMediaFetch(): void;
    openLiveFeeds(): Promise<void>;
    recoverOnCorruption(error: unknown): unknown;
  },
) {
  const contactsRefreshedAt = new Map<number, number>();

  /** Stores a number the provider lists, with its health where it reports one; answers whether that health changed. */
  function saveRemoteNumber(account: Account, number: RemoteNumber): { id: number; healthChanged: boolean } {
    const id = upsertNumber(ctx.db, account.id, { providerId: number.id, phoneNumber: number.number });
    setSendBlockedReason(ctx.db, id, sendBlockedReason(account.provider, number));
    return { id, healthChanged: setNumberHealth(ctx.db, id, number.health ?? null, number.healthChangedAt ?? null) };
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
    for (const number of listNumbers(ctx.db, account.id)) {
      if (!seen.has(number.providerId) && number.status === 'active') setNumberStatus(ctx.db, number.id, 'unavailable');
    }
    // The sidebar and the tray show each line's health: tell them when it moved.
    if (healthChanged.length > 0) notify.changed([], healthChanged, false);
  }

  function reconcileDue(numberId: number, reason: SyncReason): boolean {
    if (reason === 'start' || reason === 'user' || reason === 'online') return true;
    const last = getSyncState(ctx.db, numberId).lastReconcileAt;
    return last === null || Date.now() - last >= ctx.options.settings.get().reconcileIntervalMinutes * 60_000;
  }

  async function syncNumber(account: Account, adapter: ProviderAdapter, number: PhoneNumber, reason: SyncReason): Promise<void> {
    const db = ctx.db;
    const scope = { accountId: account.id, numberId: number.id, numberProviderId: number.providerId };
    await deps.pushFor(number.id, adapter, reason === 'user' || reason === 'online' || reason === 'start');
    try {
      const report = await adapter.syncNumber(
        {
          db,
          scope,
          hooks: {
            onProgress: (progress) => status.progressed(account, progress),
            onChanged: (conversationIds) => notify.changed(conversationIds, [number.id]),
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
        events.emit('inbound', { messages, conversations: conversationsOf(messages.map((m) => m.conversationId)) });
      }
    } catch (error) {
      if (error instanceof ProviderNotFoundError && error.resource.kind === 'number') {
        // Released: keep what is cached readable, stop asking for it.
        setNumberStatus(db, number.id, 'unavailable');
        notify.changed([], [number.id]);
        return;
      }
      const state = getSyncState(db, number.id);
      saveSyncState(db, { ...state, lastError: (error as Error).message, lastErrorAt: Date.now() });
      throw error;
    }
  }

  async function syncAccount(account: Account, reason: SyncReason, onlyNumberId?: number): Promise<{ failure: AppErrorShape; network: boolean } | null> {
    status.setAccountSync(account, { state: 'syncing', error: null });
    status.heardFrom(account);
    try {
      const adapter = await ctx.pool.adapterFor(account);
      if (onlyNumberId === undefined && reason !== 'interval' && reason !== 'focus' && reason !== 'live') await refreshNumbers(account, adapter);
      status.heardFrom(account);
      for (const number of listNumbers(ctx.db, account.id)) {
        if (onlyNumberId !== undefined && number.id !== onlyNumberId) continue;
        if (number.status !== 'active' || !isSyncEnabled(ctx.db, number.id)) continue;
        await syncNumber(account, adapter, number, reason);
        status.heardFrom(account);
      }
      if (onlyNumberId === undefined) await refreshContactsIfDue(account, adapter, reason);
      deps.startMediaFetch();
      status.stopStallClock(account);
      status.setAccountSync(account, { state: 'idle', error: null, progress: null, lastSyncedAt: new Date().toISOString() });
      return null;
    } catch (thrown) {
      const error = deps.recoverOnCorruption(thrown);
      status.stopStallClock(account);
      const shape = describe(error, account);
      const network = error instanceof ProviderNetworkError;
      ctx.logger.warn('Sync failed', { account: account.id, code: shape.code, message: shape.message });
      status.setAccountSync(account, { state: network ? 'offline' : 'error', error: shape, progress: null });
      return { failure: shape, network };
    }
  }

  /** One run over the scope's accounts (every one, one, or the one holding a number); answers whether it failed, null if it did not run. */
  async function syncOnce(reason: SyncReason, scope: SyncScope): Promise<boolean | null> {
    if (ctx.stopped) return null;
    if (!ctx.online) {
      status.setStatus({ state: 'offline', error: { code: 'NETWORK', message: 'You are offline; Textdesk will sync when the network returns.' } });
      return null;
    }
    status.setStatus({ state: 'syncing', error: null });
    const onlyNumberId = scope !== null && 'numberId' in scope ? scope.numberId : undefined;
    const accounts = listAccounts(ctx.db).filter((account) => {
      if (scope === null) return true;
      if ('accountId' in scope) return account.id === scope.accountId;
      return listNumbers(ctx.db, account.id).some((n) => n.id === scope.numberId);
    });
    const outcomes = await Promise.all(accounts.map((account) => syncAccount(account, reason, onlyNumberId)));
    const failures = outcomes.filter((o): o is { failure: AppErrorShape; network: boolean } => o !== null);
    const failure = failures[0]?.failure ?? null;
    // Offline is the whole app only when no account could be reached; otherwise the failing ones are named.
    const networkDown = failures.length === accounts.length && failures.every((f) => f.network);
    purgeDone(ctx.db, Date.now() - PUSHED_GRACE_MS);
    // An account whose feed could not be opened before (no credentials yet, offline) gets it now.
    void deps.openLiveFeeds();
    if (failure) {
      status.setStatus({ state: networkDown ? 'offline' : 'error', error: failure, progress: null });
      return true;
    }
    status.setStatus({ state: 'idle', error: null, progress: null, lastSyncedAt: new Date().toISOString() });
    return false;
  }

  async function lookUpParties(account: Account, adapter: ProviderAdapter, number: PhoneNumber, conversations: Conversation[]): Promise<void> {
    if (!adapter.lookupContact) return;
    const country = countryOf(number.phoneNumber) ?? 'US';
    for (const conversation of conversations.slice(0, MAX_LOOKUPS)) {
      const phone = toE164(conversation.remote, country);
      if (phone === null) continue;
      try {
        const found = (await adapter.lookupContact(phone)).find((c) => toE164(c.phone, country) === phone);
        if (found) upsertProviderContact(ctx.db, account.id, { phone, name: found.name, optedOut: found.optedOut, providerRef: found.providerRef });
      } catch (error) {
        ctx.logger.warn('An address book lookup failed; the next refresh will bring the name', { account: account.id, error: String((error as Error)?.message ?? error) });
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
      Date.now() - last >= ctx.options.settings.get().reconcileIntervalMinutes * 60_000;
    if (!due) return;
    try {
      const result = await refreshAccountContacts(ctx.db, account, adapter);
      contactsRefreshedAt.set(account.id, Date.now());
      if (result && result.changed > 0) notify.changed([], listNumbers(ctx.db, account.id).map((n) => n.id), false);
    } catch (error) {
      ctx.logger.warn('The address book could not be refreshed; the last one stays', { account: account.id, error: String((error as Error)?.message ?? error) });
    }
  }

  function describe(error: unknown, account: Account): AppErrorShape {
    if (error instanceof ProviderAuthError) {
      return { code: 'AUTH', message: `${account.label}: ${error.message} Check the API key in Settings.` };
    }
    const sqlite = fromSqliteError(error);
    if (sqlite) return { code: sqlite.code, message: sqlite.message };
    if (error instanceof AppError) return { code: error.code, message: `${account.label}: ${error.message}` };
    ctx.logger.error('Unexpected sync error', { error: String((error as Error)?.stack ?? error) });
    return { code: 'INTERNAL', message: `${account.label}: the sync failed unexpectedly; the details are in the log.` };
  }

  return { syncOnce, refreshNumbers, saveRemoteNumber };
}

export type SyncRun = ReturnType<typeof createSyncRun>;
