import { ProviderAuthError, ProviderNotFoundError } from '../providers/errors';
import type { LiveChange, LiveFeedHandlers } from '../providers/adapter';

/**
 * Keeps one provider's live feed open while the app runs (Sendblue's event stream): connects,
 * hands each change on, and reconnects when the server ends the stream (Sendblue rotates it
 * within 15 minutes) or it fails, with full-jitter exponential backoff. The feed is not
 * durable, so every (re)opening is reported too: the caller runs the sync walk then, which
 * fetches whatever happened while no stream was open. A feed the provider does not serve (404)
 * is given up; refused credentials are retried at the slowest pace only.
 */

export interface LiveFeedOptions {
  listen(handlers: LiveFeedHandlers, signal: AbortSignal): Promise<void>;
  onOpen(): void;
  onChange(change: LiveChange): void;
  /** A failure worth a log line; the runner carries on by itself. */
  onProblem?(problem: { error: unknown; retryInMs: number | null }): void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A stream open this long counts as healthy: the backoff starts over after it. */
  stableMs?: number;
  random?: () => number;
}

export interface LiveFeed {
  /** Closes the stream and stops reconnecting; resolves once the loop has ended. */
  stop(): Promise<void>;
}

export function startLiveFeed(options: LiveFeedOptions): LiveFeed {
  const controller = new AbortController();
  const minBackoff = options.minBackoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const stableMs = options.stableMs ?? 30_000;
  const random = options.random ?? Math.random;
  let wake: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      let openedAt: number | null = null;
      let retryInMs: number;
      try {
        await options.listen(
          {
            onOpen: () => {
              openedAt = Date.now();
              options.onOpen();
            },
            onChange: (change) => {
              // A feed that delivers is healthy, however short its life.
              failures = 0;
              options.onChange(change);
            },
          },
          controller.signal,
        );
        if (controller.signal.aborted) return;
        // The server ended the stream (a rotation): come back at once if it had been healthy.
        if (openedAt !== null && Date.now() - openedAt >= stableMs) failures = 0;
        retryInMs = failures === 0 ? minBackoff : backoff(failures, minBackoff, maxBackoff, random);
        failures += 1;
      } catch (error) {
        if (controller.signal.aborted) return;
        if (openedAt !== null && Date.now() - openedAt >= stableMs) failures = 0;
        if (error instanceof ProviderNotFoundError) {
          options.onProblem?.({ error, retryInMs: null });
          return;
        }
        failures += 1;
        retryInMs = error instanceof ProviderAuthError ? maxBackoff : backoff(failures, minBackoff, maxBackoff, random);
        options.onProblem?.({ error, retryInMs });
      }
      await pause(retryInMs);
    }
  })();

  return {
    async stop() {
      controller.abort();
      wake?.();
      await loop;
    },
  };
}

/** Full jitter over a doubling ceiling, never below the floor: clients dropped together come back apart. */
function backoff(failures: number, min: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, min * 2 ** Math.min(failures, 16));
  return Math.max(min, Math.round(random() * ceiling));
}
