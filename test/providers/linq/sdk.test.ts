import LinqAPIV3 from '@linqapp/sdk';
import type { Chat } from '@linqapp/sdk/resources/chats/chats';
import type { Message } from '@linqapp/sdk/resources/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { startLinqFake, type LinqFake } from '../../../electron/demo/fakes/linq';

/**
 * The official SDK pointed at the fake: it builds the paths, query names and auth header, and
 * its pagination follows next_cursor, so passing here means the fake speaks Linq's wire format.
 */

let fake: LinqFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function sdkFor(server: LinqFake, apiKey = server.credentials.apiKey): LinqAPIV3 {
  return new LinqAPIV3({ apiKey, baseURL: server.sdkBaseUrl, maxRetries: 0 });
}

describe('the official Linq SDK against the fake', () => {
  it('lists the phone numbers', async () => {
    fake = await startLinqFake({ size: 'small' });
    const { phone_numbers } = await sdkFor(fake).phoneNumbers.list();
    expect(phone_numbers.map((n) => n.phone_number)).toEqual(fake.numbers().map((n) => n.phone_number));
  });

  it('pages every chat of a number through next_cursor', async () => {
    fake = await startLinqFake({ size: 'small' });
    const from = fake.numbers()[0]!.phone_number;
    const chats: Chat[] = [];
    for await (const chat of sdkFor(fake).chats.listChats({ from, limit: 6 })) chats.push(chat);
    const expected = fake.chats().filter((c) => c.handles.some((h) => h.is_me && h.handle === from));
    expect(chats.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    expect(chats.some((c) => c.is_group && c.handles.length > 2)).toBe(true);
  });

  it('pages a chat’s messages newest first, with parts, media and reactions in the SDK’s types', async () => {
    fake = await startLinqFake({ size: 'small' });
    const chat = fake.chats().find((c) => fake!.messages(c.id).length > 12)!;
    const messages: Message[] = [];
    for await (const message of sdkFor(fake).chats.messages.list(chat.id, { limit: 5 })) messages.push(message);
    expect(messages.map((m) => m.id)).toEqual(fake.messages(chat.id).map((m) => m.id));
    const all = fake.chats().flatMap((c) => fake!.messages(c.id));
    const withMedia = all.find((m) => m.parts.some((p) => p.type === 'media'))!;
    const viaSdk = await sdkFor(fake).messages.retrieve(withMedia.id);
    const media = viaSdk.parts!.find((p) => p.type === 'media');
    expect(media && 'mime_type' in media ? media.mime_type : null).toMatch(/^image\//);
    const reacted = all.find((m) => m.parts.some((p) => (p.reactions ?? []).length > 0))!;
    const reaction = (await sdkFor(fake).messages.retrieve(reacted.id)).parts!.flatMap((p) => p.reactions ?? [])[0]!;
    expect(reaction.handle.handle).toBeTruthy();
  });

  it('marks a chat read and deletes a message', async () => {
    fake = await startLinqFake();
    const chat = fake.chats()[0]!;
    const sdk = sdkFor(fake);
    await sdk.chats.markAsRead(chat.id);
    expect(fake.messages(chat.id).every((m) => m.is_from_me || m.is_read)).toBe(true);
    const victim = fake.messages(chat.id)[0]!;
    await sdk.messages.delete(victim.id);
    expect(fake.messages(chat.id).map((m) => m.id)).not.toContain(victim.id);
  });

  it('surfaces the fake’s 401 as the SDK’s authentication error', async () => {
    fake = await startLinqFake();
    await expect(sdkFor(fake, 'wrong').phoneNumbers.list()).rejects.toBeInstanceOf(LinqAPIV3.AuthenticationError);
  });
});
