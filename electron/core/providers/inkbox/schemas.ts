import { z } from 'zod';
import { toRemoteConversationSummary, toRemoteMedia, toRemoteMessage, toRemoteNumber } from './map';

/**
 * Inkbox's wire shapes, parsed as untrusted input and mapped to the normalised types (map.ts).
 * Objects strip unknown keys. Newer fields we do not consume (sender_phone_number, recipients,
 * error_code, error_detail, sent_at, delivered_at, failed_at, origin, is_blocked; participants
 * and is_group on conversations) are deliberately not declared: a change in their shape must
 * never cost us a text.
 */

/** Kept exactly as sent, but it must be a real date: sync orders by it. */
const Timestamp = z
  .string()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)),
    { message: 'Expected an ISO 8601 timestamp' },
  );

const Id = z.string().min(1);
const Direction = z.enum(['inbound', 'outbound']);
const TextType = z.enum(['sms', 'mms']);

/** Optional on the wire, null in our types: missing and null mean the same thing. */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? null);
}

export const WireMediaFields = z.object({
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  url: z.string().min(1),
  filename: optional(z.string()),
});

const WireMedia = WireMediaFields.transform(toRemoteMedia);

export const WireTextFields = z.object({
  id: Id,
  direction: Direction,
  local_phone_number: z.string(),
  remote_phone_number: optional(z.string()),
  text: optional(z.string()),
  type: TextType,
  media: optional(z.array(WireMedia)),
  // Older servers send status; newer ones dropped it, and then every listed text is active.
  status: optional(z.enum(['active', 'deleted'])),
  is_read: z.boolean(),
  created_at: Timestamp,
  updated_at: optional(Timestamp),
  conversation_id: optional(z.string()),
  delivery_status: optional(z.string()),
});

export const WireText = WireTextFields.transform(toRemoteMessage);

export const WireConversationSummaryFields = z.object({
  remote_phone_number: z.string().min(1),
  latest_text: optional(z.string()),
  latest_direction: optional(Direction),
  latest_type: optional(TextType),
  latest_has_media: optional(z.boolean()),
  latest_message_at: Timestamp,
  unread_count: z.number().int().nonnegative(),
  total_count: z.number().int().nonnegative(),
});

export const WireConversationSummary = WireConversationSummaryFields.transform(toRemoteConversationSummary);

export const WireNumberFields = z.object({
  id: Id,
  number: z.string().min(1),
  type: optional(z.string()),
  status: optional(z.string()),
  sms_status: optional(z.string()),
  created_at: optional(z.string()),
  updated_at: optional(z.string()),
});

export const WireNumber = WireNumberFields.transform(toRemoteNumber);

/** The answer to PATCH /texts/conversations/{remote}; newer servers add conversation_id. */
export const WireConversationReadResult = z
  .object({
    remote_phone_number: z.string(),
    is_read: z.boolean(),
    updated_count: z.number().int().nonnegative(),
  })
  .transform((wire) => ({
    remotePhoneNumber: wire.remote_phone_number,
    isRead: wire.is_read,
    updatedCount: wire.updated_count,
  }));
