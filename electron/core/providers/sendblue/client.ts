import { z } from 'zod';
import { ProviderNetworkError, ProviderParseError } from '../errors';
import {
  clientTransport,
  createHttpClient,
  encodeSegment,
  errorForStatus,
  isRecord,
  shortPlainText,
  type ClientOptions,
  type ErrorDetail,
  type HttpRequest,
} from '../http';
import { createSseParser } from '../sse';
import { parseOne, summarizeIssues } from '../parse';
import type { ParseIssue, RemoteMessage } from '../types';
import { toRemoteMessage } from './map';
import {
  toLineState,
  WireLineState,
  WireLineStateList,
  WireMessage,
  WireMessageEnvelope,
  WireMessageList,
  type SendblueLineState,
} from './schemas';

import type { RemoteContact } from '../contacts';
import { getSendblueContact, listSendblueContacts } from './contacts';

export type { SendblueLineState, SendblueLineStatus } from './schemas';

/** The send answer: the SDK's MessageResponse, of which only the handle and status are used. */
const WireSendAnswer = z.object({ message_handle: z.string().min(1), status: z.string().nullish() });

export const DEFAULT_SENDBLUE_BASE_URL = 'https://api.sendblue.co';

const PROVIDER = 'Sendblue';
const LIST_ENDPOINT = 'GET /api/v2/messages';

export interface SendblueClientOptions extends ClientOptions {
  /** Sent as sb-api-key-id. */
  apiKey: string;
  /** Sent as sb-api-secret-key. */
  apiSecret: string;
}

/** The filters of GET /api/v2/messages that the sync uses. */
export interface MessageQuery {
  limit: number;
  offset: number;
  sendblueNumber?: string;
  createdAtGte?: string;
  updatedAtGte?: string;
  updatedAtLte?: string;
  orderBy?: 'createdAt' | 'updatedAt' | 'sentAt';
  orderDirection?: 'asc' | 'desc';
}

export interface MessagePage {
  texts: RemoteMessage[];
  /** Items the server sent, malformed ones included: offsets advance by this, not texts.length. */
  received: number;
  hasMore: boolean | null;
  total: number | null;
}

export interface SendblueClient {
  listMessages(query: MessageQuery): Promise<MessagePage>;
  getMessage(handle: string): Promise<RemoteMessage>;
  /** Best effort, iMessage and RCS only: a read receipt to the other party, not a flag we can read back. */
  markRead(sendblueNumber: string, number: string): Promise<void>;
  /** GET /api/v2/lines/state: the account's lines and their health, in one request. */
  getLineStates(): Promise<SendblueLineState[]>;
  /**
   * GET /api/v2/events, the account's live event stream: resolves when the server ends it (it
   * rotates within 15 minutes), rejects when it fails or stays silent past `idleTimeoutMs`
   * (heartbeats come every 15 s). Not durable: what happens while it is closed is not replayed.
   */
  streamEvents(handlers: EventStreamHandlers, options: { signal: AbortSignal; idleTimeoutMs: number }): Promise<void>;
  /** The account's address book (GET /api/v2/contacts, every page). */
  listContacts(): Promise<RemoteContact[]>;
  /** One contact by phone (GET /api/v2/contacts/{phone}); null when there is none. */
  getContact(phone: string): Promise<RemoteContact | null>;
  /**
   * POST /api/send-message {number, from_number, content} to one recipient, or
   * POST /api/send-group-message {group_id, from_number, content} into a group. Sent once.
   */
  sendMessage(input: { fromNumber: string; to: string } | { fromNumber: string; groupId: string }, content: string): Promise<{ handle: string; status: string | null }>;
}

/** An event as the SDK's AccountEvent declares it; `data` is minimal and untyped. */
export interface SendblueAccountEvent {
  id: string;
  type: string;
  occurredAt: string | null;
  data: Record<string, unknown>;
}

export interface EventStreamHandlers {
  /** The server accepted the stream (2xx, text/event-stream). */
  onOpen(): void;
  onEvent(event: SendblueAccountEvent): void;
}

/** The event types the sync acts on (SDK AccountEvent['type']), asked for with ?types=. */
export const EVENT_TYPES = [
  'message.received',
  'message.created',
  'message.updated',
  'line.assigned',
  'line.unassigned',
  'line.status.changed',
  'line.blocked',
] as const;

const WireAccountEvent = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  type: z.string().min(1),
  occurred_at: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

export function createSendblueClient(options: SendblueClientOptions): SendblueClient {
  // Keys are often pasted with a trailing newline.
  const apiKey = options.apiKey.trim();
  const apiSecret = options.apiSecret.trim();
  const baseUrl = options.baseUrl ?? DEFAULT_SENDBLUE_BASE_URL;
  const http = createHttpClient({
    provider: PROVIDER,
    baseUrl,
    headers: { 'sb-api-key-id': apiKey, 'sb-api-secret-key': apiSecret },
    secrets: [apiKey, apiSecret],
    credentialLabel: 'API key ID or secret',
    ...clientTransport(options),
    describeError: describeSendblueError,
  });

  const request = async (req: HttpRequest) => (await http.request(req)).body;

  return {
    async listMessages(query) {
      const body = await request({
        method: 'GET',
        path: '/api/v2/messages',
        query: {
          limit: query.limit,
          offset: query.offset,
          sendblue_number: query.sendblueNumber,
          created_at_gte: query.createdAtGte,
          updated_at_gte: query.updatedAtGte,
          updated_at_lte: query.updatedAtLte,
          order_by: query.orderBy,
          order_direction: query.orderDirection,
        },
      });
      const list = WireMessageList.safeParse(body);
      if (!list.success) {
        throw new ProviderParseError({ provider: PROVIDER, endpoint: LIST_ENDPOINT, problem: summarizeIssues(list.error) });
      }
      const texts: RemoteMessage[] = [];
      list.data.data.forEach((raw, index) => {
        const item = WireMessage.safeParse(raw);
        if (item.success) texts.push(toRemoteMessage(item.data));
        else report(options.onIssue, { endpoint: LIST_ENDPOINT, index, message: summarizeIssues(item.error) });
      });
      return {
        texts,
        received: list.data.data.length,
        hasMore: list.data.pagination?.has_more ?? null,
        total: list.data.pagination?.total ?? null,
      };
    },

    async getMessage(handle) {
      const endpoint = 'GET /api/v2/messages/{handle}';
      const body = await request({
        method: 'GET',
        path: `/api/v2/messages/${encodeSegment(handle)}`,
        resource: { kind: 'other', description: `the message ${handle}` },
      });
      const envelope = parseOne(WireMessageEnvelope, body, { provider: PROVIDER, endpoint });
      return toRemoteMessage(parseOne(WireMessage, envelope.data, { provider: PROVIDER, endpoint }));
    },

    async getLineStates() {
      const endpoint = 'GET /api/v2/lines/state';
      const body = await request({ method: 'GET', path: '/api/v2/lines/state', resource: { kind: 'other', description: 'the lines state' } });
      const list = WireLineStateList.safeParse(body);
      if (!list.success) throw new ProviderParseError({ provider: PROVIDER, endpoint, problem: summarizeIssues(list.error) });
      const lines: SendblueLineState[] = [];
      list.data.data.forEach((raw, index) => {
        const item = WireLineState.safeParse(raw);
        if (!item.success) return report(options.onIssue, { endpoint, index, message: summarizeIssues(item.error) });
        const line = toLineState(item.data);
        if (line && !lines.some((l) => l.sendblueNumber === line.sendblueNumber)) lines.push(line);
      });
      return lines;
    },

    async streamEvents(handlers, { signal, idleTimeoutMs }) {
      const endpoint = 'GET /api/v2/events';
      // Silence past the idle timeout means a dead connection (a proxy that holds it open).
      const idle = new AbortController();
      let timer: NodeJS.Timeout | null = null;
      const touch = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => idle.abort(), idleTimeoutMs);
        timer.unref?.();
      };
      const stop = AbortSignal.any([signal, idle.signal]);
      touch();
      try {
        let response: Response;
        try {
          // Only what changes the cache: typing indicators would wake the stream for nothing.
          const url = `${baseUrl.replace(/\/+$/, '')}/api/v2/events?types=${encodeURIComponent(EVENT_TYPES.join(','))}`;
          response = await fetch(url, {
            headers: { accept: 'text/event-stream', 'sb-api-key-id': apiKey, 'sb-api-secret-key': apiSecret },
            signal: stop,
            redirect: 'manual',
          });
        } catch (error) {
          throw streamFailure(error, signal, idle.signal, idleTimeoutMs, 'connection');
        }
        if (!response.ok) {
          const text = await response.text().catch(() => '');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Plain text: describeSendblueError reads it as such.
          }
          throw errorForStatus(PROVIDER, response.status, describeSendblueError(body), null, { kind: 'other', description: 'the event stream' });
        }
        if (!/^text\/event-stream/i.test(response.headers.get('content-type') ?? '') || !response.body) {
          await response.body?.cancel().catch(() => undefined);
          throw new ProviderParseError({ provider: PROVIDER, endpoint, problem: 'the answer is not a text/event-stream' });
        }
        handlers.onOpen();
        touch();
        const parser = createSseParser({
          onActivity: touch,
          onEvent: (sse) => {
            let raw: unknown;
            try {
              raw = JSON.parse(sse.data);
            } catch {
              return report(options.onIssue, { endpoint, index: null, message: 'An event whose data is not JSON was skipped' });
            }
            const parsed = WireAccountEvent.safeParse(raw);
            if (!parsed.success) return report(options.onIssue, { endpoint, index: null, message: summarizeIssues(parsed.error) });
            handlers.onEvent({ id: parsed.data.id, type: parsed.data.type, occurredAt: parsed.data.occurred_at ?? null, data: parsed.data.data ?? {} });
          },
        });
        try {
          for await (const chunk of response.body) parser.push(chunk as Uint8Array);
        } catch (error) {
          throw streamFailure(error, signal, idle.signal, idleTimeoutMs, 'truncated');
        }
      } finally {
        if (timer) clearTimeout(timer);
      }
    },

    async sendMessage(input, content) {
      const group = 'groupId' in input;
      const path = group ? '/api/send-group-message' : '/api/send-message';
      const body = await request({
        method: 'POST',
        path,
        body: group ? { group_id: input.groupId, from_number: input.fromNumber, content } : { number: input.to, from_number: input.fromNumber, content },
        noRetry: true,
      });
      const answer = parseOne(WireSendAnswer, body, { provider: PROVIDER, endpoint: `POST ${path}` });
      return { handle: answer.message_handle, status: answer.status ?? null };
    },

    async markRead(sendblueNumber, number) {
      await request({ method: 'POST', path: '/api/mark-read', body: { number, from_number: sendblueNumber }, idempotent: true });
    },

    listContacts: () => listSendblueContacts(http, options.onIssue),
    getContact: (phone) => getSendblueContact(http, phone),
  };
}

/** Sendblue errors read {status: "ERROR", message} or {error_message}. */
export function describeSendblueError(body: unknown): ErrorDetail {
  if (typeof body === 'string') return { text: shortPlainText(body), code: null };
  if (!isRecord(body)) return { text: null, code: null };
  for (const key of ['message', 'error_message', 'errorMessage', 'error']) {
    const value = body[key];
    if (typeof value === 'string' && value.trim() !== '') {
      const code = body['error_code'] ?? body['code'];
      return { text: value.trim(), code: typeof code === 'string' || typeof code === 'number' ? String(code) : null };
    }
  }
  return { text: null, code: null };
}

function streamFailure(error: unknown, signal: AbortSignal, idle: AbortSignal, idleTimeoutMs: number, failure: 'connection' | 'truncated'): unknown {
  if (signal.aborted) return signal.reason;
  if (idle.aborted) {
    return new ProviderNetworkError(
      { provider: PROVIDER, failure: 'timeout', message: `${PROVIDER}'s event stream was silent for ${Math.round(idleTimeoutMs / 1000)} s.` },
      { cause: error },
    );
  }
  return new ProviderNetworkError(
    {
      provider: PROVIDER,
      failure,
      message: failure === 'connection' ? `Could not open ${PROVIDER}'s event stream.` : `${PROVIDER}'s event stream broke off.`,
    },
    { cause: error },
  );
}

function report(onIssue: ((issue: ParseIssue) => void) | undefined, issue: ParseIssue): void {
  try {
    onIssue?.(issue);
  } catch {
    // A failing reporter must not turn a skipped item into a failed sync.
  }
}
