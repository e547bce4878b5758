import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { startHeymarketFake, type HeymarketFake } from '../../electron/demo/fakes/heymarket';
import { startLinqFake, type LinqFake } from '../../electron/demo/fakes/linq';
import { startSendblueFake, type SendblueFake } from '../../electron/demo/fakes/sendblue';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const post = (url: string, headers: Record<string, string>, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the Inkbox demo server takes sends as Inkbox does', () => {
  async function demo(): Promise<{ server: DemoServer; url: string; key: Record<string, string> }> {
    const server = await startDemoServer({ size: 'tiny', seed: 2 });
    closers.push(() => server.close());
    return { server, url: `${server.baseUrl}/numbers/${server.numbers()[0]!.id}/texts`, key: { 'x-api-key': server.apiKey } };
  }

  it('answers the queued text with the rate-limit headers, and 422 for a body that is not a send', async () => {
    const { url, key } = await demo();
    const sent = await post(url, key, { to: '+15551230000', text: 'hi' });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ direction: 'outbound', remote_phone_number: '+15551230000', text: 'hi', delivery_status: 'queued' });
    expect(sent.headers.get('x-ratelimit-limit')).toBe('20');
    expect(sent.headers.get('x-ratelimit-remaining')).toBe('19');
    expect(Number(sent.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    for (const body of [{ text: 'no recipient' }, { to: '5551230000', text: 'not E.164' }, { to: '+15551230000' }, { to: '+15551230000', conversation_id: 'c', text: 'both' }]) {
      const refused = await post(url, key, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.headers.get('x-ratelimit-limit')).toBe('20');
    }
    expect((await post(url, key, { conversation_id: 'nope', text: 'x' })).status).toBe(404);
  });

  it('answers 429 past the limit, 409 while registering and 403 for opt-outs and toll-free numbers', async () => {
    const { server, url, key } = await demo();
    server.setFaults({ send: { limit: { count: 1, windowMs: 60_000 } } });
    expect((await post(url, key, { to: '+15551230001', text: 'one' })).status).toBe(201);
    const limited = await post(url, key, { to: '+15551230001', text: 'two' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    server.setFaults({ send: { senderPending: true } });
    expect(await (await post(url, key, { to: '+15551230001', text: 'x' })).json()).toEqual({
      detail: { error: 'sender_sms_pending', message: expect.any(String) },
    });
    server.setFaults({ send: { optedOut: ['+15551230001'], notOptedIn: ['+15551230002'] } });
    const refusal = async (to: string) => ((await (await post(url, key, { to, text: 'x' })).json()) as { detail: { error: string } }).detail.error;
    expect(await refusal('+15551230001')).toBe('recipient_opted_out');
    expect(await refusal('+15551230002')).toBe('recipient_not_opted_in');
    server.setFaults({});
    server.setNumberType(server.numbers()[0]!.id, 'toll_free');
    expect((await post(url, key, { to: '+15551230001', text: 'x' })).status).toBe(403);
  });

  it('moves the delivery status on a moment later, and drops the answer of a stored text on demand', async () => {
    const { server, url, key } = await demo();
    const numberId = server.numbers()[0]!.id;
    server.setFaults({ send: { deliveryStepMs: 30 } });
    const sent = (await (await post(url, key, { to: '+15551230003', text: 'status' })).json()) as { id: string };
    await expect
      .poll(async () => ((await (await fetch(`${url}/${sent.id}`, { headers: key })).json()) as { delivery_status: string }).delivery_status, { timeout: 5_000 })
      .toBe('delivered');
    server.setFaults({ send: { dropAnswer: true } });
    await expect(post(url, key, { to: '+15551230003', text: 'lost answer' })).rejects.toThrow();
    expect(server.sentTexts(numberId).filter((t) => t.text === 'lost answer')).toHaveLength(1);
  });
});

describe('the other fakes take sends as their APIs do', () => {
  it('Sendblue: needs an E.164 number and a line of the account, answers QUEUED, then moves on', async () => {
    const fake: SendblueFake = await startSendblueFake({ seed: 2, faults: { send: { deliveryStepMs: 30 } } });
    closers.push(() => fake.close());
    const headers = { 'sb-api-key-id': fake.credentials.apiKey, 'sb-api-secret-key': fake.credentials.apiSecret };
    const line = fake.numbers()[0]!;
    expect((await post(`${fake.baseUrl}/api/send-message`, headers, { number: '555', from_number: line, content: 'x' })).status).toBe(400);
    expect((await post(`${fake.baseUrl}/api/send-message`, headers, { number: '+15551230000', from_number: '+10000000000', content: 'x' })).status).toBe(400);
    const sent = await post(`${fake.baseUrl}/api/send-message`, headers, { number: '+15551230000', from_number: line, content: 'hi' });
    expect(sent.status).toBe(202);
    const body = (await sent.json()) as { message_handle: string; status: string };
    expect(body.status).toBe('QUEUED');
    await expect
      .poll(async () => ((await (await fetch(`${fake.baseUrl}/api/v2/messages/${body.message_handle}`, { headers })).json()) as { data: { status: string } }).data.status, { timeout: 5_000 })
      .toBe('DELIVERED');
  });

  it('Linq: creates a chat for someone new (no link in a first message), and an idempotency key sends once', async () => {
    const fake: LinqFake = await startLinqFake({ seed: 2 });
    closers.push(() => fake.close());
    const headers = { authorization: `Bearer ${fake.credentials.apiKey}` };
    const from = fake.numbers()[0]!.phone_number;
    const message = (value: string, key?: string) => ({ parts: [{ type: 'text', value }], ...(key ? { idempotency_key: key } : {}) });
    const link = await post(`${fake.baseUrl}/chats`, headers, { from, to: ['+15551230000'], message: message('see https://example.com') });
    expect(link.status).toBe(400);
    expect(((await link.json()) as { error: { code: number } }).error.code).toBe(1005);
    const created = (await (await post(`${fake.baseUrl}/chats`, headers, { from, to: ['+15551230000'], message: message('hello', 'k1') })).json()) as {
      chat: { id: string; message: { id: string; delivery_status: string } };
    };
    expect(created.chat.message.delivery_status).toBe('queued');
    const again = (await (await post(`${fake.baseUrl}/chats/${created.chat.id}/messages`, headers, { message: message('hello', 'k1') })).json()) as {
      message: { id: string };
    };
    expect(again.message.id).toBe(created.chat.message.id);
    expect(fake.sentMessages()).toHaveLength(1);
  });

  it('Heymarket: needs a team member and digits without the plus; a repeated local_id answers the same text', async () => {
    const fake: HeymarketFake = await startHeymarketFake({ seed: 2 });
    closers.push(() => fake.close());
    const headers = { authorization: `Bearer ${fake.credentials.apiKey}` };
    const inbox = Number(fake.numbers()[0]!.id);
    const team = (await (await fetch(`${fake.baseUrl}/team`, { headers })).json()) as { id: number }[];
    const send = (body: Record<string, unknown>) => post(`${fake.baseUrl}/message/send`, headers, { inbox_id: inbox, creator_id: team[0]!.id, text: 'hi', ...body });
    expect((await send({ phone_number: '+15551230000' })).status).toBe(400);
    expect((await send({ phone_number: '15551230000', creator_id: 1 })).status).toBe(400);
    const first = (await (await send({ phone_number: '15551230000', local_id: 'abc' })).json()) as { id: number; date: string };
    const second = (await (await send({ phone_number: '15551230000', local_id: 'abc' })).json()) as { id: number };
    expect(second.id).toBe(first.id);
    expect(fake.sentMessages()).toHaveLength(1);
    expect(fake.sentMessages()[0]).toMatchObject({ local_id: 'abc', target: '15551230000', text: 'hi' });
  });
});
