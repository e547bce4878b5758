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
  /** Filed by the user on this device: pinned on top of the inbox, archived out of it. */
  pinned: z.boolean().optional(),
  archived: z.boolean().optional(),
});
export type Conversation = z.infer<typeof Conversation>;

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
});
export type Message = z.infer<typeof Message>;
