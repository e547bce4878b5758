import { afterEach, describe, expect, it } from 'vitest';
import { startHeymarketFake, type HeymarketFake, type WireMessage } from '../../../electron/demo/fakes/heymarket';

let fake: HeymarketFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function post(path: string, body: unknown, token = fake!.credentials.apiKey): Promise<Response> {
  return fetch(`${fake!.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the Heymarket fake', () => {
  it('refuses a bad bearer token with 401', async () => {
    fake = await startHeymarketFake();
    const response = await fetch(`${fake.baseUrl}/inboxes`, { headers: { authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
  });

  it('lists inboxes with their phones', async () => {
    fake = await startHeymarketFake({ size: 'small' });
    const response = await fetch(`${fake.baseUrl}/inboxes`, { headers: { authorization: `Bearer ${fake.credentials.apiKey}` } });
    const inboxes = (await response.json()) as { id: number; phone: string; phones: string[] }[];
    expect(inboxes).toHaveLength(2);
    expect(inboxes[0]!.phones).toContain(inboxes[0]!.phone);
  });

  it('pages messages/all by an exclusive created_at cursor to an empty array, never repeating a message', async () => {
    fake = await startHeymarketFake({ size: 'small' });
    const seen: WireMessage[] = [];
    let cursor = '1970-01-01T00:00:00Z';
    for (;;) {
      const page = (await (await post('/messages/all', { created_at: cursor, order: 'created_at', ascending: true, limit: 30 })).json()) as WireMessage[];
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(30);
      seen.push(...page);
      cursor = page.at(-1)!.date;
    }
    const all = fake.numbers().flatMap((inbox) => fake!.messages(inbox.id));
    // The cursor is exclusive, so texts sharing the last timestamp of a page can be skipped: why clients overlap.
    expect(new Set(seen.map((m) => m.id)).size).toBe(seen.length);
    expect(seen.length).toBeLessThanOrEqual(all.length);
    expect(all.length).toBeGreaterThan(80);
  });

  it('answers the count as a string', async () => {
    fake = await startHeymarketFake();
    const count: unknown = await (await post('/messages/all/count', {})).json();
    expect(count).toBe(String(fake.messages(fake.numbers()[0]!.id).length));
  });

  it('shapes messages with author labels, broadcasts, media URLs and the conversation', async () => {
    fake = await startHeymarketFake({ size: 'small' });
    const messages = fake.numbers().flatMap((inbox) => fake!.messages(inbox.id));
    expect(messages.some((m) => m.author === 'Dana (front desk)' || m.author === 'Marco (service)')).toBe(true);
    expect(messages.some((m) => m.broadcast_id !== null)).toBe(true);
    expect(messages.some((m) => !m.conversation.read)).toBe(true);
    const withMedia = messages.find((m) => m.media !== null)!;
    const image = await fetch(withMedia.media!);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('lists one conversation older than a unix timestamp, newest first', async () => {
    fake = await startHeymarketFake();
    const inbox = fake.numbers()[0]!;
    const last = fake.messages(inbox.id).at(-1)!;
    const url = `${fake.baseUrl}/messages?phoneNumber=${last.target}&inboxID=${inbox.id}&timestamp=${Date.parse(last.date) / 1000}`;
    const page = (await (await fetch(url, { headers: { authorization: `Bearer ${fake.credentials.apiKey}` } })).json()) as WireMessage[];
    expect(page.every((m) => m.target === last.target && Date.parse(m.date) < Date.parse(last.date))).toBe(true);
  });

  it('marks a conversation read through conversations/read', async () => {
    fake = await startHeymarketFake({ size: 'small' });
    const inbox = fake.numbers()[0]!;
    const unread = fake.messages(inbox.id).find((m) => !m.conversation.read)!;
    const response = await post('/conversations/read', { inbox_id: inbox.id, user_id: 7001, target: unread.target });
    expect(response.status).toBe(200);
    expect(fake.conversation(inbox.id, unread.target)?.read).toBe(true);
  });

  it('answers 429 after 500 requests in a minute', async () => {
    fake = await startHeymarketFake({ now: () => 1_800_000_000_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 501; i++) statuses.push((await post('/messages/all/count', {})).status);
    expect(statuses.slice(0, 500).every((s) => s === 200)).toBe(true);
    expect(statuses[500]).toBe(429);
  });
});
