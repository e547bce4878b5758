import { afterEach, describe, expect, it } from 'vitest';
import { startSendblueFake, type SendblueFake } from '../../../electron/demo/fakes/sendblue';

let fake: SendblueFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Listed {
  status?: string;
  message?: string;
  data: Record<string, unknown>[] & Record<string, unknown>;
  pagination?: unknown;
}

async function get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: Listed; headers: Headers }> {
  const response = await fetch(fake!.baseUrl + path, {
    headers: headers ?? { 'sb-api-key-id': fake!.credentials.apiKey, 'sb-api-secret-key': fake!.credentials.apiSecret },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text.startsWith('{') ? JSON.parse(text) : { data: [] }) as Listed };
}

describe('the Sendblue fake', () => {
  it('refuses wrong keys with 401 in Sendblue error shape', async () => {
    fake = await startSendblueFake();
    const answer = await get('/api/v2/messages', { 'sb-api-key-id': fake.credentials.apiKey, 'sb-api-secret-key': 'wrong' });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ status: 'ERROR', message: expect.any(String) });
  });

  it('lists messages with pagination and accountEmail in camel case', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const answer = await get('/api/v2/messages?limit=5&offset=2&order_by=createdAt&order_direction=asc');
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('OK');
    expect(answer.body.data).toHaveLength(5);
    const total = fake.numbers().reduce((sum, line) => sum + fake!.messages(line).length, 0);
    expect(answer.body.pagination).toEqual({ hasMore: true, limit: 5, offset: 2, total });
    expect(answer.body.data[0]).toHaveProperty('accountEmail');
    expect(answer.body.data[0]).not.toHaveProperty('account_email');
  });

  it('rejects a limit outside 1 to 1000', async () => {
    fake = await startSendblueFake();
    expect((await get('/api/v2/messages?limit=0')).status).toBe(400);
    expect((await get('/api/v2/messages?limit=1001')).status).toBe(400);
  });

  it('filters by line and updated_at_gte and orders as asked', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const line = fake.numbers()[1]!;
    const all = fake.messages(line);
    const pivot = all[Math.floor(all.length / 2)]!;
    const since = String(pivot['date_updated']);
    const answer = await get(
      `/api/v2/messages?sendblue_number=${encodeURIComponent(line)}&updated_at_gte=${since}&order_by=updatedAt&order_direction=asc&limit=1000`,
    );
    const expected = all.filter((m) => Date.parse(String(m['date_updated'])) >= Date.parse(since)).length;
    expect(answer.body.data).toHaveLength(expected);
    expect(answer.body.data.every((m) => m['sendblue_number'] === line)).toBe(true);
    const times = answer.body.data.map((m) => Date.parse(String(m['date_updated'])));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers one message by handle as {data, status}', async () => {
    fake = await startSendblueFake();
    const first = fake.messages(fake.numbers()[0]!)[0]!;
    const answer = await get(`/api/v2/messages/${first.message_handle}`);
    expect(answer.body).toEqual({ data: first, status: 'OK' });
    expect((await get('/api/v2/messages/nope')).status).toBe(404);
  });

  it('seeds services, a downgrade, a group with participants and MMS with real image bytes', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const all = fake.numbers().flatMap((line) => fake!.messages(line));
    expect(new Set(all.map((m) => m['service']))).toEqual(new Set(['iMessage', 'SMS', 'RCS']));
    expect(all.some((m) => m['was_downgraded'] === true)).toBe(true);
    const group = all.find((m) => m['group_id']);
    expect(group?.['participants']).toEqual(expect.arrayContaining([group?.['sendblue_number']]));
    const withMedia = all.find((m) => typeof m['media_url'] === 'string')!;
    const media = await fetch(String(withMedia['media_url']));
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toMatch(/^image\//);
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('stops serving media once it is older than its time to live', async () => {
    let clock = Date.now();
    fake = await startSendblueFake({ size: 'small', now: () => clock, mediaTtlMs: 60_000 });
    const withMedia = fake.numbers().flatMap((line) => fake!.messages(line)).find((m) => typeof m['media_url'] === 'string')!;
    clock += 30 * 86_400_000;
    expect((await fetch(String(withMedia['media_url']))).status).toBe(403);
  });

  it('answers 429 with Retry-After after 100 requests in 10 seconds', async () => {
    const clock = Date.now();
    fake = await startSendblueFake({ now: () => clock });
    for (let i = 0; i < 100; i++) expect((await get('/api/v2/messages?limit=1')).status).toBe(200);
    const limited = await get('/api/v2/messages?limit=1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('moves date_updated when a status changes elsewhere', async () => {
    fake = await startSendblueFake();
    const message = fake.messages(fake.numbers()[0]!).find((m) => m['is_outbound'])!;
    const updated = fake.updateStatus(message.message_handle, 'DELIVERED');
    expect(Date.parse(String(updated['date_updated']))).toBeGreaterThan(Date.parse(String(message['date_updated'])));
  });

  it('generates the same data for the same seed and clock', async () => {
    const clock = 1_780_000_000_000;
    fake = await startSendblueFake({ seed: 7, now: () => clock });
    const first = fake.messages(fake.numbers()[0]!).map((m) => ({ ...m, media_url: null }));
    await fake.close();
    fake = await startSendblueFake({ seed: 7, now: () => clock });
    expect(fake.messages(fake.numbers()[0]!).map((m) => ({ ...m, media_url: null }))).toEqual(first);
  });
});
