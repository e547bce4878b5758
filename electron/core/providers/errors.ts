import { AppError, type ErrorCode } from '../../../shared/errors';

/**
 * The typed errors every provider adapter throws. Each is an AppError, so hosts can put its
 * code and message in an envelope as they are: messages are one sentence meant for a person,
 * and never contain credentials (the HTTP layer redacts anything the server echoes back).
 */

/** What a 404 was about. Sync marks a number unavailable only when kind is 'number'. */
export type ProviderResource =
  | { kind: 'number'; numberId: string }
  | { kind: 'text'; numberId: string; textId: string }
  | { kind: 'conversation'; numberId: string; remote: string }
  | { kind: 'other'; description: string };

/** Why a request never produced a usable answer. 'redirect' and 'too-large' are not worth retrying. */
export type NetworkFailure = 'timeout' | 'connection' | 'truncated' | 'invalid-body' | 'redirect' | 'too-large';

export abstract class ProviderError extends AppError {
  /** The provider's display name, e.g. 'Inkbox'. */
  readonly provider: string;
  /** The HTTP status the server answered, or null when none arrived. */
  readonly status: number | null;

  protected constructor(
    code: ErrorCode,
    provider: string,
    status: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.provider = provider;
    this.status = status;
  }
}

export class ProviderAuthError extends ProviderError {
  readonly detail: string | null;
  /** A machine-readable code when the server gave one (Inkbox's "recipient_opted_out" is a 403). */
  readonly serverCode: string | null;
  constructor(init: { provider: string; status: 401 | 403; detail?: string | null; serverCode?: string | null }) {
    const detail = init.detail ?? null;
    const what =
      init.status === 401
        ? `${init.provider} refused the API key`
        : `${init.provider} refused access: the API key is not allowed to do this, or the number belongs to another organization`;
    super('AUTH', init.provider, init.status, sentence(what, detail));
    this.name = 'ProviderAuthError';
    this.detail = detail;
    this.serverCode = init.serverCode ?? null;
  }
}

export class ProviderNotFoundError extends ProviderError {
  readonly resource: ProviderResource;
  readonly detail: string | null;
  constructor(init: {
    provider: string;
    status?: number;
    resource: ProviderResource;
    detail?: string | null;
  }) {
    super('NOT_FOUND', init.provider, init.status ?? 404, notFoundMessage(init.provider, init.resource));
    this.name = 'ProviderNotFoundError';
    this.resource = init.resource;
    this.detail = init.detail ?? null;
  }
}

export class ProviderValidationError extends ProviderError {
  /** The server's explanation, rendered readable (e.g. "q: String should have at least 1 character"). */
  readonly detail: string | null;
  /** A machine-readable code when the server gave one (e.g. "recipient_opted_out"). */
  readonly serverCode: string | null;
  constructor(init: {
    provider: string;
    status: number;
    detail?: string | null;
    serverCode?: string | null;
  }) {
    const detail = init.detail ?? null;
    super(
      'VALIDATION',
      init.provider,
      init.status,
      detail === null
        ? `${init.provider} rejected the request (HTTP ${init.status}).`
        : sentence(`${init.provider} rejected the request`, detail, ': '),
    );
    this.name = 'ProviderValidationError';
    this.detail = detail;
    this.serverCode = init.serverCode ?? null;
  }
}

export class ProviderRateLimitedError extends ProviderError {
  /** What the server asked for (uncapped), or null when it did not say. */
  readonly retryAfterMs: number | null;
  constructor(init: { provider: string; retryAfterMs: number | null }) {
    const when =
      init.retryAfterMs === null
        ? 'try again shortly'
        : `try again in ${Math.max(1, Math.ceil(init.retryAfterMs / 1000))} s`;
    super(
      'RATE_LIMITED',
      init.provider,
      429,
      `${init.provider} is limiting how often Textdesk may call it; ${when}.`,
    );
    this.name = 'ProviderRateLimitedError';
    this.retryAfterMs = init.retryAfterMs;
  }
}

export class ProviderServerError extends ProviderError {
  readonly detail: string | null;
  constructor(init: { provider: string; status: number; detail?: string | null }) {
    const detail = init.detail ? `: ${trimPeriod(init.detail)}` : '';
    super(
      'NETWORK',
      init.provider,
      init.status,
      `${init.provider} failed with a server error (HTTP ${init.status}${detail}).`,
    );
    this.name = 'ProviderServerError';
    this.detail = init.detail ?? null;
  }
}

export class ProviderNetworkError extends ProviderError {
  readonly failure: NetworkFailure;
  constructor(
    init: { provider: string; failure: NetworkFailure; message: string; status?: number | null },
    options?: { cause?: unknown },
  ) {
    super('NETWORK', init.provider, init.status ?? null, init.message, options);
    this.name = 'ProviderNetworkError';
    this.failure = init.failure;
  }
}

/**
 * A complete, valid JSON answer in a shape we cannot use. INTERNAL rather than VALIDATION:
 * nothing the user typed is wrong, the server and this client disagree about the API.
 */
export class ProviderParseError extends ProviderError {
  readonly endpoint: string;
  readonly problem: string;
  constructor(init: { provider: string; endpoint: string; problem: string }) {
    super(
      'INTERNAL',
      init.provider,
      null,
      `${init.provider} answered ${init.endpoint} in an unexpected shape: ${trimPeriod(init.problem)}.`,
    );
    this.name = 'ProviderParseError';
    this.endpoint = init.endpoint;
    this.problem = init.problem;
  }
}

/** Worth trying again later (the outbox keeps such actions pending; the HTTP layer retries them). */
export function isTransientProviderError(error: unknown): boolean {
  if (error instanceof ProviderNetworkError) return error.failure !== 'redirect' && error.failure !== 'too-large';
  return error instanceof ProviderServerError || error instanceof ProviderRateLimitedError;
}

function notFoundMessage(provider: string, resource: ProviderResource): string {
  switch (resource.kind) {
    case 'number':
      return `${provider} has no phone number with id ${resource.numberId}; it may have been released.`;
    case 'text':
      return `${provider} has no text ${resource.textId} on number ${resource.numberId}.`;
    case 'conversation':
      return `${provider} has no conversation with ${resource.remote} on number ${resource.numberId}.`;
    case 'other':
      return `${provider} could not find ${trimPeriod(resource.description)}.`;
  }
}

function sentence(lead: string, detail: string | null, separator: ': ' | ' (' = ' ('): string {
  if (detail === null || detail === '') return `${lead}.`;
  const body = trimPeriod(detail);
  return separator === ': ' ? `${lead}: ${body}.` : `${lead} (${body}).`;
}

function trimPeriod(text: string): string {
  return text.trim().replace(/\.+$/, '');
}
