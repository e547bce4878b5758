/**
 * When to try a provider request again: the retry policy, full-jitter backoff, and reading a
 * server's Retry-After and X-RateLimit-Reset. Used by http.ts and by the outbox pushers.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Retries after the first attempt; 4 means at most 5 requests. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 250, maxDelayMs: 8000 };

/**
 * Full jitter (a uniform wait between 0 and the capped exponential step) spreads clients that
 * failed together, so they do not come back together.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Date.parse reads almost anything ('-5' is a year); insist on the three HTTP date forms,
  // which all start with a day name and carry hh:mm:ss.
  if (!/^[A-Za-z]{3,9},?\s/.test(trimmed) || !/\d{2}:\d{2}:\d{2}/.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * X-RateLimit-Reset: when the window resets, as Unix seconds (Inkbox, GitHub style) or, for
 * small values, as seconds from now. Anything else is ignored.
 */
export function parseRateLimitReset(value: string | null, now: number): number | null {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return null;
  const seconds = Number(value.trim());
  if (seconds > 1_000_000_000) return Math.max(0, Math.round(seconds * 1000 - now));
  return Math.round(seconds * 1000);
}

/** Resolves after ms, or rejects with the signal's reason as soon as it aborts. */
export function sleepWithSignal(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
