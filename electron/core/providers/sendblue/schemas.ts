import { z } from 'zod';

/**
 * Sendblue's wire shapes (docs/providers.md and the official SDK's types), parsed as untrusted input.
 * Field casing drifts between endpoints (accountEmail in lists, account_email elsewhere), so
 * keys are folded to snake_case before parsing and either spelling is accepted. Error fields,
 * send_style, opted_out, plan and the like are not declared: we do not use them, and a change
 * in their shape must never cost us a text.
 */

const Timestamp = z
  .string()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)),
    { message: 'Expected an ISO 8601 timestamp' },
  );

function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? null);
}

/** camelCase keys to snake_case; where both spellings arrive, the snake_case one wins. */
export function snakeKeys(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    if (snake === key || !(snake in raw)) out[snake] = value;
  }
  return out;
}

const WireMessageFields = z.object({
  message_handle: z.string().min(1),
  content: optional(z.string()),
  media_url: optional(z.string()),
  is_outbound: z.boolean(),
  status: optional(z.string()),
  service: optional(z.string()),
  number: optional(z.string()),
  from_number: optional(z.string()),
  to_number: optional(z.string()),
  sendblue_number: optional(z.string()),
  // The SDK's list type has date_sent only; send answers and webhooks add date_created.
  date_created: optional(Timestamp),
  date_sent: optional(Timestamp),
  date_updated: optional(Timestamp),
  group_id: optional(z.string()),
  group_display_name: optional(z.string()),
  participants: optional(z.array(z.string())),
  was_downgraded: optional(z.boolean()),
});

export type WireMessage = z.output<typeof WireMessageFields>;

export const WireMessage = z.preprocess(snakeKeys, WireMessageFields).superRefine((wire, ctx) => {
  if (!wire.date_created && !wire.date_sent) ctx.addIssue({ code: 'custom', message: 'Expected date_created or date_sent' });
  if (!localNumberOf(wire)) ctx.addIssue({ code: 'custom', message: 'Expected sendblue_number, from_number or to_number' });
});

/** The list container; items are parsed one by one so one bad item is skipped, not fatal. */
export const WireMessageList = z.preprocess(
  snakeKeys,
  z.object({
    data: z.array(z.unknown()),
    pagination: z
      .preprocess(
        snakeKeys,
        z.object({
          has_more: optional(z.boolean()),
          limit: optional(z.number()),
          offset: optional(z.number()),
          total: optional(z.number()),
        }),
      )
      .nullish(),
  }),
);

export const WireMessageEnvelope = z.preprocess(snakeKeys, z.object({ data: z.unknown() }));

/** The line a message belongs to, whichever field the server filled. */
export function localNumberOf(wire: WireMessage): string | null {
  return wire.sendblue_number ?? (wire.is_outbound ? wire.from_number : wire.to_number);
}

/** A line's health as GET /api/v2/lines/state reports it (SDK 3.17 LineState.status). */
export type SendblueLineStatus = 'ONLINE' | 'OFFLINE' | 'DEGRADED' | 'UNKNOWN';
const lineStatuses: readonly SendblueLineStatus[] = ['ONLINE', 'OFFLINE', 'DEGRADED', 'UNKNOWN'];

export interface SendblueLineState {
  sendblueNumber: string;
  /** A value the SDK does not list reads as UNKNOWN, not as a failed refresh. */
  status: SendblueLineStatus;
  assignment: string | null;
  statusChangedAt: string | null;
}

/** One item of lines/state; a line with no number yet (sendblue_number null) is not a number to sync. */
export const WireLineState = z.preprocess(
  snakeKeys,
  z.object({
    sendblue_number: optional(z.string()),
    status: optional(z.string()),
    assignment: optional(z.string()),
    status_changed_at: optional(Timestamp),
  }),
);

export const WireLineStateList = z.preprocess(snakeKeys, z.object({ data: z.array(z.unknown()), snapshot_at: optional(z.string()) }));

export function toLineState(wire: z.output<typeof WireLineState>): SendblueLineState | null {
  if (!wire.sendblue_number?.trim()) return null;
  const status = (wire.status ?? '').toUpperCase() as SendblueLineStatus;
  return {
    sendblueNumber: wire.sendblue_number.trim(),
    status: lineStatuses.includes(status) ? status : 'UNKNOWN',
    assignment: wire.assignment,
    statusChangedAt: wire.status_changed_at,
  };
}
