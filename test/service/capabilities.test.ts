import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message, ProviderKind } from '../../shared/model';
import { startHeymarketFake, type HeymarketFake } from '../../electron/demo/fakes/heymarket';
import { startLinqFake, type LinqFake } from '../../electron/demo/fakes/linq';
import { startSendblueFake, type SendblueFake } from '../../electron/demo/fakes/sendblue';
import { startTestService, type TestService } from '../support/demoService';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

interface Fake {
  baseUrl: string;
  credentials: { apiKey: string; apiSecret?: string };
  close(): Promise<void>;
}

async function serviceWith(accounts: { provider: Exclude<ProviderKind, 'inkbox'>; fake: Fake }[]): Promise<TestService> {
  const handle = await startTestService();
  cleanups.push(() => handle.close());
  for (const { provider, fake } of accounts) {
    cleanups.push(() => fake.close());
    await handle.call('accounts:add', { provider, credentials: fake.credentials, baseUrl: fake.baseUrl });
  }
  await handle.service.syncNow('user');
  expect((await handle.call('sync:status')).error).toBeNull();
  return handle;
}

async function conversationsOf(handle: TestService): Promise<Conversation[]> {
  return (await handle.call('conversations:list', { limit: 500 })).conversations;
}

async function textsOf(handle: TestService, conversationId: number): Promise<Message[]> {
  return (await handle.call('thread:page', { conversationId, limit: 500 })).messages;
}

async function allTexts(handle: TestService): Promise<Message[]> {
  const texts: Message[] = [];
  for (const conversation of await conversationsOf(handle)) texts.push(...(await textsOf(handle, conversation.id)));
  return texts;
}

describe('Sendblue, which keeps no read state and cannot delete', () => {
  async function sendblue() {
    const fake: SendblueFake = await startSendblueFake({ size: 'tiny' });
    const handle = await serviceWith([{ provider: 'sendblue', fake }]);
    return { fake, handle };
  }

  it('brings history in read, and only texts that arrive after the first sync unread', async () => {
    const { fake, handle } = await sendblue();
    const history = await allTexts(handle);
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((m) => m.isRead)).toBe(true);
    expect(handle.service.unreadCount()).toBe(0);

    const arrived = fake.insertInbound({ sendblueNumber: fake.numbers()[0]!, from: '+15557650001', content: 'Can I move my booking?' });
    await handle.service.syncNow('user');

    const unread = (await allTexts(handle)).filter((m) => !m.isRead);
    expect(unread.map((m) => m.providerId)).toEqual([arrived.message_handle]);
    expect(handle.service.unreadCount()).toBe(1);
  });

  it('keeps read and unread marks on this device, with nothing to push, through later syncs that see the texts again', async () => {
    const { fake, handle } = await sendblue();
    const line = fake.numbers()[0]!;
    const arrived = fake.insertInbound({ sendblueNumber: line, from: '+15557650002', content: 'Running ten minutes late' });
    await handle.service.syncNow('user');
    const fresh = handle.service.resolveMessageId(arrived.message_handle)!;
    const old = (await allTexts(handle)).find((m) => m.direction === 'inbound' && m.id !== fresh)!;

    expect((await handle.call('message:setRead', { messageId: fresh, isRead: true })).isRead).toBe(true);
    expect((await handle.call('message:setRead', { messageId: old.id, isRead: false })).isRead).toBe(false);
    expect((await handle.call('sync:status')).pendingActions).toBe(0);

    // Both texts change on the server (delivery receipts), so the next sync applies them again.
    fake.updateStatus(arrived.message_handle, 'DELIVERED');
    fake.updateStatus(old.providerId, 'DELIVERED');
    await handle.service.syncNow('user');

    const after = await allTexts(handle);
    expect(after.find((m) => m.id === fresh)?.isRead).toBe(true);
    expect(after.find((m) => m.id === old.id)?.isRead).toBe(false);
  });

  it('hides a deleted text on this device only, and a sync does not bring it back', async () => {
    const { fake, handle } = await sendblue();
    const line = fake.numbers()[0]!;
    const text = (await allTexts(handle)).at(-1)!;

    const outcome = await handle.call('message:delete', { messageId: text.id });

    expect(outcome).toMatchObject({ scope: 'local', queued: false });
    expect(fake.messages(line).some((m) => m.message_handle === text.providerId)).toBe(true);
    fake.updateStatus(text.providerId, 'DELIVERED');
    await handle.service.syncNow('user');
    expect(handle.service.resolveMessageId(text.providerId)).toBeNull();
    expect((await allTexts(handle)).some((m) => m.providerId === text.providerId)).toBe(false);
  });
});

describe('Linq, which reads whole chats and can delete', () => {
  async function linqWithUnreadChat() {
    const fake: LinqFake = await startLinqFake({ size: 'tiny' });
    const handle = await serviceWith([{ provider: 'linq', fake }]);
    const conversation = (await conversationsOf(handle)).find((c) => c.unreadCount > 0)!;
    const texts = await textsOf(handle, conversation.id);
    const chatId = fake.chats().find((chat) => fake.messages(chat.id).some((m) => m.id === texts[0]!.providerId))!.id;
    return { fake, handle, conversation, texts, chatId };
  }

  it('conversations:setRead(true) marks the chat read on the server', async () => {
    const { fake, handle, conversation, chatId } = await linqWithUnreadChat();
    expect(fake.messages(chatId).some((m) => !m.is_from_me && !m.is_read)).toBe(true);

    expect((await handle.call('conversations:setRead', { conversationId: conversation.id, isRead: true })).unreadCount).toBe(0);
    expect(await handle.service.pushNow()).toBe(0);

    expect(fake.messages(chatId).every((m) => m.is_from_me || m.is_read)).toBe(true);
    await handle.service.syncNow('user');
    expect((await handle.call('conversations:get', { conversationId: conversation.id })).unreadCount).toBe(0);
  });

  it('answers UNSUPPORTED to marking a chat unread or a single text read, and changes nothing', async () => {
    const { handle, conversation, texts } = await linqWithUnreadChat();
    const unread = texts.find((m) => !m.isRead)!;

    expect((await handle.callError('conversations:setRead', { conversationId: conversation.id, isRead: false })).code).toBe('UNSUPPORTED');
    expect((await handle.callError('message:setRead', { messageId: unread.id, isRead: true })).code).toBe('UNSUPPORTED');

    expect(await handle.call('conversations:get', { conversationId: conversation.id })).toEqual(conversation);
    expect((await handle.call('sync:status')).pendingActions).toBe(0);
  });

  it('message:delete refused by the server with a 4xx says the text is hidden here only, never "Deleted."', async () => {
    const { fake, handle, texts, chatId } = await linqWithUnreadChat();
    const text = texts.at(-1)!;
    fake.setFaults({ refuseDeletes: true });

    const outcome = await handle.call('message:delete', { messageId: text.id });

    expect(outcome).toEqual({ scope: 'local', queued: false, message: 'Hidden on this device only: the server did not delete it.' });
    expect(fake.messages(chatId).some((m) => m.id === text.providerId)).toBe(true);
    expect(await handle.service.pushNow()).toBe(0);
    // The server still lists it; a sync must not bring it back.
    await handle.service.syncNow('user');
    expect((await textsOf(handle, text.conversationId)).some((m) => m.id === text.id)).toBe(false);
  });

  it('message:delete deletes the text on the server', async () => {
    const { fake, handle, texts, chatId } = await linqWithUnreadChat();
    const text = texts.at(-1)!;

    const outcome = await handle.call('message:delete', { messageId: text.id });

    expect(outcome).toMatchObject({ scope: 'server', queued: false });
    expect(fake.messages(chatId).some((m) => m.id === text.providerId)).toBe(false);
    await handle.service.syncNow('user');
    expect(handle.service.resolveMessageId(text.providerId)).toBeNull();
  });
});

describe('Heymarket, which reads whole conversations and cannot delete', () => {
  async function heymarketWithUnreadConversation() {
    const fake: HeymarketFake = await startHeymarketFake({ size: 'tiny' });
    const handle = await serviceWith([{ provider: 'heymarket', fake }]);
    const conversation = (await conversationsOf(handle)).find((c) => c.unreadCount > 0)!;
    const texts = await textsOf(handle, conversation.id);
    const inbox = fake.numbers().find((i) => fake.messages(i.id).some((m) => String(m.id) === texts[0]!.providerId))!;
    const target = fake.messages(inbox.id).find((m) => String(m.id) === texts[0]!.providerId)!.target;
    return { fake, handle, conversation, texts, inbox, target };
  }

  it('conversations:setRead(true) marks the conversation read on the server', async () => {
    const { fake, handle, conversation, inbox, target } = await heymarketWithUnreadConversation();
    expect(fake.conversation(inbox.id, target)?.read).toBe(false);

    await handle.call('conversations:setRead', { conversationId: conversation.id, isRead: true });
    expect(await handle.service.pushNow()).toBe(0);

    expect(fake.conversation(inbox.id, target)?.read).toBe(true);
  });

  it('message:delete hides the text on this device only', async () => {
    const { fake, handle, texts, inbox } = await heymarketWithUnreadConversation();
    const text = texts.at(-1)!;

    const outcome = await handle.call('message:delete', { messageId: text.id });

    expect(outcome).toMatchObject({ scope: 'local', queued: false });
    expect(fake.messages(inbox.id).some((m) => String(m.id) === text.providerId)).toBe(true);
    await handle.service.syncNow('user');
    expect(handle.service.resolveMessageId(text.providerId)).toBeNull();
  });
});

describe('search across providers', () => {
  it('finds a Linq text and a Heymarket text with one query', async () => {
    const linq = await startLinqFake({ size: 'tiny' });
    const heymarket = await startHeymarketFake({ size: 'tiny' });
    const chat = linq.chats()[0]!;
    const linqText = linq.insertInbound(chat.id, 'The quetzalcoatl delivery is at the loading dock');
    const inbox = heymarket.numbers()[0]!;
    const heymarketText = heymarket.insertInbound(inbox.id, '+15557650003', 'Where should the quetzalcoatl crate go?');
    const handle = await serviceWith([
      { provider: 'linq', fake: linq },
      { provider: 'heymarket', fake: heymarket },
    ]);

    const result = await handle.call('search:query', { query: 'quetzalcoatl' });

    const accounts = await handle.call('accounts:list');
    const providerOf = (accountId: number) => accounts.find((a) => a.id === accountId)?.provider;
    expect(result.hits.map((hit) => [providerOf(hit.message.accountId), hit.message.providerId]).sort()).toEqual([
      ['heymarket', String(heymarketText.id)],
      ['linq', linqText.id],
    ]);
  });
});
