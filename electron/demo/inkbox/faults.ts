import type { Random } from './random';
import type { FaultOptions } from './types';

/** What goes wrong with one /api request, decided up front from the fault stream. */
export interface FaultPlan {
  latencyMs: number;
  reset: boolean;
  rateLimited: boolean;
  serverError: 500 | 502 | 503 | null;
  truncate: boolean;
  /** Where a truncated body is cut, as a fraction of its length. */
  truncateAt: number;
}

export function planFaults(random: Random, faults: FaultOptions): FaultPlan {
  // Always the same number of draws, so one knob's value never shifts another's sequence.
  const reset = random.next() < (faults.resetRate ?? 0);
  const rateLimited = random.next() < (faults.rateLimitRate ?? 0);
  const failed = random.next() < (faults.errorRate ?? 0);
  const status = random.pick([500, 502, 503] as const);
  const truncate = random.next() < (faults.truncateRate ?? 0);
  const truncateAt = 0.1 + 0.8 * random.next();
  return {
    latencyMs: Math.max(0, faults.latencyMs ?? 0),
    reset,
    rateLimited,
    serverError: failed ? status : null,
    truncate,
    truncateAt,
  };
}

export interface CannedResponse {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** What each failing hop typically answers: the app, the load balancer, the gateway. */
export function serverErrorResponse(status: 500 | 502 | 503): CannedResponse {
  switch (status) {
    case 500:
      return { status, contentType: 'text/plain; charset=utf-8', body: 'Internal Server Error' };
    case 502:
      return {
        status,
        contentType: 'text/html',
        body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
      };
    case 503:
      return { status, contentType: 'application/json', body: JSON.stringify({ detail: 'Service temporarily unavailable' }) };
  }
}

export function rateLimitedResponse(retryAfterSeconds: number): CannedResponse {
  return {
    status: 429,
    contentType: 'application/json',
    body: JSON.stringify({ detail: 'Rate limit exceeded. Try again later.' }),
    headers: { 'Retry-After': String(retryAfterSeconds) },
  };
}
