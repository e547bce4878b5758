import type { EventPayload, EventName, Handlers, SendInput } from '../../shared/contract';
import type { ErrorCode } from '../../shared/errors';
import type { Conversation, Message, ProviderKind } from '../../shared/model';
import type { LocalEndpoint } from './accounts';
import type { Logger, SecretStore, SettingsStore } from './hostInterfaces';

export interface ServiceOptions {
  /** Where cache.db and the media store live. */
  dataDir: string;
  /** The cache file, when not dataDir/cache.db (the CLI's --db). Media then live beside it. */
  databasePath?: string;
  host: 'electron' | 'web' | 'cli';
  version: string;
  platform: string;
  secrets: SecretStore;
  settings: SettingsStore;
  logger?: Logger;
  /** Maps a cached file's content hash to a URL the renderer can load. */
  mediaUrl: (hash: string) => string;
  /** Asks the user where to save (desktop dialog); null when cancelled. Without it, files go to dataDir/exports. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  /**
   * Servers the host runs on this machine and offers as accounts (the demo fleet,
   * electron/demo). The engine starts them on demand through open() and never closes them:
   * the host does, after stop().
   */
  localServers?: LocalServers;
  /** Run the sync scheduler (interval head sync, periodic reconciliation, backoff). */
  schedule?: boolean;
  /**
   * Keep providers' live feeds open while running (Sendblue's event stream); on by default
   * where the scheduler runs. Backoff bounds are for tests.
   */
  liveFeeds?: { enabled?: boolean; minBackoffMs?: number; maxBackoffMs?: number };
  /** How long an account's sync may go without an answer before its status says it is not answering (default 5 s). */
  stallMs?: number;
}

/**
 * The host's local servers (what the demo fleet offers). Their accounts are stored with a
 * marker base URL (`demo:embedded`, `demo:<provider>`, see accounts.ts) and resolved to the
 * live endpoint through open() whenever an adapter is made for them.
 */
export interface LocalServers {
  /** Make the offered accounts at start when the cache has none (the app's first run). */
  readonly offerWhenEmpty: boolean;
  /** The servers on offer, in the order their accounts are made (the first is what accounts:useDemo answers). */
  readonly offered: readonly { provider: ProviderKind; label: string }[];
  /** Starts the provider's server if it is not running; answers where it listens now. */
  open(provider: ProviderKind): Promise<LocalEndpoint>;
}

/** New inbound texts found by a sync that was not a number's first: what notifications are made from. */
export interface InboundEvent {
  messages: Message[];
  conversations: Conversation[];
}

export type ServiceEvents = { [E in EventName]: EventPayload<E> } & { inbound: InboundEvent };
export type ServiceEventName = keyof ServiceEvents;

export interface TextdeskService {
  /** Implements every channel of the contract; hosts wrap it with dispatch(). */
  readonly handlers: Handlers;
  on<E extends ServiceEventName>(event: E, listener: (payload: ServiceEvents[E]) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A live text's local id from its local or provider id (what the CLI's user types); null if none. */
  resolveMessageId(key: string): number | null;
  /**
   * message:send, waiting up to waitMs for the server; also says which error stopped the push
   * (AUTH: the CLI exits 3).
   */
  sendMessage(input: SendInput, waitMs: number): Promise<{ message: Message; conversationId: number; errorCode: ErrorCode | null }>;
  /** Pushes every queued action now and waits; resolves to how many are still queued. */
  pushNow(): Promise<number>;
  /** Streams every live text (JSON array or CSV) to `write`; returns how many. */
  exportTo(write: (chunk: string) => void, options: { numberId?: number; format: 'json' | 'csv' }): number;
  /** Runs a sync now (coalesced with one already running). */
  syncNow(reason: 'start' | 'interval' | 'focus' | 'online' | 'user' | 'live', numberId?: number): Promise<void>;
  /** The host's view of the network; offline pauses sync and pushes. */
  setOnline(online: boolean): void;
  /** A cached media file by content hash, for the media protocol; null if not cached. */
  mediaFile(hash: string): { path: string; contentType: string; size: number } | null;
  /** Total unread, muted conversations excluded: the tray badge. */
  unreadCount(): number;
  /** The conversation the user is looking at (set through app:setActiveConversation). */
  activeConversation(): number | null;
}
