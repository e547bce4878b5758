import type { AccountSyncStatus, SyncProgress, SyncStatus } from '../../../shared/contract';
import type { Account } from '../../../shared/model';
import { isLocalServerAccount } from '../accounts';
import { listAccounts } from '../cache/accounts';
import { countOutbox } from '../cache/outbox';
import { countPendingSends } from '../cache/sends';
import type { ServiceContext } from './context';
import type { ServiceEventsHub } from './events';

/**
 * The sync status the app shows: the whole app's, and each account's (with its stall clock:
 * an account whose server has not answered for `stallMs` is shown as not answering).
 */
export function createStatus(ctx: ServiceContext, events: ServiceEventsHub) {
  const stallMs = ctx.options.stallMs ?? 5_000;
  const accountSync = new Map<number, AccountSyncStatus>();
  /** Per account, per number: the most texts its history walk has reported, so the sum never goes back. */
  const historyFetched = new Map<number, Map<number, { fetched: number; total: number | null }>>();
  const stallTimers = new Map<number, NodeJS.Timeout>();
  const pendingActions = () => countOutbox(ctx.db) + countPendingSends(ctx.db);
  /** Whether any account is one of the host's local servers: the app then says it shows the demo. */
  const demoActive = () => listAccounts(ctx.db).some(isLocalServerAccount);

  let status: SyncStatus = {
    state: 'idle',
    error: null,
    lastSyncedAt: null,
    pendingActions: pendingActions(),
    progress: null,
    demo: false,
    recovery: ctx.recovery && { message: ctx.recovery.message, movedTo: ctx.recovery.movedTo },
  };

  function accountStatuses(): AccountSyncStatus[] {
    return listAccounts(ctx.db).map(
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

  function current(): SyncStatus {
    return { ...status, pendingActions: pendingActions(), demo: demoActive(), accounts: accountStatuses() };
  }

  function setStatus(patch: Partial<SyncStatus>): void {
    status = { ...status, ...patch };
    status = current();
    events.emit('sync:status', status);
  }

  function setAccountSync(account: Account, patch: Partial<AccountSyncStatus>): void {
    const before = accountSync.get(account.id) ?? accountStatuses().find((a) => a.accountId === account.id)!;
    accountSync.set(account.id, { ...before, ...patch, label: account.label, provider: account.provider });
    setStatus({});
  }

  /** The account's server answered (or the sync moved on): restart its stall clock. */
  function heardFrom(account: Account): void {
    // Answers outside a sync (a push, a media fetch) have no clock to restart.
    const state = accountSync.get(account.id)?.state;
    if (state !== 'syncing' && state !== 'stalled') return;
    clearTimeout(stallTimers.get(account.id));
    const timer = setTimeout(() => {
      if (accountSync.get(account.id)?.state === 'syncing') setAccountSync(account, { state: 'stalled' });
    }, stallMs);
    timer.unref?.();
    stallTimers.set(account.id, timer);
    if (state === 'stalled') setAccountSync(account, { state: 'syncing' });
  }

  /** Whether the app shows the account as not reachable: its last sync failed on the network. */
  function isUnreachable(accountId: number): boolean {
    return accountSync.get(accountId)?.state === 'offline';
  }

  function stopStallClock(account: Account): void {
    clearTimeout(stallTimers.get(account.id));
    stallTimers.delete(account.id);
  }

  /** A sync's progress, as the whole app's and as its account's (history summed over the account's numbers). */
  function progressed(account: Account, progress: SyncProgress): void {
    heardFrom(account);
    accountSync.set(account.id, { ...accountSync.get(account.id)!, progress: accountProgress(account, progress) });
    setStatus({ progress });
    events.emit('sync:progress', progress);
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

  return { current, setStatus, setAccountSync, heardFrom, isUnreachable, stopStallClock, progressed, demoActive, pendingActions };
}

export type ServiceStatus = ReturnType<typeof createStatus>;
