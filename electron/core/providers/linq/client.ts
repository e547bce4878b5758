import { z } from 'zod';
import { ProviderNotFoundError, type ProviderResource } from '../errors';
import { clientTransport, createHttpClient, encodeSegment, type HttpRequest, type ClientOptions } from '../http';
import { parseList, parseOne } from '../parse';
import type { DeleteResult, RemoteNumber } from '../types';
import { describeLinqError } from './errorDetail';
import {
  ChatsEnvelope,
  MessagesEnvelope,
  PhoneNumbersEnvelope,
  WireChat,
  WireMessage,
  WirePhoneNumber,
  type LinqChatInfo,
  type LinqMessageInfo,
} from './schemas';

/** SentMessage in the SDK: of a send's answer only the ids and the status are used. */
const WireSentMessage = z.object({ id: z.string().min(1), delivery_status: z.string().nullish() });
const WireSendAnswer = z.object({ chat_id: z.string().min(1), message: WireSentMessage });
const WireCreateChatAnswer = z.object({ chat: z.object({ id: z.string().min(1), message: WireSentMessage }) });

export interface LinqSent {
  chatId: string;
  messageId: string;
  deliveryStatus: string | null;
}

export const DEFAULT_LINQ_BASE_URL = 'https://api.linqapp.com/api/partner/v3';
const PROVIDER = 'Linq';

export interface LinqClientOptions extends ClientOptions {
  /** The Partner API token, sent as a Bearer token. */
  apiKey: string;
}

export interface CursorPage<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

export interface LinqClient {
  listNumbers(): Promise<RemoteNumber[]>;
  /** Chats of one number (its E.164), most recently updated first. */
  listChats(from: string, page: { cursor?: string | null; limit: number }): Promise<CursorPage<LinqChatInfo>>;
  getChat(chatId: string): Promise<LinqChatInfo>;
  /** A chat's messages, newest first. */
  listMessages(chatId: string, page: { cursor?: string | null; limit: number }): Promise<CursorPage<LinqMessageInfo>>;
  getMessage(messageId: string): Promise<LinqMessageInfo>;
  markChatRead(chatId: string): Promise<void>;
  /** Deletes from Linq's records (recipients keep their copy); 404 means already gone. */
  deleteMessage(messageId: string): Promise<DeleteResult>;
  /** The 1:1 chat of a number with a handle, if there is one (GET /chats?from&to). */
  findChat(from: string, to: string): Promise<LinqChatInfo | null>;
  /** POST /chats/{chatId}/messages with an idempotency key. Sent once. */
  sendMessage(chatId: string, text: string, idempotencyKey: string): Promise<LinqSent>;
  /** POST /chats {from, to: [to], message}: a first text to someone new creates the chat. Sent once. */
  createChat(from: string, to: string, text: string, idempotencyKey: string): Promise<LinqSent>;
}

export function createLinqClient(options: LinqClientOptions): LinqClient {
  const apiKey = options.apiKey.trim();
  // fetch would reject a bad header value with a message that quotes the value: the token.
  const baseUrl = options.baseUrl ?? DEFAULT_LINQ_BASE_URL;
  const http = createHttpClient({
    provider: PROVIDER,
    baseUrl,
    headers: { authorization: `Bearer ${apiKey}` },
    secrets: [apiKey],
    credentialLabel: 'API token',
    ...clientTransport(options),
    describeError: describeLinqError,
  });
  const context = (request: HttpRequest) => ({
    provider: PROVIDER,
    endpoint: `${request.method} ${request.path.replace(/\/(chats|messages)\/[^/]+/g, '/$1/{id}')}`,
    onIssue: options.onIssue,
  });

  async function one<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.output<S>> {
    const response = await http.request(request);
    return parseOne(schema, response.body, context(request));
  }

  async function page<S extends z.ZodType>(
    key: 'chats' | 'messages',
    schema: S,
    request: HttpRequest,
  ): Promise<CursorPage<z.output<S>>> {
    const envelope = await one(key === 'chats' ? ChatsEnvelope : MessagesEnvelope, request);
    const raw = key === 'chats' ? (envelope as z.output<typeof ChatsEnvelope>).chats : (envelope as z.output<typeof MessagesEnvelope>).messages;
    // An empty string is how some SDK versions spell "no more pages".
    return { items: parseList(schema, raw, context(request)), nextCursor: envelope.next_cursor || null };
  }

  const chatResource = (chatId: string): ProviderResource => ({ kind: 'other', description: `chat ${chatId}` });
  const messageResource = (messageId: string): ProviderResource => ({ kind: 'other', description: `message ${messageId}` });

  return {
    async listNumbers() {
      const request: HttpRequest = { method: 'GET', path: '/phone_numbers' };
      const envelope = await one(PhoneNumbersEnvelope, request);
      return parseList(WirePhoneNumber, envelope.phone_numbers, context(request));
    },
    listChats: (from, { cursor, limit }) =>
      page('chats', WireChat, { method: 'GET', path: '/chats', query: { from, limit, cursor: cursor ?? undefined } }),
    getChat: (chatId) =>
      one(WireChat, { method: 'GET', path: `/chats/${encodeSegment(chatId)}`, resource: chatResource(chatId) }),
    listMessages: (chatId, { cursor, limit }) =>
      page('messages', WireMessage, {
        method: 'GET',
        path: `/chats/${encodeSegment(chatId)}/messages`,
        query: { limit, cursor: cursor ?? undefined },
        resource: chatResource(chatId),
      }),
    getMessage: (messageId) =>
      one(WireMessage, { method: 'GET', path: `/messages/${encodeSegment(messageId)}`, resource: messageResource(messageId) }),
    async markChatRead(chatId) {
      // Marking read twice is harmless, so a lost answer may be retried like a GET.
      await http.request({ method: 'POST', path: `/chats/${encodeSegment(chatId)}/read`, idempotent: true, resource: chatResource(chatId) });
    },
    async findChat(from, to) {
      const found = await page('chats', WireChat, { method: 'GET', path: '/chats', query: { from, to, limit: 20 } });
      return found.items.find((chat) => !chat.isGroup) ?? null;
    },
    async sendMessage(chatId, text, idempotencyKey) {
      const answer = await one(WireSendAnswer, {
        method: 'POST',
        path: `/chats/${encodeSegment(chatId)}/messages`,
        body: { message: { parts: [{ type: 'text', value: text }], idempotency_key: idempotencyKey } },
        noRetry: true,
        resource: chatResource(chatId),
      });
      return { chatId: answer.chat_id, messageId: answer.message.id, deliveryStatus: answer.message.delivery_status ?? null };
    },
    async createChat(from, to, text, idempotencyKey) {
      const answer = await one(WireCreateChatAnswer, {
        method: 'POST',
        path: '/chats',
        body: { from, to: [to], message: { parts: [{ type: 'text', value: text }], idempotency_key: idempotencyKey } },
        noRetry: true,
      });
      return { chatId: answer.chat.id, messageId: answer.chat.message.id, deliveryStatus: answer.chat.message.delivery_status ?? null };
    },
    async deleteMessage(messageId) {
      try {
        await http.request({ method: 'DELETE', path: `/messages/${encodeSegment(messageId)}`, resource: messageResource(messageId) });
      } catch (error) {
        if (!(error instanceof ProviderNotFoundError)) throw error;
      }
      return { scope: 'server' };
    },
  };
}

export type { LinqChatInfo, LinqMessageInfo } from './schemas';
