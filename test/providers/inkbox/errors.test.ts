import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  ProviderAuthError,
  ProviderError,
  ProviderNetworkError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
  ProviderServerError,
  ProviderValidationError,
} from '../../../electron/core/providers/errors';
import { createInkboxClient } from '../../../electron/core/providers/inkbox/client';
import { API_KEY, NUMBER_ID, recordingSleep, sendJson, useServers } from './server';

const serve = useServers();

function clientFor(baseUrl: string) {
  return createInkboxClient({ apiKey: API_KEY, baseUrl, sleep: recordingSleep().sleep });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  expect(error).toBeInstanceOf(AppError);
  return error as ProviderError;
}

async function errorFor(status: number, body: unknown, call = 'listTexts' as 'listTexts' | 'getText') {
  const server = await serve((_req, res) => sendJson(res, status, body));
  const client = clientFor(server.baseUrl);
  const error = await failure(
    call === 'listTexts' ? client.listTexts(NUMBER_ID, { limit: 50, offset: 0 }) : client.getText(NUMBER_ID, 't1'),
  );
  return { error, requests: server.requests.length };
}

describe('Inkbox errors', () => {
  it('turns 401 into an AUTH error saying the key was refused, without retrying', async () => {
    const { error, requests } = await errorFor(401, { detail: 'Invalid API key' });
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error.code).toBe('AUTH');
    expect(error.message).toBe('Inkbox refused the API key (Invalid API key).');
    expect(requests).toBe(1);
  });

  it('turns 403 into an AUTH error naming the other-organization case, without retrying', async () => {
    const { error, requests } = await errorFor(403, {
      detail: { error: 'forbidden', message: 'Phone number belongs to another organization' },
    });
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error.code).toBe('AUTH');
    expect(error.message).toContain('belongs to another organization');
    expect(requests).toBe(1);
  });

  it('turns 404 on a number-scoped list into NOT_FOUND for the number, without retrying', async () => {
    const { error, requests } = await errorFor(404, { detail: 'Not found' });
    expect(error).toBeInstanceOf(ProviderNotFoundError);
    expect(error.code).toBe('NOT_FOUND');
    expect((error as ProviderNotFoundError).resource).toEqual({ kind: 'number', numberId: NUMBER_ID });
    expect(error.message).toBe(`Inkbox has no phone number with id ${NUMBER_ID}; it may have been released.`);
    expect(requests).toBe(1);
  });

  it('tells a missing text from a released number by the 404 detail', async () => {
    const text = await errorFor(404, { detail: 'Text not found' }, 'getText');
    expect((text.error as ProviderNotFoundError).resource).toEqual({ kind: 'text', numberId: NUMBER_ID, textId: 't1' });
    const number = await errorFor(404, { detail: 'Phone number not found' }, 'getText');
    expect((number.error as ProviderNotFoundError).resource).toEqual({ kind: 'number', numberId: NUMBER_ID });
  });

  it('renders a 422 string detail readably, without retrying', async () => {
    const { error, requests } = await errorFor(422, { detail: 'limit must be between 1 and 200' });
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Inkbox rejected the request: limit must be between 1 and 200.');
    expect(requests).toBe(1);
  });

  it('renders a 422 {error, message} detail and keeps the server code', async () => {
    const { error } = await errorFor(422, { detail: { error: 'invalid_status', message: 'Status must be deleted.' } });
    expect(error.message).toBe('Inkbox rejected the request: Status must be deleted.');
    expect((error as ProviderValidationError).serverCode).toBe('invalid_status');
  });

  it("renders FastAPI's list of {loc, msg} as field: message pairs", async () => {
    const { error } = await errorFor(422, {
      detail: [
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 200', input: '500' },
        { type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null },
      ],
    });
    expect(error.message).toBe(
      'Inkbox rejected the request: limit: Input should be less than or equal to 200; q: Field required.',
    );
    expect((error as ProviderValidationError).detail).toBe(
      'limit: Input should be less than or equal to 200; q: Field required',
    );
  });

  it('turns an exhausted run of 429s into RATE_LIMITED with the server’s wait', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, { detail: 'Too many requests' }, { 'retry-after': '120' }));
    const { delays, sleep } = recordingSleep();
    const client = createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep, retry: { retries: 2 } });
    const error = await failure(client.listNumbers());
    expect(error).toBeInstanceOf(ProviderRateLimitedError);
    expect(error.code).toBe('RATE_LIMITED');
    expect((error as ProviderRateLimitedError).retryAfterMs).toBe(120_000);
    expect(error.message).toBe('Inkbox is limiting how often Textdesk may call it; try again in 120 s.');
    expect(delays).toEqual([60_000, 60_000]);
    expect(server.requests).toHaveLength(3);
  });

  it('turns an exhausted run of 5xx into a NETWORK server error after retries + 1 requests', async () => {
    const server = await serve((_req, res) => sendJson(res, 502, { detail: 'Bad gateway' }));
    const client = createInkboxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep: recordingSleep().sleep });
    const error = await failure(client.listNumbers());
    expect(error).toBeInstanceOf(ProviderServerError);
    expect(error.code).toBe('NETWORK');
    expect(error.status).toBe(502);
    expect(error.message).toBe('Inkbox failed with a server error (HTTP 502: Bad gateway).');
    expect(server.requests).toHaveLength(5);
  });

  it('turns a 200 body that is not JSON into a NETWORK error after retrying', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Sign in to the hotel Wi-Fi</html>');
    });
    const client = createInkboxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      sleep: recordingSleep().sleep,
      retry: { retries: 1 },
    });
    const error = await failure(client.listNumbers());
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect((error as ProviderNetworkError).failure).toBe('invalid-body');
    expect(error.message).toBe('Inkbox answered with a body that is not valid JSON.');
    expect(server.requests).toHaveLength(2);
  });

  it('does not follow a redirect, so the key header never travels elsewhere', async () => {
    const elsewhere = await serve((_req, res) => sendJson(res, 200, []));
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.baseUrl}/numbers` });
      res.end();
    });
    const error = await failure(clientFor(server.baseUrl).listNumbers());
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect((error as ProviderNetworkError).failure).toBe('redirect');
    expect(error.message).toContain('check the base URL');
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('never puts the API key in an error message, even when the server echoes it', async () => {
    const echo = `Key ${API_KEY} is not valid`;
    for (const [status, body] of [
      [401, { detail: echo }],
      [403, { detail: { error: 'forbidden', message: echo } }],
      [422, { detail: [{ loc: ['header', 'x-api-key'], msg: echo }] }],
      [500, echo],
      [409, { message: echo }],
    ] as const) {
      const server = await serve((_req, res) => sendJson(res, status, body));
      const client = createInkboxClient({
        apiKey: API_KEY,
        baseUrl: server.baseUrl,
        sleep: recordingSleep().sleep,
        retry: { retries: 0 },
      });
      const error = await failure(client.listNumbers());
      expect(error.message).not.toContain(API_KEY);
      expect(JSON.stringify(error)).not.toContain(API_KEY);
    }
  });

  it('refuses a key that cannot be sent as a header without quoting it', () => {
    const attempt = () => createInkboxClient({ apiKey: 'ink_live_abc\u00e9def123456' });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow('The Inkbox API key has characters that cannot be sent; paste it again.');
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createInkboxClient({ apiKey: API_KEY, baseUrl: 'inkbox.ai/api' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});
