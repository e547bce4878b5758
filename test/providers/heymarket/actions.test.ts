import { afterEach, describe, expect, it } from 'vitest';
import { conversationProviderRef, findConversation } from '../../../electron/core/cache/conversations';
import { findMessageByProviderId } from '../../../electron/core/cache/messages';
import { createAdapter } from '../../../electron/core/providers/registry';
import { expectConverged, startHeymarketHarness, type HeymarketHarness } from './harness';

let harness: HeymarketHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Heymarket actions', () => {
  it('marks a conversation read on the server, and the next sync agrees', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const unread = harness.fake.messages(number.providerId).find((m) => !m.conversation.read)!;
    const conversation = findConversation(harness.db, number.id, `+${unread.target}`)!;
    await harness.adapter.setConversationRead(
      number.providerId,
      { remote: conversation.remote, providerRef: conversationProviderRef(harness.db, conversation.id) },
      true,
    );
    expect(harness.fake.conversation(number.providerId, unread.target)?.read).toBe(true);
    await harness.syncAll();
    expectConverged(harness);
    expect(findConversation(harness.db, number.id, `+${unread.target}`)?.unreadCount).toBe(0);
  });

  it('keeps the conversation id as the conversation providerRef', async () => {
    harness = await startHeymarketHarness();
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const message = harness.fake.messages(number.providerId)[0]!;
    const conversation = findConversation(harness.db, number.id, `+${message.target}`)!;
    expect(conversationProviderRef(harness.db, conversation.id)).toBe(String(message.conversation.id));
  });

  it('refuses unread, per-text read and delete as UNSUPPORTED', async () => {
    harness = await startHeymarketHarness();
    const number = harness.numbers[0]!;
    const target = harness.fake.messages(number.providerId)[0]!;
    await expect(harness.adapter.setConversationRead(number.providerId, { remote: `+${target.target}`, providerRef: null }, false)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(harness.adapter.deleteMessage(number.providerId, String(target.id))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(harness.adapter.setMessageRead(number.providerId, String(target.id), true)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(harness.adapter.capabilities).toMatchObject({ readState: 'conversation', markUnread: false, delete: false });
  });

  it('fetches one text again with its media URL', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers.find((n) => harness!.fake.messages(n.providerId).some((m) => m.media !== null))!;
    const withMedia = harness.fake.messages(number.providerId).find((m) => m.media !== null)!;
    const text = await harness.adapter.fetchMessage(number.providerId, String(withMedia.id), { remote: `+${withMedia.target}`, providerRef: null });
    expect(text.media[0]?.url).toBe(withMedia.media);
    const cached = findMessageByProviderId(harness.db, harness.accountId, String(withMedia.id));
    expect(cached).toBeDefined();
  });

  it('is registered, so a Heymarket account can be created from its token', () => {
    const adapter = createAdapter('heymarket', { credentials: { apiKey: 'hm_token_123456' }, baseUrl: 'http://127.0.0.1:9/v1' });
    expect(adapter.kind).toBe('heymarket');
  });
});
