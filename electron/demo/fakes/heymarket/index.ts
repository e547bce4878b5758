import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mediaCatalogue } from '../../inkbox/media/assets';
import { createRandom } from '../../inkbox/random';
import { personFor } from '../people';
import { createSendLimiter, deliveryStage, holdAnswer } from '../sendKnobs';
import {
  conversationKey,
  ensureConversation,
  inboundDraft,
  outboundDraft,
  seedState,
  teamMembers,
  toSeconds,
  type FakeConversation,
  type FakeMessage,
  type FakeState,
} from './data';
import type { HeymarketFake, HeymarketFakeOptions, HeymarketFaults, WireContact, WireMessage } from './types';
import { digits, iso, readJson, send, wireInbox } from './wire';

export type * from './types';

/**
 * A fake Heymarket API on 127.0.0.1 that follows docs/providers.md: Bearer auth,
 * GET /v1/inboxes, GET /v1/messages (one conversation, older than a unix timestamp),
 * POST /v1/messages/all (+ /count) by RFC 3339 cursor, POST /v1/conversations/read, 500
 * requests a minute then 429. Where the facts are silent the fake chooses, and says so here:
 * - The messages/all cursor compares with the field named by `order` and is exclusive (strictly
 *   after it ascending, before it descending); results sort by that field, then id.
 * - Read state lives on the conversation. Changing it (read elsewhere, a new inbound text, a
 *   team reply) bumps `updated` of the conversation's latest message, so an updated_at feed
 *   carries read-state changes.
 * - Inbound texts have status 'received' and no user; outbound texts carry the team member.
 * - `id` and `page` (listed in the reference's Pagination body without a word on what they do):
 *   with a cursor, `id` breaks ties at the cursor's instant, so (cursor, id) is a keyset: texts
 *   after the cursor, or at it with a larger id (smaller, descending). `page` counts pages of
 *   `limit` from 0. With `tieBreak: 'page'` the fake plays a server that ignores `id` and reads
 *   the cursor inclusively, so only `page` can get past a second holding more than a page.
 * - Auth: the legacy team API key, or a JWT signed from the API Secret (HS256 over {iss, iat}
 *   with "SECRET_ID||SECRET_KEY"), refused with 401 once 5 minutes past iat or signed wrong.
 */

const CONTACTS_PAGE = 30;

const RATE_LIMIT_PER_MINUTE = 500;
const MAX_LIMIT = 30;

export async function startHeymarketFake(options: HeymarketFakeOptions = {}): Promise<HeymarketFake> {
  const now = options.now ?? Date.now;
  const state: FakeState = seedState(options.seed ?? 1, options.size ?? 'tiny', now());
  const faultRandom = createRandom(options.seed ?? 1, 'faults');
  const secretRandom = createRandom(options.seed ?? 1, 'secret');
  const apiKey = `hm_test_${secretRandom.digits(24)}`;
  const apiSecret = { secretId: secretRandom.uuid(), secretKey: secretRandom.digits(32) };
  const tokensSeen: string[] = [];
  const tieBreak = options.tieBreak ?? 'id';
  let faults: HeymarketFaults = options.faults ?? {};
  let requests = 0;
  let windowStart = now();
  let windowCount = 0;
  let origin = '';
  const limiter = createSendLimiter();
  let sendRequests = 0;
  const sent: { message: FakeMessage; atMs: number; fails: boolean }[] = [];

  const inbox = (id: number | string) => {
    const found = state.inboxes.find((i) => i.id === Number(id));
    if (!found) throw new Error(`No inbox ${id}`);
    return found;
  };
  const conversationOf = (m: FakeMessage) => state.conversations.get(conversationKey(m.inbox, m.target))!;
  const latestOf = (conversation: FakeConversation) =>
    state.messages
      .filter((m) => m.inbox === conversation.inbox && m.target === conversation.target)
      .reduce<FakeMessage | undefined>((a, m) => (!a || m.dateMs > a.dateMs || (m.dateMs === a.dateMs && m.id > a.id) ? m : a), undefined);
  const stamp = () => toSeconds(now());

  // The people behind about two in three targets; `updated` in whole seconds, several contacts
  // sharing one (an import), so that paging by date meets ties.
  const addressBook = new Map<string, WireContact>();
  let nextContactId = 5001;
  for (const conversation of state.conversations.values()) {
    const person = personFor(conversation.target);
    if (!person || addressBook.has(conversation.target)) continue;
    addressBook.set(conversation.target, {
      id: nextContactId,
      display_name: `${person.first} ${person.last}`,
      first: person.first,
      last: person.last,
      phone: conversation.target,
      is_opted_out: person.optedOut,
      updated: iso(Math.floor(conversation.createdMs / 3_600_000) * 3_600_000),
    });
    nextContactId += 1;
  }
  const contactsByUpdate = () =>
    [...addressBook.values()].sort((a, b) => a.updated.localeCompare(b.updated) || a.id - b.id);

  /** POST /v1/contacts: from `date` on (inclusive: the fake's choice), oldest update first. */
  function listContacts(body: Record<string, unknown>, res: ServerResponse): void {
    let from: number | null = null;
    if (body['date'] !== undefined && body['date'] !== null) {
      from = typeof body['date'] === 'string' ? Date.parse(body['date']) : NaN;
      if (Number.isNaN(from)) return send(res, 400, { error: 'Bad Request', message: 'date must be an RFC 3339 time' });
    }
    const list = contactsByUpdate().filter((c) => from === null || Date.parse(c.updated) >= from);
    send(res, 200, list.slice(0, CONTACTS_PAGE));
  }

  function toWire(m: FakeMessage): WireMessage {
    const conversation = conversationOf(m);
    return {
      id: m.id,
      text: m.text,
      media: m.mediaKey === null ? null : `${origin}/media/${m.mediaKey}`,
      phone: inbox(m.inbox).phone,
      target: m.target,
      type: m.mediaKey === null ? 'text' : 'media',
      status: m.status,
      date: iso(m.dateMs),
      updated: iso(m.updatedMs),
      user: m.user,
      author: m.author,
      broadcast_id: m.broadcastId,
      flagged: m.flagged,
      local_id: m.localId,
      conversation: {
        id: conversation.id,
        inbox: conversation.inbox,
        target: conversation.target,
        read: conversation.read,
        status: conversation.status,
        updated: iso(conversation.updatedMs),
      },
    };
  }

  function setRead(conversation: FakeConversation, read: boolean): void {
    if (conversation.read === read) return;
    conversation.read = read;
    conversation.updatedMs = stamp();
    const latest = latestOf(conversation);
    if (latest) latest.updatedMs = stamp();
  }

  function add(draft: Omit<FakeMessage, 'id'>): FakeMessage {
    const message: FakeMessage = { ...draft, id: state.nextMessageId++ };
    state.messages.push(message);
    const conversation = ensureConversation(state, message.inbox, message.target, message.dateMs);
    conversation.updatedMs = message.dateMs;
    conversation.read = message.user !== null;
    return message;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests += 1;
    const url = new URL(req.url ?? '/', 'http://fake');
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.resetRate && faultRandom.chance(faults.resetRate)) {
      req.socket.destroy();
      return;
    }
    if (url.pathname.startsWith('/media/')) return serveMedia(url.pathname.slice('/media/'.length), res);
    const refusal = checkAuthorization(req.headers.authorization);
    if (refusal) return send(res, 401, { error: 'Unauthorized', message: refusal });
    const at = now();
    if (at - windowStart >= 60_000) {
      windowStart = at;
      windowCount = 0;
    }
    windowCount += 1;
    if (windowCount > RATE_LIMIT_PER_MINUTE) {
      const wait = Math.max(1, Math.ceil((windowStart + 60_000 - at) / 1000));
      return send(res, 429, { error: 'Too Many Requests' }, { 'retry-after': String(wait) });
    }
    if (faults.rateLimitRate && faultRandom.chance(faults.rateLimitRate)) {
      return send(res, 429, { error: 'Too Many Requests' }, { 'retry-after': '1' });
    }
    if (faults.errorRate && faultRandom.chance(faults.errorRate)) {
      return send(res, faultRandom.pick([500, 502, 503]), { error: 'Internal Server Error' });
    }

    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    advanceDeliveries();
    if (route === 'GET /v1/inboxes') return send(res, 200, state.inboxes.map(wireInbox));
    if (route === 'GET /v1/team') return send(res, 200, teamMembers.map((m) => ({ id: m.id, name: m.author })));
    if (route === 'GET /v1/messages') return listConversation(url, res);
    if (req.method === 'POST') {
      const body = await readJson(req);
      if (body === undefined) return send(res, 400, { error: 'Bad Request', message: 'Body must be JSON' });
      if (route === 'POST /v1/messages/all') return listAll(body, res, false);
      if (route === 'POST /v1/messages/all/count') return listAll(body, res, true);
      if (route === 'POST /v1/conversations/read') return markRead(body, res);
      if (route === 'POST /v1/contacts') return listContacts(body, res);
      if (route === 'POST /v1/contact/get') {
        const found = addressBook.get(digits(String(body['phone'] ?? '')));
        return found ? send(res, 200, found) : send(res, 404, { error: 'Not Found', message: 'Contact not found' });
      }
      if (route === 'POST /v1/message/send') return sendMessage(req, body, res);
    }
    return send(res, 404, { error: 'Not Found', message: `No route ${route}` });
  }

  /** Why the Authorization header is refused, or null when it is the API key or a valid JWT. */
  function checkAuthorization(header: string | undefined): string | null {
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    if (!token) return 'Missing bearer token';
    if (token === apiKey) return null;
    const parts = token.split('.');
    if (parts.length !== 3) return 'Invalid API token';
    const [head, body, signature] = parts as [string, string, string];
    const expected = createHmac('sha256', `${apiSecret.secretId}||${apiSecret.secretKey}`).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'Invalid token signature';
    let claims: { alg?: unknown; iss?: unknown; iat?: unknown };
    try {
      claims = { ...JSON.parse(Buffer.from(head, 'base64url').toString('utf8')), ...JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) };
    } catch {
      return 'Invalid token';
    }
    if (claims.alg !== 'HS256') return 'Unsupported token algorithm';
    if (claims.iss !== apiSecret.secretId) return 'Unknown API secret';
    if (typeof claims.iat !== 'number' || !Number.isInteger(claims.iat)) return 'Token has no iat';
    const nowSeconds = now() / 1000;
    // A minute of grace for a client clock ahead of ours; none past the 5 minutes.
    if (claims.iat > nowSeconds + 60) return 'Token issued in the future';
    if (nowSeconds >= claims.iat + 300) return 'Token expired';
    if (!tokensSeen.includes(token)) tokensSeen.push(token);
    return null;
  }

  function listAll(body: Record<string, unknown>, res: ServerResponse, count: boolean): void {
    const order = body['order'] ?? 'created_at';
    if (order !== 'created_at' && order !== 'updated_at') {
      return send(res, 400, { error: 'Bad Request', message: 'order must be created_at or updated_at' });
    }
    const ascending = body['ascending'] === true;
    const limit = body['limit'] === undefined ? MAX_LIMIT : Number(body['limit']);
    if (!Number.isInteger(limit) || limit < 1) return send(res, 400, { error: 'Bad Request', message: 'limit must be a positive integer' });
    let cursor: number | null = null;
    // The reference's Pagination body calls the cursor `date`; the guide calls it created_at.
    const rawCursor = body['created_at'] ?? body['date'];
    if (rawCursor !== undefined && rawCursor !== null) {
      cursor = typeof rawCursor === 'string' ? Date.parse(rawCursor) : NaN;
      if (Number.isNaN(cursor)) return send(res, 400, { error: 'Bad Request', message: 'created_at must be an RFC 3339 time' });
    }
    const tieId = body['id'] === undefined || body['id'] === null ? null : Number(body['id']);
    if (tieId !== null && !Number.isInteger(tieId)) return send(res, 400, { error: 'Bad Request', message: 'id must be an integer' });
    const page = body['page'] === undefined || body['page'] === null ? 0 : Number(body['page']);
    if (!Number.isInteger(page) || page < 0) return send(res, 400, { error: 'Bad Request', message: 'page must be a non-negative integer' });
    const field = (m: FakeMessage) => (order === 'created_at' ? m.dateMs : m.updatedMs);
    const after = (m: FakeMessage): boolean => {
      if (cursor === null) return true;
      const d = (field(m) - cursor) * (ascending ? 1 : -1);
      if (tieBreak === 'page') return d >= 0;
      if (d !== 0) return d > 0;
      return tieId !== null && (m.id - tieId) * (ascending ? 1 : -1) > 0;
    };
    const matching = state.messages.filter(after);
    if (count) return send(res, 200, String(matching.length));
    matching.sort((a, b) => (field(a) - field(b) || a.id - b.id) * (ascending ? 1 : -1));
    const size = Math.min(limit, MAX_LIMIT);
    const truncate = faults.truncateRate !== undefined && faultRandom.chance(faults.truncateRate);
    send(res, 200, matching.slice(page * size, page * size + size).map(toWire), {}, truncate);
  }

  function listConversation(url: URL, res: ServerResponse): void {
    const phone = digits(url.searchParams.get('phoneNumber') ?? '');
    const inboxId = Number(url.searchParams.get('inboxID'));
    const timestamp = Number(url.searchParams.get('timestamp') ?? Math.floor(now() / 1000) + 1);
    if (phone === '' || !Number.isInteger(inboxId) || Number.isNaN(timestamp)) {
      return send(res, 400, { error: 'Bad Request', message: 'phoneNumber, inboxID and timestamp are required' });
    }
    if (!state.inboxes.some((i) => i.id === inboxId)) return send(res, 404, { error: 'Not Found', message: 'Inbox not found' });
    const list = state.messages
      .filter((m) => m.inbox === inboxId && m.target === phone && m.dateMs < timestamp * 1000)
      .sort((a, b) => b.dateMs - a.dateMs || b.id - a.id)
      .slice(0, 50);
    send(res, 200, list.map(toWire));
  }

  /**
   * POST /v1/message/send {inbox_id, creator_id, phone_number | chat_id, text, media_url?,
   * local_id?} -> {id, date, gallery_url}. A local_id seen before answers the text it made,
   * which is what makes a retried send safe.
   */
  async function sendMessage(req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    sendRequests += 1;
    const knobs = faults.send ?? {};
    const inboxId = Number(body['inbox_id']);
    const found = state.inboxes.find((i) => i.id === inboxId);
    if (!Number.isInteger(inboxId) || !found) return send(res, 400, { error: 'Bad Request', message: 'inbox_id is not an inbox of this team' });
    if (!teamMembers.some((m) => m.id === Number(body['creator_id']))) {
      return send(res, 400, { error: 'Bad Request', message: 'creator_id must be a member of the team' });
    }
    let target: string | undefined;
    if (typeof body['phone_number'] === 'string') {
      if (!/^[1-9]\d{9,14}$/.test(body['phone_number'])) {
        return send(res, 400, { error: 'Bad Request', message: 'phone_number must be digits with the country code, without the plus' });
      }
      target = body['phone_number'];
    } else if (body['chat_id'] !== undefined) {
      target = [...state.conversations.values()].find((c) => c.id === Number(body['chat_id']) && c.inbox === inboxId)?.target;
      if (!target) return send(res, 404, { error: 'Not Found', message: 'Conversation not found' });
    } else {
      return send(res, 400, { error: 'Bad Request', message: 'phone_number or chat_id is required' });
    }
    const text = body['text'];
    if ((typeof text !== 'string' || text.trim() === '') && typeof body['media_url'] !== 'string') {
      return send(res, 400, { error: 'Bad Request', message: 'text or media_url is required' });
    }
    const localId = typeof body['local_id'] === 'string' && body['local_id'] !== '' ? body['local_id'] : null;
    const again = localId === null ? undefined : state.messages.find((m) => m.inbox === inboxId && m.localId === localId);
    if (again) return send(res, 200, { id: again.id, date: iso(again.dateMs), gallery_url: null });
    if (knobs.optedOut?.some((phone) => digits(phone) === target)) {
      return send(res, 400, { error: 'opted_out', message: 'The contact has opted out of texts from this inbox' });
    }
    const wait = limiter.take(String(inboxId), now(), knobs);
    if (wait !== null) return send(res, 429, { error: 'Too Many Requests' }, { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
    const member = teamMembers.find((m) => m.id === Number(body['creator_id']))!;
    const message = add({ ...outboundDraft(inboxId, target, typeof text === 'string' ? text : '', stamp(), member, null), status: 'sent', localId });
    sent.push({ message, atMs: message.dateMs, fails: knobs.failDelivery?.some((phone) => digits(phone) === target) ?? false });
    if (!(await holdAnswer(req, knobs))) return;
    send(res, 200, { id: message.id, date: iso(message.dateMs), gallery_url: null });
  }

  /** A sent text is delivered (or fails) a moment later; its updated time moves with it. */
  function advanceDeliveries(): void {
    const at = now();
    for (const entry of sent) {
      const stage = deliveryStage(entry.atMs, at, faults.send ?? {}, entry.fails);
      const status = stage === 'failed' ? 'failed' : stage === 'delivered' ? 'delivered' : 'sent';
      if (entry.message.status === status) continue;
      entry.message.status = status;
      entry.message.updatedMs = Math.max(stamp(), entry.message.updatedMs + 1000);
    }
  }

  function markRead(body: Record<string, unknown>, res: ServerResponse): void {
    const inboxId = Number(body['inbox_id']);
    const target = digits(String(body['target'] ?? ''));
    if (!Number.isInteger(inboxId) || target === '' || body['user_id'] === undefined) {
      return send(res, 400, { error: 'Bad Request', message: 'inbox_id, user_id and target are required' });
    }
    const conversation = state.conversations.get(conversationKey(inboxId, target));
    if (!conversation) return send(res, 404, { error: 'Not Found', message: 'Conversation not found' });
    setRead(conversation, true);
    send(res, 200, { success: true });
  }

  function serveMedia(key: string, res: ServerResponse): void {
    const match = /^(png|jpeg)-(\d+)\.(png|jpg)$/.exec(key);
    const asset = match ? mediaCatalogue().get(match[1] as 'png' | 'jpeg')?.[Number(match[2])] : undefined;
    if (!asset) return send(res, 404, { error: 'Not Found' });
    res.writeHead(200, { 'content-type': asset.contentType, 'content-length': String(asset.bytes.length) });
    res.end(asset.bytes);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: 'Internal Server Error', message: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: `${origin}/v1`,
    credentials: { apiKey },
    apiSecret,
    tokensSeen: () => [...tokensSeen],
    broadcast(inboxId, count, text) {
      const at = stamp();
      const broadcastId = state.nextBroadcastId++;
      const member = teamMembers[3]!;
      const sent: WireMessage[] = [];
      for (let i = 0; i < count; i++) {
        const target = `1650${String(2_000_000 + state.nextMessageId).slice(-7)}`;
        sent.push(toWire(add(outboundDraft(inbox(inboxId).id, target, text, at, member, broadcastId))));
      }
      return sent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    setFaults: (next) => {
      faults = next;
    },
    requestCount: () => requests,
    sentMessages: () => sent.map((entry) => toWire(entry.message)),
    sendRequestCount: () => sendRequests,
    numbers: () => state.inboxes.map(wireInbox),
    messages: (inboxId) =>
      state.messages
        .filter((m) => m.inbox === Number(inboxId))
        .sort((a, b) => a.dateMs - b.dateMs || a.id - b.id)
        .map(toWire),
    conversation: (inboxId, target) => {
      const conversation = state.conversations.get(conversationKey(Number(inboxId), digits(target)));
      const latest = conversation && latestOf(conversation);
      return latest && toWire(latest).conversation;
    },
    insertInbound: (inboxId, phone, text) => toWire(add(inboundDraft(inbox(inboxId).id, digits(phone), text, stamp(), null))),
    replyAsTeam: (inboxId, phone, text, memberIndex = 0) =>
      toWire(add(outboundDraft(inbox(inboxId).id, digits(phone), text, stamp(), teamMembers[memberIndex % teamMembers.length]!, null))),
    editMessage: (messageId, text) => {
      const message = state.messages.find((m) => m.id === Number(messageId));
      if (!message) throw new Error(`No message ${messageId}`);
      message.text = text;
      message.updatedMs = Math.max(stamp(), message.updatedMs + 1000);
      return toWire(message);
    },
    markConversationRead: (inboxId, target, read) => {
      const conversation = state.conversations.get(conversationKey(Number(inboxId), digits(target)));
      if (!conversation) throw new Error(`No conversation with ${target}`);
      setRead(conversation, read);
    },
    contacts: () => contactsByUpdate(),
    putContact: (contact) => {
      const phone = digits(contact.phone);
      const existing = addressBook.get(phone);
      const next: WireContact = { ...contact, phone, id: existing?.id ?? nextContactId++, updated: iso(Math.max(now(), Date.parse(existing?.updated ?? '1970-01-01T00:00:00Z') + 1000)) };
      addressBook.set(phone, next);
      return next;
    },
  };
}
