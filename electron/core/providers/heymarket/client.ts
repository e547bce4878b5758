import type { z } from 'zod';
import { clientTransport, createHttpClient, type HttpRequest, type ClientOptions } from '../http';
import { parseList, parseOne } from '../parse';
import type { RemoteContact } from '../contacts';
import { getHeymarketContact, listHeymarketContacts } from './contacts';
import { describeHeymarketError } from './errorDetail';
import { createTokenSource, type HeymarketSecret, type TokenSource } from './jwt';
import { WireCount, WireInbox, WireMember, WireMessage, WireSendAnswer, toHeymarketPhone, type HeymarketInbox, type HeymarketMessage } from './schemas';

export type { HeymarketInbox, HeymarketMessage } from './schemas';

export const DEFAULT_HEYMARKET_BASE_URL = 'https://api.heymarket.com/v1';
/** Heymarket's page size for messages/all. */
export const HEYMARKET_PAGE_LIMIT = 30;

const PROVIDER = 'Heymarket';

export interface HeymarketClientOptions extends ClientOptions {
  /** The team API key (legacy), sent as the Bearer token; ignored when `secret` is given. */
  apiKey?: string;
  /** An API Secret (recommended): short-lived JWTs are minted from it as needed. */
  secret?: HeymarketSecret;
  /** The clock JWTs are minted by (tests). */
  now?: () => number;
}

export interface AllMessagesQuery {
  /** RFC 3339; exclusive on the fake and, as far as we know, on Heymarket. null = from the start. */
  cursor: string | null;
  order: 'created_at' | 'updated_at';
  ascending: boolean;
  limit?: number;
  /** With a cursor: the last text reached at the cursor's instant, so ties are not read again. */
  afterId?: string | null;
  /** Pages of `limit` from 0, for servers that do not break ties by id. */
  page?: number;
}

export interface HeymarketClient {
  listInboxes(): Promise<HeymarketInbox[]>;
  listAllMessages(query: AllMessagesQuery): Promise<HeymarketMessage[]>;
  countAllMessages(query?: Partial<Pick<AllMessagesQuery, 'cursor' | 'order' | 'ascending'>>): Promise<number>;
  /** Up to 50 texts of one conversation older than `beforeUnix` (seconds), newest first. */
  listConversationMessages(inboxId: string, remote: string, beforeUnix: number): Promise<HeymarketMessage[]>;
  markConversationRead(inboxId: string, userId: string, remote: string): Promise<void>;
  /** The team's address book (POST /v1/contacts, every page). */
  listContacts(): Promise<RemoteContact[]>;
  /** One contact by phone (POST /v1/contact/get); null when there is none. */
  getContact(phone: string): Promise<RemoteContact | null>;
  /** GET /v1/team: the member ids a send may name as its creator. */
  listMembers(): Promise<{ id: string }[]>;
  /**
   * POST /v1/message/send {inbox_id, creator_id, phone_number, text, local_id}: local_id makes
   * a retry of the same text safe. Answers {id, date}.
   */
  sendMessage(input: { inboxId: string; creatorId: string; remote: string; text: string; localId: string }): Promise<{ id: string; date: string | null }>;
}

export function createHeymarketClient(options: HeymarketClientOptions): HeymarketClient {
  // Keys are often pasted with a trailing newline.
  const secret = options.secret && { secretId: options.secret.secretId.trim(), secretKey: options.secret.secretKey.trim() };
  const apiKey = (options.apiKey ?? '').trim();
  const tokens: TokenSource | null = secret ? createTokenSource(secret, options.now) : null;
  const baseUrl = options.baseUrl ?? DEFAULT_HEYMARKET_BASE_URL;
  const http = createHttpClient({
    provider: PROVIDER,
    baseUrl,
    headers: tokens ? {} : { authorization: `Bearer ${apiKey}` },
    authorize: tokens ? () => ({ authorization: `Bearer ${tokens.token()}` }) : undefined,
    secrets: secret ? [secret.secretId, secret.secretKey] : [apiKey],
    credentialLabel: secret ? 'API Secret ID or Key' : 'API token',
    ...clientTransport(options),
    describeError: describeHeymarketError,
  });

  async function list<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.output<S>[]> {
    const response = await http.request(request);
    return parseList(schema, response.body, { provider: PROVIDER, endpoint: `${request.method} ${request.path}`, onIssue: options.onIssue });
  }

  return {
    listInboxes: () => list(WireInbox, { method: 'GET', path: '/inboxes' }),

    // messages/all only reads, though it is a POST: retrying it is harmless.
    listAllMessages: (query) =>
      list(WireMessage, {
        method: 'POST',
        path: '/messages/all',
        idempotent: true,
        body: {
          created_at: query.cursor ?? undefined,
          order: query.order,
          ascending: query.ascending,
          limit: query.limit ?? HEYMARKET_PAGE_LIMIT,
          id: query.afterId ? Number(query.afterId) : undefined,
          page: query.page ? query.page : undefined,
        },
      }),

    async countAllMessages(query = {}) {
      const request: HttpRequest = {
        method: 'POST',
        path: '/messages/all/count',
        idempotent: true,
        body: { created_at: query.cursor ?? undefined, order: query.order, ascending: query.ascending },
      };
      const response = await http.request(request);
      return parseOne(WireCount, response.body, { provider: PROVIDER, endpoint: 'POST /messages/all/count' });
    },

    listConversationMessages: (inboxId, remote, beforeUnix) =>
      list(WireMessage, {
        method: 'GET',
        path: '/messages',
        query: { phoneNumber: toHeymarketPhone(remote), inboxID: inboxId, timestamp: Math.floor(beforeUnix) },
        resource: { kind: 'conversation', numberId: inboxId, remote },
      }),

    listMembers: () => list(WireMember, { method: 'GET', path: '/team' }),

    async sendMessage(input) {
      const response = await http.request({
        method: 'POST',
        path: '/message/send',
        noRetry: true,
        body: {
          inbox_id: Number(input.inboxId),
          creator_id: Number(input.creatorId),
          phone_number: toHeymarketPhone(input.remote),
          text: input.text,
          local_id: input.localId,
        },
        resource: { kind: 'number', numberId: input.inboxId },
      });
      const answer = parseOne(WireSendAnswer, response.body, { provider: PROVIDER, endpoint: 'POST /message/send' });
      return { id: answer.id, date: answer.date };
    },

    async markConversationRead(inboxId, userId, remote) {
      // Reading twice is harmless, so transient failures are retried.
      await http.request({
        method: 'POST',
        path: '/conversations/read',
        idempotent: true,
        body: { inbox_id: Number(inboxId), user_id: Number(userId), target: toHeymarketPhone(remote) },
        resource: { kind: 'conversation', numberId: inboxId, remote },
      });
    },

    listContacts: () => listHeymarketContacts(http, options.onIssue),
    getContact: (phone) => getHeymarketContact(http, phone),
  };
}
