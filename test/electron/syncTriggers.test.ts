import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { SyncStatus } from '../../shared/contract';
import { silentLogger } from '../../electron/core/hostInterfaces';
import { startTestService, type TestService } from '../support/demoService';

const electron = vi.hoisted(() => ({ online: true, powerMonitor: null as unknown as import('node:events').EventEmitter }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  electron.powerMonitor = new Emitter();
  return { net: { isOnline: () => electron.online }, powerMonitor: electron.powerMonitor };
});

const { watchSyncTriggers } = await import('../../electron/main/syncTriggers');

let handle: TestService | null = null;
let unwatch: (() => void) | null = null;
afterEach(async () => {
  unwatch?.();
  await handle?.close();
  handle = null;
});

function fakeWindow(): BrowserWindow {
  return Object.assign(new EventEmitter(), { isDestroyed: () => false }) as unknown as BrowserWindow;
}

/** Counts the syncs the service runs from now on, and waits until none runs or is queued. */
function countSyncs(service: TestService['service']) {
  let runs = 0;
  let last: SyncStatus['state'] = 'idle';
  let settled: (() => void) | null = null;
  service.on('sync:status', (status) => {
    if (status.state === 'syncing' && last !== 'syncing') runs += 1;
    last = status.state;
    if (status.state !== 'syncing') settled?.();
  });
  return {
    runs: () => runs,
    /** Resolves once the last sync ended and, a turn later, no queued one has started. */
    async quiet(): Promise<void> {
      for (;;) {
        if (last === 'syncing') await new Promise<void>((resolve) => (settled = resolve));
        // A rerun starts within the same turn as the end of the sync before it.
        await new Promise((resolve) => setImmediate(resolve));
        if (last !== 'syncing') return;
      }
    },
  };
}

describe('the desktop host’s sync triggers', () => {
  it('runs one sync, not two, when the machine wakes to a network that had gone', async () => {
    handle = await startTestService({ demo: true });
    electron.online = false;
    unwatch = watchSyncTriggers(handle.service, fakeWindow(), silentLogger);
    const syncs = countSyncs(handle.service);

    electron.online = true;
    electron.powerMonitor.emit('resume');
    await syncs.quiet();

    expect(syncs.runs()).toBe(1);
    expect((await handle.call('sync:status')).state).toBe('idle');
  });

  it('still syncs once when the machine wakes while online', async () => {
    handle = await startTestService({ demo: true });
    electron.online = true;
    unwatch = watchSyncTriggers(handle.service, fakeWindow(), silentLogger);
    const syncs = countSyncs(handle.service);

    electron.powerMonitor.emit('resume');
    await syncs.quiet();

    expect(syncs.runs()).toBe(1);
  });
});
