import { z } from 'zod';

/**
 * The domain model the renderer, the CLI and the hosts see. Ids are the cache's local integer
 * ids; provider ids are kept beside them for export and debugging.
 */

export const ProviderKind = z.enum(['inkbox', 'sendblue', 'linq', 'heymarket']);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const Direction = z.enum(['inbound', 'outbound']);
export type Direction = z.infer<typeof Direction>;

export const MessageType = z.enum(['sms', 'mms']);
export type MessageType = z.infer<typeof MessageType>;

/** evicted: the bytes were dropped for the cache size cap; fetched again when opened. */
export const MediaState = z.enum(['pending', 'cached', 'failed', 'evicted']);
export type MediaState = z.infer<typeof MediaState>;

export const Media = z.object({
  id: z.number().int(),
  messageId: z.number().int(),
  position: z.number().int(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** sha256 of the cached bytes, hex; null until fetched. */
  hash: z.string().nullable(),
  state: MediaState,
  filename: z.string().nullable(),
});
export type Media = z.infer<typeof Media>;

export const Account = z.object({
  id: z.number().int(),
  provider: ProviderKind,
  label: z.string(),
  baseUrl: z.string(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof Account>;

export const NumberStatus = z.enum(['active', 'unavailable']);
export type NumberStatus = z.infer<typeof NumberStatus>;

/** A line's health where the provider reports one (Sendblue's lines/state); null where it does not. */
export const LineHealth = z.enum(['online', 'offline', 'degraded', 'unknown']);
export type LineHealth = z.infer<typeof LineHealth>;

export const PhoneNumber = z.object({
  id: z.number().int(),
  accountId: z.number().int(),
  provider: ProviderKind,
  providerId: z.string(),
  phoneNumber: z.string(),
  label: z.string().nullable(),
  status: NumberStatus,
  unreadCount: z.number().int().nonnegative(),
  lastSyncedAt: z.string().nullable(),
  health: LineHealth.nullable().optional(),
  /** When the provider last saw the health change (ISO 8601), where it says. */
  healthChangedAt: z.string().nullable().optional(),
  /**
   * Null when the number can send; else one sentence saying why not ("Toll-free numbers on
   * Inkbox can only receive texts.", "This number is still registering for SMS.", ...).
   */
  sendBlockedReason: z.string().nullable().optional(),
});
export type PhoneNumber = z.infer<typeof PhoneNumber>;

export const Reaction = z.object({
  type: z.string(),
  emoji: z.string().nullable(),
  from: z.string().nullable(),
  isMe: z.boolean(),
});
export type Reaction = z.infer<typeof Reaction>;

export const Conversation = z.object({
  id: z.number().int(),
  accountId: z.number().int(),
  numberId: z.number().int(),
  /** The other party: E.164, a short code, or a group key. */
  remote: z.string(),
  latestMessageId: z.number().int().nullable(),
  latestText: z.string().nullable(),
  latestDirection: Direction.nullable(),
  latestType: MessageType.nullable(),
  latestHasMedia: z.boolean(),
  latestAt: z.string().nullable(),
  unreadCount: z.number().int().nonnegative(),
  totalCount: z.number().int().nonnegative(),
  muted: z.boolean(),
  /** Group conversations: the provider's display name and the other members. */
  title: z.string().nullable().optional(),
  participants: z.array(z.string()).optional(),
  isGroup: z.boolean().optional(),
  /** The party's name from the address books (local first), null when unknown. */
  remoteName: z.string().nullable().optional(),
  /** Names of the group's members, in the order of participants; null where unknown. */
  participantNames: z.array(z.string().nullable()).optional(),
  /** The conversation's provider says the party opted out of texts (STOP); null when it does not say. */
  optedOut: z.boolean().nullable().optional(),
  /** What the user started typing here and has not sent; kept in the cache. */
  draft: z.string().nullable().optional(),
  /** Filed by the user on this device: pinned on top of the inbox, archived out of it. */
  pinned: z.boolean().optional(),
  archived: z.boolean().optional(),
});
export type Conversation = z.infer<typeof Conversation>;

/**
 * Where a text written here stands before the server has it.
 * queued: waiting to go (offline, 5xx, 409 pending sender, 429); `nextAttemptAt` says when.
 * sending: a request is in flight.
 * unknown: a request left and its answer was lost; checked on the server before any retry.
 * failed: gave up after retries (the user sees why, can try again or delete).
 * refused: the server refused it for good (opted out, not opted in, invalid number, sender
 * cannot send), with the server's reason.
 */
export const SendState = z.enum(['queued', 'sending', 'unknown', 'failed', 'refused']);
export type SendState = z.infer<typeof SendState>;

export const MessageSend = z.object({
  state: SendState,
  reason: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  attempts: z.number().int(),
});
export type MessageSend = z.infer<typeof MessageSend>;

export const Message = z.object({
  id: z.number().int(),
  accountId: z.number().int(),
  numberId: z.number().int(),
  conversationId: z.number().int(),
  providerId: z.string(),
  remote: z.string(),
  direction: Direction,
  text: z.string().nullable(),
  type: MessageType,
  isRead: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveryStatus: z.string().nullable(),
  media: z.array(Media),
  /** iMessage, SMS or RCS where the provider says. */
  service: z.string().nullable().optional(),
  /** The team member who wrote it (Heymarket). */
  author: z.string().nullable().optional(),
  /** Who sent it, in a group. */
  sender: z.string().nullable().optional(),
  reactions: z.array(Reaction).optional(),
  /** The conversation's party's name, null when unknown. */
  remoteName: z.string().nullable().optional(),
  /** The group sender's name, null when unknown. */
  senderName: z.string().nullable().optional(),
  /**
   * A text written here that the server does not have yet; null or absent once it does (then
   * `deliveryStatus` carries the provider's queued/sent/delivered/failed).
   */
  send: MessageSend.nullable().optional(),
});
export type Message = z.infer<typeof Message>;
