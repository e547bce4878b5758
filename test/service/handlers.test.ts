import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationCursor, EventPayload } from '../../shared/contract';
import type { Conversation } from '../../shared/model';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import type { InboundEvent } from '../../electron/core/serviceTypes';
import { openCacheReadOnly } from '../support/syncHarness';
import { startTestService, type TestService } from '../support/demoService';
import { TEST_DEMO_ANCHOR } from '../support/fixtures';

let open: TestService[] = [];
let servers: DemoServer[] = [];
afterEach(async () => {
  for (const handle of open) await handle.close();
  for (const server of servers) await server.close();
  open = [];
  servers = [];
});

/** The embedded tiny Inkbox demo, synced once. */
async function syncedDemo(): Promise<TestService & { demo: DemoServer }> {
  const handle = await startTestService({ demo: true });
  open.push(handle);
  await handle.service.syncNow('user');
  return { ...handle, demo: handle.fleet.inkbox()! };
}

async function allConversations(handle: TestService, input: { numberId?: number; unreadOnly?: boolean } = {}) {
  return (await handle.call('conversations:list', { ...input, limit: 500 })).conversations;
}

/** A conversation with at least `minTexts` texts and an unread inbound one. */
async function busyUnreadConversation(handle: TestService, minTexts = 1): Promise<Conversation> {
  const found = (await allConversations(handle)).find((c) => c.unreadCount > 0 && c.totalCount >= minTexts);
  if (!found) throw new Error('The demo has no such conversation');
  return found;
}

function providerNumberId(handle: TestService & { demo: DemoServer }, numberId: number): Promise<string> {
  return handle.call('numbers:list', {}).then((numbers) => numbers.find((n) => n.id === numberId)!.providerId);
}

describe('conversations:list', () => {
  it('pages with nextCursor until it is exhausted, newest first, each conversation once', async () => {
    const handle = await syncedDemo();
    const everything = await allConversations(handle);
    expect(everything.length).toBeGreaterThan(7);

    const paged: Conversation[] = [];
    let cursor: ConversationCursor | null = null;
    let pages = 0;
    do {
      const page: { conversations: Conversation[]; nextCursor: ConversationCursor | null } = await handle.call(
        'conversations:list',
        { limit: 3, cursor },
      );
      expect(page.conversations.length).toBeLessThanOrEqual(3);
      paged.push(...page.conversations);
      cursor = page.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(100);
    } while (cursor);

    expect(paged.map((c) => c.id)).toEqual(everything.map((c) => c.id));
    expect(new Set(paged.map((c) => c.id)).size).toBe(paged.length);
    const times = paged.map((c) => Date.parse(c.latestAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('lists only the conversations with unread texts when unreadOnly is set', async () => {
    const handle = await syncedDemo();
    const everything = await allConversations(handle);
    const unread = await allConversations(handle, { unreadOnly: true });
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.length).toBeLessThan(everything.length);
    expect(unread.map((c) => c.id)).toEqual(everything.filter((c) => c.unreadCount > 0).map((c) => c.id));
  });
});

describe('thread:page', () => {
  async function longThread(handle: TestService) {
    const conversation = (await allConversations(handle)).reduce((a, b) => (b.totalCount > a.totalCount ? b : a));
    expect(conversation.totalCount).toBeGreaterThanOrEqual(5);
    const whole = await handle.call('thread:page', { conversationId: conversation.id, limit: 500 });
    expect(whole.messages).toHaveLength(conversation.totalCount);
    return { conversation, whole: whole.messages };
  }

  it('answers the latest texts oldest first, and before pages back to the first text with none twice', async () => {
    const handle = await syncedDemo();
    const { conversation, whole } = await longThread(handle);
    const times = whole.map((m) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const latest = await handle.call('thread:page', { conversationId: conversation.id, limit: 2 });
    expect(latest.messages.map((m) => m.id)).toEqual(whole.slice(-2).map((m) => m.id));
    expect(latest).toMatchObject({ hasOlder: true, hasNewer: false });

    const collected = [...latest.messages];
    let page = latest;
    while (page.hasOlder) {
      page = await handle.call('thread:page', { conversationId: conversation.id, limit: 2, before: collected[0]!.id });
      expect(page.hasNewer).toBe(true);
      collected.unshift(...page.messages);
    }
    expect(collected.map((m) => m.id)).toEqual(whole.map((m) => m.id));
  });

  it('answers the texts after a text with after, and says when none are newer', async () => {
    const handle = await syncedDemo();
    const { conversation, whole } = await longThread(handle);
    const page = await handle.call('thread:page', { conversationId: conversation.id, limit: 2, after: whole[0]!.id });
    expect(page.messages.map((m) => m.id)).toEqual(whole.slice(1, 3).map((m) => m.id));
    expect(page.hasNewer).toBe(whole.length > 3);
    const last = await handle.call('thread:page', { conversationId: conversation.id, limit: 2, after: whole.at(-2)!.id });
    expect(last.messages.map((m) => m.id)).toEqual([whole.at(-1)!.id]);
    expect(last.hasNewer).toBe(false);
  });

  it('centres on a text with around, with its older and newer neighbours', async () => {
    const handle = await syncedDemo();
    const { conversation, whole } = await longThread(handle);
    const middle = Math.floor(whole.length / 2);
    const page = await handle.call('thread:page', { conversationId: conversation.id, limit: 3, around: whole[middle]!.id });
    expect(page.messages.map((m) => m.id)).toEqual(whole.slice(middle - 1, middle + 2).map((m) => m.id));
    expect(page.hasOlder).toBe(middle - 1 > 0);
    expect(page.hasNewer).toBe(middle + 2 < whole.length);
  });
});

describe('read state', () => {
  it('message:setRead marks a text read, lowers the counts, emits data:changed, and the server has it after pushNow', async () => {
    const handle = await syncedDemo();
    const conversation = await busyUnreadConversation(handle);
    const text = (await handle.call('thread:page', { conversationId: conversation.id, limit: 500 })).messages.find(
      (m) => !m.isRead,
    )!;
    const unreadBefore = handle.service.unreadCount();
    const events: EventPayload<'data:changed'>[] = [];
    handle.service.on('data:changed', (payload) => events.push(payload));

    const updated = await handle.call('message:setRead', { messageId: text.id, isRead: true });

    expect(updated.isRead).toBe(true);
    expect(events.some((e) => e.conversationIds.includes(conversation.id) && e.unread)).toBe(true);
    expect(handle.service.unreadCount()).toBe(unreadBefore - 1);
    expect((await handle.call('conversations:get', { conversationId: conversation.id })).unreadCount).toBe(
      conversation.unreadCount - 1,
    );
    expect(await handle.service.pushNow()).toBe(0);
    const numberProviderId = await providerNumberId(handle, conversation.numberId);
    expect(handle.demo.texts(numberProviderId).find((t) => t.id === text.providerId)?.is_read).toBe(true);
  });

  it('conversations:setRead marks every text of the conversation read, emits data:changed, and the server has it after pushNow', async () => {
    const handle = await syncedDemo();
    const conversation = await busyUnreadConversation(handle);
    const unreadBefore = handle.service.unreadCount();
    const events: EventPayload<'data:changed'>[] = [];
    handle.service.on('data:changed', (payload) => events.push(payload));

    const updated = await handle.call('conversations:setRead', { conversationId: conversation.id, isRead: true });

    expect(updated.unreadCount).toBe(0);
    expect(events.some((e) => e.conversationIds.includes(conversation.id))).toBe(true);
    expect(handle.service.unreadCount()).toBe(unreadBefore - conversation.unreadCount);
    expect(await handle.service.pushNow()).toBe(0);
    const numberProviderId = await providerNumberId(handle, conversation.numberId);
    const onServer = handle.demo.texts(numberProviderId).filter((t) => t.remote_phone_number === conversation.remote);
    expect(onServer.length).toBe(conversation.totalCount);
    expect(onServer.every((t) => t.is_read)).toBe(true);
  });
});

describe('message:delete', () => {
  it('deletes on the server and answers scope server', async () => {
    const handle = await syncedDemo();
    const conversation = await busyUnreadConversation(handle, 2);
    const text = (await handle.call('thread:page', { conversationId: conversation.id, limit: 1 })).messages[0]!;

    const outcome = await handle.call('message:delete', { messageId: text.id });

    expect(outcome).toEqual({ scope: 'server', queued: false, message: expect.any(String) });
    const numberProviderId = await providerNumberId(handle, conversation.numberId);
    expect(handle.demo.texts(numberProviderId).some((t) => t.id === text.providerId)).toBe(false);
    const thread = await handle.call('thread:page', { conversationId: conversation.id, limit: 500 });
    expect(thread.messages.some((m) => m.id === text.id)).toBe(false);
  });

  it('hides the text on this device only and answers scope local when the server refuses status deleted', async () => {
    const handle = await syncedDemo();
    handle.demo.setFaults({ rejectDeleteStatus: true });
    const conversation = await busyUnreadConversation(handle, 2);
    const text = (await handle.call('thread:page', { conversationId: conversation.id, limit: 1 })).messages[0]!;

    const outcome = await handle.call('message:delete', { messageId: text.id });

    expect(outcome).toMatchObject({ scope: 'local', queued: false });
    const numberProviderId = await providerNumberId(handle, conversation.numberId);
    expect(handle.demo.texts(numberProviderId).some((t) => t.id === text.providerId)).toBe(true);
    await handle.service.syncNow('user');
    expect(handle.service.resolveMessageId(text.providerId)).toBeNull();
    const thread = await handle.call('thread:page', { conversationId: conversation.id, limit: 500 });
    expect(thread.messages.some((m) => m.id === text.id)).toBe(false);
  });
});

describe('inbound events', () => {
  it('raises none during the first sync and one for a text that arrives on the server after it', async () => {
    const handle = await startTestService({ demo: true });
    open.push(handle);
    const inbound: InboundEvent[] = [];
    handle.service.on('inbound', (event) => inbound.push(event));

    await handle.service.syncNow('user');
    expect(inbound).toEqual([]);

    const demo = handle.fleet.inkbox()!;
    const number = demo.numbers()[0]!;
    const arrived = demo.insertInbound(number.id, '+15557654321', 'Is the shop open on Sunday?');
    await handle.service.syncNow('user');

    expect(inbound).toHaveLength(1);
    expect(inbound[0]!.messages.map((m) => [m.providerId, m.text, m.direction])).toEqual([
      [arrived.id, 'Is the shop open on Sunday?', 'inbound'],
    ]);
    expect(inbound[0]!.conversations.map((c) => c.remote)).toEqual(['+15557654321']);
  });
});

describe('numbers and accounts', () => {
  it('marks a released number unavailable after a sync and keeps its conversations readable', async () => {
    const handle = await syncedDemo();
    const number = (await handle.call('numbers:list', {}))[0]!;
    const before = await allConversations(handle, { numberId: number.id });
    expect(before.length).toBeGreaterThan(0);

    handle.demo.releaseNumber(number.providerId);
    await handle.service.syncNow('user');

    expect((await handle.call('numbers:list', {})).find((n) => n.id === number.id)?.status).toBe('unavailable');
    const after = await allConversations(handle, { numberId: number.id });
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    const thread = await handle.call('thread:page', { conversationId: after[0]!.id, limit: 500 });
    expect(thread.messages).toHaveLength(after[0]!.totalCount);
    expect((await handle.call('sync:status')).state).toBe('idle');
  });

  it('does not leave a read made on a released number queued forever; it stays read here', async () => {
    const handle = await syncedDemo();
    const number = (await handle.call('numbers:list', {}))[0]!;
    handle.demo.releaseNumber(number.providerId);
    await handle.service.syncNow('user');
    const conversation = (await handle.call('conversations:list', { numberId: number.id, unreadOnly: true })).conversations[0]!;

    await handle.call('conversations:setRead', { conversationId: conversation.id, isRead: true });

    expect(await handle.service.pushNow()).toBe(0);
    await handle.service.syncNow('user');
    expect((await handle.call('sync:status')).pendingActions).toBe(0);
    expect((await handle.call('conversations:get', { conversationId: conversation.id })).unreadCount).toBe(0);
  });

  it('says a delete on a released number hides the text here only, known released or found so by the push', async () => {
    const handle = await syncedDemo();
    const number = (await handle.call('numbers:list', {}))[0]!;
    const [first, second] = (await handle.call('conversations:list', { numberId: number.id })).conversations;
    const textOf = async (conversationId: number) => (await handle.call('thread:page', { conversationId, limit: 1 })).messages[0]!;
    const early = await textOf(first!.id);
    const late = await textOf(second!.id);

    // Released while the cache still thinks it is active: the push finds out.
    handle.demo.releaseNumber(number.providerId);
    const found = await handle.call('message:delete', { messageId: early.id });
    expect(found).toMatchObject({ scope: 'local', queued: false });

    // Known released after a sync: answered at once.
    await handle.service.syncNow('user');
    const known = await handle.call('message:delete', { messageId: late.id });
    expect(known).toMatchObject({ scope: 'local', queued: false, message: expect.stringMatching(/no longer on the server/) });
    expect((await handle.call('sync:status')).pendingActions).toBe(0);
  });

  it('accounts:remove wipes the account with its numbers, conversations and texts', async () => {
    const handle = await syncedDemo();
    const account = (await handle.call('accounts:list'))[0]!;
    expect(await allConversations(handle)).not.toHaveLength(0);

    await handle.call('accounts:remove', { accountId: account.id });

    expect(await handle.call('accounts:list')).toEqual([]);
    expect(await handle.call('numbers:list', {})).toEqual([]);
    expect(await allConversations(handle)).toEqual([]);
    expect(handle.service.unreadCount()).toBe(0);
    const db = openCacheReadOnly(join(handle.dataDir, 'cache.db'));
    try {
      const count = (table: string) => (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number);
      expect(['numbers', 'conversations', 'messages', 'media', 'outbox'].map(count)).toEqual([0, 0, 0, 0, 0]);
    } finally {
      db.close();
    }
  });
});

describe('removing an account', () => {
  it('leaves nothing of its texts for search to find', async () => {
    const handle = await syncedDemo();
    const number = handle.demo.numbers()[0]!;
    handle.demo.insertInbound(number.id, '+15557650020', 'The zeppelin parts arrived');
    await handle.service.syncNow('user');
    expect((await handle.call('search:query', { query: 'zeppelin' })).hits).toHaveLength(1);
    const account = (await handle.call('accounts:list'))[0]!;

    await handle.call('accounts:remove', { accountId: account.id });

    expect((await handle.call('search:query', { query: 'zeppelin' })).hits).toEqual([]);
    expect((await handle.call('search:query', { query: 'zeppeli' })).hits).toEqual([]);
    const db = openCacheReadOnly(join(handle.dataDir, 'cache.db'));
    try {
      expect(db.prepare(`SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zeppelin'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('deletes the attachments it had downloaded, which the media protocol then no longer serves', async () => {
    const handle = await syncedDemo();
    const number = handle.demo.numbers()[0]!;
    const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(32)]);
    const arrived = handle.demo.insertInbound(number.id, '+15557650021', null, [{ contentType: 'image/png', bytes: photo }]);
    await handle.service.syncNow('user');
    const messageId = handle.service.resolveMessageId(arrived.id)!;
    const context = await handle.call('search:context', { messageId, before: 0, after: 0 });
    const mediaId = context.messages.find((m) => m.id === messageId)!.media[0]!.id;
    let hash: string | null = null;
    for (let tries = 0; hash === null && tries < 500; tries += 1) {
      hash = (await handle.call('media:get', { mediaId })).hash;
      if (hash === null) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const file = handle.service.mediaFile(hash!)!;
    expect(readFileSync(file.path)).toEqual(Buffer.from(photo));
    const account = (await handle.call('accounts:list'))[0]!;

    await handle.call('accounts:remove', { accountId: account.id });

    expect(handle.service.mediaFile(hash!)).toBeNull();
    expect(existsSync(file.path)).toBe(false);
  });

  it('drops the actions it had queued, so later pushes and syncs succeed', async () => {
    const handle = await syncedDemo();
    const text = handle.demo.texts(handle.demo.numbers()[0]!.id).find((t) => t.direction === 'inbound' && !t.is_read)!;
    handle.demo.setFaults({ resetRate: 1 });
    await handle.call('message:setRead', { messageId: handle.service.resolveMessageId(text.id)!, isRead: true });
    expect((await handle.call('sync:status')).pendingActions).toBe(1);
    const account = (await handle.call('accounts:list'))[0]!;

    await handle.call('accounts:remove', { accountId: account.id });

    expect((await handle.call('sync:status')).pendingActions).toBe(0);
    handle.demo.setFaults({});
    expect(await handle.service.pushNow()).toBe(0);
    await handle.service.syncNow('user');
    expect((await handle.call('sync:status')).error).toBeNull();
  });
});

describe('export:run', () => {
  it('writes a JSON file with every live text and its server values', async () => {
    const handle = await syncedDemo();
    const number = (await handle.call('numbers:list', {}))[0]!;
    const deleted = handle.demo.texts(number.providerId)[0]!;
    await handle.call('message:delete', { messageId: handle.service.resolveMessageId(deleted.id)! });

    const result = await handle.call('export:run', { format: 'json' });

    expect(result.path).toMatch(/\.json$/);
    const exported = JSON.parse(readFileSync(result.path!, 'utf8')) as { id: string; text: string | null; is_read: boolean; created_at: string }[];
    const live = handle.demo.numbers().flatMap((n) => handle.demo.texts(n.id));
    expect(result.count).toBe(live.length);
    expect(exported.map((t) => t.id).sort()).toEqual(live.map((t) => t.id).sort());
    expect(exported.some((t) => t.id === deleted.id)).toBe(false);
    const byId = new Map(live.map((t) => [t.id, t]));
    for (const text of exported) {
      expect([text.text, text.is_read, text.created_at]).toEqual([byId.get(text.id)!.text, byId.get(text.id)!.is_read, byId.get(text.id)!.created_at]);
    }
  });
});

describe('boundary and sync status', () => {
  it('settings:set rejects a value out of range with VALIDATION and keeps the setting', async () => {
    const handle = await startTestService();
    open.push(handle);
    const error = await handle.callError('settings:set', { syncIntervalSeconds: 1 });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('syncIntervalSeconds');
    expect((await handle.call('settings:get')).syncIntervalSeconds).toBe(30);
  });

  it('accounts:add with a wrong key answers AUTH and adds nothing', async () => {
    const server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
    servers.push(server);
    const handle = await startTestService();
    open.push(handle);
    const error = await handle.callError('accounts:add', {
      provider: 'inkbox',
      credentials: { apiKey: 'not-the-key' },
      baseUrl: server.baseUrl,
    });
    expect(error.code).toBe('AUTH');
    expect(await handle.call('accounts:list')).toEqual([]);
  });

  it('sync:status reports AUTH when the server stops accepting the stored key', async () => {
    const first = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny', apiKey: 'key-one' });
    servers.push(first);
    const handle = await startTestService();
    open.push(handle);
    await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: 'key-one' }, baseUrl: first.baseUrl });
    await handle.service.syncNow('user');
    expect((await handle.call('sync:status')).state).toBe('idle');

    // The key is revoked: the same address now wants another one.
    await first.close();
    servers.push(await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny', apiKey: 'key-two', port: first.port }));
    await handle.service.syncNow('user');

    const status = await handle.call('sync:status');
    expect(status.state).toBe('error');
    expect(status.error?.code).toBe('AUTH');
  });

  it('sync:status reports offline with a NETWORK error when the server resets every connection', async () => {
    const handle = await syncedDemo();
    handle.demo.setFaults({ resetRate: 1 });
    await handle.service.syncNow('user');
    const status = await handle.call('sync:status');
    expect(status.state).toBe('offline');
    expect(status.error?.code).toBe('NETWORK');

    handle.demo.setFaults({});
    await handle.service.syncNow('user');
    expect(await handle.call('sync:status')).toMatchObject({ state: 'idle', error: null });
  });
});
