import type { StoredMessage } from './data';
import type { SendblueWireMessage } from './types';

/**
 * The Sendblue fake's wire shapes: a stored message rendered as the list endpoint (or the send
 * answer) has it, and GET /api/v2/messages's filters, order and paging over the stored messages.
 */

const ACCOUNT_EMAIL = 'owner@example.com';
const ORDER_FIELDS = { createdAt: 'createdMs', updatedAt: 'updatedMs', sentAt: 'createdMs' } as const;

/** Wire casing drifts as on the real API: list items carry `accountEmail`, the send answer `account_email`. */
export function renderMessage(message: StoredMessage, casing: 'list' | 'send', mediaUrl: (key: string) => string): SendblueWireMessage {
  const line = message.sendblueNumber;
  const from = message.isOutbound ? line : message.party;
  const to = message.isOutbound ? (message.group ? message.group.participants.find((p) => p !== line) ?? '' : message.party) : line;
  return {
    ...(casing === 'list' ? { accountEmail: ACCOUNT_EMAIL } : { account_email: ACCOUNT_EMAIL }),
    content: message.content,
    date_sent: new Date(message.createdMs).toISOString(),
    date_updated: new Date(message.updatedMs).toISOString(),
    error_code: message.status === 'ERROR' ? 4001 : null,
    error_detail: null,
    error_message: message.status === 'ERROR' ? 'Message failed to send' : null,
    error_reason: null,
    from_number: from,
    group_display_name: message.group?.displayName ?? null,
    group_id: message.group?.id ?? null,
    is_outbound: message.isOutbound,
    media_url: message.mediaKey ? mediaUrl(message.mediaKey) : null,
    message_handle: message.handle,
    message_type: message.group ? 'group' : 'message',
    number: message.isOutbound ? to : from,
    opted_out: false,
    participants: message.group?.participants ?? [],
    plan: 'blue',
    send_style: null,
    sendblue_number: line,
    service: message.service,
    status: message.status,
    to_number: to,
    was_downgraded: message.wasDowngraded,
  };
}

/** The body of a list answer, or the 400 message for a bad query. */
export type MessagePage = { ok: true; body: unknown } | { ok: false; message: string };

/** GET /api/v2/messages: limit 1–1000, offset, the SDK's filters and order_by, {data, pagination, status}. */
export function listMessages(messages: readonly StoredMessage[], q: URLSearchParams, render: (m: StoredMessage) => SendblueWireMessage): MessagePage {
  const bad = (message: string): MessagePage => ({ ok: false, message });
  const limit = q.has('limit') ? Number(q.get('limit')) : 100;
  const offset = q.has('offset') ? Number(q.get('offset')) : 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return bad('limit must be an integer between 1 and 1000');
  if (!Number.isInteger(offset) || offset < 0) return bad('offset must be a non-negative integer');
  const orderBy = q.get('order_by') ?? 'createdAt';
  const direction = q.get('order_direction') ?? 'desc';
  if (!(orderBy in ORDER_FIELDS)) return bad('order_by must be one of createdAt, updatedAt, sentAt');
  if (direction !== 'asc' && direction !== 'desc') return bad('order_direction must be asc or desc');

  const bounds: [string, 'createdMs' | 'updatedMs', 'gte' | 'lte'][] = [
    ['created_at_gte', 'createdMs', 'gte'],
    ['created_at_lte', 'createdMs', 'lte'],
    ['updated_at_gte', 'updatedMs', 'gte'],
    ['updated_at_lte', 'updatedMs', 'lte'],
    ['sent_at_gte', 'createdMs', 'gte'],
    ['sent_at_lte', 'createdMs', 'lte'],
  ];
  const checks: ((m: StoredMessage) => boolean)[] = [];
  for (const [param, field, op] of bounds) {
    const value = q.get(param);
    if (value === null) continue;
    const at = Date.parse(value);
    if (Number.isNaN(at)) return bad(`${param} must be an ISO 8601 date`);
    checks.push(op === 'gte' ? (m) => m[field] >= at : (m) => m[field] <= at);
  }
  const equal = (param: string, pick: (m: StoredMessage, rendered: SendblueWireMessage) => unknown) => {
    const value = q.get(param);
    if (value !== null) checks.push((m) => String(pick(m, render(m))) === value);
  };
  equal('sendblue_number', (m) => m.sendblueNumber);
  equal('from_number', (_, r) => r['from_number']);
  equal('to_number', (_, r) => r['to_number']);
  equal('group_id', (m) => m.group?.id ?? '');
  equal('is_outbound', (m) => m.isOutbound);
  equal('message_type', (m) => (m.group ? 'group' : 'message'));
  equal('service', (m) => m.service);
  equal('status', (m) => m.status);
  const number = q.get('number');
  if (number !== null) checks.push((m) => m.party === number || (m.group?.participants.includes(number) ?? false));

  const field = ORDER_FIELDS[orderBy as keyof typeof ORDER_FIELDS];
  const sign = direction === 'asc' ? 1 : -1;
  const matching = messages
    .filter((m) => checks.every((check) => check(m)))
    // Ties break on the handle so that offsets are stable between requests.
    .sort((a, b) => sign * (a[field] - b[field] || (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0)));
  const page = matching.slice(offset, offset + limit);
  return {
    ok: true,
    body: {
      data: page.map(render),
      pagination: { hasMore: offset + page.length < matching.length, limit, offset, total: matching.length },
      status: 'OK',
    },
  };
}
