import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { AppError } from '../../shared/errors';
import type { Conversation, Message, PhoneNumber, ProviderKind } from '../../shared/model';
import { defaultSettings, type Settings } from '../../shared/settings';
import { startDemoServer } from '../demo/inkbox';
import { createDemoFleet, type DemoFleet, type DemoFleetOptions } from '../demo';
import { writeFileAtomically } from '../core/atomicFile';
import { defaultDataDir } from '../core/paths';
import { appVersion } from '../core/version';
import { createService, type TextdeskService } from '../core/service';
import type { SettingsStore } from '../core/hostInterfaces';
import { providerInfo } from '../../shared/providers';
import { fromSqliteError } from '../core/cache/errors';
import { commandIndex, parseDecimal } from './args';
import { credentialHelp, envAccounts, envSecretStore, sameBaseUrl } from './envCredentials';
import { formatParty, formatTime, highlight, oneLine, table } from './format';

const USAGE = `Usage: textdesk <command> [options]     (npm run cli -- <command> [options])

Commands:
  demo                                    start the demo server, sync it into a demo cache, show the result
  accounts                                list the accounts in the cache
  numbers                                 list the numbers (from the servers whose credentials are set)
  sync [--number ID] [--watch] [--interval SECONDS]
                                          sync until the cache equals the server; --watch keeps syncing
                                          (and keeps Sendblue's live event stream open)
  conversations --number ID [--limit N] [--unread]
  thread --number ID --remote R [--limit N]
  search QUERY [--number ID] [--limit N] [--sort relevance|newest]
  send --number ID (--to NUMBER | --remote R) --text TEXT
                                          send a text (a new conversation with --to); exits 0 sent or queued
                                          (why queued on stderr), 2 refused for good, 3 credentials refused
  read ID | unread ID | delete ID         act on one text (its id from thread or export); queued when offline
  read-conversation --number ID --remote R
  unread-conversation --number ID --remote R
  export [--number ID] [--format json|csv] [--out FILE]
  contacts list [--search WORDS]          the address books: each number with the name that wins for it
  contacts import FILE [--format vcf|csv] import a vCard (3.0/4.0) or Google Contacts CSV file
  contacts set NUMBER "Name"              name a number here (wins over the providers', survives syncs);
                                          contacts set NUMBER "" removes the name set here
  demo-server [--port N] [--seed N] [--live SECONDS] [--size tiny|small|demo]

Global options:
  --db PATH     the cache file (default: the desktop app's own, ${join(defaultDataDir(), 'cache.db')})
  --json        machine-readable output
  --help        this text

Credentials come from the environment, one set per provider:
${credentialHelp()}
Number IDs may be the cache's id, the provider's id, or the phone number itself.`;

/** Exit codes: 0 done, 1 failed, 2 bad usage, 3 refused credentials, 4 unreachable. */
const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3, network: 4 } as const;

class UsageError extends Error {}

const globalOptions = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];
const globalsTakingValues = new Set(Object.entries(globalOptions).filter(([, o]) => o.type === 'string').map(([name]) => name));

type Flags = Record<string, string | boolean | undefined>;

interface Context {
  /** The command being run, e.g. "sync". */
  command: string;
  flags: Flags;
  positionals: string[];
  json: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

const commands: Record<string, { options: ParseArgsConfig['options']; run: (ctx: Context) => Promise<number> }> = {
  demo: { options: { keep: { type: 'boolean', default: false } }, run: runDemo },
  accounts: { options: {}, run: runAccounts },
  numbers: { options: {}, run: runNumbers },
  sync: {
    options: { number: { type: 'string' }, watch: { type: 'boolean', default: false }, interval: { type: 'string' } },
    run: runSync,
  },
  conversations: {
    options: { number: { type: 'string' }, limit: { type: 'string' }, unread: { type: 'boolean', default: false } },
    run: runConversations,
  },
  thread: { options: { number: { type: 'string' }, remote: { type: 'string' }, limit: { type: 'string' } }, run: runThread },
  search: {
    options: { number: { type: 'string' }, limit: { type: 'string' }, sort: { type: 'string' } },
    run: runSearch,
  },
  send: {
    options: { number: { type: 'string' }, to: { type: 'string' }, remote: { type: 'string' }, text: { type: 'string' } },
    run: runSend,
  },
  read: { options: {}, run: (ctx) => runMessageAction(ctx, 'read') },
  unread: { options: {}, run: (ctx) => runMessageAction(ctx, 'unread') },
  delete: { options: {}, run: (ctx) => runMessageAction(ctx, 'delete') },
  'read-conversation': { options: { number: { type: 'string' }, remote: { type: 'string' } }, run: (ctx) => runConversationAction(ctx, true) },
  'unread-conversation': { options: { number: { type: 'string' }, remote: { type: 'string' } }, run: (ctx) => runConversationAction(ctx, false) },
  export: { options: { number: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, run: runExport },
  contacts: {
    options: { format: { type: 'string' }, search: { type: 'string' }, number: { type: 'string' }, limit: { type: 'string' } },
    run: runContacts,
  },
  'demo-server': {
    options: { port: { type: 'string' }, seed: { type: 'string' }, live: { type: 'string' }, size: { type: 'string' } },
    run: runDemoServer,
  },
};

export async function main(argv: string[]): Promise<number> {
  const out = (line: string) => writeAll(1, `${line}\n`);
  const err = (line: string) => writeAll(2, `${line}\n`);
  const at = commandIndex(argv, globalsTakingValues);
  const name = at >= 0 ? argv[at] : undefined;
  if (!name || argv.includes('--help') || argv.includes('-h')) {
    (name || argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? out : err)(USAGE);
    return name === undefined && argv.length > 0 && !argv.includes('--help') && !argv.includes('-h') ? EXIT.usage : EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    err(`textdesk: unknown command "${name}". Run with --help to see the commands.`);
    return EXIT.usage;
  }
  try {
    const rest = [...argv];
    rest.splice(at, 1);
    const parsed = parseArgs({ args: rest, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
    return await command.run({
      command: name,
      flags: parsed.values as Flags,
      positionals: parsed.positionals,
      json: parsed.values.json === true,
      out,
      err,
    });
  } catch (error) {
    return report(error, err);
  }
}

function report(thrown: unknown, err: (line: string) => void): number {
  const error = fromSqliteError(thrown) ?? thrown;
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
    err(`textdesk: ${(error as Error).message.split('\n')[0]} Run with --help to see the options.`);
    return EXIT.usage;
  }
  if (error instanceof AppError) {
    err(`textdesk: ${error.message}`);
    if (error.code === 'AUTH') return EXIT.auth;
    if (error.code === 'NETWORK' || error.code === 'RATE_LIMITED') return EXIT.network;
    if (error.code === 'VALIDATION' || error.code === 'NOT_FOUND') return EXIT.usage;
    return EXIT.failed;
  }
  err(`textdesk: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (process.env.TEXTDESK_DEBUG) err(String((error as Error)?.stack));
  return EXIT.failed;
}

// ---- plumbing -----------------------------------------------------------------------------

/**
 * Writes all of `text`. stdout is a non-blocking pipe when another program reads it (| gzip,
 * | less, a test harness): writeSync then writes part of a chunk or fails with EAGAIN while the
 * reader is behind, which cut exports short with "unexpected error: EAGAIN".
 */
function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text, 'utf8');
  while (rest.byteLength > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pipeWait, 0, 0, 5);
    }
  }
}
const pipeWait = new Int32Array(new SharedArrayBuffer(4));

function memorySettings(): SettingsStore {
  let settings: Settings = { ...defaultSettings };
  return { get: () => settings, set: (patch) => (settings = { ...settings, ...patch }) };
}

async function withService<T>(
  ctx: Context,
  use: (service: TextdeskService, fleet: DemoFleet) => Promise<T>,
  demo?: DemoFleetOptions,
): Promise<T> {
  const databasePath = typeof ctx.flags.db === 'string' ? ctx.flags.db : join(defaultDataDir(), 'cache.db');
  // A cache's demo accounts sync against the demo fleet, started only when one is used.
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

async function call<C extends keyof TextdeskService['handlers']>(
  service: TextdeskService,
  channel: C,
  input: Parameters<TextdeskService['handlers'][C]>[0],
): Promise<Awaited<ReturnType<TextdeskService['handlers'][C]>>> {
  return (await (service.handlers[channel] as (value: unknown) => Promise<unknown>)(input)) as Awaited<
    ReturnType<TextdeskService['handlers'][C]>
  >;
}

function requireFlag(ctx: Context, name: string): string {
  const value = ctx.flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value.trim();
}

function intFlag(ctx: Context, name: string, fallback: number, min = 1, max = 100_000): number {
  const value = ctx.flags[name];
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' ? parseDecimal(value.trim(), min, max) : null;
  if (parsed === null) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, in decimal digits.`);
  return parsed;
}

async function findNumber(service: TextdeskService, key: string): Promise<PhoneNumber> {
  const numbers = await call(service, 'numbers:list', undefined);
  const digits = key.replace(/[^\d+]/g, '');
  const found = numbers.find(
    (n) => String(n.id) === key || n.providerId === key || n.phoneNumber === key || (digits.length >= 7 && n.phoneNumber.endsWith(digits.replace(/^\+/, ''))),
  );
  if (!found) throw new AppError('NOT_FOUND', `No number "${key}" in the cache; run "numbers" to see them.`);
  return found;
}

async function findConversation(service: TextdeskService, ctx: Context): Promise<Conversation> {
  const number = await findNumber(service, requireFlag(ctx, 'number'));
  const remote = requireFlag(ctx, 'remote');
  const candidates = [remote, remote.replace(/[^\d+]/g, ''), `+${remote.replace(/\D/g, '')}`, `+1${remote.replace(/\D/g, '')}`];
  for (let cursor: { latestAt: number; id: number } | null | undefined = undefined; ; ) {
    const page: { conversations: Conversation[]; nextCursor: { latestAt: number; id: number } | null } = await call(
      service,
      'conversations:list',
      { numberId: number.id, limit: 500, cursor },
    );
    const found =
      page.conversations.find((c) => candidates.includes(c.remote)) ??
      page.conversations.find((c) => c.remoteName !== null && c.remoteName !== undefined && c.remoteName.toLowerCase() === remote.toLowerCase());
    if (found) return found;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  throw new AppError('NOT_FOUND', `No conversation with ${remote} on ${number.phoneNumber}.`);
}

async function findMessageId(service: TextdeskService, key: string): Promise<number> {
  const id = service.resolveMessageId(key);
  if (id === null) throw new AppError('NOT_FOUND', `No text with id ${key} in the cache.`);
  return id;
}

function printMessages(ctx: Context, messages: Message[]): void {
  if (ctx.json) {
    ctx.out(JSON.stringify(messages, null, 2));
    return;
  }
  for (const message of messages) {
    const who =
      message.direction === 'inbound' ? (message.sender ? partyLabel(message.sender, message.senderName) : partyLabel(message.remote, message.remoteName)) : 'me';
    const media = message.media.length > 0 ? ` [${message.media.map((m) => m.contentType).join(', ')}]` : '';
    const unread = message.isRead ? ' ' : '*';
    ctx.out(`${unread} ${formatTime(message.createdAt)}  ${message.id}  ${who}: ${message.text ?? ''}${media}`);
  }
}

// ---- commands -----------------------------------------------------------------------------

async function runNumbers(ctx: Context): Promise<number> {
  return withService(ctx, async (service) => {
    await ensureEnvAccounts(service);
    const numbers = await call(service, 'numbers:list', undefined);
    if (ctx.json) ctx.out(JSON.stringify(numbers, null, 2));
    else if (numbers.length === 0) ctx.out('No numbers yet. Set INKBOX_API_KEY (or another provider\'s credentials, see --help) and run "sync", or run "demo".');
    else {
      ctx.out(
        table([
          ['ID', 'NUMBER', 'STATUS', 'HEALTH', 'UNREAD', 'LAST SYNCED', 'PROVIDER ID'],
          ...numbers.map((n) => [
            String(n.id),
            formatParty(n.phoneNumber),
            n.status,
            // A line's health where its provider reports one (Sendblue), else a dash.
            n.health ?? '-',
            String(n.unreadCount),
            formatTime(n.lastSyncedAt),
            n.providerId,
          ]),
        ]),
      );
    }
    return EXIT.ok;
  });
}

/** The accounts the environment's credentials name, each added (after a connection test) if new. */
async function ensureEnvAccounts(service: TextdeskService): Promise<void> {
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

async function runAccounts(ctx: Context): Promise<number> {
  return withService(ctx, async (service) => {
    const accounts = await call(service, 'accounts:list', undefined);
    if (ctx.json) ctx.out(JSON.stringify(accounts, null, 2));
    else if (accounts.length === 0) ctx.out('No accounts yet.');
    else ctx.out(table([['ID', 'PROVIDER', 'LABEL', 'BASE URL'], ...accounts.map((a) => [String(a.id), providerInfo[a.provider].name, a.label, a.baseUrl])]));
    return EXIT.ok;
  });
}

async function runSync(ctx: Context): Promise<number> {
  const interval = intFlag(ctx, 'interval', 30, 1, 86_400);
  return withService(ctx, async (service) => {
    await ensureEnvAccounts(service);
    const accounts = await call(service, 'accounts:list', undefined);
    if (accounts.length === 0) {
      throw new AppError('AUTH', 'No account to sync: set INKBOX_API_KEY (and INKBOX_BASE_URL) or another provider\'s credentials (see --help), or run "demo".');
    }
    const numberId = typeof ctx.flags.number === 'string' ? (await findNumber(service, ctx.flags.number)).id : undefined;
    let lastLine = '';
    service.on('sync:progress', (progress) => {
      const line = `syncing number ${progress.numberId}: ${progress.phase} ${progress.fetched}${progress.total !== null ? `/${progress.total}` : ''}`;
      if (line !== lastLine) ctx.err((lastLine = line));
    });
    service.on('inbound', ({ messages }) => {
      for (const message of messages) {
        ctx.err(`new text from ${formatParty(message.remote)}: ${oneLine(message.text ?? '[media]', 80)}`);
      }
    });
    for (;;) {
      await service.syncNow('user', numberId);
      const status = await call(service, 'sync:status', undefined);
      if (status.error) {
        if (!ctx.flags.watch) throw new AppError(status.error.code, status.error.message);
        ctx.err(`sync failed: ${status.error.message}`);
      } else {
        const numbers = (await call(service, 'numbers:list', undefined)).filter((n) => numberId === undefined || n.id === numberId);
        const summary = { ok: true, numbers: numbers.length, pendingActions: status.pendingActions, lastSyncedAt: status.lastSyncedAt };
        if (ctx.json) ctx.out(JSON.stringify(summary));
        else ctx.err(`in sync: ${numbers.length} number(s), ${status.pendingActions} action(s) waiting to be sent`);
      }
      if (!ctx.flags.watch) return EXIT.ok;
      await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    }
  });
}

async function runConversations(ctx: Context): Promise<number> {
  const limit = intFlag(ctx, 'limit', 50, 1, 500);
  return withService(ctx, async (service) => {
    const number = await findNumber(service, requireFlag(ctx, 'number'));
    const { conversations } = await call(service, 'conversations:list', {
      numberId: number.id,
      limit,
      unreadOnly: ctx.flags.unread === true,
    });
    if (ctx.json) ctx.out(JSON.stringify(conversations, null, 2));
    else {
      ctx.out(
        table([
          ['WHO', 'UNREAD', 'TEXTS', 'LATEST', 'PREVIEW'],
          ...conversations.map((c) => [
            conversationLabel(c),
            c.unreadCount > 0 ? String(c.unreadCount) : '',
            String(c.totalCount),
            formatTime(c.latestAt),
            `${c.latestDirection === 'outbound' ? 'You: ' : ''}${c.latestHasMedia ? '📎 ' : ''}${oneLine(c.latestText, 60)}`,
          ]),
        ]),
      );
    }
    return EXIT.ok;
  });
}

async function runThread(ctx: Context): Promise<number> {
  const limit = intFlag(ctx, 'limit', 50, 1, 500);
  return withService(ctx, async (service) => {
    const conversation = await findConversation(service, ctx);
    const page = await call(service, 'thread:page', { conversationId: conversation.id, limit });
    if (!ctx.json) {
      const optedOut = conversation.optedOut ? ' — opted out of texts' : '';
      ctx.out(`${conversationLabel(conversation)} — ${conversation.totalCount} texts, ${conversation.unreadCount} unread${optedOut}`);
    }
    printMessages(ctx, page.messages);
    return EXIT.ok;
  });
}

async function runSearch(ctx: Context): Promise<number> {
  const query = ctx.positionals.join(' ').trim();
  if (!query) throw new UsageError('search needs a QUERY.');
  const sort = ctx.flags.sort ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'newest') throw new UsageError('--sort must be relevance or newest.');
  const limit = intFlag(ctx, 'limit', 20, 1, 500);
  return withService(ctx, async (service) => {
    const numberId = typeof ctx.flags.number === 'string' ? (await findNumber(service, ctx.flags.number)).id : undefined;
    const result = await call(service, 'search:query', { query, numberId, limit, sort });
    if (ctx.json) {
      ctx.out(JSON.stringify(result, null, 2));
      return EXIT.ok;
    }
    for (const problem of result.problems ?? []) ctx.err(`note: ${problem.message}`);
    if (result.conversations && result.conversations.length > 0) {
      ctx.out('Contacts:');
      for (const c of result.conversations) ctx.out(`  ${conversationLabel(c)}  (${c.totalCount} texts, latest ${formatTime(c.latestAt)})`);
      ctx.out('Texts:');
    }
    if (result.hits.length === 0) ctx.out('No texts found.');
    const tty = process.stdout.isTTY === true;
    for (const hit of result.hits) {
      const party = partyLabel(hit.message.remote, hit.message.remoteName);
      const who = hit.message.direction === 'inbound' ? party : `me → ${party}`;
      ctx.out(`${formatTime(hit.message.createdAt)}  ${hit.message.id}  ${who}`);
      ctx.out(`    ${highlight(hit.snippet.text, hit.snippet.highlights, tty)}`);
    }
    return EXIT.ok;
  });
}

/** How long `send` waits for the server before it reports the text as queued. */
const SEND_WAIT_MS = 20_000;

async function runSend(ctx: Context): Promise<number> {
  const text = ctx.flags.text;
  if (typeof text !== 'string' || text.trim() === '') throw new UsageError('--text is required.');
  const hasTo = typeof ctx.flags.to === 'string';
  if (hasTo === (typeof ctx.flags.remote === 'string')) throw new UsageError('Give exactly one of --to (a new conversation) and --remote.');
  return withService(ctx, async (service) => {
    await ensureEnvAccounts(service);
    const number = await findNumber(service, requireFlag(ctx, 'number'));
    const input = hasTo
      ? { numberId: number.id, to: requireFlag(ctx, 'to'), text }
      : { conversationId: (await findConversation(service, ctx)).id, text };
    const { message, errorCode } = await service.sendMessage(input, SEND_WAIT_MS);
    const send = message.send ?? null;
    const state = send === null ? 'sent' : send.state === 'failed' || send.state === 'refused' ? 'failed' : 'queued';
    const reason = send?.reason ?? null;
    if (ctx.json) ctx.out(JSON.stringify({ id: message.id, state, reason }));
    else if (state === 'sent') ctx.out(`Sent to ${formatParty(message.remote)} (text ${message.id}).`);
    else ctx.out(`${state === 'failed' ? 'Not sent' : 'Queued'}: text ${message.id} to ${formatParty(message.remote)}.`);
    if (state !== 'sent') {
      const when = send?.nextAttemptAt ? ` Next try ${formatTime(send.nextAttemptAt)}.` : '';
      ctx.err(`${state === 'failed' ? 'refused' : 'queued'}: ${reason ?? 'waiting for the server.'}${state === 'queued' ? when : ''}`);
    }
    if (errorCode === 'AUTH' && state === 'queued') return EXIT.auth;
    if (state === 'failed') return EXIT.usage;
    return EXIT.ok;
  });
}

async function runMessageAction(ctx: Context, action: 'read' | 'unread' | 'delete'): Promise<number> {
  const key = ctx.positionals[0];
  if (!key) throw new UsageError(`${action} needs the ID of a text.`);
  return withService(ctx, async (service) => {
    const messageId = await findMessageId(service, key);
    if (action === 'delete') {
      const outcome = await call(service, 'message:delete', { messageId });
      const queued = await service.pushNow();
      const result = { ...outcome, queued: outcome.scope === 'server' && queued > 0 };
      ctx.out(ctx.json ? JSON.stringify(result) : result.queued ? 'Deleted here; queued until the server can be reached.' : outcome.message);
      return EXIT.ok;
    }
    await call(service, 'message:setRead', { messageId, isRead: action === 'read' });
    const queued = await service.pushNow();
    const result = { ok: true, messageId, isRead: action === 'read', queued: queued > 0 };
    ctx.out(ctx.json ? JSON.stringify(result) : `Marked ${action}${queued > 0 ? ' here; queued until the server can be reached.' : '.'}`);
    return EXIT.ok;
  });
}

async function runConversationAction(ctx: Context, isRead: boolean): Promise<number> {
  return withService(ctx, async (service) => {
    const conversation = await findConversation(service, ctx);
    const updated = await call(service, 'conversations:setRead', { conversationId: conversation.id, isRead });
    const queued = await service.pushNow();
    const result = { ok: true, conversationId: updated.id, unreadCount: updated.unreadCount, queued: queued > 0 };
    ctx.out(
      ctx.json
        ? JSON.stringify(result)
        : `Marked the conversation with ${formatParty(updated.remote)} ${isRead ? 'read' : 'unread'}${queued > 0 ? ' here; queued until the server can be reached.' : '.'}`,
    );
    return EXIT.ok;
  });
}

async function runExport(ctx: Context): Promise<number> {
  const format = ctx.flags.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv.');
  return withService(ctx, async (service) => {
    const numberId = typeof ctx.flags.number === 'string' ? (await findNumber(service, ctx.flags.number)).id : undefined;
    if (typeof ctx.flags.out !== 'string') {
      service.exportTo((chunk) => writeAll(1, chunk), { numberId, format });
      return EXIT.ok;
    }
    // Written beside the target and renamed over it at the end: a failure keeps the old file.
    const count = writeFileAtomically(ctx.flags.out, (write) => service.exportTo(write, { numberId, format }));
    ctx.err(`Exported ${count} texts to ${ctx.flags.out}.`);
    return EXIT.ok;
  });
}

/** "Jane Doe (415) 555-0100" where the address books name the party, else the number. */
function partyLabel(remote: string, name: string | null | undefined): string {
  return name ? `${name} ${formatParty(remote)}` : formatParty(remote);
}

function conversationLabel(conversation: Conversation): string {
  if (conversation.isGroup && conversation.title) return conversation.title;
  return partyLabel(conversation.remote, conversation.remoteName);
}

async function runContacts(ctx: Context): Promise<number> {
  const [action, ...rest] = ctx.positionals;
  if (action === 'list') return runContactsList(ctx);
  if (action === 'import') {
    const file = rest[0];
    if (!file) throw new UsageError('contacts import needs a FILE.');
    const format = (ctx.flags.format as string | undefined) ?? (/\.csv$/i.test(file) ? 'csv' : 'vcf');
    if (format !== 'vcf' && format !== 'csv') throw new UsageError('--format must be vcf or csv.');
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new AppError('NOT_FOUND', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    return withService(ctx, async (service) => {
      const numberId = typeof ctx.flags.number === 'string' ? (await findNumber(service, ctx.flags.number)).id : undefined;
      const report = await call(service, 'contacts:import', { format, content, numberId });
      if (ctx.json) ctx.out(JSON.stringify(report));
      else {
        ctx.out(`Imported ${report.imported} number(s) from ${report.cards} card(s)${report.skipped > 0 ? `; ${report.skipped} skipped` : ''}.`);
        for (const problem of report.problems) ctx.err(`  ${problem}`);
      }
      return EXIT.ok;
    });
  }
  if (action === 'set') {
    const [number, name] = rest;
    if (!number || name === undefined || rest.length > 2) throw new UsageError('contacts set needs a NUMBER and a "Name" (quote a name with spaces).');
    return withService(ctx, async (service) => {
      const result = await call(service, 'contacts:set', { phone: number, name: name.trim() === '' ? null : name });
      if (ctx.json) ctx.out(JSON.stringify(result));
      else ctx.out(result.name ? `${formatParty(result.phone)} is now ${result.name}.` : `${formatParty(result.phone)} has no name.`);
      return EXIT.ok;
    });
  }
  throw new UsageError('contacts needs list, import FILE or set NUMBER "Name".');
}

async function runContactsList(ctx: Context): Promise<number> {
  const limit = intFlag(ctx, 'limit', 1000, 1, 1000);
  return withService(ctx, async (service) => {
    const query = typeof ctx.flags.search === 'string' ? ctx.flags.search : undefined;
    const contacts = [];
    for (let offset = 0; ; offset += limit) {
      const page = await call(service, 'contacts:list', { query, limit, offset });
      contacts.push(...page.contacts);
      if (contacts.length >= page.total || page.contacts.length === 0) break;
    }
    if (ctx.json) ctx.out(JSON.stringify(contacts, null, 2));
    else if (contacts.length === 0) ctx.out('No contacts yet. Import some with "contacts import FILE", or sync an account with an address book.');
    else {
      ctx.out(
        table([
          ['NAME', 'NUMBER', 'SOURCE', 'OPTED OUT'],
          ...contacts.map((c) => [
            c.name ?? '',
            formatParty(c.phone),
            c.source === 'local' ? 'local' : providerInfo[c.provider ?? 'inkbox'].name,
            c.optedOut ? 'yes' : '',
          ]),
        ]),
      );
    }
    return EXIT.ok;
  });
}

async function runDemoServer(ctx: Context): Promise<number> {
  const size = ctx.flags.size ?? 'demo';
  if (size !== 'tiny' && size !== 'small' && size !== 'demo') throw new UsageError('--size must be tiny, small or demo.');
  const server = await startDemoServer({
    port: intFlag(ctx, 'port', 0, 0, 65_535),
    seed: intFlag(ctx, 'seed', 1, 0, 2 ** 31),
    liveIntervalSeconds: ctx.flags.live === undefined ? null : intFlag(ctx, 'live', 20, 1, 86_400),
    size,
  });
  const info = { baseUrl: server.baseUrl, apiKey: server.apiKey };
  if (ctx.json) ctx.out(JSON.stringify(info));
  else {
    ctx.out(`Demo Inkbox server on ${server.baseUrl}`);
    ctx.out(`  export INKBOX_BASE_URL=${server.baseUrl}`);
    ctx.out(`  export INKBOX_API_KEY=${server.apiKey}`);
    ctx.out('Press Ctrl+C to stop.');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT.ok;
}

async function runDemo(ctx: Context): Promise<number> {
  const databasePath = typeof ctx.flags.db === 'string' ? ctx.flags.db : join(mkdtempSync(join(tmpdir(), 'textdesk-demo-')), 'cache.db');
  const started = Date.now();
  const demoCtx = { ...ctx, flags: { ...ctx.flags, db: databasePath } };
  return withService(
    demoCtx,
    async (service, fleet) => {
      await call(service, 'accounts:useDemo', undefined);
      const accounts = await call(service, 'accounts:list', undefined);
      ctx.err(`Demo servers on 127.0.0.1 for ${accounts.map((a) => providerInfo[a.provider].name).join(', ')}: seeded texts with real media`);
      ctx.err(`Syncing into ${databasePath} …`);
      let last = 0;
      service.on('sync:progress', (p) => {
        if (p.phase === 'history' && p.total && Date.now() - last > 500) {
          last = Date.now();
          ctx.err(`  number ${p.numberId}: ${p.fetched}/${p.total} texts`);
        }
      });
      await service.syncNow('user');
      const status = await call(service, 'sync:status', undefined);
      if (status.error) throw new AppError(status.error.code, status.error.message);
      const numbers = await call(service, 'numbers:list', undefined);
      const providerOf = new Map(accounts.map((a) => [a.id, providerInfo[a.provider].name]));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const totals = await Promise.all(
        numbers.map(async (n) => {
          const { conversations } = await call(service, 'conversations:list', { numberId: n.id, limit: 500 });
          return { number: n, conversations: conversations.length, texts: conversations.reduce((sum, c) => sum + c.totalCount, 0) };
        }),
      );
      const search = await call(service, 'search:query', { query: 'appointment', limit: 3, sort: 'relevance' });
      if (ctx.json) {
        ctx.out(
          JSON.stringify({
            database: databasePath,
            seconds: Number(seconds),
            numbers: totals.map((t) => ({
              provider: providerOf.get(t.number.accountId),
              number: t.number.phoneNumber,
              conversations: t.conversations,
              texts: t.texts,
              unread: t.number.unreadCount,
            })),
            searchHits: search.hits.length,
          }),
        );
      } else {
        ctx.out(`\nSynced in ${seconds} s. The cache now holds:`);
        ctx.out(
          table([
            ['PROVIDER', 'NUMBER', 'CONVERSATIONS', 'TEXTS', 'UNREAD'],
            ...totals.map((t) => [
              providerOf.get(t.number.accountId) ?? '',
              formatParty(t.number.phoneNumber),
              String(t.conversations),
              String(t.texts),
              String(t.number.unreadCount),
            ]),
          ]),
        );
        const first = totals[0];
        if (first) {
          const { conversations } = await call(service, 'conversations:list', { numberId: first.number.id, limit: 3 });
          ctx.out(`\nLatest conversations on ${formatParty(first.number.phoneNumber)}:`);
          for (const c of conversations) ctx.out(`  ${conversationLabel(c).padEnd(18)} ${oneLine(c.latestText ?? '[media]', 60)}`);
        }
        ctx.out(`\nOffline search for "appointment" (${search.hits.length} shown):`);
        const tty = process.stdout.isTTY === true;
        for (const hit of search.hits) {
          ctx.out(`  ${partyLabel(hit.message.remote, hit.message.remoteName).padEnd(18)} ${highlight(hit.snippet.text, hit.snippet.highlights, tty)}`);
        }
        ctx.out(`\nTry it yourself:`);
        ctx.out(`  npm run cli -- conversations --db ${databasePath} --number ${first?.number.id ?? 1}`);
        ctx.out(`  npm run cli -- search --db ${databasePath} "café"`);
        ctx.out(`  npm run web        # the full client in your browser`);
      }
      if (ctx.flags.keep) {
        const server = fleet.inkbox();
        ctx.err(`\nThe Inkbox demo server keeps running with a new text every 15 s: INKBOX_BASE_URL=${server?.baseUrl} INKBOX_API_KEY=${server?.apiKey}. Ctrl+C stops it.`);
        await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      }
      return EXIT.ok;
    },
    { size: 'demo', liveIntervalSeconds: ctx.flags.keep ? 15 : null },
  );
}

const isEntry = process.argv[1] && /electron[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      writeSync(2, `textdesk: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exit(EXIT.failed);
    },
  );
}
