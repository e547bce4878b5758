import type { Database } from 'better-sqlite3';
import type { SyncProgress } from '../../../shared/contract';
import type { ProviderKind } from '../../../shared/model';
import type { ProviderCapabilities } from '../../../shared/providers';
import type { RemoteContact } from './contacts';
import type { ClientOptions } from './http';
import type { DeleteResult, RemoteNumber, RemoteMessage } from './types';

/**
 * One provider as the service sees it: its numbers, its own sync strategy (each API allows a
 * different one: Inkbox offset pages and reconciliation, Sendblue updated_at increments, Linq
 * cursors per chat, Heymarket created_at/updated_at cursors), and the actions it supports.
 */
export interface ProviderAdapter {
  readonly kind: ProviderKind;
  readonly capabilities: ProviderCapabilities;
  listNumbers(): Promise<RemoteNumber[]>;
  /** Syncs one number into the cache; each page in one transaction with its sync state. */
  syncNumber(context: AdapterSyncContext, run: { reconcile: boolean }): Promise<NumberSyncReport>;
  /** One text again, with fresh media URLs. Throws ProviderNotFoundError when it is gone. */
  fetchMessage(numberProviderId: string, textProviderId: string, conversation: ConversationRef): Promise<RemoteMessage>;
  /** Only called where capabilities.readState is 'message'. */
  setMessageRead(numberProviderId: string, textProviderId: string, isRead: boolean): Promise<unknown>;
  /** Only called where capabilities.delete. */
  deleteMessage(numberProviderId: string, textProviderId: string): Promise<DeleteResult>;
  /** Only called where capabilities.readState is not 'none' (and for unread, markUnread). */
  setConversationRead(numberProviderId: string, conversation: ConversationRef, isRead: boolean): Promise<unknown>;
  /**
   * The account's address book, where the provider has one: every entry, refreshed with the
   * sync. `numbers` are the account's numbers (Linq's names live on each number's chats).
   */
  listContacts?(numbers: readonly { providerId: string; phoneNumber: string }[]): Promise<RemoteContact[]>;
  /** One party's address book entries by E.164 phone, where the provider can look one up. */
  lookupContact?(phone: string): Promise<RemoteContact[]>;
  /**
   * Where the provider offers a live feed a desktop client can open (Sendblue's event stream):
   * one connection, until the server ends it (resolves) or it fails (rejects); the caller
   * reconnects. Events only say that something changed; the sync walk fetches it.
   */
  listen?(handlers: LiveFeedHandlers, signal: AbortSignal): Promise<void>;
  /**
   * Sends one text, once: never retried inside (the outbox decides, after looking for it).
   * Only called where capabilities.send.
   */
  sendMessage(numberProviderId: string, request: SendRequest): Promise<SentMessage>;
  /**
   * Looks on the server for a text sent by a request whose answer was lost: by the client id
   * where the provider keeps one, else the conversation's newest outbound texts with the same
   * recipient and body since the send began. null when the server does not have it.
   */
  findSentMessage(numberProviderId: string, lookup: SentMessageLookup): Promise<SentMessage | null>;
}

/** What a live event asks for: a sync of a number's texts (null: of every number), or a refresh of the numbers. */
export type LiveChange = { kind: 'texts'; numberProviderId: string | null } | { kind: 'numbers' };

export interface LiveFeedHandlers {
  /** The feed is open: anything before this moment is the walk's to fetch. */
  onOpen(): void;
  onChange(change: LiveChange): void;
}

export interface SendRequest {
  /** Our id for the text: Heymarket's local_id, Linq's idempotency_key. */
  clientRef: string;
  /** The recipient's E.164 number, or null for a group (addressed by the conversation). */
  to: string | null;
  conversation: ConversationRef;
  text: string;
}

export interface SentMessageLookup extends SendRequest {
  /** Epoch ms: the server's text cannot be older than this. */
  since: number;
  /** Server ids the cache already holds as other texts: never ours. */
  isKnown(providerId: string): boolean;
}

/** What the server answered for a sent text. */
export interface SentMessage {
  id: string;
  deliveryStatus: string | null;
  /** The conversation's id where sending created it (a new Linq chat). */
  providerRef?: string | null;
}

/** A conversation as the provider addresses it: the party (or group key) and its own id if any. */
export interface ConversationRef {
  remote: string;
  providerRef: string | null;
}

export interface SyncScope {
  accountId: number;
  numberId: number;
  numberProviderId: string;
}

export interface SyncHooks {
  onProgress?: (progress: SyncProgress) => void;
  /** Conversations whose contents changed, after each applied page. */
  onChanged?: (conversationIds: number[]) => void;
}

export interface AdapterSyncContext {
  db: Database;
  scope: SyncScope;
  hooks?: SyncHooks;
  now?: () => number;
}

export interface NumberSyncReport {
  /** This run included (part of) the number's first, history sync: no notifications for it. */
  firstSync: boolean;
  historyComplete: boolean;
  inserted: number;
  changed: number;
  tombstoned: number;
  /** Inbound texts new to the cache, found by a sync that was not the first. */
  newInboundIds: number[];
  conversationsResynced: number;
  reconciled: boolean;
}

export interface AdapterOptions extends Pick<ClientOptions, 'onIssue' | 'onAnswer' | 'retry' | 'maxRetryAfterMs' | 'timeoutMs'> {
  credentials: { apiKey?: string; apiSecret?: string };
  baseUrl: string;
  /** How long a live feed may stay silent before it counts as dead (tests shorten it). */
  liveIdleTimeoutMs?: number;
}

/** What every provider client takes from the adapter options besides its credentials. */
export function transportOptions(options: AdapterOptions): Pick<AdapterOptions, 'baseUrl' | 'onIssue' | 'onAnswer' | 'retry' | 'maxRetryAfterMs' | 'timeoutMs'> {
  return {
    baseUrl: options.baseUrl,
    onIssue: options.onIssue,
    onAnswer: options.onAnswer,
    retry: options.retry,
    maxRetryAfterMs: options.maxRetryAfterMs,
    timeoutMs: options.timeoutMs,
  };
}
