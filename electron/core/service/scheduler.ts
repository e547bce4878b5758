import type { ServiceContext, SyncReason } from './context';

const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * When syncs run: one at a time (requests made meanwhile coalesce into one rerun), on the
 * settings' interval when the host asks for a schedule, backing off after failures, and once
 * when the network returns.
 */
export function createScheduler(
  ctx: ServiceContext,
  deps: {
    /** One sync; answers whether it failed (null: it did not run, offline or stopped). */
    syncOnce(reason: SyncReason, numberId?: number): Promise<boolean | null>;
    onOffline(): void;
    onReconnect(): void;
  },
) {
  let running: Promise<void> | null = null;
  let rerun: { reason: SyncReason; numberId?: number } | null = null;
  let consecutiveFailures = 0;
  let timer: NodeJS.Timeout | null = null;

  async function runOnce(reason: SyncReason, numberId?: number): Promise<void> {
    const failed = await deps.syncOnce(reason, numberId);
    if (failed === true) consecutiveFailures += 1;
    else if (failed === false) consecutiveFailures = 0;
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
        await runOnce(reason, numberId);
        while (rerun && !ctx.stopped) {
          const next = rerun;
          rerun = null;
          await runOnce(next.reason, next.numberId);
        }
      } finally {
        running = null;
        scheduleNext();
      }
    })();
    return running;
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

  return { syncNow, scheduleNext, setOnline, stop };
}

export type Scheduler = ReturnType<typeof createScheduler>;
