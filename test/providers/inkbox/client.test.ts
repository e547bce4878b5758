import { describe, expect, it } from 'vitest';
import { ProviderParseError } from '../../../electron/core/providers/errors';
import { createInkboxClient, DEFAULT_INKBOX_BASE_URL } from '../../../electron/core/providers/inkbox/client';
import type { ParseIssue } from '../../../electron/core/providers/types';
import { API_KEY, NUMBER_ID, sendJson, useServers, wireText } from './server';

const serve = useServers();

function clientFor(baseUrl: string, onIssue?: (issue: ParseIssue) => void) {
  return createInkboxClient({ apiKey: API_KEY, baseUrl, onIssue, sleep: async () => {} });
}

const textsPath = `/api/v1/phone/numbers/${NUMBER_ID}/texts`;

describe('Inkbox client requests and parsing', () => {
  it('defaults to the public Inkbox base URL', () => {
    expect(DEFAULT_INKBOX_BASE_URL).toBe('https://inkbox.ai/api/v1/phone');
  });

  it('lists numbers with the API key header and ignores fields it does not know', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, [
        {
          id: NUMBER_ID,
          number: '+15550001111',
          type: 'local',
          status: 'active',
          sms_status: 'ready',
          created_at: '2026-01-02T03:04:05Z',
          updated_at: '2026-01-03T03:04:05Z',
          incoming_call_action: 'webhook',
          client_websocket_url: null,
        },
        { id: 'n2', number: '+15550002222' },
      ]),
    );
    const numbers = await clientFor(server.baseUrl).listNumbers();
    expect(numbers).toEqual([
      {
        id: NUMBER_ID,
        number: '+15550001111',
        type: 'local',
        status: 'active',
        smsStatus: 'ready',
        createdAt: '2026-01-02T03:04:05Z',
        updatedAt: '2026-01-03T03:04:05Z',
      },
      { id: 'n2', number: '+15550002222', type: null, status: null, smsStatus: null, createdAt: null, updatedAt: null },
    ]);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/api/v1/phone/numbers');
    expect(request?.headers['x-api-key']).toBe(API_KEY);
    expect(request?.headers['accept']).toBe('application/json');
  });

  it('tolerates a trailing slash on the base URL and trims a pasted key', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, []));
    const client = createInkboxClient({ apiKey: `${API_KEY}\n`, baseUrl: `${server.baseUrl}/` });
    await client.listNumbers();
    expect(server.requests[0]?.path).toBe('/api/v1/phone/numbers');
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
  });

  it('pages texts with limit, offset and is_read, and omits is_read when not asked', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, []));
    const client = clientFor(server.baseUrl);
    await client.listTexts(NUMBER_ID, { limit: 200, offset: 400, isRead: false });
    await client.listTexts(NUMBER_ID, { limit: 50, offset: 0 });
    const [filtered, plain] = server.requests;
    expect(filtered?.path).toBe(textsPath);
    expect(Object.fromEntries(filtered?.query ?? [])).toEqual({ limit: '200', offset: '400', is_read: 'false' });
    expect(Object.fromEntries(plain?.query ?? [])).toEqual({ limit: '50', offset: '0' });
  });

  it('maps a text with media to the normalised shape', async () => {
    const media = [{ content_type: 'image/jpeg', size: 48213, url: 'https://cdn.example/x.jpg?sig=1' }];
    const server = await serve((_req, res) =>
      sendJson(res, 200, [wireText({ type: 'mms', text: null, media, is_read: true })]),
    );
    const [text] = await clientFor(server.baseUrl).listTexts(NUMBER_ID, { limit: 50, offset: 0 });
    expect(text).toEqual({
      id: 'a3c1e7f0-1111-4a2b-9c3d-000000000001',
      direction: 'inbound',
      localPhoneNumber: '+15550001111',
      remotePhoneNumber: '+15551234567',
      text: null,
      type: 'mms',
      media: [{ contentType: 'image/jpeg', size: 48213, url: 'https://cdn.example/x.jpg?sig=1', filename: null }],
      isRead: true,
      status: 'active',
      createdAt: '2026-03-14T15:09:26.535Z',
      updatedAt: '2026-03-14T15:09:26.535Z',
      conversationId: null,
      deliveryStatus: null,
    });
  });

  it('accepts the newer optional text fields and keeps the ones sync uses', async () => {
    const newer = wireText({
      conversation_id: 'c0ffee00-0000-4000-8000-000000000001',
      sender_phone_number: '+15551234567',
      recipients: ['+15550001111', '+15559998888'],
      delivery_status: 'delivered',
      error_code: null,
      error_detail: null,
      sent_at: '2026-03-14T15:09:27Z',
      delivered_at: '2026-03-14T15:09:29Z',
      failed_at: null,
      origin: 'api',
      is_blocked: false,
      remote_phone_number: null,
      direction: 'outbound',
    });
    const server = await serve((_req, res) => sendJson(res, 200, [newer]));
    const [text] = await clientFor(server.baseUrl).listTexts(NUMBER_ID, { limit: 50, offset: 0 });
    expect(text?.conversationId).toBe('c0ffee00-0000-4000-8000-000000000001');
    expect(text?.deliveryStatus).toBe('delivered');
    expect(text?.remotePhoneNumber).toBeNull();
    expect(text).not.toHaveProperty('recipients');
  });

  it('treats a missing status as active, null media as none and a missing updated_at as created_at', async () => {
    const { status: _status, updated_at: _updated, ...bare } = wireText({ media: null });
    const server = await serve((_req, res) => sendJson(res, 200, [bare]));
    const [text] = await clientFor(server.baseUrl).listTexts(NUMBER_ID, { limit: 50, offset: 0 });
    expect(text?.status).toBe('active');
    expect(text?.media).toEqual([]);
    expect(text?.updatedAt).toBe(text?.createdAt);
  });

  it('skips a malformed text, reports it, and returns the others', async () => {
    const items = [
      wireText({ id: 'good-1' }),
      wireText({ id: 'bad-direction', direction: 'sideways' }),
      wireText({ id: 'good-2' }),
      wireText({ id: 'bad-media', media: [{ content_type: 'image/png', size: -1, url: 'u' }] }),
      'not even an object',
      wireText({ id: 'bad-date', created_at: 'yesterday' }),
    ];
    const server = await serve((_req, res) => sendJson(res, 200, items));
    const issues: ParseIssue[] = [];
    const texts = await clientFor(server.baseUrl, (issue) => issues.push(issue)).listTexts(NUMBER_ID, {
      limit: 50,
      offset: 0,
    });
    expect(texts.map((text) => text.id)).toEqual(['good-1', 'good-2']);
    expect(issues.map((issue) => issue.index)).toEqual([1, 3, 4, 5]);
    expect(issues[0]?.endpoint).toBe(`GET /numbers/${NUMBER_ID}/texts`);
    expect(issues[0]?.message).toContain('direction');
    expect(issues[1]?.message).toContain('media.0.size');
    expect(issues[3]?.message).toContain('created_at');
  });

  it('keeps parsing when the issue reporter itself throws', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, [wireText({ type: 'fax' }), wireText()]));
    const client = clientFor(server.baseUrl, () => {
      throw new Error('reporter broke');
    });
    await expect(client.listTexts(NUMBER_ID, { limit: 50, offset: 0 })).resolves.toHaveLength(1);
  });

  it('rejects a list body that is not an array with a parse error', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { items: [wireText()], total: 1 }));
    const error = await clientFor(server.baseUrl)
      .listTexts(NUMBER_ID, { limit: 50, offset: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderParseError);
    expect((error as ProviderParseError).code).toBe('INTERNAL');
    expect((error as ProviderParseError).message).toBe(
      `Inkbox answered GET /numbers/${NUMBER_ID}/texts in an unexpected shape: expected a JSON array, got an object.`,
    );
  });

  it('gets one text, encoding the path segments', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, wireText({ id: 'odd/id?x' })));
    const text = await clientFor(server.baseUrl).getText('num 1', 'odd/id?x');
    expect(server.requests[0]?.path).toBe('/api/v1/phone/numbers/num%201/texts/odd%2Fid%3Fx');
    expect(text.id).toBe('odd/id?x');
  });

  it('throws a parse error rather than return a half-parsed single text', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, wireText({ is_read: 'yes' })));
    await expect(clientFor(server.baseUrl).getText(NUMBER_ID, 't1')).rejects.toThrow(
      /unexpected shape: is_read: .*boolean/,
    );
  });

  it('marks a text read or unread with a PATCH and returns the updated text', async () => {
    const server = await serve((req, res) =>
      sendJson(res, 200, wireText({ is_read: (JSON.parse(req.body) as { is_read: boolean }).is_read })),
    );
    const text = await clientFor(server.baseUrl).setTextRead(NUMBER_ID, 't1', false);
    const [request] = server.requests;
    expect(request?.method).toBe('PATCH');
    expect(request?.path).toBe(`${textsPath}/t1`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ is_read: false });
    expect(text.isRead).toBe(false);
  });

  it('deletes a text with PATCH status "deleted" and reports server scope', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, wireText({ status: 'deleted' })));
    await expect(clientFor(server.baseUrl).deleteText(NUMBER_ID, 't1')).resolves.toEqual({ scope: 'server' });
    expect(server.requests[0]?.method).toBe('PATCH');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ status: 'deleted' });
  });

  it('reports local scope when the server rejects delete with 422', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 422, {
        detail: [{ loc: ['body', 'status'], msg: "Extra inputs are not permitted", type: 'extra_forbidden' }],
      }),
    );
    const result = await clientFor(server.baseUrl).deleteText(NUMBER_ID, 't1');
    expect(result).toEqual({
      scope: 'local',
      reason:
        'This Inkbox server does not support deleting texts (status: Extra inputs are not permitted), so it was hidden on this device only.',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('treats a delete of a text that is already gone as done on the server', async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { detail: 'Text not found' }));
    await expect(clientFor(server.baseUrl).deleteText(NUMBER_ID, 't1')).resolves.toEqual({ scope: 'server' });
  });

  it('reports local scope when the server answers the delete with the text still active', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, wireText({ status: 'active' })));
    const result = await clientFor(server.baseUrl).deleteText(NUMBER_ID, 't1');
    expect(result.scope).toBe('local');
  });

  it('searches with q and limit, leaving limit out when not given', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, [wireText()]));
    const client = clientFor(server.baseUrl);
    const found = await client.searchTexts(NUMBER_ID, 'café & 3pm', 20);
    await client.searchTexts(NUMBER_ID, 'invoice');
    expect(found).toHaveLength(1);
    expect(server.requests[0]?.path).toBe(`${textsPath}/search`);
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({ q: 'café & 3pm', limit: '20' });
    expect(Object.fromEntries(server.requests[1]?.query ?? [])).toEqual({ q: 'invoice' });
  });

  it('lists conversation summaries, accepting the newer group fields', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, [
        {
          remote_phone_number: '+15551234567',
          latest_text: 'See you then',
          latest_direction: 'outbound',
          latest_type: 'sms',
          latest_has_media: false,
          latest_message_at: '2026-03-14T15:10:00Z',
          unread_count: 2,
          total_count: 31,
          id: 'c0ffee00-0000-4000-8000-000000000001',
          participants: ['+15551234567'],
          is_group: false,
        },
        {
          remote_phone_number: '76934',
          latest_text: null,
          latest_direction: null,
          latest_type: null,
          latest_has_media: true,
          latest_message_at: '2026-03-13T09:00:00+00:00',
          unread_count: 0,
          total_count: 1,
        },
        { remote_phone_number: '+15550000000', unread_count: -1 },
      ]),
    );
    const issues: ParseIssue[] = [];
    const summaries = await clientFor(server.baseUrl, (issue) => issues.push(issue)).listConversations(NUMBER_ID, {
      limit: 100,
      offset: 100,
    });
    expect(server.requests[0]?.path).toBe(`${textsPath}/conversations`);
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({ limit: '100', offset: '100' });
    expect(summaries).toEqual([
      {
        remotePhoneNumber: '+15551234567',
        latestText: 'See you then',
        latestDirection: 'outbound',
        latestType: 'sms',
        latestHasMedia: false,
        latestMessageAt: '2026-03-14T15:10:00Z',
        unreadCount: 2,
        totalCount: 31,
      },
      {
        remotePhoneNumber: '76934',
        latestText: null,
        latestDirection: null,
        latestType: null,
        latestHasMedia: true,
        latestMessageAt: '2026-03-13T09:00:00+00:00',
        unreadCount: 0,
        totalCount: 1,
      },
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.index).toBe(2);
  });

  it('reads a conversation by E.164 number or short code, encoding the plus sign', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, [wireText()]));
    const client = clientFor(server.baseUrl);
    const texts = await client.getConversation(NUMBER_ID, '+15551234567', { limit: 25, offset: 50 });
    await client.getConversation(NUMBER_ID, '76934', { limit: 25, offset: 0 });
    expect(texts).toHaveLength(1);
    expect(server.requests[0]?.path).toBe(`${textsPath}/conversations/%2B15551234567`);
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({ limit: '25', offset: '50' });
    expect(server.requests[1]?.path).toBe(`${textsPath}/conversations/76934`);
  });

  it('marks a conversation read and accepts the newer conversation_id and a zero count', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, {
        remote_phone_number: '+15551234567',
        is_read: true,
        updated_count: 0,
        conversation_id: 'c0ffee00-0000-4000-8000-000000000001',
      }),
    );
    const result = await clientFor(server.baseUrl).setConversationRead(NUMBER_ID, '+15551234567', true);
    expect(result).toEqual({ remotePhoneNumber: '+15551234567', isRead: true, updatedCount: 0 });
    expect(server.requests[0]?.method).toBe('PATCH');
    expect(server.requests[0]?.path).toBe(`${textsPath}/conversations/%2B15551234567`);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ is_read: true });
  });
});
