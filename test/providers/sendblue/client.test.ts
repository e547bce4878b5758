import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSendblueFake, type SendblueFake } from '../../../electron/demo/fakes/sendblue';
import { ProviderAuthError } from '../../../electron/core/providers/errors';
import { createSendblueClient } from '../../../electron/core/providers/sendblue/client';
import { WireMessage } from '../../../electron/core/providers/sendblue/schemas';
import { toRemoteMessage } from '../../../electron/core/providers/sendblue/map';
import type { ParseIssue } from '../../../electron/core/providers/types';
import { testAdapter } from './harness';

let fake: SendblueFake | undefined;
let server: Server | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const line = '+14155550100';
const wire = (overrides: Record<string, unknown> = {}) => ({
  accountEmail: 'owner@example.com',
  message_handle: 'h-1',
  content: 'hello',
  is_outbound: false,
  status: 'RECEIVED',
  service: 'iMessage',
  number: '+12025550111',
  from_number: '+12025550111',
  to_number: line,
  sendblue_number: line,
  date_sent: '2026-05-01T10:00:00.000Z',
  date_updated: '2026-05-01T10:00:01.000Z',
  media_url: null,
  group_id: null,
  participants: [],
  ...overrides,
});

/** A loopback server answering one fixed body: for shapes the fake never sends. */
async function answering(body: unknown): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('parsing Sendblue messages', () => {
  it('maps a 1:1 inbound text to the other party with no read state', () => {
    const text = toRemoteMessage(WireMessage.parse(wire()));
    expect(text).toMatchObject({
      id: 'h-1',
      direction: 'inbound',
      localPhoneNumber: line,
      remotePhoneNumber: '+12025550111',
      isRead: null,
      service: 'iMessage',
      deliveryStatus: 'RECEIVED',
      createdAt: '2026-05-01T10:00:00.000Z',
      updatedAt: '2026-05-01T10:00:01.000Z',
      conversationId: null,
    });
  });

  it('maps a group text to its group id, title, participants and sender', () => {
    const text = toRemoteMessage(
      WireMessage.parse(wire({ group_id: 'g-9', group_display_name: 'Crew', participants: [line, '+12025550111', '+12025550122'] })),
    );
    expect(text.remotePhoneNumber).toBeNull();
    expect(text.conversationId).toBe('g-9');
    expect(text.sender).toBe('+12025550111');
    expect(text.conversation).toEqual({ title: 'Crew', participants: ['+12025550111', '+12025550122'], isGroup: true, providerRef: 'g-9' });
  });

  it('reads the media type from the URL extension and leaves its size unknown', () => {
    const text = toRemoteMessage(WireMessage.parse(wire({ content: '', media_url: 'https://cdn.sendblue.co/x/photo.JPG' })));
    expect(text.type).toBe('mms');
    expect(text.text).toBeNull();
    expect(text.media).toEqual([{ url: 'https://cdn.sendblue.co/x/photo.JPG', contentType: 'image/jpeg', size: 0, filename: 'photo.JPG' }]);
  });

  it('accepts camelCase field names where the casing drifts', () => {
    const text = toRemoteMessage(
      WireMessage.parse({ messageHandle: 'h-2', isOutbound: true, fromNumber: line, toNumber: '+12025550133', dateSent: '2026-05-02T09:00:00Z', content: 'hi' }),
    );
    expect(text).toMatchObject({ id: 'h-2', direction: 'outbound', localPhoneNumber: line, remotePhoneNumber: '+12025550133' });
  });

  it('skips and reports a malformed item instead of failing the page', async () => {
    const issues: ParseIssue[] = [];
    const baseUrl = await answering({ data: [wire(), { content: 'no handle' }, wire({ message_handle: 'h-3' })], pagination: { hasMore: false }, status: 'OK' });
    const client = createSendblueClient({ apiKey: 'k', apiSecret: 's', baseUrl, onIssue: (issue) => issues.push(issue) });
    const page = await client.listMessages({ limit: 3, offset: 0 });
    expect(page.texts.map((t) => t.id)).toEqual(['h-1', 'h-3']);
    expect(page.received).toBe(3);
    expect(issues).toEqual([{ endpoint: 'GET /api/v2/messages', index: 1, message: expect.stringContaining('message_handle') }]);
  });
});

describe('the Sendblue client', () => {
  it('reports wrong keys as an auth error that never repeats the secret', async () => {
    fake = await startSendblueFake();
    const client = createSendblueClient({ apiKey: fake.credentials.apiKey, apiSecret: 'sbs_not-the-secret', baseUrl: fake.baseUrl });
    const error = await client.listMessages({ limit: 1, offset: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect((error as Error).message).not.toContain('sbs_not-the-secret');
  });

  it('waits as long as Retry-After asks once the rate limit is reached', async () => {
    fake = await startSendblueFake({ rateLimit: { requests: 1, windowMs: 500 } });
    const client = createSendblueClient({ ...fake.credentials, baseUrl: fake.baseUrl, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    await client.listMessages({ limit: 1, offset: 0 });
    const started = Date.now();
    const page = await client.listMessages({ limit: 1, offset: 0 });
    expect(page.texts).toHaveLength(1);
    // Retry-After: 1 (whole seconds), not the 1 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('the Sendblue adapter actions', () => {
  it('refuses per-text read state, delete and conversation read as unsupported', async () => {
    fake = await startSendblueFake();
    const adapter = testAdapter(fake);
    const ref = { remote: '+12025550111', providerRef: null };
    await expect(adapter.setMessageRead(line, 'h', true)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(adapter.deleteMessage(line, 'h')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(adapter.setConversationRead(line, ref, true)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('fetches one text again with its media URL', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const withMedia = fake.numbers().flatMap((l) => fake!.messages(l)).find((m) => typeof m['media_url'] === 'string')!;
    const adapter = testAdapter(fake);
    const text = await adapter.fetchMessage(String(withMedia['sendblue_number']), withMedia.message_handle, { remote: '', providerRef: null });
    expect(text.media[0]?.url).toBe(withMedia['media_url']);
    expect(text.media[0]?.contentType).toMatch(/^image\//);
  });
});
