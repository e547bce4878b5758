import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../electron/core/providers/http';
import { describeInkboxError } from '../../electron/core/providers/inkbox/errorDetail';
import { MAX_SEND_ATTEMPTS, classifySendFailure } from '../../electron/core/sync/pushSends';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A loopback server answering every request with `answer`; resolves to its base URL. */
async function serve(answer: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(answer);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What one real send request fails with, as the outbox sees it. */
async function failureOf(baseUrl: string): Promise<unknown> {
  const http = createHttpClient({ provider: 'Inkbox', baseUrl, headers: {}, secrets: [], timeoutMs: 2_000, describeError: describeInkboxError });
  try {
    await http.request({ method: 'POST', path: '/numbers/n/texts', body: { to: '+15551234567', text: 'x' }, noRetry: true });
  } catch (error) {
    return error;
  }
  throw new Error('the request succeeded');
}

const now = Date.UTC(2026, 5, 1, 12);
const verdict = async (baseUrl: string, attempts = 1) => classifySendFailure(await failureOf(baseUrl), { attempts, checkFirst: false, now });

describe('what a failed send means for the text', () => {
  it('waits, without checking, when the connection was refused: no byte reached a server', async () => {
    const url = await serve(() => {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await verdict(url)).toMatchObject({ state: 'queued', checkFirst: false, stop: true });
  });

  it('is unknown, to be looked for, when the connection dropped after the request left', async () => {
    const url = await serve((request) => request.on('data', () => {}).on('end', () => request.socket.destroy()));
    expect(await verdict(url)).toMatchObject({ state: 'unknown', checkFirst: true, stop: true });
  });

  it('is unknown when a 2xx answer was cut off', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json', connection: 'close' });
      response.end('{"id": "abc", "direc');
    });
    expect(await verdict(url)).toMatchObject({ state: 'unknown', checkFirst: true });
  });

  it('waits and checks first after a 5xx, and fails after the last try', async () => {
    const url = await serve((_request, response) => response.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>'));
    expect(await verdict(url)).toMatchObject({ state: 'queued', checkFirst: true, stop: true });
    expect(await verdict(url, MAX_SEND_ATTEMPTS)).toMatchObject({ state: 'failed', reason: expect.stringMatching(/Gave up/) });
  });

  it('is refused for good on an opt-out or a validation error, with the server reason', async () => {
    let status = 403;
    let body: unknown = { detail: { error: 'recipient_opted_out', message: 'Recipient opted out' } };
    const url = await serve((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    expect(await verdict(url)).toMatchObject({ state: 'refused', reason: expect.stringMatching(/opted out/), stop: false });
    status = 422;
    body = { detail: [{ loc: ['body', 'to'], msg: 'Value error, not an E.164 phone number', type: 'value_error' }] };
    expect(await verdict(url)).toMatchObject({ state: 'refused', reason: expect.stringMatching(/to: Value error, not an E.164 phone number/) });
  });

  it('waits for the key to be fixed on a 401, stopping the push', async () => {
    const url = await serve((_request, response) => response.writeHead(401, { 'content-type': 'application/json' }).end('{"detail": "Invalid API key"}'));
    expect(await verdict(url)).toMatchObject({ state: 'queued', stop: true, reason: expect.stringMatching(/refused the API key/) });
  });

  it('waits for the rate limit reset the server names, even past a "try now"', async () => {
    const resetAt = Math.ceil(Date.now() / 1000) + 90;
    const url = await serve((_request, response) =>
      response.writeHead(429, { 'content-type': 'application/json', 'x-ratelimit-reset': String(resetAt) }).end('{"detail": "Rate limit exceeded"}'),
    );
    const result = classifySendFailure(await failureOf(url), { attempts: 1, checkFirst: false, now: Date.now() });
    expect(result.state).toBe('queued');
    expect(result.notBefore).toBe(result.nextAttemptAt);
    expect(Math.abs(result.nextAttemptAt - resetAt * 1000)).toBeLessThan(5_000);
  });
});
