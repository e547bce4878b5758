import { z } from 'zod';

/**
 * Heymarket's wire shapes (docs/providers.md), parsed as untrusted input. Ids are
 * integers on the wire and strings in the cache; fields we do not consume are not declared, so
 * a change in their shape never costs us a text.
 */

/** Kept exactly as sent, but it must be a real date: the cursors are built from it. */
const Time = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'Expected an RFC 3339 time',
  });

const IntId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? null);
}

export interface HeymarketConversation {
  id: string;
  inboxId: string;
  target: string;
  /** Heymarket keeps read state per conversation only. */
  read: boolean;
}

export interface HeymarketMessage {
  id: string;
  text: string | null;
  mediaUrl: string | null;
  /** The inbox's phone the text went through, as Heymarket writes it (digits). */
  inboxPhone: string | null;
  target: string;
  direction: 'inbound' | 'outbound';
  status: string | null;
  date: string;
  updated: string;
  /** The team member who wrote an outbound text, and the label shown above its bubble. */
  userId: string | null;
  author: string | null;
  broadcastId: string | null;
  conversation: HeymarketConversation;
  /** The client-side id the sender gave (local_id), where there is one. */
  localId: string | null;
}

export interface HeymarketInbox {
  id: string;
  name: string | null;
  phone: string;
}

const WireConversation = z.object({
  id: IntId,
  inbox: IntId,
  target: z.string().min(1),
  // Absent read state is taken as read: a missing flag must not light up the tray.
  read: optional(z.boolean()),
});

export const WireMessage = z
  .object({
    id: IntId,
    text: optional(z.string()),
    media: optional(z.string()),
    phone: optional(z.string()),
    target: z.string().min(1),
    type: optional(z.string()),
    status: optional(z.string()),
    date: Time,
    updated: optional(Time),
    user: optional(IntId),
    author: optional(z.string()),
    broadcast_id: optional(IntId),
    local_id: optional(z.string()),
    conversation: WireConversation,
  })
  .transform(
    (wire): HeymarketMessage => ({
      id: wire.id,
      text: wire.text,
      mediaUrl: wire.media === null || wire.media.trim() === '' ? null : wire.media,
      inboxPhone: wire.phone,
      target: wire.target,
      direction: directionOf(wire),
      status: wire.status,
      date: wire.date,
      updated: wire.updated ?? wire.date,
      // 0 is how some Heymarket payloads say "no team member".
      userId: wire.user === null || wire.user === '0' ? null : wire.user,
      author: wire.author === null || wire.author.trim() === '' ? null : wire.author,
      broadcastId: wire.broadcast_id === null || wire.broadcast_id === '0' ? null : wire.broadcast_id,
      localId: wire.local_id,
      conversation: {
        id: wire.conversation.id,
        inboxId: wire.conversation.inbox,
        target: wire.conversation.target,
        read: wire.conversation.read ?? true,
      },
    }),
  );

/**
 * Heymarket has no direction field. A text the customer sent has status 'received' and no team
 * member; anything written by a team member (user) or sent as a broadcast is outbound.
 */
function directionOf(wire: { status: string | null; user: string | null; broadcast_id: string | null }): 'inbound' | 'outbound' {
  if (wire.status === 'received') return 'inbound';
  if ((wire.user !== null && wire.user !== '0') || (wire.broadcast_id !== null && wire.broadcast_id !== '0')) return 'outbound';
  return 'inbound';
}

export const WireInbox = z
  .object({
    id: IntId,
    name: optional(z.string()),
    phone: optional(z.string()),
    phones: optional(z.array(z.string())),
  })
  .refine((wire) => (wire.phone ?? wire.phones?.[0]) !== undefined && (wire.phone ?? wire.phones?.[0]) !== null, {
    message: 'An inbox needs a phone',
  })
  .transform((wire): HeymarketInbox => ({ id: wire.id, name: wire.name, phone: (wire.phone ?? wire.phones?.[0])! }));

/** "123" as documented; a number or {count} is accepted too. */
export const WireCount = z
  .union([z.string().regex(/^\s*\d+\s*$/), z.number().int().nonnegative(), z.object({ count: z.union([z.string(), z.number()]) })])
  .transform((wire) => Number(typeof wire === 'object' ? wire.count : wire))
  .refine((n) => Number.isInteger(n) && n >= 0, { message: 'Expected a count' });

/** Heymarket writes phones as digits with the country code (14155551234); the cache keeps E.164. */
export function toE164(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 10) return `+1${digits}`;
  return `+${digits}`;
}

export function toHeymarketPhone(e164: string): string {
  return e164.replace(/\D/g, '');
}

/** POST /v1/message/send answers {id, date, gallery_url}. */
export const WireSendAnswer = z.object({ id: IntId, date: optional(z.string()), gallery_url: optional(z.string()) });

/** GET /v1/team: the organisation's members; a send names one as creator_id. */
export const WireMember = z.object({ id: IntId }).transform((wire) => ({ id: wire.id }));
