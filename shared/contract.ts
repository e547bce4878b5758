import { z } from 'zod';
import { AppErrorShape } from './errors';
import { ContactImportInput, ContactList, ContactListInput, ContactSetInput, ImportReport } from './contacts';
import { Account, Conversation, Media, Message, PhoneNumber, ProviderKind } from './model';
import { SearchContextInput, SearchContextResult, SearchInput, SearchResult } from './search';
import { Settings, SettingsPatch } from './settings';

/**
 * The one contract between the UI and the main process (and the browser host, and the CLI's
 * view of the service). Each channel is declared once, with zod schemas for what goes in and
 * what comes out; the preload API, the renderer client and the handlers are typed from it.
 */

const Id = z.number().int().positive();
const Limit = z.number().int().min(1).max(500);

/** Credentials as the user types them; which fields a provider needs is in providerFields. */
export const Credentials = z.object({
  apiKey: z.string().trim().min(1, 'An API key is required').max(4096).optional(),
  apiSecret: z.string().trim().min(1).max(4096).optional(),
});
export type Credentials = z.infer<typeof Credentials>;

export const ConnectionInput = z.object({
  provider: ProviderKind,
  credentials: Credentials,
  baseUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(),
});
export type ConnectionInput = z.infer<typeof ConnectionInput>;

export const RemoteNumberInfo = z.object({
  providerId: z.string(),
  phoneNumber: z.string(),
  label: z.string().nullable(),
  ready: z.boolean(),
});
export type RemoteNumberInfo = z.infer<typeof RemoteNumberInfo>;

export const SyncPhase = z.enum(['history', 'head', 'reconcile', 'outbox', 'media']);
export type SyncPhase = z.infer<typeof SyncPhase>;

export const SyncProgress = z.object({
  numberId: z.number().int(),
  phase: SyncPhase,
  fetched: z.number().int().nonnegative(),
  /** Known only where the provider says (conversation totals); null otherwise. */
  total: z.number().int().nonnegative().nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

/**
 * One account's part of the sync, for a status that names who is behind: a hung server shows as
 * `stalled` within seconds while the other accounts carry on.
 */
export const AccountSyncStatus = z.object({
  accountId: z.number().int(),
  label: z.string(),
  provider: ProviderKind,
  /** stalled: a sync is under way but the server has not answered for a few seconds. */
  state: z.enum(['idle', 'syncing', 'stalled', 'offline', 'error']),
  error: AppErrorShape.nullable(),
  lastSyncedAt: z.string().nullable(),
  /** The account's first download: texts so far over all its numbers, never fewer than shown before. */
  progress: z
    .object({ phase: SyncPhase, fetched: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() })
    .nullable(),
});
export type AccountSyncStatus = z.infer<typeof AccountSyncStatus>;

export const SyncStatus = z.object({
  state: z.enum(['idle', 'syncing', 'offline', 'error']),
  /** Set when state is error or offline: why, in one sentence. */
  error: AppErrorShape.nullable(),
  lastSyncedAt: z.string().nullable(),
  pendingActions: z.number().int().nonnegative(),
  progress: SyncProgress.nullable(),
  /** The built-in demo server is the account in use. */
  demo: z.boolean(),
  /** Set after a damaged cache was moved aside and a new one made: what happened, in one sentence. */
  recovery: z.object({ message: z.string(), movedTo: z.string() }).nullable().optional(),
  /** Per account, in the accounts' order; absent from hosts that predate it. */
  accounts: z.array(AccountSyncStatus).optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const ConversationCursor = z.object({ latestAt: z.number(), id: z.number().int() });
export type ConversationCursor = z.infer<typeof ConversationCursor>;

export const ConversationListInput = z.object({
  numberId: Id.optional(),
  accountId: Id.optional(),
  unreadOnly: z.boolean().optional(),
  /** The Archived view; without it archived conversations are left out and pinned ones come first. */
  archived: z.boolean().optional(),
  limit: Limit.default(100),
  cursor: ConversationCursor.nullable().optional(),
});

export const ThreadPageInput = z
  .object({
    conversationId: Id,
    limit: Limit.default(50),
    before: z.number().int().optional(),
    after: z.number().int().optional(),
    around: z.number().int().optional(),
  })
  .refine((input) => [input.before, input.after, input.around].filter((v) => v !== undefined).length <= 1, {
    message: 'Give at most one of before, after and around',
  });

export const ThreadPage = z.object({
  messages: z.array(Message),
  hasOlder: z.boolean(),
  hasNewer: z.boolean(),
});
export type ThreadPage = z.infer<typeof ThreadPage>;

export const DeleteOutcome = z.object({
  /** server: deleted there too (or queued to be); local: the server cannot delete, hidden here only. */
  scope: z.enum(['server', 'local']),
  queued: z.boolean(),
  message: z.string(),
});
export type DeleteOutcome = z.infer<typeof DeleteOutcome>;

export const MediaInfo = Media.extend({
  /** Where the renderer loads the bytes from (custom protocol or the web host), once cached. */
  url: z.string().nullable(),
});
export type MediaInfo = z.infer<typeof MediaInfo>;

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

const MessageText = z.string().min(1).max(5000);

/** A reply into a conversation, or a first text to a recipient typed as the user wrote it. */
export const SendInput = z
  .object({ conversationId: Id, text: MessageText })
  .or(z.object({ numberId: Id, to: z.string().trim().min(1).max(64), text: MessageText }));
export type SendInput = z.infer<typeof SendInput>;

const Empty = z.object({}).strict().optional();
const Ok = z.object({ ok: z.literal(true) });

export const channels = {
  'app:info': { input: Empty, output: AppInfo },
  /** What the user is looking at, so no notification is raised for it. */
  'app:setActiveConversation': {
    input: z.object({ conversationId: Id.nullable() }),
    output: Ok,
  },

  'accounts:list': { input: Empty, output: z.array(Account) },
  'accounts:test': { input: ConnectionInput, output: z.object({ numbers: z.array(RemoteNumberInfo) }) },
  'accounts:add': {
    input: ConnectionInput.extend({
      label: z.string().trim().min(1).max(100).optional(),
      /** Provider ids of the numbers to sync; all when omitted. */
      numberIds: z.array(z.string().max(200)).max(1000).optional(),
    }),
    output: Account,
  },
  'accounts:remove': { input: z.object({ accountId: Id }), output: Ok },
  'accounts:useDemo': { input: Empty, output: Account },

  'numbers:list': { input: z.object({ accountId: Id.optional() }).optional(), output: z.array(PhoneNumber) },
  'numbers:setSyncEnabled': { input: z.object({ numberId: Id, enabled: z.boolean() }), output: Ok },

  'conversations:list': {
    input: ConversationListInput,
    output: z.object({ conversations: z.array(Conversation), nextCursor: ConversationCursor.nullable() }),
  },
  'conversations:get': { input: z.object({ conversationId: Id }), output: Conversation },
  'conversations:setRead': { input: z.object({ conversationId: Id, isRead: z.boolean() }), output: Conversation },
  'conversations:setMuted': { input: z.object({ conversationId: Id, muted: z.boolean() }), output: Conversation },
  /** Empty text clears it; kept in the cache, without data:changed for the list. */
  'conversations:setDraft': { input: z.object({ conversationId: Id, text: z.string().max(5000) }), output: Ok },
  /** The conversations with this other party, one per number it texted (a phone link opens one). */
  'conversations:find': {
    // A regex, not min/max: zod's length checks read `.length` of whatever came, even a hostile object.
    input: z.object({ remote: z.string().regex(/^\S{1,64}$/, 'Give a phone number, short code or group key'), numberId: Id.optional() }),
    output: z.array(Conversation),
  },
  'conversations:setPinned': { input: z.object({ conversationId: Id, pinned: z.boolean() }), output: Conversation },
  'conversations:setArchived': { input: z.object({ conversationId: Id, archived: z.boolean() }), output: Conversation },

  'thread:page': { input: ThreadPageInput, output: ThreadPage },

  'search:query': { input: SearchInput, output: SearchResult },
  'search:context': { input: SearchContextInput, output: SearchContextResult },

  'message:setRead': { input: z.object({ messageId: Id, isRead: z.boolean() }), output: Message },
  /** On an unsent text: cancels it, unless it is sending/unknown (VALIDATION "being sent"). */
  'message:delete': { input: z.object({ messageId: Id }), output: DeleteOutcome },
  /** In the cache (outbox) before it answers; the push starts at once when online. */
  'message:send': { input: SendInput, output: z.object({ message: Message, conversationId: Id }) },
  /** Failed, refused or queued texts only (VALIDATION otherwise). */
  'message:retrySend': { input: z.object({ messageId: Id }), output: Message },

  'media:get': { input: z.object({ mediaId: Id }), output: MediaInfo },
  /** Saves an attachment where the user chooses (desktop) or offers it as a download (web). */
  'media:save': { input: z.object({ mediaId: Id }), output: z.object({ saved: z.boolean(), path: z.string().nullable() }) },

  'sync:now': { input: z.object({ numberId: Id.optional() }).optional(), output: Ok },
  'sync:status': { input: Empty, output: SyncStatus },

  'settings:get': { input: Empty, output: Settings },
  'settings:set': { input: SettingsPatch, output: Settings },

  /** The address books: one row per phone with the name that wins for it (local first). */
  'contacts:list': { input: ContactListInput, output: ContactList },
  /** Sets the local name of a number (null removes it); it wins over every provider's and survives syncs. */
  'contacts:set': {
    input: ContactSetInput,
    output: z.object({ phone: z.string(), name: z.string().nullable() }),
  },
  /** Imports a vCard (3.0/4.0, many cards) or Google CSV file's text into the local address book. */
  'contacts:import': { input: ContactImportInput, output: ImportReport },
  /** "Add to contacts" on a vCard received in a text: imports the downloaded attachment. */
  'contacts:importFromMedia': { input: z.object({ mediaId: Id }), output: ImportReport },

  'export:run': {
    input: z.object({ numberId: Id.optional(), format: z.enum(['json', 'csv']).default('json') }),
    output: z.object({ path: z.string().nullable(), count: z.number().int().nonnegative() }),
  },
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends Channel> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>;

/** Events main pushes to the renderer. */
export const events = {
  'sync:progress': SyncProgress,
  'sync:status': SyncStatus,
  'data:changed': z.object({
    numberIds: z.array(z.number().int()),
    conversationIds: z.array(z.number().int()),
    /** The unread total changed (tray badge, sidebar). */
    unread: z.boolean(),
  }),
  /** A notification was clicked: show this conversation. */
  'notify:open': z.object({ conversationId: z.number().int(), messageId: z.number().int().nullable() }),
  /**
   * A notification for the page to show itself (the browser host, where main has no system
   * notifications): already decided by the notification policy, muted and quiet hours applied.
   */
  'notify:show': z.object({
    conversationId: z.number().int().nullable(),
    messageId: z.number().int().nullable(),
    title: z.string(),
    body: z.string(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** Every call answers this; no stack trace crosses the boundary. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

/** The API the preload (and the web bridge) expose to the renderer: typed from the contract. */
export interface TextdeskApi {
  invoke<C extends Channel>(channel: C, ...input: undefined extends ChannelInput<C> ? [ChannelInput<C>?] : [ChannelInput<C>]): Promise<Envelope<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The same API the service implements, minus the envelope: what the hosts wrap. */
export type Handlers = {
  [C in Channel]: (
    ...input: undefined extends ChannelParsedInput<C> ? [ChannelParsedInput<C>?] : [ChannelParsedInput<C>]
  ) => Promise<ChannelOutput<C>>;
};
