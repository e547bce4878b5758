import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRandom } from '../../inkbox/random';
import { personFor } from '../people';
import { readRequestText } from '../requestBody';
import { E164, createSendLimiter, deliveryStage, holdAnswer } from '../sendKnobs';
import { seedData, type MediaObject, type SendblueStatus, type StoredMessage } from './data';
import { createEventHub } from './events';
import type { SendblueFake, SendblueFakeOptions, SendblueFaults, SendblueLineStatus, SendblueWireContact, SendblueWireMessage } from './types';
import { listMessages, renderMessage } from './wire';

export type * from './types';

/**
 * A Sendblue-compatible server on loopback for tests and the demo, following docs/providers.md and
 * the official SDK's types: sb-api-key-id / sb-api-secret-key headers, GET /api/v2/messages
 * (limit 1–1000, offset, filters, order_by, {data, pagination, status: "OK"}), GET
 * /api/v2/messages/{handle}, POST /api/send-message, POST /api/mark-read, 100 requests per 10 s
 * then 429, and media URLs that stop working 30 days after the message was created.
 *
 * GET /api/v2/lines/state answers the account's lines with their health as the SDK's LineState
 * declares it ({data: [{sendblue_number, status, assignment, worker_id, status_changed_at,
 * degraded_since}], snapshot_at, status: "OK"}); knobs set a line's status or make the endpoint
 * refuse (403 as for a plan without it, 404 as for a server without it). GET /api/v2/events is
 * the account's server-sent event stream (see events.ts).
 *
 * Wire casing drifts as on the real API: list items carry `accountEmail` (so does the single
 * message, as the SDK's MessageRetrieveResponse declares), the send-message answer
 * `account_email`. List items carry date_sent and date_updated, no date_created (SDK).
 */

const DEFAULT_MEDIA_TTL_MS = 30 * 86_400_000;

export async function startSendblueFake(options: SendblueFakeOptions = {}): Promise<SendblueFake> {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const mediaTtlMs = options.mediaTtlMs ?? DEFAULT_MEDIA_TTL_MS;
  const rateLimit = options.rateLimit ?? { requests: 100, windowMs: 10_000 };
  const data = seedData(seed, options.size ?? 'tiny', now());
  const secret = createRandom(seed, 'secret');
  const credentials = { apiKey: `sbk_${secret.digits(16)}`, apiSecret: `sbs_${secret.digits(24)}` };
  const faultRandom = createRandom(seed, 'faults');
  const insertRandom = createRandom(seed, 'inserts');
  let faults: SendblueFaults = options.faults ?? {};
  let requests = 0;
  const perPath = new Map<string, number>();
  let lineStateRefusal: 403 | 404 | null = null;
  const events = createEventHub({ seed, now, heartbeatMs: options.eventHeartbeatMs, rotateMs: options.eventRotateMs, fail });
  const lineStates = new Map<string, { status: SendblueLineStatus; changedMs: number; degradedSinceMs: number | null }>(
    data.lines.map((line) => [line, { status: 'ONLINE', changedMs: now() - 86_400_000, degradedSinceMs: null }]),
  );
  let lastUpdated = Math.max(0, ...data.messages.map((m) => m.updatedMs));
  const recent: number[] = [];
  const sockets = new Set<Socket>();
  let baseUrl = '';
  const limiter = createSendLimiter();
  let sendRequests = 0;
  const sent: StoredMessage[] = [];

  /** date_updated strictly increases, as a real database clock would for one account. */
  const stamp = (): number => (lastUpdated = Math.max(now(), lastUpdated + 1));

  const mediaUrl = (key: string) => `${baseUrl}/media/${key}`;
  const render = (message: StoredMessage, casing: 'list' | 'send'): SendblueWireMessage => renderMessage(message, casing, mediaUrl);

  // Contacts for the people the fake's parties are (about two in three), oldest first.
  const addressBook = new Map<string, SendblueWireContact>();
  for (const message of data.messages) {
    const person = message.group ? null : personFor(message.party);
    if (!person || addressBook.has(message.party)) continue;
    addressBook.set(message.party, {
      contact_id: `c_${message.party.replace(/\D/g, '')}`,
      first_name: person.first,
      last_name: person.last,
      company_name: '',
      phone: message.party,
      opt_out: person.optedOut,
      sendblue_number: message.sendblueNumber,
      tags: [],
      verified: false,
      created_at: new Date(message.createdMs).toISOString(),
    });
  }

  function listContacts(url: URL, res: ServerResponse): void {
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0 || offset > 10_000) {
      return fail(res, 400, 'limit must be 1-1000 and offset 0-10000');
    }
    const phone = url.searchParams.get('phone_number');
    const all = [...addressBook.values()].filter((c) => phone === null || c.phone === phone);
    json(res, 200, all.slice(offset, offset + Math.min(limit, 1000)));
  }

  const driftRandom = createRandom(seed, 'drift');
  function applyDrift(): void {
    for (let i = 0; i < (faults.drift?.insertPerRequest ?? 0); i++) {
      const line = driftRandom.pick(data.lines);
      const at = stamp();
      data.messages.push({
        handle: driftRandom.uuid(),
        sendblueNumber: line,
        party: `+1202555${driftRandom.digits(4)}`,
        isOutbound: false,
        content: 'arrived mid-scan',
        mediaKey: null,
        service: 'SMS',
        wasDowngraded: false,
        status: 'RECEIVED',
        createdMs: at,
        updatedMs: at,
        group: null,
      });
    }
    for (let i = 0; i < (faults.drift?.updatePerRequest ?? 0); i++) {
      const message = driftRandom.pick(data.messages);
      message.status = message.isOutbound ? driftRandom.pick<SendblueStatus>(['SENT', 'DELIVERED']) : 'RECEIVED';
      message.updatedMs = stamp();
    }
  }

  function overRateLimit(at: number): number | null {
    while (recent.length > 0 && recent[0]! <= at - rateLimit.windowMs) recent.shift();
    if (recent.length >= rateLimit.requests) return recent[0]! + rateLimit.windowMs - at;
    recent.push(at);
    return null;
  }

  function serveMedia(key: string, res: ServerResponse, method: string): void {
    const object: MediaObject | undefined = data.media.get(key);
    if (!object) return fail(res, 404, 'Media not found');
    if (now() - object.createdMs > mediaTtlMs) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return;
    }
    res.writeHead(200, { 'content-type': object.contentType, 'content-length': String(object.bytes.length) });
    res.end(method === 'HEAD' ? undefined : object.bytes);
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
    const text = await readRequestText(req);
    try {
      const body: unknown = JSON.parse(text);
      return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests += 1;
    const url = new URL(req.url ?? '/', 'http://fake');
    perPath.set(url.pathname, (perPath.get(url.pathname) ?? 0) + 1);
    const method = req.method ?? 'GET';
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (faults.resetRate && faultRandom.chance(faults.resetRate)) {
      req.socket.destroy();
      return;
    }

    // Media lives on a storage host in production: no API keys, no rate limit.
    const mediaMatch = /^\/media\/([\w.-]+)$/.exec(url.pathname);
    if (mediaMatch && (method === 'GET' || method === 'HEAD')) return serveMedia(mediaMatch[1]!, res, method);

    if (req.headers['sb-api-key-id'] !== credentials.apiKey || req.headers['sb-api-secret-key'] !== credentials.apiSecret) {
      return fail(res, 401, 'Unauthorized: invalid API credentials');
    }
    const wait = overRateLimit(now());
    if (wait !== null) return fail(res, 429, 'Too many requests', { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
    if (faults.rateLimitRate && faultRandom.chance(faults.rateLimitRate)) {
      return fail(res, 429, 'Too many requests', { 'retry-after': '1' });
    }
    if (faults.errorRate && faultRandom.chance(faults.errorRate)) return fail(res, 500, 'Internal server error');

    advanceDeliveries();
    if (method === 'GET' && url.pathname === '/api/v2/events') return events.open(req, res);
    if (method === 'GET' && url.pathname === '/api/v2/lines/state') {
      if (lineStateRefusal === 403) return fail(res, 403, 'Forbidden: lines state is not available on this plan');
      if (lineStateRefusal === 404) return fail(res, 404, 'Not found');
      return json(res, 200, {
        data: data.lines.map((line, index) => {
          const state = lineStates.get(line)!;
          return {
            assignment: 'assigned',
            sendblue_number: line,
            status: state.status,
            worker_id: `worker-${index + 1}`,
            degraded_since: state.degradedSinceMs === null ? null : new Date(state.degradedSinceMs).toISOString(),
            status_changed_at: new Date(state.changedMs).toISOString(),
          };
        }),
        snapshot_at: new Date(now()).toISOString(),
        status: 'OK',
      });
    }
    if (method === 'GET' && url.pathname === '/api/v2/messages') {
      applyDrift();
      const page = listMessages(data.messages, url.searchParams, (m) => render(m, 'list'));
      return page.ok ? json(res, 200, page.body) : fail(res, 400, page.message);
    }
    const one = /^\/api\/v2\/messages\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && one) {
      const message = data.messages.find((m) => m.handle === decodeURIComponent(one[1]!));
      if (!message) return fail(res, 404, 'Message not found');
      return json(res, 200, { data: render(message, 'list'), status: 'OK' });
    }
    if (method === 'GET' && url.pathname === '/api/v2/contacts') return listContacts(url, res);
    const contact = /^\/api\/v2\/contacts\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && contact) {
      const found = addressBook.get(decodeURIComponent(contact[1]!));
      if (!found) return fail(res, 404, 'Contact not found');
      return json(res, 200, { contact: found, status: 'OK' });
    }
    if (method === 'POST' && url.pathname === '/api/mark-read') {
      const body = await readJson(req);
      if (!body || typeof body['number'] !== 'string' || typeof body['from_number'] !== 'string') {
        return fail(res, 400, 'number and from_number are required');
      }
      return json(res, 200, { status: 'OK', number: body['number'], from_number: body['from_number'] });
    }
    if (method === 'POST' && (url.pathname === '/api/send-message' || url.pathname === '/api/send-group-message')) {
      return sendMessage(req, res, url.pathname === '/api/send-group-message');
    }
    return fail(res, 404, 'Not found');
  }

  /** POST /api/send-message (and send-group-message) as the SDK's MessageSendParams describe it. */
  async function sendMessage(req: IncomingMessage, res: ServerResponse, toGroup: boolean): Promise<void> {
    sendRequests += 1;
    const send = faults.send ?? {};
    const body = await readJson(req);
    if (!body || typeof body['from_number'] !== 'string') return fail(res, 400, 'from_number is required');
    const line = body['from_number'];
    if (!data.lines.includes(line)) return fail(res, 400, 'from_number is not a Sendblue line of this account');
    const content = body['content'];
    if ((typeof content !== 'string' || content.trim() === '') && typeof body['media_url'] !== 'string') {
      return fail(res, 400, 'content or media_url is required');
    }
    let party: string;
    let group: StoredMessage['group'] = null;
    if (toGroup) {
      const groupId = body['group_id'];
      group = data.messages.find((m) => m.group?.id === groupId)?.group ?? null;
      if (!group) return fail(res, 400, 'group_id is not a group of this account');
      party = line;
    } else {
      if (typeof body['number'] !== 'string' || !E164.test(body['number'])) return fail(res, 400, 'number must be an E.164 phone number');
      party = body['number'];
      if (send.optedOut?.includes(party)) return fail(res, 400, 'The recipient has opted out of messages from this line');
    }
    const wait = limiter.take(line, now(), send);
    if (wait !== null) return fail(res, 429, 'Too many messages from this line', { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
    const at = stamp();
    const message: StoredMessage = {
      handle: insertRandom.uuid(),
      sendblueNumber: line,
      party,
      isOutbound: true,
      content: typeof content === 'string' ? content : '',
      mediaKey: null,
      service: 'iMessage',
      wasDowngraded: false,
      status: 'QUEUED',
      createdMs: at,
      updatedMs: at,
      group,
      viaApi: { atMs: at, fails: send.failDelivery?.includes(party) ?? false },
    };
    data.messages.push(message);
    sent.push(message);
    events.emit('message.created', { message_handle: message.handle, sendblue_number: message.sendblueNumber });
    if (!(await holdAnswer(req, send))) return;
    json(res, 202, { ...render(message, 'send'), date_created: new Date(at).toISOString() });
  }

  /** Delivery receipts arrive a moment after a send: QUEUED, SENT, then DELIVERED (or ERROR). */
  function advanceDeliveries(): void {
    const at = now();
    for (const message of sent) {
      if (!message.viaApi) continue;
      const stage = deliveryStage(message.viaApi.atMs, at, faults.send ?? {}, message.viaApi.fails);
      const status: SendblueStatus = stage === 'queued' ? 'QUEUED' : stage === 'sent' ? 'SENT' : stage === 'delivered' ? 'DELIVERED' : 'ERROR';
      if (status !== message.status) {
        message.status = status;
        message.updatedMs = stamp();
        events.emit('message.updated', { message_handle: message.handle, sendblue_number: message.sendblueNumber });
      }
      if (stage === 'delivered' || stage === 'failed') message.viaApi = undefined;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, 'Internal server error');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const find = (handle: string): StoredMessage => {
    const message = data.messages.find((m) => m.handle === handle);
    if (!message) throw new Error(`No message ${handle} on the Sendblue fake`);
    return message;
  };

  return {
    baseUrl,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        events.stopTimers();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
    setFaults: (next) => {
      faults = next;
    },
    requestCount: () => requests,
    requestsTo: (path) => perPath.get(path) ?? 0,
    setLineStatus(line, status) {
      const state = lineStates.get(line);
      if (!state) throw new Error(`No line ${line} on the Sendblue fake`);
      if (state.status === status) return;
      const at = now();
      lineStates.set(line, { status, changedMs: at, degradedSinceMs: status === 'DEGRADED' ? at : null });
      events.emit('line.status.changed', { sendblue_number: line, status });
    },
    eventStreams: events.count,
    dropEventStreams: events.drop,
    muteEventStreams: events.mute,
    refuseEvents: events.refuse,
    sendEvent: events.write,
    refuseLineState(status) {
      lineStateRefusal = status;
    },
    sentMessages: () => sent.map((m) => render(m, 'list')),
    sendRequestCount: () => sendRequests,
    numbers: () => [...data.lines],
    messages: (line) =>
      data.messages
        .filter((m) => m.sendblueNumber === line)
        .sort((a, b) => a.createdMs - b.createdMs)
        .map((m) => render(m, 'list')),
    insertInbound(input) {
      const at = stamp();
      const group = input.groupId ? data.messages.find((m) => m.group?.id === input.groupId)?.group ?? null : null;
      if (input.groupId && !group) throw new Error(`No group ${input.groupId} on the Sendblue fake`);
      const handle = insertRandom.uuid();
      let mediaKey: string | null = null;
      if (input.withImage) {
        mediaKey = `${handle}.png`;
        const png = [...data.media.values()].find((m) => m.contentType === 'image/png');
        data.media.set(mediaKey, { bytes: png?.bytes ?? Buffer.alloc(0), contentType: 'image/png', createdMs: at });
      }
      const message: StoredMessage = {
        handle,
        sendblueNumber: input.sendblueNumber,
        party: input.from,
        isOutbound: false,
        content: input.content,
        mediaKey,
        service: input.service ?? 'iMessage',
        wasDowngraded: false,
        status: 'RECEIVED',
        createdMs: at,
        updatedMs: at,
        group,
      };
      data.messages.push(message);
      events.emit('message.received', { message_handle: message.handle, sendblue_number: message.sendblueNumber });
      return render(message, 'list');
    },
    updateStatus(handle, status) {
      const message = find(handle);
      message.status = status;
      message.updatedMs = stamp();
      events.emit('message.updated', { message_handle: message.handle, sendblue_number: message.sendblueNumber, status });
      return render(message, 'list');
    },
    groups: () => {
      const seen = new Map<string, { id: string; sendblueNumber: string; participants: string[] }>();
      for (const m of data.messages) {
        if (m.group && !seen.has(m.group.id)) seen.set(m.group.id, { id: m.group.id, sendblueNumber: m.sendblueNumber, participants: m.group.participants });
      }
      return [...seen.values()];
    },
    contacts: () => [...addressBook.values()],
    putContact: (contact) => {
      addressBook.set(contact.phone, contact);
    },
  };
}

export type { SendblueStatus } from './data';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Sendblue's error shape: {status: "ERROR", message}. */
const fail = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
  json(res, status, { status: 'ERROR', message }, headers);
