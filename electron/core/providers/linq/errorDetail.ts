import { isRecord, shortPlainText, type ErrorDetail } from '../http';

/**
 * Linq's error body: {success: false, error: {status, code, message, retry_after?}, trace_id}.
 * The numeric code becomes the server code (1007 is the rate limit); retry_after (seconds) is
 * the wait when no Retry-After header says otherwise, and is said in the message too.
 */
export function describeLinqError(body: unknown): ErrorDetail {
  if (typeof body === 'string') return { text: shortPlainText(body), code: null };
  if (!isRecord(body) || !isRecord(body['error'])) return { text: null, code: null };
  const error = body['error'];
  const message = typeof error['message'] === 'string' && error['message'].trim() !== '' ? error['message'].trim() : null;
  const code = typeof error['code'] === 'number' || typeof error['code'] === 'string' ? String(error['code']) : null;
  const retryAfter = typeof error['retry_after'] === 'number' ? ` (retry after ${error['retry_after']} s)` : '';
  const retryAfterMs = typeof error['retry_after'] === 'number' && error['retry_after'] >= 0 ? error['retry_after'] * 1000 : null;
  return { text: message === null ? null : message + retryAfter, code, retryAfterMs };
}
