import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/model';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { openDatabase } from '../../electron/core/cache';
import { startLinqFake, type LinqFake } from '../../electron/demo/fakes/linq';
import type { TextdeskService } from '../../electron/core/service';
import { scratchDir } from '../support/fixtures';
import { call, startService } from '../support/serviceHost';

let server: DemoServer | undefined;
let linq: LinqFake | undefined;
let scratch: ReturnType<typeof scratchDir> | undefined;
const running: TextdeskService[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop().catch(() => {});
  await server?.close();
  await linq?.close();
  scratch?.cleanup();
  server = undefined;
  linq = undefined;
  scratch = undefined;
});

async function open(secret: string): Promise<TextdeskService> {
  const service = await startService(scratch!.dir, secret);
  await service.start();
  running.push(service);
  return service;
}

/** The demo server synced into a fresh cache, and its 1:1 conversations by remote. */
async function demo(options: Parameters<typeof startDemoServer>[0] = {}): Promise<{ service: TextdeskService; conversations: Conversation[] }> {
  server = await startDemoServer({ size: 'tiny', seed: 11, ...options });
  scratch = scratchDir('textdesk-send-life-');
  const service = await open(server.apiKey);
  await call(service, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl, label: 'Demo' });
  await service.syncNow('user');
  const { conversations } = await call(service, 'conversations:list', { limit: 500 });
  return { service, conversations: conversations.filter((c) => /^\+\d{10,}$/.test(c.remote)).sort((a, b) => a.remote.localeCompare(b.remote)) };
}

const thread = async (service: TextdeskService, conversationId: number) =>
  (await call(service, 'thread:page', { conversationId, limit: 500 })).messages;

describe('a number that cannot send', () => {
  it('says why (toll-free, still registering) and refuses the text before writing anything', async () => {
    const { service, conversations } = await demo();
    const target = conversations[0]!;
    const number = (await call(service, 'numbers:list', undefined)).find((n) => n.id === target.numberId)!;
    expect(number.sendBlockedReason).toBeNull();
    server!.setNumberType(number.providerId, 'toll_free');
    await service.syncNow('user');
    const tollFree = (await call(service, 'numbers:list', undefined)).find((n) => n.id === number.id)!;
    expect(tollFree.sendBlockedReason).toBe('Toll-free numbers on Inkbox can only receive texts.');
    const before = await thread(service, target.id);
    await expect(call(service, 'message:send', { conversationId: target.id, text: 'hello' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Toll-free numbers on Inkbox can only receive texts.',
    });
    expect(await thread(service, target.id)).toEqual(before);
    expect(server!.sendRequestCount()).toBe(0);

    server!.setNumberType(number.providerId, 'local');
    server!.setSmsStatus(number.providerId, 'pending');
    await service.syncNow('user');
    expect((await call(service, 'numbers:list', undefined)).find((n) => n.id === number.id)!.sendBlockedReason).toBe(
      'This number is still registering for SMS.',
    );
  });

  it('keeps a text the server answers 409 sender_sms_pending queued, with the reason and the next try', async () => {
    const { service, conversations } = await demo();
    server!.setFaults({ send: { senderPending: true } });
    const { message } = await call(service, 'message:send', { conversationId: conversations[0]!.id, text: 'Waiting for registration' });
    expect(message.send).toMatchObject({ state: 'queued', reason: expect.stringMatching(/registering for SMS/) });
    expect(Date.parse(message.send!.nextAttemptAt!)).toBeGreaterThan(Date.parse(message.createdAt));
    server!.setFaults({});
    const retried = await call(service, 'message:retrySend', { messageId: message.id });
    expect(retried.send).toBeNull();
    const stored = server!.numbers().flatMap((n) => server!.sentTexts(n.id));
    expect(stored.filter((t) => t.text === 'Waiting for registration')).toHaveLength(1);
  });
});

describe('a sent text', () => {
  it('raises data:changed for its conversation, and its delivery status moves on with the next syncs', async () => {
    const { service, conversations } = await demo();
    server!.setFaults({ send: { deliveryStepMs: 40 } });
    const target = conversations[1] ?? conversations[0]!;
    const changed: number[][] = [];
    service.on('data:changed', (event) => changed.push(event.conversationIds));
    const { message } = await call(service, 'message:send', { conversationId: target.id, text: 'Status moves on' });
    expect(changed.some((ids) => ids.includes(target.id))).toBe(true);
    expect(message.deliveryStatus).toBe('queued');
    await expect
      .poll(
        async () => {
          await service.syncNow('user');
          return (await thread(service, target.id)).find((m) => m.id === message.id)?.deliveryStatus;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe('delivered');
  });

  it('becomes the server text when a sync brings it before the answer: shown once, counted once', async () => {
    const { service, conversations } = await demo();
    const target = conversations[0]!;
    const body = 'Answer held while another sync runs';
    server!.setFaults({ send: { answerDelayMs: 1_500 } });
    const pending = service.sendMessage({ conversationId: target.id, text: body }, 0);
    const { message } = await pending;
    expect(message.send?.state).toBe('sending');
    const stored = () => server!.numbers().flatMap((n) => server!.sentTexts(n.id)).filter((t) => t.text === body);
    await expect.poll(() => stored().length, { timeout: 5_000, interval: 20 }).toBe(1);
    // Another service on the same cache (the CLI beside the app) syncs while the answer is held.
    const beside = await open(server!.apiKey);
    await beside.syncNow('user');
    const seen = (await thread(beside, target.id)).filter((m) => m.text === body);
    expect(seen).toEqual([expect.objectContaining({ id: message.id, providerId: stored()[0]!.id, send: null })]);
    await service.pushNow();
    await service.syncNow('user');
    const after = await thread(service, target.id);
    expect(after.filter((m) => m.text === body)).toHaveLength(1);
    expect((await call(service, 'conversations:get', { conversationId: target.id })).totalCount).toBe(after.length);
    expect(stored()).toHaveLength(1);
  });
});

describe('a send whose process died before its request left', () => {
  it('is looked for, not found, and sent once after the restart', async () => {
    const { service, conversations } = await demo();
    const target = conversations[0]!;
    service.setOnline(false);
    const { message } = await call(service, 'message:send', { conversationId: target.id, text: 'Claimed, never sent' });
    await service.stop();
    running.splice(0);
    // As a killed process leaves it: claimed, its owner gone, no request made.
    const db = openDatabase(`${scratch!.dir}/cache.db`);
    db.prepare(`UPDATE outbox_sends SET state = 'sending', claim_owner = '2147483646:gone', claim_until = ?, first_sent_at = ? WHERE message_id = ?`).run(
      Date.now() + 60_000,
      Date.now(),
      message.id,
    );
    db.close();
    const again = await open(server!.apiKey);
    await again.syncNow('user');
    const stored = server!.numbers().flatMap((n) => server!.sentTexts(n.id)).filter((t) => t.text === 'Claimed, never sent');
    expect(stored).toHaveLength(1);
    expect((await thread(again, target.id)).filter((m) => m.text === 'Claimed, never sent')).toEqual([
      expect.objectContaining({ id: message.id, providerId: stored[0]!.id, send: null }),
    ]);
  });
});

describe('an unsent text', () => {
  it('can be tried again after a refusal, or deleted, but not deleted while it is being sent', async () => {
    const { service, conversations } = await demo();
    const target = conversations[0]!;
    server!.setFaults({ send: { optedOut: [target.remote] } });
    const refused = (await call(service, 'message:send', { conversationId: target.id, text: 'First try' })).message;
    const dropped = (await call(service, 'message:send', { conversationId: target.id, text: 'To be deleted' })).message;
    expect([refused.send?.state, dropped.send?.state]).toEqual(['refused', 'refused']);
    const countBefore = (await call(service, 'conversations:get', { conversationId: target.id })).totalCount;
    server!.setFaults({});
    expect((await call(service, 'message:retrySend', { messageId: refused.id })).send).toBeNull();
    const outcome = await call(service, 'message:delete', { messageId: dropped.id });
    expect(outcome).toMatchObject({ queued: false });
    expect((await thread(service, target.id)).some((m) => m.id === dropped.id)).toBe(false);
    expect((await call(service, 'conversations:get', { conversationId: target.id })).totalCount).toBe(countBefore - 1);
    await expect(call(service, 'message:retrySend', { messageId: refused.id })).rejects.toMatchObject({ code: 'VALIDATION' });

    server!.setFaults({ send: { answerDelayMs: 1_000 } });
    const inFlight = (await service.sendMessage({ conversationId: target.id, text: 'In flight' }, 0)).message;
    await expect(call(service, 'message:delete', { messageId: inFlight.id })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/being sent/),
    });
  });

  it('keeps a draft per conversation across a restart; an empty draft clears it', async () => {
    const { service, conversations } = await demo();
    const [first, second] = [conversations[0]!, conversations[1] ?? conversations[0]!];
    const changed: unknown[] = [];
    service.on('data:changed', (event) => changed.push(event));
    await call(service, 'conversations:setDraft', { conversationId: first.id, text: 'Half-written reply' });
    expect(changed).toEqual([]);
    await service.stop();
    running.splice(0);
    const again = await open(server!.apiKey);
    expect((await call(again, 'conversations:get', { conversationId: first.id })).draft).toBe('Half-written reply');
    if (second.id !== first.id) expect((await call(again, 'conversations:get', { conversationId: second.id })).draft).toBeNull();
    await call(again, 'conversations:setDraft', { conversationId: first.id, text: '' });
    expect((await call(again, 'conversations:get', { conversationId: first.id })).draft).toBeNull();
  });
});

describe('a new conversation', () => {
  it('normalizes the recipient as typed with the sending number\'s country, and refuses what is not a number', async () => {
    const { service, conversations } = await demo();
    const numberId = conversations[0]!.numberId;
    const { message, conversationId } = await call(service, 'message:send', { numberId, to: '(212) 555-0187', text: 'Welcome aboard' });
    expect(message.send).toBeNull();
    expect((await call(service, 'conversations:get', { conversationId })).remote).toBe('+12125550187');
    await expect(call(service, 'message:send', { numberId, to: 'call me', text: 'x' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await service.syncNow('user');
    const { conversations: after } = await call(service, 'conversations:list', { numberId, limit: 500 });
    expect(after.filter((c) => c.remote === '+12125550187')).toEqual([expect.objectContaining({ id: conversationId, totalCount: 1 })]);
  });

  it('creates the chat on Linq for someone new, and the sync finds the same conversation', async () => {
    linq = await startLinqFake({ seed: 4, size: 'tiny' });
    scratch = scratchDir('textdesk-send-linq-');
    const service = await open(linq.credentials.apiKey);
    await call(service, 'accounts:add', { provider: 'linq', credentials: linq.credentials, baseUrl: linq.baseUrl, label: 'Linq' });
    await service.syncNow('user');
    const numberId = (await call(service, 'numbers:list', undefined))[0]!.id;
    const chatsBefore = linq.chats().length;
    const { message, conversationId } = await call(service, 'message:send', { numberId, to: '+1 415 555 0199', text: 'First hello' });
    expect(message.send).toBeNull();
    expect(linq.chats()).toHaveLength(chatsBefore + 1);
    await service.syncNow('user');
    const { conversations } = await call(service, 'conversations:list', { numberId, limit: 500 });
    expect(conversations.filter((c) => c.remote === '+14155550199')).toEqual([expect.objectContaining({ id: conversationId, totalCount: 1 })]);
  });
});

describe('the demo in live mode', () => {
  it('sometimes answers back a text sent to it', async () => {
    const { service, conversations } = await demo({ liveIntervalSeconds: 3_600 });
    const targets = conversations.slice(0, 12);
    const sentAt = new Map<string, number>();
    for (const target of targets) {
      const { message } = await call(service, 'message:send', { conversationId: target.id, text: `Are you free later? ${target.id}` });
      sentAt.set(target.remote, Date.parse(message.createdAt));
    }
    const numberIds = server!.numbers().map((n) => n.id);
    await expect
      .poll(
        () =>
          numberIds
            .flatMap((id) => server!.texts(id))
            .filter((t) => t.direction === 'inbound' && sentAt.has(t.remote_phone_number ?? '') && Date.parse(t.created_at) >= sentAt.get(t.remote_phone_number!)!).length,
        { timeout: 12_000, interval: 200 },
      )
      .toBeGreaterThan(0);
  }, 20_000);
});
