import { afterEach, describe, expect, it } from 'vitest';
import { conversationProviderRef, findConversation } from '../../../electron/core/cache/conversations';
import { Visibility, findMessageByProviderId, setConversationRead, tombstoneMessage } from '../../../electron/core/cache/messages';
import { enqueue } from '../../../electron/core/cache/outbox';
import { pushOutbox } from '../../../electron/core/sync/pushOutbox';
import { expectLinqConverged, startLinqHarness, type LinqHarness } from './harness';

let harness: LinqHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function syncedWithUnreadChat() {
  harness = await startLinqHarness();
  await harness.syncAll();
  const number = harness.numbers[0]!;
  const chat = harness.fake.chats().find((c) => harness!.fake.messages(c.id).some((m) => !m.is_from_me && !m.is_read))!;
  const remote = chat.is_group ? `group:${chat.id}` : chat.handles.find((h) => !h.is_me)!.handle;
  const conversation = findConversation(harness.db, number.id, remote)!;
  return { number, chat, remote, providerRef: conversationProviderRef(harness.db, conversation.id) };
}

describe('Linq actions', () => {
  it('marks a conversation read on the server through its chat id', async () => {
    const { number, chat, remote, providerRef } = await syncedWithUnreadChat();
    expect(providerRef).toBe(chat.id);
    await harness!.adapter.setConversationRead(number.providerId, { remote, providerRef }, true);
    expect(harness!.fake.messages(chat.id).every((m) => m.is_from_me || m.is_read)).toBe(true);
    await harness!.syncAll({ reconcile: true });
    expectLinqConverged(harness!);
  });

  it('refuses to mark a conversation unread, which Linq cannot do', async () => {
    const { number, remote, providerRef } = await syncedWithUnreadChat();
    await expect(harness!.adapter.setConversationRead(number.providerId, { remote, providerRef }, false)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('refuses to mark a single text read, since Linq reads whole chats', async () => {
    const { number, chat } = await syncedWithUnreadChat();
    const message = harness!.fake.messages(chat.id)[0]!;
    await expect(harness!.adapter.setMessageRead(number.providerId, message.id, true)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('deletes a text on the server, and treats one already gone as deleted', async () => {
    const { number, chat } = await syncedWithUnreadChat();
    const message = harness!.fake.messages(chat.id)[0]!;
    await expect(harness!.adapter.deleteMessage(number.providerId, message.id)).resolves.toEqual({ scope: 'server' });
    expect(harness!.fake.messages(chat.id).map((m) => m.id)).not.toContain(message.id);
    await expect(harness!.adapter.deleteMessage(number.providerId, message.id)).resolves.toEqual({ scope: 'server' });
  });

  it('fetches one text again with fresh media URLs', async () => {
    harness = await startLinqHarness({ size: 'small' });
    const number = harness.numbers[0]!;
    const chat = harness.fake
      .chats()
      .find((c) => c.handles.some((h) => h.is_me && h.handle === number.providerId) && harness!.fake.messages(c.id).some((m) => m.parts.some((p) => p.type === 'media')))!;
    const message = harness.fake.messages(chat.id).find((m) => m.parts.some((p) => p.type === 'media'))!;
    const text = await harness.adapter.fetchMessage(number.providerId, message.id, { remote: '', providerRef: chat.id });
    expect(text.id).toBe(message.id);
    expect(text.media.length).toBe(message.parts.filter((p) => p.type === 'media').length);
    expect((await fetch(text.media[0]!.url)).status).toBe(200);
    await expect(harness.adapter.fetchMessage(number.providerId, 'gone', { remote: '', providerRef: chat.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pushes a local read and a local delete through the outbox, and a later sync agrees', async () => {
    const { number, chat, remote } = await syncedWithUnreadChat();
    const db = harness!.db;
    const conversation = findConversation(db, number.id, remote)!;
    setConversationRead(db, conversation.id, true);
    enqueue(db, { numberId: number.id, kind: 'conversation.read', conversationId: conversation.id });
    const victim = harness!.fake.messages(chat.id)[1]!;
    const ref = findMessageByProviderId(db, harness!.accountId, victim.id)!;
    tombstoneMessage(db, ref.id, Visibility.Deleted);
    enqueue(db, { numberId: number.id, kind: 'message.delete', messageId: ref.id });
    const report = await pushOutbox(db, harness!.adapter, { id: number.id, providerId: number.providerId });
    expect(report).toMatchObject({ pushed: 2, stoppedBy: null });
    expect(harness!.fake.messages(chat.id).every((m) => m.is_from_me || m.is_read)).toBe(true);
    expect(harness!.fake.messages(chat.id).map((m) => m.id)).not.toContain(victim.id);
    await harness!.syncAll({ reconcile: true });
    expectLinqConverged(harness!);
  });
});
