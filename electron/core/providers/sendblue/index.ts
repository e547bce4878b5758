import { ProviderParseError } from '../errors';
import { createHttpClient, encodeSegment, isRecord, shortPlainText, type ErrorDetail, type HttpRequest, type ClientOptions } from '../http';
import { parseOne, summarizeIssues } from '../inkbox/parse';
import type { ParseIssue, RemoteText } from '../types';
import { z } from 'zod';
import { toRemoteText, WireMessage, WireMessageEnvelope, WireMessageList } from './schemas';

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
  texts: RemoteText[];
  /** Items the server sent, malformed ones included: offsets advance by this, not texts.length. */
  received: number;
  hasMore: boolean | null;
  total: number | null;
}

export interface SendblueClient {
  listMessages(query: MessageQuery): Promise<MessagePage>;
  getMessage(handle: string): Promise<RemoteText>;
  /** Best effort, iMessage and RCS only: a read receipt to the other party, not a flag we can read back. */
  markRead(sendblueNumber: string, number: string): Promise<void>;
  /**
   * POST /api/send-message {number, from_number, content} to one recipient, or
   * POST /api/send-group-message {group_id, from_number, content} into a group. Sent once.
   */
  sendMessage(input: { fromNumber: string; to: string } | { fromNumber: string; groupId: string }, content: string): Promise<{ handle: string; status: string | null }>;
}

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
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    maxRetryAfterMs: options.maxRetryAfterMs,
    sleep: options.sleep,
    signal: options.signal,
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
      const texts: RemoteText[] = [];
      list.data.data.forEach((raw, index) => {
        const item = WireMessage.safeParse(raw);
        if (item.success) texts.push(toRemoteText(item.data));
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
      return toRemoteText(parseOne(WireMessage, envelope.data, { provider: PROVIDER, endpoint }));
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

function report(onIssue: ((issue: ParseIssue) => void) | undefined, issue: ParseIssue): void {
  try {
    onIssue?.(issue);
  } catch {
    // A failing reporter must not turn a skipped item into a failed sync.
  }
}
