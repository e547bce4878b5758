import { describe, expect, it } from 'vitest';
import type { ServiceContext, SyncReason } from '../../electron/core/service/context';
import { createScheduler, type SyncScope } from '../../electron/core/service/scheduler';

/**
 * The scheduler alone: its sync is a recorder whose first run waits for the test to release it,
 * so the requests made meanwhile are known to arrive while it runs.
 */
function recordingScheduler() {
  const runs: { reason: SyncReason; scope: SyncScope }[] = [];
  let release!: () => void;
  const firstRunHeld = new Promise<void>((resolve) => (release = resolve));
  // Only what the scheduler reads: no schedule (so no timer), online, not stopped.
  const ctx = { options: { schedule: false }, online: true, stopped: false } as unknown as ServiceContext;
  const scheduler = createScheduler(ctx, {
    async syncOnce(reason, scope) {
      runs.push({ reason, scope });
      if (runs.length === 1) await firstRunHeld;
      return false;
    },
    onOffline: () => {},
    onReconnect: () => {},
  });
  return { scheduler, runs, release };
}

describe('the sync scheduler', () => {
  it('runs one rerun for every request made during a sync, for the most demanding reason among them', async () => {
    const { scheduler, runs, release } = recordingScheduler();
    const first = scheduler.syncNow('start');
    void scheduler.syncAccountNow('live', 7);
    void scheduler.syncNow('user');
    void scheduler.syncNow('interval');
    release();
    await first;
    // The user's "Sync now" made while a live event's rerun was queued: the rerun is the user's.
    expect(runs).toEqual([
      { reason: 'start', scope: null },
      { reason: 'user', scope: null },
    ]);
  });

  it('keeps a rerun to one account or one number while every request names the same one', async () => {
    const { scheduler, runs, release } = recordingScheduler();
    const first = scheduler.syncNow('start');
    void scheduler.syncAccountNow('live', 7);
    void scheduler.syncAccountNow('live', 7);
    release();
    await first;
    expect(runs.slice(1)).toEqual([{ reason: 'live', scope: { accountId: 7 } }]);

    const again = recordingScheduler();
    const held = again.scheduler.syncNow('start');
    void again.scheduler.syncNow('live', 3);
    void again.scheduler.syncNow('live', 3);
    again.release();
    await held;
    expect(again.runs.slice(1)).toEqual([{ reason: 'live', scope: { numberId: 3 } }]);
  });

  it('widens a rerun to every account when the requests name different ones', async () => {
    for (const second of [
      (s: ReturnType<typeof createScheduler>) => s.syncAccountNow('live', 8),
      (s: ReturnType<typeof createScheduler>) => s.syncNow('live', 3),
      (s: ReturnType<typeof createScheduler>) => s.syncNow('live'),
    ]) {
      const { scheduler, runs, release } = recordingScheduler();
      const first = scheduler.syncNow('start');
      void scheduler.syncAccountNow('live', 7);
      void second(scheduler);
      release();
      await first;
      expect(runs.slice(1)).toEqual([{ reason: 'live', scope: null }]);
    }
  });

  it('starts at once, without a rerun, when nothing is running', async () => {
    const { scheduler, runs, release } = recordingScheduler();
    release();
    await scheduler.syncAccountNow('live', 7);
    await scheduler.syncNow('user', 3);
    expect(runs).toEqual([
      { reason: 'live', scope: { accountId: 7 } },
      { reason: 'user', scope: { numberId: 3 } },
    ]);
  });
});
