import type { Random } from '../../demo/inkbox/random';
import { applyDrift } from '../../demo/inkbox/arrivals';
import { conversationTexts, listTexts, markConversation, patchText, summarizeConversations, type Page } from '../../demo/inkbox/queries';
import { searchTexts } from './search';
import type { MediaSigner } from './signing';
import { activeNumbers, findNumber, findText, type DemoState, type NumberRecord, type TextRecord } from './state';
import type { FaultOptions } from './types';
import { advanceDeliveries, handleSend, type SendLedger } from './send';
import { Validator } from './validation';
import { toWireNumber, toWireSummary, toWireText } from './wire';

/**
 * The Inkbox Texts routes under /api/v1/phone. As in FastAPI, parameters are validated before
 * the handler runs, so a malformed request answers 422 even for a number that does not exist.
 */

export interface ApiContext {
  state: DemoState;
  now(): number;
  signer: MediaSigner;
  faults(): FaultOptions;
  driftRandom: Random;
  sendRandom: Random;
  ledger: SendLedger;
}

export interface ApiRequest {
  method: string;
  /** Path segments after /api/v1/phone, percent-decoded. */
  segments: string[];
  query: URLSearchParams;
  body: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** After the request's effect is stored: answer late, or not at all (send fault knobs). */
  answer?: { delayMs?: number; drop?: boolean };
  /** A text accepted by a send. */
  sent?: { number: NumberRecord; text: TextRecord };
}

const notFound = (detail = 'Not Found'): ApiResponse => ({ status: 404, body: { detail } });
const invalid = (validator: Validator): ApiResponse => ({ status: 422, body: { detail: validator.errors } });
const numberNotFound = (): ApiResponse => notFound('Phone number not found');
const textNotFound = (): ApiResponse => notFound('Text message not found');

type Handler = (context: ApiContext, request: ApiRequest) => ApiResponse;

export function routeApi(context: ApiContext, request: ApiRequest): ApiResponse {
  const handlers = matchRoute(request.segments);
  if (!handlers) return notFound();
  const handler = handlers[request.method];
  if (!handler) {
    return { status: 405, body: { detail: 'Method Not Allowed' }, headers: { Allow: Object.keys(handlers).join(', ') } };
  }
  return handler(context, request);
}

/** Literal segments first: /texts/search and /texts/conversations are not text ids. */
function matchRoute(segments: string[]): Record<string, Handler> | undefined {
  const [root, , texts, sub] = segments;
  if (root !== 'numbers') return undefined;
  if (segments.length === 1) return { GET: listNumbers };
  if (segments.length === 2) return { GET: getNumber };
  if (texts !== 'texts') return undefined;
  if (segments.length === 3) return { GET: getTexts, POST: sendText };
  if (segments.length === 4 && sub === 'search') return { GET: search };
  if (segments.length === 4 && sub === 'conversations') return { GET: getConversations };
  if (segments.length === 4) return { GET: getText, PATCH: updateText };
  if (segments.length === 5 && sub === 'conversations') return { GET: getConversation, PATCH: updateConversation };
  return undefined;
}

function listNumbers(context: ApiContext): ApiResponse {
  return { status: 200, body: activeNumbers(context.state).map(toWireNumber) };
}

function getNumber(context: ApiContext, request: ApiRequest): ApiResponse {
  const validator = new Validator();
  const numberId = validator.pathUuid(request.segments[1] ?? '', 'phone_number_id');
  if (numberId === undefined) return invalid(validator);
  const number = findNumber(context.state, numberId);
  return number ? { status: 200, body: toWireNumber(number) } : numberNotFound();
}

function page(validator: Validator, query: URLSearchParams): Page {
  return {
    limit: validator.queryInt(query, 'limit', { default: 50, ge: 1, le: 200 }),
    offset: validator.queryInt(query, 'offset', { default: 0, ge: 0 }),
  };
}

/** Validates, finds the number, then runs the handler; drift applies to list requests. */
function withNumber(
  context: ApiContext,
  request: ApiRequest,
  validate: (validator: Validator) => void,
  handle: (number: NumberRecord) => ApiResponse,
  options: { list?: boolean } = {},
): ApiResponse {
  const validator = new Validator();
  const numberId = validator.pathUuid(request.segments[1] ?? '', 'phone_number_id');
  validate(validator);
  if (validator.errors.length > 0 || numberId === undefined) return invalid(validator);
  const number = findNumber(context.state, numberId);
  if (!number) return numberNotFound();
  advanceDeliveries(number, context.now());
  const drift = context.faults().drift;
  if (options.list && drift) applyDrift(context.driftRandom, context.state, number, drift, context.now());
  return handle(number);
}

function getTexts(context: ApiContext, request: ApiRequest): ApiResponse {
  let paging: Page = { limit: 50, offset: 0 };
  let isRead: boolean | undefined;
  return withNumber(
    context,
    request,
    (validator) => {
      paging = page(validator, request.query);
      isRead = validator.queryBool(request.query, 'is_read');
    },
    (number) => ({
      status: 200,
      body: listTexts(number, paging, isRead).map((text) => toWireText(number, text, context.signer)),
    }),
    { list: true },
  );
}

function search(context: ApiContext, request: ApiRequest): ApiResponse {
  let q = '';
  let limit = 50;
  return withNumber(
    context,
    request,
    (validator) => {
      q = validator.queryString(request.query, 'q', { minLength: 1, maxLength: 500 }) ?? '';
      limit = validator.queryInt(request.query, 'limit', { default: 50, ge: 1, le: 200 });
    },
    (number) => ({ status: 200, body: searchTexts(number, q, limit).map((text) => toWireText(number, text, context.signer)) }),
  );
}

function getConversations(context: ApiContext, request: ApiRequest): ApiResponse {
  let paging: Page = { limit: 50, offset: 0 };
  return withNumber(
    context,
    request,
    (validator) => {
      paging = page(validator, request.query);
    },
    (number) => ({
      status: 200,
      body: summarizeConversations(number)
        .slice(paging.offset, paging.offset + paging.limit)
        .map(toWireSummary),
    }),
    { list: true },
  );
}

function getConversation(context: ApiContext, request: ApiRequest): ApiResponse {
  let paging: Page = { limit: 50, offset: 0 };
  const remote = request.segments[4] ?? '';
  return withNumber(
    context,
    request,
    (validator) => {
      paging = page(validator, request.query);
    },
    (number) => ({
      status: 200,
      body: conversationTexts(number, remote, paging).map((text) => toWireText(number, text, context.signer)),
    }),
    { list: true },
  );
}

function updateConversation(context: ApiContext, request: ApiRequest): ApiResponse {
  const remote = request.segments[4] ?? '';
  let isRead = false;
  return withNumber(
    context,
    request,
    (validator) => {
      const body = validator.jsonObject(request.body);
      if (body) isRead = validator.bodyBool(body, 'is_read', true) ?? false;
    },
    (number) => ({
      status: 200,
      body: { remote_phone_number: remote, is_read: isRead, updated_count: markConversation(number, remote, isRead, context.now()) },
    }),
  );
}

function getText(context: ApiContext, request: ApiRequest): ApiResponse {
  let textId: string | undefined;
  return withNumber(
    context,
    request,
    (validator) => {
      textId = validator.pathUuid(request.segments[3] ?? '', 'text_id');
    },
    (number) => {
      const text = findText(number, textId ?? '');
      return text ? { status: 200, body: toWireText(number, text, context.signer) } : textNotFound();
    },
  );
}

function updateText(context: ApiContext, request: ApiRequest): ApiResponse {
  let textId: string | undefined;
  let isRead: boolean | undefined;
  let remove = false;
  return withNumber(
    context,
    request,
    (validator) => {
      textId = validator.pathUuid(request.segments[3] ?? '', 'text_id');
      const body = validator.jsonObject(request.body);
      if (!body) return;
      const before = validator.errors.length;
      isRead = validator.bodyBool(body, 'is_read', false);
      if (context.faults().rejectDeleteStatus && 'status' in body) {
        // Newer servers dropped the field and forbid unknown ones.
        validator.fail({ type: 'extra_forbidden', loc: ['body', 'status'], msg: 'Extra inputs are not permitted', input: body.status });
      } else if (body.status !== undefined && body.status !== null) {
        if (body.status === 'deleted') remove = true;
        else validator.fail({ type: 'literal_error', loc: ['body', 'status'], msg: "Input should be 'deleted'", input: body.status, ctx: { expected: "'deleted'" } });
      }
      if (validator.errors.length === before && isRead === undefined && !remove) {
        validator.fail({ type: 'value_error', loc: ['body'], msg: 'Value error, at least one of is_read or status must be given', input: body, ctx: { error: {} } });
      }
    },
    (number) => {
      const text = findText(number, textId ?? '');
      if (!text) return textNotFound();
      patchText(text, { isRead, delete: remove }, context.now());
      return { status: 200, body: toWireText(number, text, context.signer) };
    },
  );
}

function sendText(context: ApiContext, request: ApiRequest): ApiResponse {
  let body: Record<string, unknown> | undefined;
  return withNumber(
    context,
    request,
    (validator) => {
      body = validator.jsonObject(request.body);
    },
    (number) => {
      const result = handleSend(number, body, {
        now: context.now(),
        random: context.sendRandom,
        faults: context.faults().send ?? {},
        ledger: context.ledger,
      });
      if (!result.stored) return { status: result.status, body: result.body, headers: result.headers };
      return {
        status: result.status,
        body: toWireText(number, result.stored, context.signer),
        headers: result.headers,
        answer: result.answer,
        sent: { number, text: result.stored },
      };
    },
  );
}
