import { describe, expect, it } from 'vitest';
import {
  ProviderNetworkError,
  ProviderServerError,
} from '../../../electron/core/providers/errors';
import { createInkboxClient } from '../../../electron/core/providers/inkbox/client';
import {
  API_KEY,
  NUMBER_ID,
  recordingSleep,
  resetConnection,
  sendJson,
  sendTruncated,
  useServers,
  wireText,
} from './server';

const serve = useServers();
const page = { limit: 50, offset: 0 };

describe('Inkbox client retries, timeouts and cancellation', () => {
  it('waits as long as Retry-After says (in seconds) before retrying a 429', async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '7' }) : sendJson(res, 200, []),
    );
    const { delays, sleep } = recordingSleep();
    await createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep }).listNumbers();
    expect(delays).toEqual([7000]);
    expect(server.requests).toHaveLength(2);
  });

  it('waits until a Retry-After HTTP date before retrying', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const server = await serve((_req, res, index) =>
      index === 0 ? sendJson(res, 429, {}, { 'retry-after': at }) : sendJson(res, 200, []),
    );
    const { delays, sleep } = recordingSleep();
    await createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep }).listNumbers();
    expect(delays).toHaveLength(1);
    // The date has one-second precision.
    expect(delays[0]).toBeGreaterThan(28_000);
    expect(delays[0]).toBeLessThanOrEqual(30_000);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? sendJson(res, 429, {}, { 'retry-after': '3600' }) : sendJson(res, 200, []),
    );
    const { delays, sleep } = recordingSleep();
    await createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep, maxRetryAfterMs: 5000 }).listNumbers();
    expect(delays).toEqual([5000]);
  });

  it('backs off exponentially with full jitter under the cap while the server fails', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, { detail: 'maintenance' }));
    const { delays, sleep } = recordingSleep();
    const client = createInkboxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      sleep,
      retry: { retries: 12, baseDelayMs: 1000, maxDelayMs: 4000 },
    });
    await expect(client.listNumbers()).rejects.toBeInstanceOf(ProviderServerError);
    expect(delays).toHaveLength(12);
    const ceilings = [1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000];
    delays.forEach((delay, attempt) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(ceilings[attempt] ?? 0);
    });
    // Ten independent draws under the 4000 ms cap: identical values would mean no jitter.
    expect(new Set(delays.slice(2)).size).toBeGreaterThan(1);
  });

  it('retries a PATCH on a server error, since it sets absolute values', async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? sendJson(res, 500, {}) : sendJson(res, 200, wireText({ is_read: true })),
    );
    const client = createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep: recordingSleep().sleep });
    await expect(client.setTextRead(NUMBER_ID, 't1', true)).resolves.toMatchObject({ isRead: true });
    expect(server.requests.map((request) => request.body)).toEqual(['{"is_read":true}', '{"is_read":true}']);
  });

  it('times out an attempt that gets no answer, retries, then throws a timeout error', async () => {
    const server = await serve(() => {
      // Never answer.
    });
    const client = createInkboxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      sleep: recordingSleep().sleep,
      timeoutMs: 100,
      retry: { retries: 1 },
    });
    const error = await client.listNumbers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect((error as ProviderNetworkError).failure).toBe('timeout');
    expect((error as ProviderNetworkError).code).toBe('NETWORK');
    expect((error as ProviderNetworkError).message).toBe('Inkbox did not answer within 100 ms.');
    expect(server.requests).toHaveLength(2);
  });

  it('times out a body that stalls halfway, and recovers on the next attempt', async () => {
    const body = JSON.stringify([wireText()]);
    const server = await serve((_req, res, index) => {
      if (index > 0) return sendJson(res, 200, [wireText()]);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, 10));
    });
    const client = createInkboxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      sleep: recordingSleep().sleep,
      timeoutMs: 150,
    });
    await expect(client.listTexts(NUMBER_ID, page)).resolves.toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('retries after the connection is reset', async () => {
    const server = await serve((_req, res, index) => (index === 0 ? resetConnection(res) : sendJson(res, 200, [])));
    const client = createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep: recordingSleep().sleep });
    await expect(client.listNumbers()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after resets with a connection error naming the host', async () => {
    const server = await serve((_req, res) => resetConnection(res));
    const client = createInkboxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      sleep: recordingSleep().sleep,
      retry: { retries: 2 },
    });
    const error = await client.listNumbers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect((error as ProviderNetworkError).failure).toBe('connection');
    expect((error as Error).message).toBe(`Could not reach Inkbox at ${new URL(server.baseUrl).host}: the connection was reset.`);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a body that was cut off, and never returns part of it', async () => {
    const texts = [wireText({ id: 'one' }), wireText({ id: 'two' })];
    const server = await serve((_req, res, index) =>
      index === 0 ? sendTruncated(res, JSON.stringify(texts)) : sendJson(res, 200, texts),
    );
    const { delays, sleep } = recordingSleep();
    const client = createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep });
    const listed = await client.listTexts(NUMBER_ID, page);
    expect(listed.map((text) => text.id)).toEqual(['one', 'two']);
    expect(delays).toHaveLength(1);
  });

  it('reports a body that stays cut off as a truncated network error', async () => {
    const server = await serve((_req, res) => sendTruncated(res, JSON.stringify([wireText()])));
    const client = createInkboxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      sleep: recordingSleep().sleep,
      retry: { retries: 1 },
    });
    const error = await client.listTexts(NUMBER_ID, page).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect((error as ProviderNetworkError).failure).toBe('truncated');
    expect((error as Error).message).toBe("Inkbox's answer was cut off before it was complete.");
  });

  it('rejects with the abort reason as soon as the signal aborts an in-flight request', async () => {
    const controller = new AbortController();
    const server = await serve(() => {
      controller.abort(new Error('user closed the window'));
    });
    const client = createInkboxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      signal: controller.signal,
      sleep: recordingSleep().sleep,
    });
    const started = Date.now();
    await expect(client.listNumbers()).rejects.toThrow('user closed the window');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('cancels a backoff wait when the signal aborts', async () => {
    const controller = new AbortController();
    const server = await serve((_req, res) => {
      // A minute-long wait, honoured by the real sleep: only the abort can end it in time.
      sendJson(res, 503, {}, { 'retry-after': '60' });
      setTimeout(() => controller.abort(new Error('sync cancelled')), 50);
    });
    const client = createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, signal: controller.signal });
    const started = Date.now();
    await expect(client.listNumbers()).rejects.toThrow('sync cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
  });

  it('makes no request at all when the signal is already aborted', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, []));
    const controller = new AbortController();
    controller.abort(new Error('already gone'));
    const client = createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, signal: controller.signal });
    await expect(client.listNumbers()).rejects.toThrow('already gone');
    expect(server.requests).toHaveLength(0);
  });
});
