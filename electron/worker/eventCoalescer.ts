/**
 * A first sync raises a status, a progress and a data:changed event for every page it writes,
 * dozens a second. Each crosses to the host's thread (Electron's main process, the browser
 * host's event loop) and is handled there: the tray, the window, every WebSocket client. This
 * folds them into at most one of each kind per window: the first goes at once, later ones wait
 * for the window's end, where the newest status and progress and the union of the changes go.
 * Every other event (inbound texts, notifications' clicks) first sends what waits, so the host
 * sees events in the order they happened, only fewer of them; the worker also flushes before
 * each answer, so a call's events arrive before its reply.
 */

type Changed = { numberIds: number[]; conversationIds: number[]; unread: boolean };

const latestWins = new Set(['sync:status', 'sync:progress']);

export interface EventCoalescer {
  push(event: string, payload: unknown): void;
  /** Sends whatever waits now (before the engine stops). */
  flush(): void;
}

export function createEventCoalescer(forward: (event: string, payload: unknown) => void, windowMs = 100): EventCoalescer {
  const pending = new Map<string, unknown>();
  let timer: NodeJS.Timeout | null = null;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const due = [...pending];
    pending.clear();
    for (const [event, payload] of due) forward(event, payload);
  }

  function openWindow(): void {
    timer = setTimeout(() => {
      timer = null;
      if (pending.size === 0) return;
      flush();
      openWindow();
    }, windowMs);
    timer.unref?.();
  }

  return {
    push(event, payload) {
      const foldable = latestWins.has(event) || event === 'data:changed';
      if (!foldable) {
        flush();
        forward(event, payload);
        return;
      }
      if (!timer) {
        forward(event, payload);
        openWindow();
        return;
      }
      if (event === 'data:changed') {
        const before = pending.get(event) as Changed | undefined;
        const next = payload as Changed;
        pending.set(
          event,
          before
            ? {
                numberIds: [...new Set([...before.numberIds, ...next.numberIds])],
                conversationIds: [...new Set([...before.conversationIds, ...next.conversationIds])],
                unread: before.unread || next.unread,
              }
            : next,
        );
        return;
      }
      // Map order is insertion order: a kind keeps its first place in the window.
      pending.set(event, payload);
    },
    flush,
  };
}
