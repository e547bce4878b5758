import type { Channel, ChannelInput, ChannelOutput, Envelope, EventName, EventPayload, RemoteNumberInfo, SyncStatus, TextdeskApi } from '../../shared/contract';
import type { AppErrorShape } from '../../shared/errors';
import type { Account, Conversation, Message, PhoneNumber } from '../../shared/model';
import { providerInfo } from '../../shared/providers';
import type { SearchHit } from '../../shared/search';
import { defaultSettings } from '../../shared/settings';

/**
 * A small in-memory stand-in for main, for component tests only: it answers the channels the UI
 * uses from a few conversations, and lets a test refuse a channel or push an event.
 */
export interface FakeApi extends TextdeskApi {
  accounts: Account[];
  numbers: PhoneNumber[];
  /** What accounts:test finds behind any credentials. */
  remoteNumbers: RemoteNumberInfo[];
  conversations: Conversation[];
  messages: Message[];
  status: SyncStatus;
  calls: Array<{ channel: Channel; input: unknown }>;
  refuse(channel: Channel, error: AppErrorShape): void;
  /** Answers a refused channel again. */
  allow(channel: Channel): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Answers for search:query, by query; a promise lets a test control the order of answers. */
  searchAnswers: Map<string, SearchHit[] | Promise<SearchHit[]>>;
  /** Conversations search:query lists above the texts (contacts whose name matches), by query. */
  searchConversations: Map<string, Conversation[]>;
  /** Where a text sent through the fake stands when message:send answers (the outbox's first state). */
  sendState: NonNullable<Message['send']>;
  /** message:send answers wait until the returned function is called (a push that takes its time). */
  holdSends(): () => void;
}

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

export function message(id: number, conversationId: number, text: string, options: Partial<Message> = {}): Message {
  return {
    id,
    accountId: 1,
    numberId: 1,
    conversationId,
    providerId: `p${id}`,
    remote: '+14155550100',
    direction: 'inbound',
    text,
    type: 'sms',
    isRead: true,
    createdAt: iso(100 - id),
    updatedAt: iso(100 - id),
    deliveryStatus: null,
    media: [],
    ...options,
  };
}

export function conversation(id: number, remote: string, options: Partial<Conversation> = {}): Conversation {
  return {
    id,
    accountId: 1,
    numberId: 1,
    remote,
    latestMessageId: null,
    latestText: `Latest from ${remote}`,
    latestDirection: 'inbound',
    latestType: 'sms',
    latestHasMedia: false,
    latestAt: iso(id * 5),
    unreadCount: 0,
    totalCount: 3,
    muted: false,
    ...options,
  };
}

export function createFakeApi(): FakeApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const refusals = new Map<Channel, AppErrorShape>();
  let sendGate: Promise<void> | null = null;
  const api: FakeApi = {
    accounts: [{ id: 1, provider: 'inkbox', label: 'Demo', baseUrl: 'demo', createdAt: iso(1000) }],
    remoteNumbers: [],
    numbers: [
      { id: 1, accountId: 1, provider: 'inkbox', providerId: 'n1', phoneNumber: '+12125550123', label: 'Front desk', status: 'active', unreadCount: 3, lastSyncedAt: iso(1) },
    ],
    conversations: [
      conversation(1, '+14155550100', { unreadCount: 3 }),
      conversation(2, '+442071838750'),
      conversation(3, '76934', { latestText: 'Your code is 1234' }),
    ],
    messages: [
      message(1, 1, 'Hello there', { createdAt: iso(3 * 24 * 60) }),
      message(2, 1, 'Can I book a table?', { isRead: false }),
      message(3, 1, 'For four people', { isRead: false }),
      message(4, 1, 'Sure, see you then', { direction: 'outbound' }),
    ],
    status: { state: 'idle', error: null, lastSyncedAt: iso(1), pendingActions: 0, progress: null, demo: true },
    calls: [],
    searchAnswers: new Map(),
    searchConversations: new Map(),
    sendState: { state: 'sending', reason: null, nextAttemptAt: null, attempts: 1 },
    refuse(channel, error) {
      refusals.set(channel, error);
    },
    allow(channel) {
      refusals.delete(channel);
    },
    holdSends() {
      let release!: () => void;
      sendGate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        sendGate = null;
        release();
      };
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    async invoke<C extends Channel>(channel: C, ...args: [ChannelInput<C>?]): Promise<Envelope<ChannelOutput<C>>> {
      const input = args[0] as never;
      api.calls.push({ channel, input });
      const refusal = refusals.get(channel);
      if (refusal) return { ok: false, error: refusal };
      const value = await answer(channel, input);
      return { ok: true, value: value as ChannelOutput<C> };
    },
  };

  function recount() {
    for (const c of api.conversations) c.unreadCount = api.messages.filter((m) => m.conversationId === c.id && !m.isRead).length;
    for (const number of api.numbers) {
      number.unreadCount = api.conversations.filter((c) => c.numberId === number.id).reduce((n, c) => n + c.unreadCount, 0);
    }
  }

  async function answer(channel: Channel, input: Record<string, unknown> | undefined): Promise<unknown> {
    switch (channel) {
      case 'app:info':
        return { version: '0.0.0', host: 'web', platform: 'test', demo: true };
      case 'accounts:list':
        return api.accounts.map((a) => ({ ...a }));
      case 'accounts:test':
        return { numbers: api.remoteNumbers };
      case 'accounts:add': {
        const provider = input!.provider as Account['provider'];
        const account: Account = {
          id: Math.max(0, ...api.accounts.map((a) => a.id)) + 1,
          provider,
          label: (input!.label as string | undefined) ?? providerInfo[provider].name,
          baseUrl: (input!.baseUrl as string | undefined) ?? providerInfo[provider].defaultBaseUrl,
          createdAt: iso(0),
        };
        api.accounts.push(account);
        return account;
      }
      case 'accounts:remove':
        api.accounts = api.accounts.filter((a) => a.id !== input!.accountId);
        api.numbers = api.numbers.filter((n) => n.accountId !== input!.accountId);
        api.conversations = api.conversations.filter((c) => c.accountId !== input!.accountId);
        return { ok: true };
      case 'settings:get':
        return defaultSettings;
      case 'settings:set':
        return { ...defaultSettings, ...input };
      case 'sync:status':
        return api.status;
      case 'numbers:list':
        return api.numbers.map((n) => ({ ...n }));
      case 'conversations:list': {
        const list = api.conversations
          .filter((c) => !!c.archived === !!input?.archived)
          .filter((c) => !input?.unreadOnly || c.unreadCount > 0)
          .filter((c) => input?.numberId === undefined || c.numberId === input.numberId);
        return { conversations: list.map((c) => ({ ...c })), nextCursor: null };
      }
      case 'conversations:setRead': {
        for (const m of api.messages) if (m.conversationId === input!.conversationId && m.direction === 'inbound') m.isRead = input!.isRead as boolean;
        if (!input!.isRead) {
          const last = api.messages.filter((m) => m.conversationId === input!.conversationId && m.direction === 'inbound').at(-1);
          if (last) last.isRead = false;
        }
        recount();
        return { ...api.conversations.find((c) => c.id === input!.conversationId)! };
      }
      case 'conversations:setMuted': {
        const c = api.conversations.find((x) => x.id === input!.conversationId)!;
        c.muted = input!.muted as boolean;
        return { ...c };
      }
      case 'conversations:get':
        return { ...api.conversations.find((x) => x.id === input!.conversationId)! };
      case 'conversations:find':
        return api.conversations.filter((c) => c.remote === input!.remote).map((c) => ({ ...c }));
      case 'conversations:setPinned': {
        const c = api.conversations.find((x) => x.id === input!.conversationId)!;
        c.pinned = input!.pinned as boolean;
        return { ...c };
      }
      case 'conversations:setArchived': {
        const c = api.conversations.find((x) => x.id === input!.conversationId)!;
        c.archived = input!.archived as boolean;
        return { ...c };
      }
      case 'thread:page':
        return { messages: api.messages.filter((m) => m.conversationId === input!.conversationId).map((m) => ({ ...m })), hasOlder: false, hasNewer: false };
      case 'message:setRead': {
        const m = api.messages.find((x) => x.id === input!.messageId)!;
        m.isRead = input!.isRead as boolean;
        recount();
        return { ...m };
      }
      case 'message:delete': {
        // As the service answers: a provider that cannot delete hides the text here only.
        const target = api.messages.find((m) => m.id === input!.messageId)!;
        api.messages = api.messages.filter((m) => m.id !== input!.messageId);
        const provider = api.accounts.find((a) => a.id === target.accountId)?.provider ?? 'inkbox';
        const { name, capabilities } = providerInfo[provider];
        return capabilities.delete
          ? { scope: 'server', queued: false, message: 'Deleted' }
          : { scope: 'local', queued: false, message: `${name} cannot delete texts; it is hidden on this device only.` };
      }
      case 'conversations:setDraft': {
        const c = api.conversations.find((x) => x.id === input!.conversationId)!;
        c.draft = (input!.text as string) === '' ? null : (input!.text as string);
        return { ok: true };
      }
      case 'message:send': {
        if (sendGate) await sendGate;
        // As the service does: a first text to someone new makes the conversation, an old one is reused.
        let target = api.conversations.find((c) => c.id === input!.conversationId);
        if (!target) {
          const number = api.numbers.find((n) => n.id === input!.numberId)!;
          const remote = `+1${(input!.to as string).replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '')}`;
          target = api.conversations.find((c) => c.numberId === number.id && c.remote === remote);
          if (!target) {
            target = conversation(Math.max(0, ...api.conversations.map((c) => c.id)) + 1, remote, { accountId: number.accountId, numberId: number.id, totalCount: 0, latestText: null });
            api.conversations.push(target);
          }
        }
        const sent = message(Math.max(0, ...api.messages.map((m) => m.id)) + 1, target.id, input!.text as string, {
          direction: 'outbound',
          accountId: target.accountId,
          numberId: target.numberId,
          remote: target.remote,
          createdAt: new Date().toISOString(),
          send: { ...api.sendState },
        });
        api.messages.push(sent);
        // The list is in the order of this array: the conversation with the newest text goes first.
        api.conversations = [target, ...api.conversations.filter((c) => c !== target)];
        Object.assign(target, { latestText: sent.text, latestDirection: 'outbound', latestAt: sent.createdAt, latestMessageId: sent.id, totalCount: target.totalCount + 1, draft: null });
        return { message: { ...sent }, conversationId: target.id };
      }
      case 'message:retrySend': {
        const m = api.messages.find((x) => x.id === input!.messageId)!;
        m.send = { state: 'sending', reason: null, nextAttemptAt: null, attempts: (m.send?.attempts ?? 0) + 1 };
        return { ...m };
      }
      case 'search:query': {
        const named = api.searchConversations.get(input!.query as string);
        return { hits: await (api.searchAnswers.get(input!.query as string) ?? []), nextCursor: null, ...(named ? { conversations: named } : {}) };
      }
      case 'contacts:set': {
        // As the service: the local name goes on every conversation and text with the party, then data:changed.
        const phone = input!.phone as string;
        const name = (input!.name as string | null) ?? null;
        for (const c of api.conversations) if (c.remote === phone) c.remoteName = name;
        for (const m of api.messages) if (m.remote === phone) m.remoteName = name;
        queueMicrotask(() => api.emit('data:changed', { numberIds: [], conversationIds: [], unread: false }));
        return { phone, name };
      }
      case 'contacts:list': {
        const contacts = api.conversations
          .filter((c) => c.remoteName)
          .map((c) => ({ phone: c.remote, name: c.remoteName!, source: 'local', accountId: null, provider: null, optedOut: null, updatedAt: iso(0) }));
        return { contacts, total: contacts.length };
      }
      case 'contacts:import':
      case 'contacts:importFromMedia':
        return { cards: 1, imported: 1, skipped: 0, problems: [] };
      case 'app:setActiveConversation':
      case 'sync:now':
        return { ok: true };
      case 'media:get':
        return { id: input!.mediaId, messageId: 0, position: 0, contentType: 'image/png', size: 10, hash: 'x', state: 'cached', filename: null, url: 'data:image/png;base64,' };
      default:
        throw new Error(`The fake does not answer ${channel}`);
    }
  }
  return api;
}

export function hit(m: Message, c: Conversation, highlights: Array<[number, number]>): SearchHit {
  return { message: m, conversation: c, highlights, snippet: { text: m.text ?? '', highlights }, match: 'words' };
}
