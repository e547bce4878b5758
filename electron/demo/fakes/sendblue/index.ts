import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRandom } from '../../../demo/inkbox/random';
import { personFor } from '../../../demo/fakes/people';
import { seedData, type MediaObject, type SendblueStatus, type StoredMessage } from '../../../demo/fakes/sendblue/data';
import { E164, createSendLimiter, deliveryStage, holdAnswer, type SendFaults } from '../../../demo/fakes/sendKnobs';

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

export interface SendblueFaults {
  /** Share of requests answered 500. */
  errorRate?: number;
  /** Share of requests answered 429 with Retry-After: 1. */
  rateLimitRate?: number;
  latencyMs?: number;
  /** Share of requests whose connection is destroyed before any answer. */
  resetRate?: number;
  /**
   * Changes made elsewhere while a client pages: before each list answer, this many inbound
   * texts arrive and this many existing messages get a new status (moving their date_updated).
   */
  drift?: { insertPerRequest?: number; updatePerRequest?: number };
  /** How sends behave (shared knobs: lost answers, held answers, opt-outs, the send limit). */
  send?: SendFaults;
}

export interface SendblueFakeOptions {
  seed?: number;
  port?: number;
  size?: 'tiny' | 'small';
  now?: () => number;
  faults?: SendblueFaults;
  /** How long media URLs work after the message was created; Sendblue keeps them 30 days. */
  mediaTtlMs?: number;
  /** The documented limit is 100 requests per 10 s; tests may lower it. */
  rateLimit?: { requests: number; windowMs: number };
  /** How often the event stream sends a heartbeat comment; Sendblue sends one every 15 s. */
  eventHeartbeatMs?: number;
  /** When the event stream ends for the client to reconnect; Sendblue rotates within 15 minutes. */
  eventRotateMs?: number;
}

/** A message exactly as Sendblue's list endpoint renders it. */
export type SendblueWireMessage = Record<string, unknown> & { message_handle: string };

export interface InsertInbound {
  sendblueNumber: string;
  from: string;
  content: string;
  service?: 'iMessage' | 'SMS' | 'RCS';
  /** A group the text is posted in (its id must already exist on the fake). */
  groupId?: string;
  withImage?: boolean;
}

export type SendblueLineStatus = 'ONLINE' | 'OFFLINE' | 'DEGRADED' | 'UNKNOWN';

export interface SendblueFake {
  baseUrl: string;
  /** A line's health changes on Sendblue's side (status_changed_at moves; a line.status.changed event goes out). */
  setLineStatus(sendblueNumber: string, status: SendblueLineStatus): void;
  /** Makes GET /api/v2/lines/state answer this status (403, 404), or serve again with null. */
  refuseLineState(status: 403 | 404 | null): void;
  /** How many requests each path got, e.g. '/api/v2/messages'. */
  requestsTo(path: string): number;
  /** Event streams open now. */
  eventStreams(): number;
  /** Cuts every open event stream (a network drop); what happens before the client is back is not replayed. */
  dropEventStreams(): void;
  /** Stops writing anything, heartbeats included, to open streams while keeping them open (a dead proxy). */
  muteEventStreams(muted: boolean): void;
  /** Makes GET /api/v2/events answer this status, or serve again with null. */
  refuseEvents(status: 403 | 404 | 500 | null): void;
  /** Sends one event to every open stream as it is, e.g. a repeated id. */
  sendEvent(event: { id: string; type: string; data: Record<string, unknown> }): void;
  credentials: { apiKey: string; apiSecret: string };
  close(): Promise<void>;
  setFaults(faults: SendblueFaults): void;
  requestCount(): number;
  numbers(): string[];
  /** Live messages of a line, oldest first, in the list endpoint's wire shape. */
  messages(sendblueNumber: string): SendblueWireMessage[];
  insertInbound(input: InsertInbound): SendblueWireMessage;
  /** A delivery receipt arriving elsewhere: the status changes and date_updated moves. */
  updateStatus(handle: string, status: SendblueStatus): SendblueWireMessage;
  /** Messages accepted by a send, in the list endpoint's shape. */
  sentMessages(): SendblueWireMessage[];
  /** Send requests received, accepted or not. */
  sendRequestCount(): number;
  /** Groups on the fake, for tests that post into one. */
  groups(): { id: string; sendblueNumber: string; participants: string[] }[];
  /** The address book, as GET /api/v2/contacts lists it. */
  contacts(): SendblueWireContact[];
  /** Adds or replaces a contact (by phone) as if edited in Sendblue's dashboard; raw fields are sent as given. */
  putContact(contact: SendblueWireContact): void;
}

/** A contact as the SDK's Contact type has it. */
export type SendblueWireContact = Record<string, unknown> & { phone: string };

const ACCOUNT_EMAIL = 'owner@example.com';
const DEFAULT_MEDIA_TTL_MS = 30 * 86_400_000;
const ORDER_FIELDS = { createdAt: 'createdMs', updatedAt: 'updatedMs', sentAt: 'createdMs' } as const;

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
  let eventsRefusal: 403 | 404 | 500 | null = null;
  let eventsMuted = false;
  let eventCounter = 0;
  /** Open streams; `types` is the ?types= allowlist (null: every type). */
  const streams = new Set<{ res: ServerResponse; timers: NodeJS.Timeout[]; types: Set<string> | null }>();
  const eventRandom = createRandom(seed, 'live');
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

  function render(message: StoredMessage, casing: 'list' | 'send'): SendblueWireMessage {
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

  function writeEvent(event: { id: string; type: string; data: Record<string, unknown> }): void {
    if (eventsMuted) return;
    const payload = JSON.stringify({ id: event.id, type: event.type, occurred_at: new Date(now()).toISOString(), data: event.data, version: 1 });
    for (const stream of streams) {
      if (stream.types && !stream.types.has(event.type)) continue;
      stream.res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${payload}\n\n`);
    }
  }

  /** An event as Sendblue's stream would carry it: a stable id, a type and minimal data. */
  function emitEvent(type: string, data: Record<string, unknown>): void {
    eventCounter += 1;
    writeEvent({ id: `evt_${eventCounter}_${eventRandom.digits(6)}`, type, data });
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    if (eventsRefusal !== null) return fail(res, eventsRefusal, eventsRefusal === 500 ? 'Internal server error' : 'Events are not available');
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const types = new URL(req.url ?? '/', 'http://fake').searchParams.get('types');
    const stream = { res, timers: [] as NodeJS.Timeout[], types: types ? new Set(types.split(',').map((t) => t.trim())) : null };
    const heartbeat = setInterval(() => {
      if (!eventsMuted) res.write(': heartbeat\n\n');
    }, options.eventHeartbeatMs ?? 15_000);
    const rotate = setTimeout(() => res.end(), options.eventRotateMs ?? 15 * 60_000);
    heartbeat.unref();
    rotate.unref();
    stream.timers.push(heartbeat, rotate);
    streams.add(stream);
    const forget = () => {
      for (const timer of stream.timers) clearTimeout(timer);
      streams.delete(stream);
    };
    res.on('close', forget);
    req.on('close', forget);
  }

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  /** Sendblue's error shape: {status: "ERROR", message}. */
  const fail = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    json(res, status, { status: 'ERROR', message }, headers);

  function overRateLimit(at: number): number | null {
    while (recent.length > 0 && recent[0]! <= at - rateLimit.windowMs) recent.shift();
    if (recent.length >= rateLimit.requests) return recent[0]! + rateLimit.windowMs - at;
    recent.push(at);
    return null;
  }

  function listMessages(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const limit = q.has('limit') ? Number(q.get('limit')) : 100;
    const offset = q.has('offset') ? Number(q.get('offset')) : 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(res, 400, 'limit must be an integer between 1 and 1000');
    if (!Number.isInteger(offset) || offset < 0) return fail(res, 400, 'offset must be a non-negative integer');
    const orderBy = q.get('order_by') ?? 'createdAt';
    const direction = q.get('order_direction') ?? 'desc';
    if (!(orderBy in ORDER_FIELDS)) return fail(res, 400, 'order_by must be one of createdAt, updatedAt, sentAt');
    if (direction !== 'asc' && direction !== 'desc') return fail(res, 400, 'order_direction must be asc or desc');

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
      if (Number.isNaN(at)) return fail(res, 400, `${param} must be an ISO 8601 date`);
      checks.push(op === 'gte' ? (m) => m[field] >= at : (m) => m[field] <= at);
    }
    const equal = (param: string, pick: (m: StoredMessage, rendered: SendblueWireMessage) => unknown) => {
      const value = q.get(param);
      if (value !== null) checks.push((m) => String(pick(m, render(m, 'list'))) === value);
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
    const matching = data.messages
      .filter((m) => checks.every((check) => check(m)))
      // Ties break on the handle so that offsets are stable between requests.
      .sort((a, b) => sign * (a[field] - b[field] || (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0)));
    const page = matching.slice(offset, offset + limit);
    json(res, 200, {
      data: page.map((m) => render(m, 'list')),
      pagination: { hasMore: offset + page.length < matching.length, limit, offset, total: matching.length },
      status: 'OK',
    });
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
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
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
    if (method === 'GET' && url.pathname === '/api/v2/events') return openEventStream(req, res);
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
      return listMessages(url, res);
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
    emitEvent('message.created', { message_handle: message.handle, sendblue_number: message.sendblueNumber });
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
        emitEvent('message.updated', { message_handle: message.handle, sendblue_number: message.sendblueNumber });
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
        for (const stream of streams) for (const timer of stream.timers) clearTimeout(timer);
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
      emitEvent('line.status.changed', { sendblue_number: line, status });
    },
    eventStreams: () => streams.size,
    dropEventStreams() {
      for (const stream of streams) stream.res.destroy();
    },
    muteEventStreams(muted) {
      eventsMuted = muted;
    },
    refuseEvents(status) {
      eventsRefusal = status;
    },
    sendEvent: writeEvent,
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
      emitEvent('message.received', { message_handle: message.handle, sendblue_number: message.sendblueNumber });
      return render(message, 'list');
    },
    updateStatus(handle, status) {
      const message = find(handle);
      message.status = status;
      message.updatedMs = stamp();
      emitEvent('message.updated', { message_handle: message.handle, sendblue_number: message.sendblueNumber, status });
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

export type { SendblueStatus } from '../../../demo/fakes/sendblue/data';
