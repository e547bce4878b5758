import type { Logger } from '../hostInterfaces';
import type { ServiceEventName, ServiceEvents, TextdeskService } from '../serviceTypes';

/** The service's event listeners: a failing listener is logged, never breaks the emitter. */
export function createEvents(logger: Logger) {
  const listeners = new Map<ServiceEventName, Set<(payload: never) => void>>();

  function emit<E extends ServiceEventName>(event: E, payload: ServiceEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (value: ServiceEvents[E]) => void)(payload);
      } catch (error) {
        logger.error('An event listener failed', { event, error: String(error) });
      }
    }
  }

  const on: TextdeskService['on'] = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  };

  /** data:changed, each id once. */
  function changed(conversationIds: Iterable<number>, numberIds: Iterable<number> = [], unread = true): void {
    emit('data:changed', { numberIds: [...new Set(numberIds)], conversationIds: [...new Set(conversationIds)], unread });
  }

  return { emit, on, changed };
}

export type ServiceEventsHub = ReturnType<typeof createEvents>;
