import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinqClient } from '../../../electron/core/providers/linq/client';
import { toRemoteMessage } from '../../../electron/core/providers/linq/map';
import { WireChat } from '../../../electron/core/providers/linq/schemas';
import type { ParseIssue } from '../../../electron/core/providers/types';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server that answers every request with the given status and JSON body. */
async function answering(status: number, body: unknown, headers: Record<string, string> = {}): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/partner/v3`;
}

const handle = (value: string, isMe = false) => ({ id: value, handle: value, service: 'iMessage', is_me: isMe, status: 'active', joined_at: '2026-01-01T00:00:00Z', left_at: null });
const chat = {
  id: 'chat-1',
  display_name: 'Crew',
  handles: [handle('+15550101000', true), handle('+14155550001'), handle('+14155550002')],
  is_group: true,
  is_archived: false,
  service: 'iMessage',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
};
const message = {
  id: 'm-1',
  chat_id: 'chat-1',
  created_at: '2026-01-02T00:00:00Z',
  updated_at: '2026-01-02T00:00:05Z',
  is_read: false,
  read_at: null,
  is_from_me: false,
  from_handle: handle('+14155550001'),
  service: 'iMessage',
  parts: [
    { type: 'text', value: 'Look at this', text_decorations: [{ range: [0, 4], style: 'bold' }], reactions: [{ handle: handle('+15550101000', true), is_me: true, type: 'love' }] },
    { type: 'media', id: 'a', filename: 'a.png', mime_type: 'image/png', size_bytes: 10, url: 'http://x/a', reactions: null },
    { type: 'media', id: 'b', filename: 'b.jpg', mime_type: 'image/jpeg', size_bytes: 20, url: 'http://x/b', reactions: [{ handle: '+14155550002', is_me: false, type: 'custom', custom_emoji: '🔥' }] },
    { type: 'link', value: 'https://example.com', reactions: null },
    { type: 'imessage_app', app: {}, reactions: null },
  ],
};

describe('the Linq client', () => {
  it('maps a multi-part group message to one text with its media, reactions, sender and group', async () => {
    const baseUrl = await answering(200, { messages: [message], next_cursor: null });
    const client = createLinqClient({ apiKey: 'linq_test_token', baseUrl });
    const page = await client.listMessages('chat-1', { limit: 20 });
    const chatInfo = WireChat.parse(chat);
    const text = toRemoteMessage(page.items[0]!, chatInfo, '+15550101000');
    expect(text).toMatchObject({
      id: 'm-1',
      direction: 'inbound',
      text: 'Look at this\nhttps://example.com',
      type: 'mms',
      isRead: false,
      remotePhoneNumber: null,
      conversationId: 'chat-1',
      sender: '+14155550001',
      service: 'iMessage',
      updatedAt: '2026-01-02T00:00:05Z',
      conversation: { title: 'Crew', participants: ['+14155550001', '+14155550002'], isGroup: true, providerRef: 'chat-1' },
    });
    expect(text.media).toEqual([
      { contentType: 'image/png', size: 10, url: 'http://x/a', filename: 'a.png' },
      { contentType: 'image/jpeg', size: 20, url: 'http://x/b', filename: 'b.jpg' },
    ]);
    expect(text.reactions).toEqual([
      { type: 'love', emoji: '❤️', from: '+15550101000', isMe: true },
      { type: 'custom', emoji: '🔥', from: '+14155550002', isMe: false },
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it('skips and reports a malformed message instead of failing the page', async () => {
    const baseUrl = await answering(200, { messages: [{ id: 'broken' }, message], next_cursor: 'abc' });
    const issues: ParseIssue[] = [];
    const client = createLinqClient({ apiKey: 'linq_test_token', baseUrl, onIssue: (issue) => issues.push(issue) });
    const page = await client.listMessages('chat-1', { limit: 20 });
    expect(page.items.map((m) => m.id)).toEqual(['m-1']);
    expect(page.nextCursor).toBe('abc');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 0, endpoint: 'GET /chats/{id}/messages' });
  });

  it('reads Linq error bodies into the error message', async () => {
    const baseUrl = await answering(400, { success: false, error: { status: 400, code: 1002, message: 'limit must be between 1 and 100' }, trace_id: 't' });
    const client = createLinqClient({ apiKey: 'linq_test_token', baseUrl });
    await expect(client.listChats('+15550101000', { limit: 500 })).rejects.toMatchObject({
      code: 'VALIDATION',
      serverCode: '1002',
      message: expect.stringContaining('limit must be between 1 and 100'),
    });
  });

  it('turns 401 into an auth error without echoing the token', async () => {
    const baseUrl = await answering(401, { success: false, error: { status: 401, code: 1001, message: 'Invalid token linq_test_token' }, trace_id: 't' });
    const client = createLinqClient({ apiKey: 'linq_test_token', baseUrl });
    const error = (await client.listNumbers().then(() => null, (e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('AUTH');
    expect(error.message).not.toContain('linq_test_token');
  });

  it('gives up on a lasting 429 (code 1007) with a rate-limit error carrying retry_after', async () => {
    const baseUrl = await answering(429, { success: false, error: { status: 429, code: 1007, message: 'Rate limit exceeded', retry_after: 2 }, trace_id: 't' }, { 'retry-after': '2' });
    const client = createLinqClient({ apiKey: 'linq_test_token', baseUrl, retry: { retries: 1 }, maxRetryAfterMs: 1 });
    await expect(client.listNumbers()).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 2000 });
  });

  it('waits as long as retry_after in the body asks when no Retry-After header came', async () => {
    const baseUrl = await answering(429, { success: false, error: { status: 429, code: 1007, message: 'Rate limit exceeded', retry_after: 3 }, trace_id: 't' });
    const waits: number[] = [];
    const client = createLinqClient({
      apiKey: 'linq_test_token',
      baseUrl,
      retry: { retries: 1 },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await expect(client.listNumbers()).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 3000 });
    expect(waits).toEqual([3000]);
  });

  it('rejects an envelope without its list as an unexpected shape', async () => {
    const baseUrl = await answering(200, { data: [] });
    const client = createLinqClient({ apiKey: 'linq_test_token', baseUrl });
    await expect(client.listChats('+15550101000', { limit: 10 })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
