import { AppError } from '../../../shared/errors';
import {
  ProviderAuthError,
  ProviderError,
  ProviderNetworkError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
  ProviderServerError,
  ProviderValidationError,
  isTransientProviderError,
  type ProviderResource,
} from './errors';
import type { ParseIssue } from './types';
import {
  backoffDelay,
  DEFAULT_RETRY,
  parseRateLimitReset,
  parseRetryAfter,
  sleepWithSignal,
  type RetryPolicy,
  type Sleep,
} from './retry';

export { backoffDelay, DEFAULT_RETRY, parseRateLimitReset, parseRetryAfter, sleepWithSignal, type RetryPolicy, type Sleep } from './retry';

/**
 * The part of talking to a provider's REST API that does not depend on the provider: one
 * request with a per-attempt timeout and the caller's abort signal, the retry loop, and the
 * mapping from HTTP failures to the typed errors in errors.ts. Adapters supply the base URL,
 * their auth headers and how to read their error bodies; they parse successful bodies
 * themselves (with zod), because only they know the shapes. A little over 450 lines and one
 * piece: createHttpClient's attempt loop and the error mapping after it read the same request
 * state; the retry timing it uses is in retry.ts.
 */

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** A page of hundreds of texts is well under a megabyte; nothing an API sends needs more. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** What every provider client takes besides its credentials. */
export interface ClientOptions {
  /** The provider's default when omitted; a trailing slash is tolerated. */
  baseUrl?: string;
  /** Per attempt, default 15000. */
  timeoutMs?: number;
  /** Defaults: 4 retries, 250 ms base, 8000 ms cap. */
  retry?: Partial<RetryPolicy>;
  /** Cap on honouring Retry-After, default 60000. */
  maxRetryAfterMs?: number;
  sleep?: Sleep;
  /** Called for each malformed list item that was skipped. */
  onIssue?: (issue: ParseIssue) => void;
  /** Cancels in-flight requests and backoff waits; calls then reject with its reason. */
  signal?: AbortSignal;
  /** Called whenever the server answers at all (any status): what "not answering" is measured by. */
  onAnswer?: () => void;
}

/**
 * The client options every provider's client hands to createHttpClient unchanged: one place, so
 * that a new option (onAnswer was one) reaches all four clients.
 */
export function clientTransport(options: ClientOptions): Pick<HttpClientConfig, 'timeoutMs' | 'retry' | 'maxRetryAfterMs' | 'sleep' | 'signal' | 'onAnswer'> {
  return {
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    maxRetryAfterMs: options.maxRetryAfterMs,
    sleep: options.sleep,
    signal: options.signal,
    onAnswer: options.onAnswer,
  };
}

/** What an error body says, read by the adapter because every provider words it differently. */
export interface ErrorDetail {
  text: string | null;
  code: string | null;
  /** A wait the body asks for (Linq's retry_after), used when no Retry-After header came. */
  retryAfterMs?: number | null;
}

export interface HttpClientConfig {
  /** Display name used in error messages, e.g. 'Inkbox'. */
  provider: string;
  baseUrl: string;
  /** Sent with every request (auth headers go here). */
  headers: Record<string, string>;
  /**
   * Headers computed for each attempt, after `headers` (a short-lived token: Heymarket's JWT).
   * Its values must be header-safe (a JWT is base64url and dots).
   */
  authorize?: () => Record<string, string>;
  /** Strings never to let through into an error message, e.g. the API key. */
  secrets: string[];
  /** What the secrets are called in messages to the user, e.g. 'API key' (default 'credentials'). */
  credentialLabel?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxRetryAfterMs?: number;
  sleep?: Sleep;
  /** Injectable for deterministic jitter in tests; defaults to Math.random. */
  random?: () => number;
  signal?: AbortSignal;
  /** Called whenever the server answers at all (any status), before and after the body. */
  onAnswer?: () => void;
  /** Reads a parsed error body (JSON, or the raw text when it is not JSON). */
  describeError?: (body: unknown) => ErrorDetail;
  /** An answer longer than this is refused unread (default 16 MB). */
  maxBodyBytes?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Starts with '/', path segments already encoded (see encodeSegment). */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Whether sending this twice is harmless. Defaults to true except for POST. A request that is
   * not idempotent is retried only after a 429, which guarantees it was not processed.
   */
  idempotent?: boolean;
  /** What a 404 means here; a function may refine it from the server's detail. */
  resource?: ProviderResource | ((detail: string | null) => ProviderResource);
  /** 'text': a 2xx body is handed back as the string it is (a vCard), not parsed as JSON. */
  responseType?: 'json' | 'text';
  /**
   * Never retried here, not even after a 429: a send, whose caller (the outbox) decides when
   * to try again and looks for the text on the server first.
   */
  noRetry?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. Untrusted: parse it before use. */
  body: unknown;
}

export interface HttpClient {
  readonly provider: string;
  request(request: HttpRequest): Promise<HttpResponse>;
}

export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment);
}

export function createHttpClient(config: HttpClientConfig): HttpClient {
  const provider = config.provider;
  // fetch would reject a bad header value with a message that quotes the value: the key.
  if (config.secrets.some((secret) => !/^[\x21-\x7e]*$/.test(secret))) {
    throw new AppError(
      'AUTH',
      `The ${provider} ${config.credentialLabel ?? 'credentials'} has characters that cannot be sent; paste it again.`,
    );
  }
  if (!isHttpUrl(config.baseUrl)) {
    throw new AppError('VALIDATION', `The ${provider} base URL "${config.baseUrl}" is not an http(s) URL.`);
  }
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...definedOnly(config.retry ?? {}) };
  const maxRetryAfterMs = config.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const sleep = config.sleep ?? sleepWithSignal;
  const random = config.random ?? Math.random;
  const signal = config.signal;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const redact = redactor(config.secrets);
  const describeError = (body: unknown): ErrorDetail => {
    const detail = (config.describeError ?? describeGenericError)(body);
    return { ...detail, text: detail.text === null ? null : redact(detail.text) };
  };

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const url = buildUrl(baseUrl, req.path, req.query);
    const idempotent = req.idempotent ?? req.method !== 'POST';
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const outcome = await attemptOnce(url, req);
      if (outcome.ok) return outcome.response;
      const { error, retryAfterMs } = outcome;
      const retryable = idempotent
        ? isTransientProviderError(error)
        : error instanceof ProviderRateLimitedError;
      if (!retryable || req.noRetry || attempt >= policy.retries) throw error;
      const delay =
        retryAfterMs === null
          ? backoffDelay(attempt, policy, random)
          : Math.min(retryAfterMs, maxRetryAfterMs);
      await sleep(delay, signal);
    }
  }

  type Outcome =
    | { ok: true; response: HttpResponse }
    | { ok: false; error: ProviderError; retryAfterMs: number | null };

  async function attemptOnce(url: URL, req: HttpRequest): Promise<Outcome> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json', ...config.headers, ...config.authorize?.() };
    if (req.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: attemptSignal,
        // A redirect would carry the API key header to wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      return { ok: false, error: fetchFailure(error, url, timeout), retryAfterMs: null };
    }
    config.onAnswer?.();

    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      return {
        ok: false,
        retryAfterMs: null,
        error: new ProviderNetworkError({
          provider,
          failure: 'redirect',
          status: response.status,
          message: `${provider} redirected the request${location ? ` to ${redact(location)}` : ''}; check the base URL.`,
        }),
      };
    }

    let text: string;
    try {
      text = await readText(response, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return {
          ok: false,
          retryAfterMs: null,
          error: new ProviderNetworkError({
            provider,
            failure: 'too-large',
            status: response.status,
            message: `${provider}'s answer was too large (over ${Math.round(maxBodyBytes / (1024 * 1024))} MB); it was not read.`,
          }),
        };
      }
      const failure = fetchFailure(error, url, timeout, 'body');
      // An error status is known even when its body was cut off; 2xx needs the whole body.
      if (response.ok || failure.failure === 'timeout') {
        return { ok: false, error: failure, retryAfterMs: null };
      }
      text = '';
    }
    config.onAnswer?.();

    if (response.ok) {
      const answer = (body: unknown): Outcome => ({
        ok: true,
        response: { status: response.status, headers: response.headers, body },
      });
      if (req.responseType === 'text') return answer(text);
      if (text.trim() === '') return answer(null);
      try {
        return answer(JSON.parse(text));
      } catch (error) {
        return {
          ok: false,
          retryAfterMs: null,
          error: new ProviderNetworkError(
            {
              provider,
              failure: 'invalid-body',
              status: response.status,
              message: `${provider} answered with a body that is not valid JSON.`,
            },
            { cause: error },
          ),
        };
      }
    }

    const detail = describeError(parseMaybeJson(text));
    const retryAfterMs =
      parseRetryAfter(response.headers.get('retry-after'), Date.now()) ??
      detail.retryAfterMs ??
      (response.status === 429 ? parseRateLimitReset(response.headers.get('x-ratelimit-reset'), Date.now()) : null);
    return {
      ok: false,
      retryAfterMs,
      error: errorForStatus(provider, response.status, detail, retryAfterMs, req.resource),
    };
  }

  /** Turns whatever fetch or body reading threw into a typed error; the caller's abort wins. */
  function fetchFailure(
    error: unknown,
    url: URL,
    timeout: AbortSignal,
    phase: 'connect' | 'body' = 'connect',
  ): ProviderNetworkError {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted || isTimeoutCode(causeCode(error))) {
      return new ProviderNetworkError(
        {
          provider,
          failure: 'timeout',
          message: `${provider} did not answer within ${formatSeconds(timeoutMs)}.`,
        },
        { cause: error },
      );
    }
    if (phase === 'body') {
      return new ProviderNetworkError(
        {
          provider,
          failure: 'truncated',
          message: `${provider}'s answer was cut off before it was complete.`,
        },
        { cause: error },
      );
    }
    return new ProviderNetworkError(
      {
        provider,
        failure: 'connection',
        message: `Could not reach ${provider} at ${url.host}: ${connectionProblem(causeCode(error))}.`,
      },
      { cause: error },
    );
  }

  return { provider, request };
}

/** Maps an HTTP failure status to the typed error a host can show. */
export function errorForStatus(
  provider: string,
  status: number,
  detail: ErrorDetail,
  retryAfterMs: number | null,
  resource?: HttpRequest['resource'],
): ProviderError {
  if (status === 401 || status === 403) {
    return new ProviderAuthError({ provider, status, detail: detail.text, serverCode: detail.code });
  }
  if (status === 404 || status === 410) {
    const what =
      typeof resource === 'function'
        ? resource(detail.text)
        : (resource ?? { kind: 'other' as const, description: 'what was asked for' });
    return new ProviderNotFoundError({ provider, status, resource: what, detail: detail.text });
  }
  if (status === 408) {
    return new ProviderNetworkError({
      provider,
      failure: 'timeout',
      status,
      message: `${provider} gave up waiting for the request (HTTP 408).`,
    });
  }
  if (status === 429) return new ProviderRateLimitedError({ provider, retryAfterMs });
  if (status >= 400 && status < 500) {
    return new ProviderValidationError({ provider, status, detail: detail.text, serverCode: detail.code });
  }
  return new ProviderServerError({ provider, status, detail: detail.text });
}

/** A fallback reader for common error bodies: {message}, {error: string}, {error: {message, code}}. */
export function describeGenericError(body: unknown): ErrorDetail {
  if (typeof body === 'string') return { text: shortPlainText(body), code: null };
  if (!isRecord(body)) return { text: null, code: null };
  const error = body['error'];
  if (isRecord(error)) {
    return { text: stringOrNull(error['message']), code: stringOrNull(error['code']) };
  }
  return { text: stringOrNull(body['message']) ?? stringOrNull(error), code: null };
}

/** Plain-text error bodies are shown only when short and not an HTML page. */
export function shortPlainText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 200 || trimmed.startsWith('<')) return null;
  return trimmed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

class BodyTooLarge extends Error {}

/** The body as text, refused (and the connection dropped) as soon as it passes `maxBytes`. */
async function readText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): URL {
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/** Very short secrets are not redacted: replacing every "ab" would garble the message. */
function redactor(secrets: string[]): (text: string) => string {
  const real = secrets.filter((secret) => secret.length >= 6);
  return (text) => real.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

function causeCode(error: unknown): string | null {
  // undici wraps the socket error: TypeError('fetch failed' | 'terminated') { cause: { code } }.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function isTimeoutCode(code: string | null): boolean {
  return code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function connectionProblem(code: string | null): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'the connection was reset';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'the network is unreachable';
    default:
      return code?.startsWith('ERR_TLS') || code?.includes('CERT') ? 'the TLS connection failed' : 'the connection failed';
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
