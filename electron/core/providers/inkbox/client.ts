import type { z } from 'zod';
import {
  ProviderNotFoundError,
  ProviderValidationError,
  type ProviderResource,
} from '../errors';
import { encodeSegment, isRecord, type HttpRequest, type ClientOptions } from '../http';
import type {
  DeleteResult,
  PageOptions,
  RemoteConversationSummary,
  RemoteNumber,
  RemoteMessage,
} from '../types';
import { inkboxHttp, PROVIDER } from './http';
import { parseList, parseOne } from '../parse';
import {
  WireConversationReadResult,
  WireConversationSummary,
  WireNumber,
  WireText,
} from './schemas';

export const DEFAULT_INKBOX_BASE_URL = 'https://inkbox.ai/api/v1/phone';


export interface InkboxClientOptions extends ClientOptions {
  /** Sent as X-API-Key. */
  apiKey: string;
}

export interface InkboxClient {
  listNumbers(): Promise<RemoteNumber[]>;
  listTexts(numberId: string, page: PageOptions & { isRead?: boolean }): Promise<RemoteMessage[]>;
  getText(numberId: string, textId: string): Promise<RemoteMessage>;
  setTextRead(numberId: string, textId: string, isRead: boolean): Promise<RemoteMessage>;
  /** 422 (newer servers dropped status) -> local scope; 404 -> already gone, server scope. */
  deleteText(numberId: string, textId: string): Promise<DeleteResult>;
  searchTexts(numberId: string, q: string, limit?: number): Promise<RemoteMessage[]>;
  listConversations(numberId: string, page: PageOptions): Promise<RemoteConversationSummary[]>;
  getConversation(numberId: string, remote: string, page: PageOptions): Promise<RemoteMessage[]>;
  setConversationRead(
    numberId: string,
    remote: string,
    isRead: boolean,
  ): Promise<{ remotePhoneNumber: string; isRead: boolean; updatedCount: number }>;
  /**
   * POST /numbers/{id}/texts: to one E.164 number, or into an existing conversation (a group).
   * Answers the queued text. Sent once: the caller looks for it before trying again.
   */
  sendText(numberId: string, message: { to: string } | { conversationId: string }, text: string): Promise<RemoteMessage>;
}

export function createInkboxClient(options: InkboxClientOptions): InkboxClient {
  const baseUrl = options.baseUrl ?? DEFAULT_INKBOX_BASE_URL;
  const http = inkboxHttp(options, baseUrl);

  async function call(request: HttpRequest): Promise<{ body: unknown; endpoint: string }> {
    const response = await http.request(request);
    return { body: response.body, endpoint: `${request.method} ${request.path}` };
  }

  async function list<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.output<S>[]> {
    const { body, endpoint } = await call(request);
    return parseList(schema, body, { provider: PROVIDER, endpoint, onIssue: options.onIssue });
  }

  async function one<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.output<S>> {
    const { body, endpoint } = await call(request);
    return parseOne(schema, body, { provider: PROVIDER, endpoint, onIssue: options.onIssue });
  }

  const textsPath = (numberId: string) => `/numbers/${encodeSegment(numberId)}/texts`;
  const textPath = (numberId: string, textId: string) =>
    `${textsPath(numberId)}/${encodeSegment(textId)}`;
  const conversationPath = (numberId: string, remote: string) =>
    `${textsPath(numberId)}/conversations/${encodeSegment(remote)}`;

  const textResource = (numberId: string, textId: string) =>
    missing(numberId, { kind: 'text', numberId, textId }, 'specific');
  const conversationResource = (numberId: string, remote: string) =>
    missing(numberId, { kind: 'conversation', numberId, remote }, 'number');

  return {
    listNumbers: () => list(WireNumber, { method: 'GET', path: '/numbers' }),

    listTexts: (numberId, page) =>
      list(WireText, {
        method: 'GET',
        path: textsPath(numberId),
        query: { limit: page.limit, offset: page.offset, is_read: page.isRead },
        resource: missing(numberId),
      }),

    getText: (numberId, textId) =>
      one(WireText, { method: 'GET', path: textPath(numberId, textId), resource: textResource(numberId, textId) }),

    setTextRead: (numberId, textId, isRead) =>
      one(WireText, {
        method: 'PATCH',
        path: textPath(numberId, textId),
        body: { is_read: isRead },
        resource: textResource(numberId, textId),
      }),

    async deleteText(numberId, textId) {
      try {
        const { body } = await call({
          method: 'PATCH',
          path: textPath(numberId, textId),
          body: { status: 'deleted' },
          resource: textResource(numberId, textId),
        });
        // A server that accepted the request but says the text is still active did not delete it.
        if (isRecord(body) && body['status'] === 'active') {
          return { scope: 'local', reason: 'Inkbox kept the text, so it was hidden on this device only.' };
        }
        return { scope: 'server' };
      } catch (error) {
        if (error instanceof ProviderValidationError && error.status === 422) {
          const why = error.detail === null ? '' : ` (${error.detail.replace(/\.+$/, '')})`;
          return {
            scope: 'local',
            reason: `This Inkbox server does not support deleting texts${why}, so it was hidden on this device only.`,
          };
        }
        // The text is already gone; but a 404 for the whole number (released) deleted nothing.
        if (error instanceof ProviderNotFoundError && error.resource.kind !== 'number') return { scope: 'server' };
        throw error;
      }
    },

    searchTexts: (numberId, q, limit) =>
      list(WireText, {
        method: 'GET',
        path: `${textsPath(numberId)}/search`,
        query: { q, limit },
        resource: missing(numberId),
      }),

    listConversations: (numberId, page) =>
      list(WireConversationSummary, {
        method: 'GET',
        path: `${textsPath(numberId)}/conversations`,
        query: { limit: page.limit, offset: page.offset },
        resource: missing(numberId),
      }),

    getConversation: (numberId, remote, page) =>
      list(WireText, {
        method: 'GET',
        path: conversationPath(numberId, remote),
        query: { limit: page.limit, offset: page.offset },
        resource: conversationResource(numberId, remote),
      }),

    sendText: (numberId, message, text) =>
      one(WireText, {
        method: 'POST',
        path: textsPath(numberId),
        body: 'to' in message ? { to: message.to, text } : { conversation_id: message.conversationId, text },
        noRetry: true,
        resource: missing(numberId),
      }),

    setConversationRead: (numberId, remote, isRead) =>
      one(WireConversationReadResult, {
        method: 'PATCH',
        path: conversationPath(numberId, remote),
        body: { is_read: isRead },
        resource: conversationResource(numberId, remote),
      }),
  };
}

/**
 * Inkbox answers 404 both for a released number and for a missing text or conversation; its
 * detail usually says which. Without a telling detail, 'assume' decides: a missing text is the
 * text, but a conversation with nobody answers an empty list, so a 404 there is the number.
 */
function missing(
  numberId: string,
  specific?: ProviderResource,
  assume: 'specific' | 'number' = 'number',
): (detail: string | null) => ProviderResource {
  const number: ProviderResource = { kind: 'number', numberId };
  return (detail) => {
    if (specific && detail !== null && /\b(texts?|messages?|conversations?)\b/i.test(detail)) {
      return specific;
    }
    if (detail !== null && /\bnumber\b/i.test(detail)) return number;
    return specific && assume === 'specific' ? specific : number;
  };
}
