import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderAuthError, ProviderParseError, ProviderRateLimitedError } from '../../../electron/core/providers/errors';
import { createHeymarketClient } from '../../../electron/core/providers/heymarket/client';
import { toE164 } from '../../../electron/core/providers/heymarket/schemas';
import type { ParseIssue } from '../../../electron/core/providers/types';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server answering every request with the next canned response. */
async function serve(responses: { status: number; body: unknown; headers?: Record<string, string> }[]): Promise<{ baseUrl: string; seen: { auth?: string; body: string }[] }> {
  const seen: { auth?: string; body: string }[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body });
      const next = responses.shift() ?? { status: 500, body: { error: 'no more' } };
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`, seen };
}

const message = (overrides: Record<string, unknown> = {}) => ({
  id: 12,
  text: 'hello',
  media: null,
  phone: '14155550100',
  target: '14155551234',
  type: 'text',
  status: 'received',
  date: '2026-03-01T12:00:00Z',
  updated: '2026-03-01T12:00:00Z',
  user: null,
  author: null,
  broadcast_id: null,
  flagged: false,
  local_id: null,
  conversation: { id: 9, inbox: 4101, target: '14155551234', read: false, status: 'open' },
  ...overrides,
});

const fast = { retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 }, maxRetryAfterMs: 5 };

describe('the Heymarket client', () => {
  it('sends the token as a Bearer header and the cursor in the body', async () => {
    const { baseUrl, seen } = await serve([{ status: 200, body: [] }]);
    const client = createHeymarketClient({ apiKey: 'hm_token_123456\n', baseUrl });
    await client.listAllMessages({ cursor: '2026-03-01T12:00:00Z', order: 'updated_at', ascending: true });
    expect(seen[0]!.auth).toBe('Bearer hm_token_123456');
    expect(JSON.parse(seen[0]!.body)).toEqual({ created_at: '2026-03-01T12:00:00Z', order: 'updated_at', ascending: true, limit: 30 });
  });

  it('skips a malformed message and reports it, keeping the rest', async () => {
    const { baseUrl } = await serve([{ status: 200, body: [message(), { id: 'x', text: 3 }, message({ id: 13, user: 7001, author: 'Dana (front desk)', status: 'delivered' })] }]);
    const issues: ParseIssue[] = [];
    const client = createHeymarketClient({ apiKey: 'hm_token_123456', baseUrl, onIssue: (issue) => issues.push(issue) });
    const page = await client.listAllMessages({ cursor: null, order: 'created_at', ascending: true });
    expect(page.map((m) => [m.id, m.direction, m.author])).toEqual([
      ['12', 'inbound', null],
      ['13', 'outbound', 'Dana (front desk)'],
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.index).toBe(1);
  });

  it('reads the count whether it comes as a string or a number', async () => {
    const { baseUrl } = await serve([
      { status: 200, body: '"42"' },
      { status: 200, body: 7 },
    ]);
    const client = createHeymarketClient({ apiKey: 'hm_token_123456', baseUrl });
    expect(await client.countAllMessages()).toBe(42);
    expect(await client.countAllMessages()).toBe(7);
  });

  it('throws a parse error when a list is not an array', async () => {
    const { baseUrl } = await serve([{ status: 200, body: { messages: [] } }]);
    const client = createHeymarketClient({ apiKey: 'hm_token_123456', baseUrl });
    await expect(client.listAllMessages({ cursor: null, order: 'created_at', ascending: true })).rejects.toBeInstanceOf(ProviderParseError);
  });

  it('turns 401 into an AUTH error without the token in it', async () => {
    const { baseUrl } = await serve([{ status: 401, body: { error: 'Unauthorized', message: 'Bad token hm_token_123456' } }]);
    const client = createHeymarketClient({ apiKey: 'hm_token_123456', baseUrl, ...fast });
    const error = await client.listInboxes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect((error as Error).message).not.toContain('hm_token_123456');
  });

  it('retries a 429 and a 503 on messages/all, then answers', async () => {
    const { baseUrl, seen } = await serve([
      { status: 429, body: { error: 'Too Many Requests' }, headers: { 'retry-after': '0' } },
      { status: 503, body: { error: 'Unavailable' } },
      { status: 200, body: [message()] },
    ]);
    const client = createHeymarketClient({ apiKey: 'hm_token_123456', baseUrl, ...fast });
    expect(await client.listAllMessages({ cursor: null, order: 'created_at', ascending: true })).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });

  it('gives up on 429 with a RATE_LIMITED error after its retries', async () => {
    const busy = { status: 429, body: { error: 'Too Many Requests' }, headers: { 'retry-after': '0' } };
    const { baseUrl } = await serve([busy, busy, busy, busy]);
    const client = createHeymarketClient({ apiKey: 'hm_token_123456', baseUrl, ...fast });
    await expect(client.listInboxes()).rejects.toBeInstanceOf(ProviderRateLimitedError);
  });

  it('writes Heymarket phones in E.164', () => {
    expect(toE164('14155551234')).toBe('+14155551234');
    expect(toE164('4155551234')).toBe('+14155551234');
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
  });
});
