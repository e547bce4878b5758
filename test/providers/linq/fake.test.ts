import { afterEach, describe, expect, it } from 'vitest';
import { startLinqFake, type LinqFake } from '../../../electron/demo/fakes/linq';

let fake: LinqFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

// The fake's answers are read loosely here; their exact shapes are what the tests check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function get(path: string, token = fake!.credentials.apiKey): Promise<{ status: number; body: Loose; headers: Headers }> {
  const response = await fetch(fake!.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

describe('the Linq fake', () => {
  it('refuses a wrong token with 401 in Linq error shape', async () => {
    fake = await startLinqFake();
    const answer = await get('/phone_numbers', 'nope');
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ success: false, error: { status: 401, message: expect.any(String) }, trace_id: expect.any(String) });
  });

  it('lists every chat exactly once by cursor, most recently updated first', async () => {
    fake = await startLinqFake({ size: 'small' });
    const seen: string[] = [];
    const times: string[] = [];
    let cursor: string | null = null;
    do {
      const answer = await get(`/chats?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      for (const chat of answer.body.chats) {
        seen.push(chat.id);
        times.push(chat.updated_at);
      }
      cursor = answer.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters chats by the from number and holds 1:1 and group chats over three services', async () => {
    fake = await startLinqFake({ size: 'small' });
    const [first] = fake.numbers();
    const answer = await get(`/chats?limit=100&from=${encodeURIComponent(first!.phone_number)}`);
    expect(answer.body.chats.length).toBe(20);
    const all = fake.chats();
    expect(all.some((chat) => chat.is_group && chat.handles.filter((h) => !h.is_me).length >= 2)).toBe(true);
    expect(new Set(all.map((chat) => chat.service))).toEqual(new Set(['iMessage', 'SMS', 'RCS']));
  });

  it('rejects a limit outside 1..100', async () => {
    fake = await startLinqFake();
    const answer = await get('/chats?limit=101');
    expect(answer.status).toBe(400);
    expect(answer.body.success).toBe(false);
  });

  it('pages a chat newest first and unchanged by an arrival in the middle of the walk', async () => {
    fake = await startLinqFake({ size: 'small' });
    const chat = fake.chats().find((c) => fake!.messages(c.id).length > 10)!;
    const expected = fake.messages(chat.id).map((m) => m.id);
    const first = await get(`/chats/${chat.id}/messages?limit=5`);
    fake.insertInbound(chat.id, 'A new one');
    const ids: string[] = first.body.messages.map((m: { id: string }) => m.id);
    let cursor = first.body.next_cursor as string | null;
    while (cursor) {
      const page = await get(`/chats/${chat.id}/messages?limit=5&cursor=${cursor}`);
      ids.push(...page.body.messages.map((m: { id: string }) => m.id));
      cursor = page.body.next_cursor;
    }
    expect(ids).toEqual(expected);
  });

  it('holds multi-part messages with images, links and tapbacks', async () => {
    fake = await startLinqFake({ size: 'small' });
    const messages = fake.chats().flatMap((chat) => fake!.messages(chat.id));
    expect(messages.some((m) => m.parts.filter((p) => p.type === 'media').length >= 2)).toBe(true);
    expect(messages.some((m) => m.parts.some((p) => p.type === 'text') && m.parts.some((p) => p.type === 'media'))).toBe(true);
    expect(messages.some((m) => m.parts.some((p) => p.type === 'link'))).toBe(true);
    expect(messages.some((m) => m.parts.some((p) => (p.reactions ?? []).length > 0))).toBe(true);
  });

  it('serves media bytes at the part URL for one hour only', async () => {
    let clock = Date.parse('2025-06-01T12:00:00Z');
    fake = await startLinqFake({ size: 'small', now: () => clock });
    const part = fake
      .chats()
      .flatMap((chat) => fake!.messages(chat.id))
      .flatMap((m) => m.parts)
      .find((p) => p.type === 'media')!;
    if (part.type !== 'media') throw new Error('no media');
    const fresh = await fetch(part.url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe(part.mime_type);
    expect((await fresh.arrayBuffer()).byteLength).toBe(part.size_bytes);
    clock += 3_600_001;
    expect((await fetch(part.url)).status).toBe(403);
  });

  it('answers 429 with code 1007 and retry_after when rate limiting', async () => {
    fake = await startLinqFake({ faults: { rateLimitRate: 1, retryAfterSeconds: 3 } });
    const answer = await get('/phone_numbers');
    expect(answer.status).toBe(429);
    expect(answer.body.error).toMatchObject({ status: 429, code: 1007, retry_after: 3 });
    expect(answer.headers.get('retry-after')).toBe('3');
  });

  it('marks a chat read and deletes a message through the API', async () => {
    fake = await startLinqFake({ size: 'small' });
    const chat = fake.chats().find((c) => fake!.messages(c.id).some((m) => !m.is_read && !m.is_from_me))!;
    const token = { authorization: `Bearer ${fake.credentials.apiKey}` };
    expect((await fetch(`${fake.baseUrl}/chats/${chat.id}/read`, { method: 'POST', headers: token })).status).toBe(204);
    expect(fake.messages(chat.id).every((m) => m.is_from_me || (m.is_read && m.read_at !== null))).toBe(true);
    const victim = fake.messages(chat.id)[0]!;
    expect((await fetch(`${fake.baseUrl}/messages/${victim.id}`, { method: 'DELETE', headers: token })).status).toBe(204);
    expect(fake.messages(chat.id).map((m) => m.id)).not.toContain(victim.id);
    expect((await fetch(`${fake.baseUrl}/messages/${victim.id}`, { method: 'DELETE', headers: token })).status).toBe(404);
  });

  it('generates the same data from the same seed', async () => {
    fake = await startLinqFake({ seed: 3, now: () => 1_750_000_000_000 });
    const one = fake.chats();
    await fake.close();
    fake = await startLinqFake({ seed: 3, now: () => 1_750_000_000_000 });
    expect(fake.chats()).toEqual(one);
  });
});
