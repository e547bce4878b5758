import type { Handlers } from '../../../../shared/contract';
import { accountHandlers } from './accounts';
import { contactHandlers } from './contacts';
import { conversationHandlers } from './conversations';
import type { HandlerDeps } from './deps';
import { exportHandlers } from './export';
import { mediaHandlers } from './media';
import { messageHandlers } from './messages';
import { settingsHandlers } from './settings';

export type { HandlerDeps } from './deps';

/**
 * Every channel of the contract, by domain. Any command that meets a damaged cache triggers
 * its recovery (and says so in its error).
 */
export function createHandlers(deps: HandlerDeps, recoverOnCorruption: (error: unknown) => unknown): Handlers {
  const handlers: Handlers = {
    ...accountHandlers(deps),
    ...conversationHandlers(deps),
    ...messageHandlers(deps),
    ...mediaHandlers(deps),
    ...contactHandlers(deps),
    ...settingsHandlers(deps),
    ...exportHandlers(deps),
  };
  for (const name of Object.keys(handlers) as (keyof Handlers)[]) {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    (handlers as Record<string, (input: unknown) => Promise<unknown>>)[name] = async (input) => {
      try {
        return await handler(input);
      } catch (error) {
        throw recoverOnCorruption(error);
      }
    };
  }
  return handlers;
}
