import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/model';
import type { TextdeskService } from '../../electron/core/service';
import { repoRoot } from '../support/cli';
import { scratchDir } from '../support/fixtures';
import { call, startService } from '../support/serviceHost';
import { startHeymarketFake, startInkboxFake, startLinqFake, startSendblueFake, type SendFake, type StartFake } from './harness';

let fake: SendFake | undefined;
let scratch: ReturnType<typeof scratchDir> | undefined;
const running: TextdeskService[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop().catch(() => {});
  await fake?.close();
  scratch?.cleanup();
  fake = undefined;
  scratch = undefined;
});

async function open(dir: string, of: SendFake): Promise<TextdeskService> {
  const service = await startService(dir, of.secret);
  await service.start();
  running.push(service);
  return service;
}

async function stop(service: TextdeskService): Promise<void> {
  running.splice(running.indexOf(service), 1);
  await service.stop();
}

/** A synced cache of the fake's account, and a 1:1 conversation chosen from all of them. */
async function setUp(start: StartFake): Promise<{ service: TextdeskService; conversation: Conversation }> {
  fake = await start();
  scratch = scratchDir('textdesk-send-');
  const service = await open(scratch.dir, fake);
  await call(service, 'accounts:add', { provider: fake.provider, credentials: fake.credentials, baseUrl: fake.baseUrl, label: 'Fake' });
  await service.syncNow('user');
  const { conversations } = await call(service, 'conversations:list', { limit: 500 });
  const oneToOne = conversations.filter((c) => !c.isGroup && /^\+\d+$/.test(c.remote)).sort((a, b) => a.remote.localeCompare(b.remote));
  expect(oneToOne.length).toBeGreaterThan(0);
  return { service, conversation: oneToOne[0]! };
}

/** The cache holds the text exactly once, as the server's text, and search finds it once. */
async function expectOnceInCache(service: TextdeskService, conversationId: number, body: string, serverId: string): Promise<void> {
  const page = await call(service, 'thread:page', { conversationId, limit: 500 });
  const copies = page.messages.filter((m) => m.text === body);
  expect(copies).toHaveLength(1);
  expect(copies[0]).toMatchObject({ providerId: serverId, send: null, direction: 'outbound' });
  const conversation = await call(service, 'conversations:get', { conversationId });
  expect(conversation.totalCount).toBe(page.messages.length);
  const hits = await call(service, 'search:query', { query: `"${body}"`, sort: 'newest', limit: 50 });
  expect(hits.hits.filter((hit) => hit.message.text === body)).toHaveLength(1);
}

let counter = 0;
const uniqueBody = (what: string) => `${what} reply ${++counter} zebra${counter}quartz`;

function sendSuite(name: string, start: StartFake): void {
  describe(`sending on ${name}`, () => {
    it('sends a reply online: the server has it once, the cache shows it once as the server text', async () => {
      const { service, conversation } = await setUp(start);
      const body = uniqueBody('online');
      const { message } = await call(service, 'message:send', { conversationId: conversation.id, text: body });
      const stored = fake!.storedWithBody(body);
      expect(stored).toHaveLength(1);
      expect(message).toMatchObject({ providerId: stored[0]!.id, send: null, text: body });
      await service.syncNow('user');
      await expectOnceInCache(service, conversation.id, body, stored[0]!.id);
      const { conversations } = await call(service, 'conversations:list', { limit: 1 });
      expect(conversations[0]?.id).toBe(conversation.id);
    });

    it('keeps a text written offline and sends it once after a restart', async () => {
      const { service, conversation } = await setUp(start);
      const body = uniqueBody('offline');
      service.setOnline(false);
      const { message } = await call(service, 'message:send', { conversationId: conversation.id, text: body });
      expect(message.send).toMatchObject({ state: 'queued', reason: expect.stringMatching(/offline/) });
      expect(fake!.storedWithBody(body)).toHaveLength(0);
      await stop(service);
      const again = await open(scratch!.dir, fake!);
      expect((await call(again, 'sync:status', undefined)).pendingActions).toBe(1);
      await again.syncNow('user');
      const stored = fake!.storedWithBody(body);
      expect(stored).toHaveLength(1);
      await expectOnceInCache(again, conversation.id, body, stored[0]!.id);
      expect((await call(again, 'sync:status', undefined)).pendingActions).toBe(0);
    });

    it('checks the server before sending again when the answer was lost: exactly one text there', async () => {
      const { service, conversation } = await setUp(start);
      const body = uniqueBody('lost');
      fake!.setSendFaults({ dropAnswer: true });
      const { message } = await call(service, 'message:send', { conversationId: conversation.id, text: body });
      expect(message.send?.state).toBe('unknown');
      expect(fake!.storedWithBody(body)).toHaveLength(1);
      fake!.setSendFaults({});
      const requests = fake!.sendRequests();
      await service.pushNow();
      expect(fake!.sendRequests()).toBe(requests);
      const stored = fake!.storedWithBody(body);
      expect(stored).toHaveLength(1);
      await service.syncNow('user');
      await expectOnceInCache(service, conversation.id, body, stored[0]!.id);
    });

    it('accepts a refusal for good: the text is refused with the reason and never tried again', async () => {
      const { service, conversation } = await setUp(start);
      const body = uniqueBody('refused');
      fake!.setSendFaults({ optedOut: [conversation.remote] });
      const { message } = await call(service, 'message:send', { conversationId: conversation.id, text: body });
      expect(message.send?.state).toBe('refused');
      expect(message.send?.reason).toMatch(/opted out/i);
      const requests = fake!.sendRequests();
      await service.pushNow();
      await service.syncNow('user');
      expect(fake!.sendRequests()).toBe(requests);
      expect(fake!.storedWithBody(body)).toHaveLength(0);
      expect((await call(service, 'sync:status', undefined)).pendingActions).toBe(0);
    });

    it('waits for the rate limit to reset, then sends the text once', async () => {
      const { service, conversation } = await setUp(start);
      fake!.setSendFaults({ limit: { count: 1, windowMs: 1_500 } });
      const first = uniqueBody('first');
      const second = uniqueBody('limited');
      await call(service, 'message:send', { conversationId: conversation.id, text: first });
      const { message } = await call(service, 'message:send', { conversationId: conversation.id, text: second });
      expect(message.send?.state).toBe('queued');
      expect(message.send?.nextAttemptAt).not.toBeNull();
      const requests = fake!.sendRequests();
      await service.pushNow();
      expect(fake!.sendRequests()).toBe(requests);
      await expect
        .poll(async () => (await call(service, 'thread:page', { conversationId: conversation.id, limit: 500 })).messages.find((m) => m.text === second)?.send, { timeout: 10_000, interval: 200 })
        .toBe(null);
      expect(fake!.storedWithBody(second)).toHaveLength(1);
      expect(fake!.sendRequests()).toBe(requests + 1);
    });

    it('after a SIGKILL between the request and its answer, a restart neither duplicates nor loses the text', async () => {
      const { service, conversation } = await setUp(start);
      await stop(service);
      const body = uniqueBody('killed');
      fake!.setSendFaults({ answerDelayMs: 60_000 });
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sendChild.ts'], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          TEXTDESK_TEST_DATA_DIR: scratch!.dir,
          TEXTDESK_TEST_SECRET: fake!.secret,
          TEXTDESK_TEST_CONVERSATION: String(conversation.id),
          TEXTDESK_TEST_TEXT: body,
        },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await expect.poll(() => fake!.storedWithBody(body).length, { timeout: 20_000, interval: 20 }).toBe(1);
      child.kill('SIGKILL');
      await exited;
      expect(stderr).not.toMatch(/Error/);
      fake!.setSendFaults({});

      const again = await open(scratch!.dir, fake!);
      await again.syncNow('user');
      const stored = fake!.storedWithBody(body);
      expect(stored).toHaveLength(1);
      await expectOnceInCache(again, conversation.id, body, stored[0]!.id);
      expect((await call(again, 'sync:status', undefined)).pendingActions).toBe(0);
    }, 60_000);
  });
}

sendSuite('Inkbox', startInkboxFake);
sendSuite('Sendblue', startSendblueFake);
sendSuite('Linq', startLinqFake);
sendSuite('Heymarket', startHeymarketFake);
