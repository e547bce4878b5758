import type { Handlers } from '../../../../shared/contract';
import type { HandlerDeps } from './deps';

/** Settings, and the sync the user asks for and watches. */
export function settingsHandlers(deps: HandlerDeps): Pick<Handlers, 'settings:get' | 'settings:set' | 'sync:now' | 'sync:status'> {
  const { ctx } = deps;
  return {
    'sync:now': async (input) => {
      void deps.syncNow('user', input?.numberId);
      return { ok: true };
    },
    'sync:status': async () => deps.status.current(),

    'settings:get': async () => ctx.options.settings.get(),
    'settings:set': async (patch) => {
      const next = ctx.options.settings.set(patch);
      deps.rescheduleSync();
      return next;
    },
  };
}
