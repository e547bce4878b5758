import type { Handlers } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { defaultBaseUrl, encodeCredentials, isLocalServerAccount, providerName, testConnection } from '../../accounts';
import { deleteAccount, insertAccount, listAccounts } from '../../cache/accounts';
import { refreshConversationNames } from '../../cache/contacts';
import { getNumber, listNumbers, setNumberSyncEnabled, upsertNumber } from '../../cache/numbers';
import { dropUnreferencedFiles } from '../../sync/media';
import { requireAccount } from '../context';
import type { HandlerDeps } from './deps';

type AccountChannels = 'app:info' | 'app:setActiveConversation' | 'accounts:list' | 'accounts:test' | 'accounts:add' | 'accounts:remove' | 'accounts:useDemo' | 'numbers:list' | 'numbers:setSyncEnabled';

/** The app, its accounts and their numbers. */
export function accountHandlers(deps: HandlerDeps): Pick<Handlers, AccountChannels> {
  const { ctx, notify } = deps;
  return {
    'app:info': async () => ({
      version: ctx.options.version,
      host: ctx.options.host === 'electron' ? 'electron' : 'web',
      platform: ctx.options.platform,
      demo: deps.status.demoActive(),
    }),
    'app:setActiveConversation': async ({ conversationId }) => {
      ctx.activeConversationId = conversationId;
      return { ok: true };
    },

    'accounts:list': async () => listAccounts(ctx.db),
    'accounts:test': async (input) => ({
      numbers: await testConnection({ provider: input.provider, credentials: input.credentials, baseUrl: input.baseUrl }),
    }),
    'accounts:add': async (input) => {
      const baseUrl = input.baseUrl ?? defaultBaseUrl(input.provider);
      const numbers = await testConnection({ provider: input.provider, credentials: input.credentials, baseUrl });
      const account = insertAccount(ctx.db, {
        provider: input.provider,
        label: input.label ?? `${providerName(input.provider)} ${numbers[0]?.phoneNumber ?? ''}`.trim(),
        baseUrl,
      });
      try {
        await ctx.secrets.set(account.id, encodeCredentials(input.credentials));
      } catch (error) {
        deleteAccount(ctx.db, account.id);
        throw error instanceof AppError
          ? error
          : new AppError('INTERNAL', `The API key could not be stored in ${ctx.secrets.description}.`, { cause: error });
      }
      const wanted = input.numberIds ? new Set(input.numberIds) : null;
      for (const number of numbers) {
        const id = upsertNumber(ctx.db, account.id, { providerId: number.providerId, phoneNumber: number.phoneNumber });
        setNumberSyncEnabled(ctx.db, id, wanted === null || wanted.has(number.providerId));
      }
      notify.changed([], listNumbers(ctx.db, account.id).map((n) => n.id));
      void deps.syncNow('user');
      void deps.openLiveFeeds();
      return account;
    },
    'accounts:remove': async ({ accountId }) => {
      const account = requireAccount(ctx, accountId);
      await deps.closeLiveFeeds(account.id);
      deleteAccount(ctx.db, account.id);
      // Its address book went with it (cascade): names it gave other accounts' conversations go too.
      refreshConversationNames(ctx.db);
      ctx.pool.forget(account.id);
      // Its pictures and files go with it: nothing of a removed account stays on disk or servable.
      dropUnreferencedFiles(ctx.db, ctx.store);
      if (!isLocalServerAccount(account)) await ctx.secrets.delete(account.id);
      notify.changed([], [], true);
      notify.setStatus({});
      return { ok: true };
    },
    'accounts:useDemo': async () => {
      const account = await deps.addLocalServerAccounts();
      void deps.syncNow('user');
      void deps.openLiveFeeds();
      return account;
    },

    'numbers:list': async (input) => listNumbers(ctx.db, input?.accountId),
    'numbers:setSyncEnabled': async ({ numberId, enabled }) => {
      if (!getNumber(ctx.db, numberId)) throw new AppError('NOT_FOUND', `There is no number ${numberId}.`);
      setNumberSyncEnabled(ctx.db, numberId, enabled);
      if (enabled) void deps.syncNow('user', numberId);
      return { ok: true };
    },
  };
}
