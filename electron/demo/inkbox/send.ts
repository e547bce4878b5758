import type { Random } from '../../demo/inkbox/random';
import { arrivalTime, insertText, type NumberRecord, type TextRecord } from './state';
import type { SendFaults } from './types';

/**
 * POST /numbers/{id}/texts as Inkbox documents it: `to` (an E.164 string, or a list of 1–8 for
 * a group) or `conversation_id` (reply into an existing conversation), `text`, optional
 * `media_urls`. It answers the queued text; the delivery status moves on a moment later (sent,
 * then delivered). 409 sender_sms_pending while the number registers, 403
 * recipient_opted_out / recipient_not_opted_in, toll-free numbers cannot send, and every answer
 * carries X-RateLimit-Limit/Remaining/Reset (20 per number per rolling 24 hours), 429 past it.
 */

const E164 = /^\+[1-9]\d{6,14}$/;
const DEFAULT_LIMIT = { count: 20, windowMs: 24 * 3_600_000 };
/** How long a queued text waits before "sent", and "sent" before "delivered". */
const DEFAULT_STEP_MS = 1_500;

export interface SendResult {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** Stored, then what happens to the answer (the fault knobs). */
  answer?: { delayMs?: number; drop?: boolean };
  stored?: TextRecord;
}

export interface SendLedger {
  /** Accepted send times per number, for the rolling limit. */
  sentAt: Map<string, number[]>;
}

export function createSendLedger(): SendLedger {
  return { sentAt: new Map() };
}

type FieldError = { type: string; loc: (string | number)[]; msg: string; input: unknown };

export function handleSend(
  number: NumberRecord,
  body: Record<string, unknown> | undefined,
  context: { now: number; random: Random; faults: SendFaults; ledger: SendLedger },
): SendResult {
  const { now, faults } = context;
  const limit = faults.limit ?? DEFAULT_LIMIT;
  const recent = (context.ledger.sentAt.get(number.id) ?? []).filter((at) => at > now - limit.windowMs);
  context.ledger.sentAt.set(number.id, recent);
  const resetAt = recent.length > 0 ? recent[0]! + limit.windowMs : now + limit.windowMs;
  const headers = (remaining: number): Record<string, string> => ({
    'X-RateLimit-Limit': String(limit.count),
    'X-RateLimit-Remaining': String(Math.max(0, remaining)),
    'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
  });

  const errors: FieldError[] = [];
  if (!body) errors.push({ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary', input: body ?? null });
  const to = body?.['to'];
  const conversationId = body?.['conversation_id'];
  const text = body?.['text'];
  const mediaUrls = body?.['media_urls'];
  let recipients: string[] = [];
  if (body) {
    if ((to === undefined || to === null) === (conversationId === undefined || conversationId === null)) {
      errors.push({ type: 'value_error', loc: ['body'], msg: 'Value error, give exactly one of to or conversation_id', input: body });
    } else if (to !== undefined && to !== null) {
      const list = Array.isArray(to) ? to : [to];
      if (list.length < 1 || list.length > 8) errors.push({ type: 'too_long', loc: ['body', 'to'], msg: 'List should have 1 to 8 items', input: to });
      for (const [index, value] of list.entries()) {
        if (typeof value !== 'string' || !E164.test(value)) {
          errors.push({ type: 'value_error', loc: ['body', 'to', index], msg: 'Value error, not an E.164 phone number', input: value });
        }
      }
      recipients = list.filter((value): value is string => typeof value === 'string');
    } else if (typeof conversationId !== 'string') {
      errors.push({ type: 'string_type', loc: ['body', 'conversation_id'], msg: 'Input should be a valid string', input: conversationId });
    }
    if (text !== undefined && text !== null && (typeof text !== 'string' || text.length > 1600)) {
      errors.push({ type: 'string_too_long', loc: ['body', 'text'], msg: 'String should have at most 1600 characters', input: text });
    }
    if (mediaUrls !== undefined && mediaUrls !== null && (!Array.isArray(mediaUrls) || mediaUrls.some((url) => typeof url !== 'string' || !/^https?:\/\//.test(url)))) {
      errors.push({ type: 'url_type', loc: ['body', 'media_urls'], msg: 'Input should be a list of public http(s) URLs', input: mediaUrls });
    }
    if ((typeof text !== 'string' || text.trim() === '') && !(Array.isArray(mediaUrls) && mediaUrls.length > 0)) {
      errors.push({ type: 'value_error', loc: ['body', 'text'], msg: 'Value error, a text or media_urls is required', input: text ?? null });
    }
  }
  if (errors.length > 0) return { status: 422, body: { detail: errors }, headers: headers(limit.count - recent.length) };

  let remote: string;
  if (typeof conversationId === 'string') {
    const found = [...number.conversationIds.entries()].find(([, id]) => id === conversationId);
    if (!found) return { status: 404, body: { detail: 'Conversation not found' }, headers: {} };
    remote = found[0];
  } else {
    remote = recipients.length === 1 ? recipients[0]! : groupKey(number, recipients, context.random);
  }

  if (number.type !== 'local' || faults.tollFree) {
    return refusal(403, 'sender_cannot_send', 'Toll-free numbers can only receive texts', headers(limit.count - recent.length));
  }
  if (faults.senderPending || number.smsStatus === 'pending') {
    return refusal(409, 'sender_sms_pending', 'The number is still registering for SMS', headers(limit.count - recent.length));
  }
  if (faults.optedOut?.includes(remote)) {
    return refusal(403, 'recipient_opted_out', 'The recipient has opted out of texts from this number', headers(limit.count - recent.length));
  }
  if (faults.notOptedIn?.includes(remote)) {
    return refusal(403, 'recipient_not_opted_in', 'The recipient has not opted in to texts from this number', headers(limit.count - recent.length));
  }
  if (recent.length >= limit.count) {
    const retryAfter = Math.max(1, Math.ceil((resetAt - now) / 1000));
    return { status: 429, body: { detail: 'Rate limit exceeded. Try again later.' }, headers: { ...headers(0), 'Retry-After': String(retryAfter) } };
  }

  recent.push(now);
  if (!number.conversationIds.has(remote)) number.conversationIds.set(remote, context.random.uuid());
  const at = arrivalTime(number, now);
  const record: TextRecord = {
    id: context.random.uuid(),
    direction: 'outbound',
    remote,
    text: typeof text === 'string' ? text : null,
    media: [],
    isRead: true,
    deleted: false,
    createdAt: at,
    updatedAt: at,
    deliveryStatus: 'queued',
    deliverySteps: { stepMs: faults.deliveryStepMs ?? DEFAULT_STEP_MS, fail: faults.failDelivery?.includes(remote) ?? false },
  };
  insertText(number, record);
  return {
    status: 201,
    body: null,
    headers: headers(limit.count - recent.length),
    stored: record,
    answer: { delayMs: faults.answerDelayMs, drop: faults.dropAnswer },
  };
}

/** Moves queued texts on: sent after one step, then delivered (or failed) after another. */
export function advanceDeliveries(number: NumberRecord, now: number): void {
  for (const text of number.texts) {
    const steps = text.deliverySteps;
    if (!steps || text.direction !== 'outbound') continue;
    const sentAt = text.createdAt + steps.stepMs;
    const doneAt = sentAt + steps.stepMs;
    if (text.deliveryStatus === 'queued' && now >= sentAt) {
      text.deliveryStatus = 'sent';
      text.updatedAt = Math.max(text.updatedAt + 1, sentAt);
    }
    if (text.deliveryStatus === 'sent' && now >= doneAt) {
      text.deliveryStatus = steps.fail ? 'failed' : 'delivered';
      text.updatedAt = Math.max(text.updatedAt + 1, doneAt);
      text.deliverySteps = undefined;
    }
  }
}

function refusal(status: number, code: string, message: string, headers: Record<string, string>): SendResult {
  return { status, body: { detail: { error: code, message } }, headers };
}

/** A group of recipients is one conversation, keyed by its members. */
function groupKey(number: NumberRecord, recipients: string[], random: Random): string {
  const key = [...recipients].sort().join(',');
  if (!number.conversationIds.has(key)) number.conversationIds.set(key, random.uuid());
  return key;
}
