import { net, powerMonitor, type BrowserWindow } from 'electron';
import type { Logger } from '../core/hostInterfaces';
import type { TextdeskService } from '../core/serviceTypes';

const focusGapMs = 15_000;
const onlinePollMs = 3_000;

/**
 * Sync triggers only the host can see: window focus, the network coming and going, and waking
 * from sleep. The service coalesces overlapping syncs; focus is still throttled so alt-tabbing
 * does not fire a sync each time. Electron's main process has no online event, so the network
 * state is polled (a cheap local check). The network's return is only reported: the service
 * syncs on it (setOnline), and a sync asked for here as well would queue a second one.
 */
export function watchSyncTriggers(
  service: Pick<TextdeskService, 'syncNow' | 'setOnline'>,
  window: BrowserWindow,
  logger: Logger,
): () => void {
  const sync = (reason: 'focus' | 'online') =>
    service.syncNow(reason).catch((error: unknown) => logger.warn('a triggered sync failed', { reason, error: String(error) }));

  let lastFocusSync = 0;
  const onFocus = () => {
    const now = Date.now();
    if (now - lastFocusSync < focusGapMs) return;
    lastFocusSync = now;
    void sync('focus');
  };
  window.on('focus', onFocus);

  let online = net.isOnline();
  service.setOnline(online);
  const poll = setInterval(() => {
    const now = net.isOnline();
    if (now === online) return;
    online = now;
    service.setOnline(now);
    logger.info(now ? 'the network is back' : 'the network is gone');
  }, onlinePollMs);

  // Waking up online: a sync. Waking up to a network that was gone before the sleep: the
  // service syncs on its return.
  const onResume = () => {
    const wasOnline = online;
    online = net.isOnline();
    service.setOnline(online);
    if (online && wasOnline) void sync('online');
  };
  powerMonitor.on('resume', onResume);

  return () => {
    clearInterval(poll);
    powerMonitor.removeListener('resume', onResume);
    if (!window.isDestroyed()) window.removeListener('focus', onFocus);
  };
}
