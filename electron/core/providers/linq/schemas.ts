import { z } from 'zod';
import type { RemoteMedia } from '../types';
import { toRemoteNumber } from './map';

/**
 * Linq Partner API v3 wire shapes (docs/providers.md, checked against @linqapp/sdk), parsed
 * as untrusted input. Objects strip unknown keys; fields we do not consume (health_status,
 * reputation, effect, reply_to, text_decorations, sticker, joined_at…) are not declared, so a
 * change in their shape never costs a message. Parts of a type we do not know (the SDK already
 * has imessage_app) are kept for their reactions and otherwise ignored.
 */

const Timestamp = z
  .string()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)),
    { message: 'Expected an ISO 8601 timestamp' },
  );
const Id = z.string().min(1);

function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? null);
}

export interface LinqHandleInfo {
  handle: string;
  isMe: boolean;
}

const WireHandle = z
  .object({ handle: z.string().min(1), is_me: optional(z.boolean()), status: optional(z.string()) })
  .transform((wire) => ({ handle: wire.handle, isMe: wire.is_me ?? false, status: wire.status }));

/** The public reference lists handles as strings where the SDK has whole handle objects: take either. */
const HandleRef = z.union([
  z.string().min(1).transform((handle): LinqHandleInfo => ({ handle, isMe: false })),
  WireHandle.transform((h): LinqHandleInfo => ({ handle: h.handle, isMe: h.isMe })),
]);

export interface LinqReactionInfo {
  type: string;
  customEmoji: string | null;
  from: string | null;
  isMe: boolean;
}

const WireReaction = z
  .object({
    handle: optional(HandleRef),
    is_me: optional(z.boolean()),
    type: z.string().min(1),
    custom_emoji: optional(z.string()),
  })
  .transform(
    (wire): LinqReactionInfo => ({
      type: wire.type,
      customEmoji: wire.custom_emoji,
      from: wire.handle?.handle ?? null,
      isMe: wire.is_me ?? wire.handle?.isMe ?? false,
    }),
  );

const Reactions = optional(z.array(WireReaction)).transform((list) => list ?? []);

export type LinqPartInfo =
  | { kind: 'text'; value: string; reactions: LinqReactionInfo[] }
  | { kind: 'media'; media: RemoteMedia; reactions: LinqReactionInfo[] }
  | { kind: 'other'; reactions: LinqReactionInfo[] };

const TextPart = z
  .object({ type: z.literal('text'), value: z.string(), reactions: Reactions })
  .transform((wire): LinqPartInfo => ({ kind: 'text', value: wire.value, reactions: wire.reactions }));
// A link part reads as its URL in the text, as it does in Messages.
const LinkPart = z
  .object({ type: z.literal('link'), value: z.string(), reactions: Reactions })
  .transform((wire): LinqPartInfo => ({ kind: 'text', value: wire.value, reactions: wire.reactions }));
const MediaPart = z
  .object({
    type: z.literal('media'),
    filename: optional(z.string()),
    mime_type: z.string().min(1),
    size_bytes: z.number().int().nonnegative(),
    url: z.string().min(1),
    reactions: Reactions,
  })
  .transform(
    (wire): LinqPartInfo => ({
      kind: 'media',
      media: { contentType: wire.mime_type, size: wire.size_bytes, url: wire.url, filename: wire.filename },
      reactions: wire.reactions,
    }),
  );
const OtherPart = z
  .object({ type: z.string().refine((t) => !['text', 'link', 'media'].includes(t)), reactions: Reactions })
  .transform((wire): LinqPartInfo => ({ kind: 'other', reactions: wire.reactions }));

export const WireMessage = z
  .object({
    id: Id,
    chat_id: Id,
    created_at: Timestamp,
    updated_at: optional(Timestamp),
    is_read: optional(z.boolean()),
    read_at: optional(z.string()),
    is_from_me: z.boolean(),
    from: optional(z.string()),
    from_handle: optional(HandleRef),
    service: optional(z.string()),
    delivery_status: optional(z.string()),
    parts: optional(z.array(z.union([TextPart, LinkPart, MediaPart, OtherPart]))),
  })
  .transform((wire) => ({
    id: wire.id,
    chatId: wire.chat_id,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at ?? wire.created_at,
    isRead: wire.is_read === null && wire.read_at === null ? null : wire.is_read === true || wire.read_at !== null,
    isFromMe: wire.is_from_me,
    from: wire.from_handle?.handle ?? wire.from,
    service: wire.service,
    deliveryStatus: wire.delivery_status,
    parts: wire.parts ?? [],
  }));
export type LinqMessageInfo = z.output<typeof WireMessage>;

export const WireChat = z
  .object({
    id: Id,
    display_name: optional(z.string()),
    handles: z.array(WireHandle),
    is_group: z.boolean(),
    service: optional(z.string()),
    updated_at: Timestamp,
  })
  .transform((wire) => ({
    id: wire.id,
    displayName: wire.display_name,
    // Someone who left a group is no longer a participant.
    handles: wire.handles.filter((h) => h.status === null || h.status === 'active'),
    allHandles: wire.handles,
    isGroup: wire.is_group,
    service: wire.service,
    updatedAt: wire.updated_at,
  }));
export type LinqChatInfo = z.output<typeof WireChat>;

/** A Linq phone number; map.ts toRemoteNumber makes it a RemoteNumber. */
export const WirePhoneNumberFields = z.object({ id: Id, phone_number: z.string().min(1), health_status: optional(z.unknown()) });

export const WirePhoneNumber = WirePhoneNumberFields.transform(toRemoteNumber);

/** List envelopes: the items stay unparsed here so that a bad one is skipped, not fatal. */
export const ChatsEnvelope = z.object({ chats: z.array(z.unknown()), next_cursor: optional(z.string()) });
export const MessagesEnvelope = z.object({ messages: z.array(z.unknown()), next_cursor: optional(z.string()) });
export const PhoneNumbersEnvelope = z.object({ phone_numbers: z.array(z.unknown()) });
