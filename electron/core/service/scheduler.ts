import type { ServiceContext, SyncReason } from './context';

const MAX_BACKOFF_MS = 10 * 60_000;

/** What one sync covers: one number, one account's numbers, or (null) every account. */
export type SyncScope = { numberId: number } | { accountId: number } | null;

/**
 * How much a reason asks of a sync (syncRun: 'user', 'online' and 'start' push past backoff,
 * refresh the numbers and reconcile). A rerun that stands for several requests does what the
 * most demanding one asked: a "Sync now" made while a live event's sync runs is not a live one.
 */
const WEIGHT: Record<SyncReason, number> = { user: 3, online: 2, start: 2, interval: 1, focus: 1, live: 0 };

function sameScope(a: SyncScope, b: SyncScope): boolean {
  if (a === null || b === null) return a === b;
  if ('numberId' in a) return 'numberId' in b && a.numberId === b.numberId;
  return 'accountId' in b && a.accountId === b.accountId;
}

/**
 * When syncs run: one at a time (requests made meanwhile coalesce into one rerun), on the
 * settings' interval when the host asks for a schedule, backing off after failures, and once
 * when the network returns.
 */
export function createScheduler(
  ctx: ServiceContext,
  deps: {
    /** One sync; answers whether it failed (null: it did not run, offline or stopped). */
    syncOnce(reason: SyncReason, scope: SyncScope): Promise<boolean | null>;
    onOffline(): void;
    onReconnect(): void;
  },
) {
  let running: Promise<void> | null = null;
  let rerun: { reason: SyncReason; scope: SyncScope } | null = null;
  let consecutiveFailures = 0;
  let timer: NodeJS.Timeout | null = null;

  async function runOnce(reason: SyncReason, scope: SyncScope): Promise<void> {
    const failed = await deps.syncOnce(reason, scope);
    if (failed === true) consecutiveFailures += 1;
    else if (failed === false) consecutiveFailures = 0;
  }

  function request(reason: SyncReason, scope: SyncScope): Promise<void> {
    if (running) {
      // One rerun covers every request made meanwhile: two different scopes widen it to all,
      // and it runs for the most demanding of their reasons.
      if (!rerun) rerun = { reason, scope };
      else {
        rerun = {
          reason: WEIGHT[reason] > WEIGHT[rerun.reason] ? reason : rerun.reason,
          scope: sameScope(rerun.scope, scope) ? scope : null,
        };
      }
      return running;
    }
    running = (async () => {
      try {
        await runOnce(reason, scope);
        while (rerun && !ctx.stopped) {
          const next = rerun;
          rerun = null;
          await runOnce(next.reason, next.scope);
        }
      } finally {
        running = null;
        scheduleNext();
      }
    })();
    return running;
  }

  /** A sync of every account, or of the one number. */
  function syncNow(reason: SyncReason, numberId?: number): Promise<void> {
    return request(reason, numberId === undefined ? null : { numberId });
  }

  /** A sync of one account's numbers (its live feed opened, or told of a change it did not place). */
  function syncAccountNow(reason: SyncReason, accountId: number): Promise<void> {
    return request(reason, { accountId });
  }

  function scheduleNext(): void {
    if (!ctx.options.schedule || ctx.stopped) return;
    if (timer) clearTimeout(timer);
    const base = ctx.options.settings.get().syncIntervalSeconds * 1000;
    const delay = consecutiveFailures === 0 ? base : Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(consecutiveFailures, 8));
    timer = setTimeout(() => void syncNow('interval'), delay);
    timer.unref?.();
  }

  /**
   * The host's view of the network. Coming back runs one sync ('online') here: a host that
   * reports the network's return must not start its own as well (it would queue a second).
   */
  function setOnline(value: boolean): void {
    const cameBack = value && !ctx.online;
    ctx.online = value;
    if (!value) deps.onOffline();
    if (cameBack) {
      void syncNow('online');
      deps.onReconnect();
    }
  }

  async function stop(): Promise<void> {
    if (timer) clearTimeout(timer);
    await running?.catch(() => {});
  }

  return { syncNow, syncAccountNow, scheduleNext, setOnline, stop };
}

export type Scheduler = ReturnType<typeof createScheduler>;
