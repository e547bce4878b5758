import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Conversation, PhoneNumber, ProviderKind } from '../../shared/model';
import { providerInfo } from '../../shared/providers';
import { defaultSettings, type Settings } from '../../shared/settings';
import type { SettingsStore } from '../core/hostInterfaces';
import { defaultDataDir } from '../core/paths';
import { createService, type TextdeskService } from '../core/service';
import { appVersion } from '../core/version';
import { requireFlag, type Context } from './command';
import { conversationLabel } from './format';
import { envAccounts, envSecretStore, sameBaseUrl } from './envCredentials';
import { createDemoFleet, type DemoFleet, type DemoFleetOptions } from '../demo';

/**
 * The one place the CLI creates the engine: every command that reads or writes the cache runs
 * inside withService, which opens it, starts it without the scheduler and stops it at the end.
 * The demo fleet (electron/demo) is created here too, beside the cache, and offered to the
 * engine as local servers: a cache's demo accounts sync against it, started only when used.
 */

/** The cache file a command uses: --db, else the desktop app's own. */
export function databasePathOf(ctx: Context): string {
  return typeof ctx.flags.db === 'string' ? ctx.flags.db : join(defaultDataDir(), 'cache.db');
}

function memorySettings(): SettingsStore {
  let settings: Settings = { ...defaultSettings };
  return { get: () => settings, set: (patch) => (settings = { ...settings, ...patch }) };
}

export async function withService<T>(
  ctx: Context,
  use: (service: TextdeskService, fleet: DemoFleet) => Promise<T>,
  demo?: DemoFleetOptions,
): Promise<T> {
  const databasePath = databasePathOf(ctx);
  const fleet = createDemoFleet(dirname(databasePath), demo);
  const accounts = new Map<number, { provider: ProviderKind; baseUrl: string }>();
  const service: TextdeskService = await createService({
    dataDir: dirname(databasePath),
    databasePath,
    host: 'cli',
    version: appVersion,
    platform: process.platform,
    secrets: envSecretStore((accountId) => accounts.get(accountId)),
    settings: memorySettings(),
    mediaUrl: (hash) => hash,
    schedule: false,
    // `sync --watch` runs until stopped: a provider's live feed brings texts between its polls.
    liveFeeds: { enabled: ctx.flags.watch === true },
    localServers: fleet,
  });
  try {
    await service.start();
    const { recovery } = await call(service, 'sync:status', undefined);
    if (recovery) ctx.err(`textdesk: note: ${recovery.message}${ctx.command === 'sync' || ctx.command === 'demo' ? '' : ' Run "sync" to download the texts again.'}`);
    const remember = async () => {
      for (const account of await call(service, 'accounts:list', undefined)) accounts.set(account.id, account);
    };
    await remember();
    service.on('data:changed', () => void remember());
    return await use(service, fleet);
  } finally {
    await service.stop();
    await fleet.close();
  }
}

/** Calls one of the service's handlers (the same ones IPC reaches), typed by its channel. */
export async function call<C extends keyof TextdeskService['handlers']>(
  service: TextdeskService,
  channel: C,
  input: Parameters<TextdeskService['handlers'][C]>[0],
): Promise<Awaited<ReturnType<TextdeskService['handlers'][C]>>> {
  return (await (service.handlers[channel] as (value: unknown) => Promise<unknown>)(input)) as Awaited<
    ReturnType<TextdeskService['handlers'][C]>
  >;
}

/** The accounts the environment's credentials name, each added (after a connection test) if new. */
export async function ensureEnvAccounts(service: TextdeskService): Promise<void> {
  const accounts = await call(service, 'accounts:list', undefined);
  for (const wanted of envAccounts()) {
    if (accounts.some((a) => a.provider === wanted.provider && sameBaseUrl(a.baseUrl, wanted.baseUrl))) continue;
    await call(service, 'accounts:add', {
      provider: wanted.provider,
      credentials: wanted.credentials,
      baseUrl: wanted.baseUrl,
      label: providerInfo[wanted.provider].name,
    });
  }
}

export async function findNumber(service: TextdeskService, key: string): Promise<PhoneNumber> {
  const numbers = await call(service, 'numbers:list', undefined);
  const digits = key.replace(/[^\d+]/g, '');
  const found = numbers.find(
    (n) => String(n.id) === key || n.providerId === key || n.phoneNumber === key || (digits.length >= 7 && n.phoneNumber.endsWith(digits.replace(/^\+/, ''))),
  );
  if (!found) throw new AppError('NOT_FOUND', `No number "${key}" in the cache; run "numbers" to see them.`);
  return found;
}

/** The id of the number --number names, undefined when the flag is not given (all numbers). */
export async function optionalNumberId(service: TextdeskService, ctx: Context): Promise<number | undefined> {
  return typeof ctx.flags.number === 'string' ? (await findNumber(service, ctx.flags.number)).id : undefined;
}

/** The conversation --number and --remote name; --remote may be a number in any format or a name. */
export async function findConversation(service: TextdeskService, ctx: Context): Promise<Conversation> {
  const number = await findNumber(service, requireFlag(ctx, 'number'));
  const remote = requireFlag(ctx, 'remote');
  const candidates = [remote, remote.replace(/[^\d+]/g, ''), `+${remote.replace(/\D/g, '')}`, `+1${remote.replace(/\D/g, '')}`];
  for (let cursor: { latestAt: number; id: number } | null | undefined = undefined; ; ) {
    const page: { conversations: Conversation[]; nextCursor: { latestAt: number; id: number } | null } = await call(
      service,
      'conversations:list',
      { numberId: number.id, limit: 500, cursor },
    );
    // The party's number or key, their name, or what `conversations` shows (a group's title or members).
    const wanted = remote.toLowerCase();
    const found =
      page.conversations.find((c) => candidates.includes(c.remote)) ??
      page.conversations.find((c) => c.remoteName !== null && c.remoteName !== undefined && c.remoteName.toLowerCase() === wanted) ??
      page.conversations.find((c) => c.isGroup && conversationLabel(c).toLowerCase() === wanted);
    if (found) return found;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  throw new AppError('NOT_FOUND', `No conversation with ${remote} on ${number.phoneNumber}.`);
}

export async function findMessageId(service: TextdeskService, key: string): Promise<number> {
  const id = service.resolveMessageId(key);
  if (id === null) throw new AppError('NOT_FOUND', `No text with id ${key} in the cache.`);
  return id;
}
