import { describe, expect, it } from 'vitest';
import {
  ProviderNetworkError,
  ProviderRateLimitedError,
  ProviderServerError,
  ProviderValidationError,
  isTransientProviderError,
} from '../../electron/core/providers/errors';
import {
  backoffDelay,
  createHttpClient,
  describeGenericError,
  parseRetryAfter,
  sleepWithSignal,
  type HttpClient,
  type HttpClientConfig,
} from '../../electron/core/providers/http';
import { recordingSleep, sendJson, useServers } from './inkbox/server';

const serve = useServers();

/** A client of a provider called Example, without headers or secrets; `config` adds the rest. */
function exampleClient(baseUrl: string, config: Partial<HttpClientConfig> = {}): HttpClient {
  return createHttpClient({ provider: 'Example', baseUrl, headers: {}, secrets: [], ...config });
}

describe('the shared provider HTTP layer', () => {
  it('reads Retry-After as delta-seconds', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', 0)).toBe(0);
    expect(parseRetryAfter('1.5', 0)).toBe(1500);
  });

  it('reads Retry-After as an HTTP date, never negative', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores a Retry-After it cannot read', () => {
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter('-5', 0)).toBeNull();
  });

  it('draws each backoff uniformly below the capped exponential step', () => {
    const policy = { retries: 10, baseDelayMs: 250, maxDelayMs: 8000 };
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, top))).toEqual([
      249, 499, 999, 1999, 3999, 7999, 7999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(1000);
  });

  it('uses the injected random source for jitter', async () => {
    const server = await serve((_req, res) => sendJson(res, 500, {}));
    const { delays, sleep } = recordingSleep();
    const http = exampleClient(server.baseUrl, {
      sleep,
      random: () => 0.5,
      retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 300 },
    });
    await expect(http.request({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(ProviderServerError);
    expect(delays).toEqual([50, 100, 150]);
  });

  it('tells each answer as it comes, whatever its status, and says nothing for a connection that is reset', async () => {
    const server = await serve((req, res, index) => {
      if (req.path.endsWith('/reset')) return void res.destroy();
      return index === 0 ? sendJson(res, 503, {}) : sendJson(res, 200, { ok: true });
    });
    let answers = 0;
    const http = exampleClient(server.baseUrl, {
      sleep: recordingSleep().sleep,
      retry: { retries: 1 },
      onAnswer: () => void (answers += 1),
    });
    await http.request({ method: 'GET', path: '/x' });
    // The 503 and the 200: once when the headers came, once when the body had been read.
    expect(answers).toBe(4);
    answers = 0;
    await expect(http.request({ method: 'GET', path: '/reset' })).rejects.toBeInstanceOf(ProviderNetworkError);
    expect(answers).toBe(0);
  });

  it('retries a POST after a 429, which guarantees it was not processed', async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? sendJson(res, 429, {}, { 'retry-after': '1' }) : sendJson(res, 201, { id: 'm1' }),
    );
    const http = exampleClient(server.baseUrl, {
      sleep: recordingSleep().sleep,
    });
    const response = await http.request({ method: 'POST', path: '/send', body: { text: 'hi' } });
    expect(response).toMatchObject({ status: 201, body: { id: 'm1' } });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a POST after a 5xx, which might have been processed', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, {}));
    const http = exampleClient(server.baseUrl, {
      sleep: recordingSleep().sleep,
    });
    await expect(http.request({ method: 'POST', path: '/send', body: {} })).rejects.toBeInstanceOf(
      ProviderServerError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('answers null for an empty success body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const http = exampleClient(server.baseUrl);
    await expect(http.request({ method: 'DELETE', path: '/m/1' })).resolves.toMatchObject({ status: 204, body: null });
  });

  it('maps other 4xx to VALIDATION and reads common error bodies', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 409, { success: false, error: { status: 409, code: 'sender_sms_pending', message: 'Number not ready' } }),
    );
    const http = exampleClient(server.baseUrl);
    const error = await http.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect((error as ProviderValidationError).message).toBe('Example rejected the request: Number not ready.');
    expect((error as ProviderValidationError).serverCode).toBe('sender_sms_pending');
  });

  it('reads plain error bodies only when they are short text, not HTML', () => {
    expect(describeGenericError('Service unavailable')).toEqual({ text: 'Service unavailable', code: null });
    expect(describeGenericError('<html><body>502</body></html>')).toEqual({ text: null, code: null });
    expect(describeGenericError({ message: 'nope' })).toEqual({ text: 'nope', code: null });
    expect(describeGenericError({ error: 'bad_thing' })).toEqual({ text: 'bad_thing', code: null });
  });

  it('reports a refused connection as a NETWORK error naming the host', async () => {
    const server = await serve(() => {});
    const baseUrl = server.baseUrl;
    await server.close();
    const http = exampleClient(baseUrl, {
      sleep: recordingSleep().sleep,
      retry: { retries: 0 },
    });
    const error = await http.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect((error as Error).message).toBe(`Could not reach Example at ${new URL(baseUrl).host}: the connection was refused.`);
  });

  it('classifies which errors are worth retrying later', () => {
    expect(isTransientProviderError(new ProviderRateLimitedError({ provider: 'X', retryAfterMs: null }))).toBe(true);
    expect(isTransientProviderError(new ProviderServerError({ provider: 'X', status: 500 }))).toBe(true);
    expect(
      isTransientProviderError(new ProviderNetworkError({ provider: 'X', failure: 'redirect', message: 'm' })),
    ).toBe(false);
    expect(isTransientProviderError(new ProviderValidationError({ provider: 'X', status: 422 }))).toBe(false);
  });

  it('sleeps until the time is up, or rejects with the reason when aborted', async () => {
    await expect(sleepWithSignal(5)).resolves.toBeUndefined();
    const controller = new AbortController();
    const waiting = sleepWithSignal(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});
