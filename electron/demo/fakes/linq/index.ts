import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { planFaults } from '../../inkbox/faults';
import { createRandom, type Random } from '../../inkbox/random';
import { readRequestText } from '../requestBody';
import { E164, createSendLimiter, deliveryStage, holdAnswer } from '../sendKnobs';
import { addReaction, buildDataset, reactionFrom, type LinqDataset } from './dataset';
import { compareDesc, pageAfter, readLimit } from './paging';
import type { LinqFake, LinqFakeOptions, LinqFaults } from './types';
import type { LinqChat, LinqErrorBody, LinqHandle, LinqMessage, LinqPart } from './wire';

export type { LinqChat, LinqHandle, LinqMessage, LinqPart, LinqPhoneNumber } from './wire';
export type * from './types';

/**
 * A Linq Partner API v3 server on 127.0.0.1 for tests and the demo, following
 * docs/providers.md and the official SDK's paths (`/api/partner` + `/v3/...`).
 *
 * Paging, as this fake defines it (Linq documents the cursor only as opaque):
 * - GET /chats lists chats by updated_at descending, then id descending. `next_cursor` is an
 *   opaque keyset token naming the last chat returned, or null on the last page. A chat only
 *   moves when a message is added to it (read state, reactions and deletions leave its
 *   updated_at alone: the API has no change feed for them, see docs/architecture.md), so a chat updated
 *   mid-scan jumps to the head and is found by the next sync.
 * - GET /chats/{id}/messages lists messages newest first (created_at, then id), with the same
 *   kind of keyset cursor; arrivals and deletions never shift a page.
 * limit is 1..100 (default 20); anything else is a 400 in Linq's error shape.
 */

const API_PREFIX = '/api/partner/v3';
const MEDIA_TTL_MS = 3_600_000;

export async function startLinqFake(options: LinqFakeOptions = {}): Promise<LinqFake> {
  const seed = options.seed ?? 7;
  const now = options.now ?? Date.now;
  const data: LinqDataset = buildDataset(createRandom(seed, 'data'), options.size ?? 'tiny', now());
  const live: Random = createRandom(seed, 'live');
  const faultRandom = createRandom(seed, 'faults');
  const secretRandom = createRandom(seed, 'secret');
  const apiKey = `linq_test_${secretRandom.digits(24)}`;
  const signingKey = Buffer.from(secretRandom.uuid());
  let faults: LinqFaults = options.faults ?? {};
  let requests = 0;
  let origin = '';
  // Every change is stamped after the data and after the previous change: order stays total.
  let clock = Math.max(...data.chats.map((chat) => Date.parse(chat.updated_at)));
  const stamp = (): string => {
    clock = Math.max(clock + 1, now());
    return new Date(clock).toISOString();
  };

  const limiter = createSendLimiter();
  let sendRequests = 0;
  const sent: { message: LinqMessage; atMs: number; fails: boolean }[] = [];
  const byIdempotencyKey = new Map<string, LinqMessage>();
  const chatById = (id: string) => data.chats.find((chat) => chat.id === id);
  const findMessage = (id: string): LinqMessage | undefined => {
    for (const list of data.messages.values()) {
      const found = list.find((message) => message.id === id);
      if (found) return found;
    }
    return undefined;
  };

  const sign = (mediaId: string, expires: number) => createHmac('sha256', signingKey).update(`${mediaId}:${expires}`).digest('hex');
  const serveMessage = (message: LinqMessage): LinqMessage => {
    const expires = now() + MEDIA_TTL_MS;
    return structuredClone({
      ...message,
      parts: message.parts.map((part): LinqPart =>
        part.type === 'media'
          ? { ...part, url: `${origin}/media/${part.id}?expires=${expires}&sig=${sign(part.id, expires)}` }
          : part,
      ),
    });
  };
  const chatOrder = (a: LinqChat, b: LinqChat) => compareDesc([a.updated_at, a.id], [b.updated_at, b.id]);
  const messagesNewestFirst = (chatId: string) =>
    [...(data.messages.get(chatId) ?? [])].sort((a, b) => compareDesc([a.created_at, a.id], [b.created_at, b.id]));

  const otherHandle = (chat: LinqChat, from?: string): LinqHandle => {
    const handle = chat.handles.find((h) => !h.is_me && (from === undefined || h.handle === from));
    if (!handle) throw new Error(`chat ${chat.id} has no handle ${from ?? '(other)'}`);
    return handle;
  };

  function addMessage(chat: LinqChat, from: LinqHandle, parts: LinqPart[]): LinqMessage {
    const at = stamp();
    const message: LinqMessage = {
      id: live.uuid(),
      chat_id: chat.id,
      created_at: at,
      updated_at: at,
      sent_at: at,
      delivered_at: at,
      read_at: null,
      is_read: false,
      is_delivered: true,
      delivery_status: from.is_me ? 'sent' : 'received',
      is_from_me: from.is_me,
      from: from.handle,
      from_handle: from,
      service: chat.service,
      preferred_service: null,
      effect: null,
      reply_to: null,
      parts,
    };
    data.messages.get(chat.id)!.push(message);
    chat.updated_at = at;
    return message;
  }

  // ---- HTTP ----

  /** hold: a stored send, whose answer the send knobs may delay or drop. */
  type Answer = { status: number; body?: unknown; headers?: Record<string, string>; hold?: boolean };
  const fail = (status: number, code: number, message: string, retryAfter?: number): Answer => {
    const body: LinqErrorBody = {
      success: false,
      error: { status, code, message, ...(retryAfter === undefined ? {} : { retry_after: retryAfter }) },
      trace_id: live.uuid(),
    };
    return { status, body, headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } };
  };

  function route(method: string, path: string, query: URLSearchParams, body: unknown): Answer {
    const segments = path.slice(API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    const [root, id, sub] = segments;
    if (method === 'GET' && root === 'phone_numbers' && segments.length === 1) {
      return { status: 200, body: { phone_numbers: structuredClone(data.numbers) } };
    }
    if (root === 'chats' && segments.length === 1 && method === 'GET') {
      const limit = readLimit(query);
      if (limit === null) return fail(400, 1002, 'limit must be an integer between 1 and 100');
      const from = query.get('from');
      const to = query.get('to');
      let chats = [...data.chats].sort(chatOrder);
      if (from) chats = chats.filter((chat) => chat.handles.some((h) => h.is_me && h.handle === from));
      if (to) chats = chats.filter((chat) => chat.handles.some((h) => !h.is_me && h.handle === to));
      const page = pageAfter(chats, query.get('cursor'), (chat) => [chat.updated_at, chat.id], limit);
      if (page === null) return fail(400, 1002, 'cursor is not valid');
      return { status: 200, body: { chats: structuredClone(page.items), next_cursor: page.next } };
    }
    if (root === 'chats' && segments.length === 1 && method === 'POST') {
      sendRequests += 1;
      const request = body as { from?: unknown; to?: unknown } | undefined;
      const number = data.numbers.find((n) => n.phone_number === request?.from);
      if (!number) return fail(400, 1002, 'from must be a phone number of this partner');
      const to = request?.to;
      if (!Array.isArray(to) || to.length === 0 || to.some((h) => typeof h !== 'string' || !E164.test(h))) {
        return fail(400, 1002, 'to must be a non-empty list of E.164 phone numbers');
      }
      const parts = readSendParts(body);
      if (!parts) return fail(400, 1002, 'message.parts must be a non-empty list of text parts');
      if (parts.some((part) => part.type === 'text' && /https?:\/\//i.test(part.value))) {
        return fail(400, 1005, 'The first message of a new chat cannot contain a link');
      }
      const key = idempotencyKey(body);
      const again = key === null ? undefined : byIdempotencyKey.get(key);
      if (again) return { status: 201, body: { chat: { ...structuredClone(chatById(again.chat_id)!), message: serveMessage(again) } } };
      const refused = refuse(to as string[], number.phone_number);
      if (refused) return refused;
      const chat = openChat(number.phone_number, to as string[]);
      const message = sendAs(chat, parts, key);
      return { status: 201, body: { chat: { ...structuredClone(chat), message: serveMessage(message) } }, hold: true };
    }
    if (root === 'chats' && id !== undefined) {
      const chat = chatById(id);
      if (!chat) return fail(404, 1004, `Chat ${id} not found`);
      if (segments.length === 2 && method === 'GET') return { status: 200, body: structuredClone(chat) };
      if (sub === 'read' && segments.length === 3 && method === 'POST') {
        markChatRead(chat);
        return { status: 204 };
      }
      if (sub === 'messages' && segments.length === 3 && method === 'GET') {
        const limit = readLimit(query);
        if (limit === null) return fail(400, 1002, 'limit must be an integer between 1 and 100');
        const page = pageAfter(messagesNewestFirst(chat.id), query.get('cursor'), (m) => [m.created_at, m.id], limit);
        if (page === null) return fail(400, 1002, 'cursor is not valid');
        return { status: 200, body: { messages: page.items.map(serveMessage), next_cursor: page.next } };
      }
      if (sub === 'messages' && segments.length === 3 && method === 'POST') {
        sendRequests += 1;
        const parts = readSendParts(body);
        if (!parts) return fail(400, 1002, 'message.parts must be a non-empty list of text parts');
        const key = idempotencyKey(body);
        const again = key === null ? undefined : byIdempotencyKey.get(key);
        if (again) return { status: 201, body: { chat_id: chat.id, message: serveMessage(again) } };
        const refused = refuse(chat.handles.filter((h) => !h.is_me).map((h) => h.handle), chat.handles.find((h) => h.is_me)!.handle);
        if (refused) return refused;
        const message = sendAs(chat, parts, key);
        return { status: 201, body: { chat_id: chat.id, message: serveMessage(message) }, hold: true };
      }
    }
    if (root === 'messages' && id !== undefined && segments.length === 2) {
      const message = findMessage(id);
      if (!message) return fail(404, 1004, `Message ${id} not found`);
      if (method === 'GET') return { status: 200, body: serveMessage(message) };
      if (method === 'DELETE') {
        if (faults.refuseDeletes) return fail(400, 1002, 'This message cannot be deleted');
        removeMessage(message);
        return { status: 204 };
      }
    }
    return fail(404, 1004, `No route for ${method} ${path}`);
  }

  function idempotencyKey(body: unknown): string | null {
    const key = (body as { message?: { idempotency_key?: unknown } } | null)?.message?.idempotency_key;
    return typeof key === 'string' && key !== '' ? key : null;
  }

  /** Opt-outs and the send limit, in Linq's error shape. */
  function refuse(recipients: string[], from: string): Answer | null {
    const send = faults.send ?? {};
    if (recipients.some((r) => send.optedOut?.includes(r))) return fail(400, 1006, 'The recipient has opted out of messages from this number');
    const wait = limiter.take(from, now(), send);
    if (wait !== null) return fail(429, 1007, 'Rate limit exceeded', Math.max(1, Math.ceil(wait / 1000)));
    return null;
  }

  /** Our own message, queued; its status moves on a moment later. */
  function sendAs(chat: LinqChat, parts: LinqPart[], key: string | null): LinqMessage {
    const message = addMessage(chat, chat.handles.find((h) => h.is_me)!, parts);
    message.delivery_status = 'queued';
    message.delivered_at = null;
    message.is_delivered = false;
    const others = chat.handles.filter((h) => !h.is_me).map((h) => h.handle);
    sent.push({ message, atMs: Date.parse(message.created_at), fails: others.some((h) => faults.send?.failDelivery?.includes(h)) });
    if (key !== null) byIdempotencyKey.set(key, message);
    return message;
  }

  function openChat(from: string, to: string[]): LinqChat {
    return newChat(from, to, to.join(', '));
  }

  /** A chat between `from` (the account's number) and `to`, listed at once, with no messages yet. */
  function newChat(from: string, to: string[], displayName: string): LinqChat {
    const at = stamp();
    const handle = (value: string, isMe: boolean): LinqHandle => ({
      id: live.uuid(), handle: value, service: 'iMessage', is_me: isMe, status: 'active', joined_at: at, left_at: null,
    });
    const chat: LinqChat = {
      id: live.uuid(),
      display_name: displayName,
      handles: [handle(from, true), ...to.map((h) => handle(h, false))],
      is_group: to.length > 1,
      is_archived: false,
      service: 'iMessage',
      health_status: { doc_url: 'https://docs.linqapp.com/guides/chats/chat-health', status: 'HEALTHY', updated_at: at },
      group_chat_icon: null,
      created_at: at,
      updated_at: at,
    };
    data.chats.push(chat);
    data.messages.set(chat.id, []);
    return chat;
  }


  function advanceDeliveries(): void {
    const at = now();
    for (const entry of sent) {
      const stage = deliveryStage(entry.atMs, at, faults.send ?? {}, entry.fails);
      if (entry.message.delivery_status === stage) continue;
      entry.message.delivery_status = stage;
      entry.message.updated_at = stamp();
      if (stage === 'delivered') {
        entry.message.delivered_at = entry.message.updated_at;
        entry.message.is_delivered = true;
      }
    }
  }

  function markChatRead(chat: LinqChat): void {
    const at = stamp();
    for (const message of data.messages.get(chat.id) ?? []) {
      if (message.is_from_me || message.is_read) continue;
      message.is_read = true;
      message.read_at = at;
      message.updated_at = at;
    }
  }

  function removeMessage(message: LinqMessage): void {
    const list = data.messages.get(message.chat_id)!;
    list.splice(list.indexOf(message), 1);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname.startsWith('/media/')) return serveMedia(url, response);
    requests += 1;
    const plan = planFaults(faultRandom, faults);
    if (plan.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.latencyMs));
    if (plan.reset) {
      request.socket.destroy();
      return;
    }
    const body = await readBody(request);
    let answer: Answer;
    if (!url.pathname.startsWith(API_PREFIX)) answer = fail(404, 1004, `No route for ${request.method} ${url.pathname}`);
    else if (request.headers.authorization !== `Bearer ${apiKey}`) answer = fail(401, 1001, 'Invalid or missing API token');
    else if (plan.rateLimited) answer = fail(429, 1007, 'Rate limit exceeded', faults.retryAfterSeconds ?? 1);
    else if (plan.serverError) answer = fail(plan.serverError, 1000, 'Internal server error');
    else if (body === invalidJson) answer = fail(400, 1002, 'Request body is not valid JSON');
    else {
      advanceDeliveries();
      answer = route(request.method ?? 'GET', url.pathname, url.searchParams, body);
    }
    if (answer.hold && !(await holdAnswer(request, faults.send ?? {}))) return;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'content-length': Buffer.byteLength(text),
      ...answer.headers,
    });
    response.end(text);
  }

  function serveMedia(url: URL, response: ServerResponse): void {
    const mediaId = decodeURIComponent(url.pathname.slice('/media/'.length));
    const expires = Number(url.searchParams.get('expires'));
    const media = data.media.get(mediaId);
    const valid = url.searchParams.get('sig') === sign(mediaId, expires);
    if (!media || !valid || now() > expires) {
      const message = !media ? 'NoSuchKey' : 'Request has expired';
      response.writeHead(!media ? 404 : 403, { 'content-type': 'text/plain' });
      response.end(message);
      return;
    }
    response.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
    response.end(media.bytes);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (response.headersSent) response.destroy();
      else {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ success: false, error: { status: 500, code: 1000, message: 'Internal server error' }, trace_id: 'fake' }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: origin + API_PREFIX,
    sdkBaseUrl: `${origin}/api/partner`,
    credentials: { apiKey },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setFaults(next) {
      faults = next;
    },
    requestCount: () => requests,
    sentMessages: () => sent.filter((entry) => findMessage(entry.message.id)).map((entry) => serveMessage(entry.message)),
    sendRequestCount: () => sendRequests,
    numbers: () => structuredClone(data.numbers),
    chats: () => structuredClone([...data.chats].sort(chatOrder)),
    messages: (chatId) => messagesNewestFirst(chatId).map(serveMessage),
    insertInbound(chatId, text, extra = {}) {
      const chat = chatById(chatId);
      if (!chat) throw new Error(`no chat ${chatId}`);
      const parts: LinqPart[] = [{ type: 'text', value: text, text_decorations: null, reactions: null }];
      if (extra.image) {
        const [mediaId, stored] = [...data.media.entries()][0]!;
        const copy = live.uuid();
        data.media.set(copy, stored);
        parts.push({ type: 'media', id: copy, filename: `IMG_${mediaId.slice(0, 4)}.png`, mime_type: stored.mimeType, size_bytes: stored.bytes.length, url: '', reactions: null });
      }
      return serveMessage(addMessage(chat, otherHandle(chat, extra.from), parts));
    },
    react(messageId, partIndex, reaction) {
      const message = findMessage(messageId);
      if (!message) throw new Error(`no message ${messageId}`);
      const chat = chatById(message.chat_id)!;
      const made = reactionFrom(live, otherHandle(chat, reaction.from), reaction.type);
      if (reaction.customEmoji) made.custom_emoji = reaction.customEmoji;
      addReaction(message, partIndex, made);
      message.updated_at = stamp();
    },
    markRead(chatId) {
      const chat = chatById(chatId);
      if (!chat) throw new Error(`no chat ${chatId}`);
      markChatRead(chat);
    },
    deleteMessage(messageId) {
      const message = findMessage(messageId);
      if (!message) throw new Error(`no message ${messageId}`);
      removeMessage(message);
    },
    createChat(numberId, handles, text, extra = {}) {
      const number = data.numbers.find((n) => n.id === numberId);
      if (!number) throw new Error(`no number ${numberId}`);
      const chat = newChat(number.phone_number, handles, extra.displayName ?? handles.join(', '));
      addMessage(chat, otherHandle(chat), [{ type: 'text', value: text, text_decorations: null, reactions: null }]);
      return structuredClone(chat);
    },
  };
}

function readSendParts(body: unknown): LinqPart[] | null {
  const parts = (body as { message?: { parts?: unknown } } | null)?.message?.parts;
  if (!Array.isArray(parts) || parts.length === 0) return null;
  const out: LinqPart[] = [];
  for (const part of parts) {
    const value = (part as { value?: unknown }).value;
    if ((part as { type?: unknown }).type !== 'text' || typeof value !== 'string') return null;
    out.push({ type: 'text', value, text_decorations: null, reactions: null });
  }
  return out;
}

const invalidJson = Symbol('invalid JSON');

async function readBody(request: IncomingMessage): Promise<unknown> {
  const text = await readRequestText(request);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return invalidJson;
  }
}
