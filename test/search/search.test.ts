import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Visibility, tombstoneMessage } from '../../electron/core/cache/messages';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { noOverrides } from '../../electron/core/cache/outbox';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { upsertProviderContact } from '../../electron/core/cache/contacts';
import { searchContext, searchMessages } from '../../electron/core/search';
import { relevanceWindow } from '../../electron/core/search/search';
import { SearchResult } from '../../shared/search';
import { remoteText } from '../support/fixtures';
import { searchFixture, type SearchFixture } from './support';

let f: SearchFixture;
beforeEach(() => {
  f = searchFixture();
});
afterEach(() => f.db.close());

const ids = (query: string, extra: Record<string, unknown> = {}) =>
  searchMessages(f.db, { query, sort: 'newest', ...extra }).hits.map((hit) => hit.message.id).sort((a, b) => a - b);

const marked = (query: string) =>
  searchMessages(f.db, { query }).hits.map((hit) => hit.highlights.map(([a, b]) => hit.message.text!.slice(a, b)));

describe('matching', () => {
  it('ignores case and diacritics both ways', () => {
    const cafe = f.add({ text: 'Meet at the Café with Herr Müller' });
    expect(ids('cafe')).toEqual([cafe]);
    expect(ids('CAFÉ')).toEqual([cafe]);
    expect(ids('muller')).toEqual([cafe]);
    expect(ids('müller')).toEqual([cafe]);
  });

  it('matches the last word as a prefix while it is typed', () => {
    const id = f.add({ text: 'Your appointment is confirmed' });
    expect(ids('your appoi')).toEqual([id]);
    expect(marked('appoi')).toEqual([['appoi']]);
  });

  it('finds a substring inside a word, after every whole-word match', () => {
    const inside = f.add({ text: 'The disappointment was real' });
    const whole = f.add({ text: 'point taken' });
    const hits = searchMessages(f.db, { query: 'point ', sort: 'relevance' }).hits;
    expect(hits.map((h) => [h.message.id, h.match])).toEqual([
      [whole, 'words'],
      [inside, 'substring'],
    ]);
    expect(marked('ointment')).toEqual([['ointment']]);
  });

  it('finds Chinese, Japanese and Korean words inside a sentence, however short', () => {
    const zh = f.add({ text: '我们明天在北京见面' });
    const ja = f.add({ text: '明日は東京駅で会いましょう' });
    const jaEnd = f.add({ text: '私は東京' });
    const ko = f.add({ text: '내일 서울에서 만나요' });
    expect(ids('北京')).toEqual([zh]);
    expect(ids('東京')).toEqual([ja, jaEnd]);
    expect(ids('東京駅')).toEqual([ja]);
    expect(ids('서울')).toEqual([ko]);
    expect(ids('京')).toEqual([zh, ja, jaEnd]);
    expect(marked('東京')).toEqual([['東京'], ['東京']]);
  });

  it('combines Chinese or Japanese words with Latin ones, ANDed or ORed', () => {
    const both = f.add({ text: 'Hotel near 東京駅, check-in 3pm' });
    const latin = f.add({ text: 'Hotel near the station' });
    const cjk = f.add({ text: '東京で会いましょう' });
    expect(ids('hotel 東京')).toEqual([both]);
    expect(ids('station OR 東京')).toEqual([both, latin, cjk]);
    expect(ids('東京 -hotel')).toEqual([cjk]);
  });

  it('finds a short Chinese or Japanese word in texts that arrive after it was first searched', () => {
    const first = f.add({ text: '我在東京' });
    expect(ids('東京')).toEqual([first]);
    const later = f.add({ text: '東京タワー' });
    expect(ids('東京')).toEqual([first, later]);
  });

  it('finds words inside URLs and after apostrophes', () => {
    const url = f.add({ text: 'Pay here: https://billing.example.com/invoices/2024?ref=spring' });
    const apostrophe = f.add({ text: "O'Brien said don’t worry, l'école is closed" });
    expect(ids('invoices')).toEqual([url]);
    expect(ids('billing')).toEqual([url]);
    expect(ids('spring')).toEqual([url]);
    expect(ids('brien')).toEqual([apostrophe]);
    expect(ids('ecole')).toEqual([apostrophe]);
    expect(ids("don't")).toEqual([apostrophe]);
  });

  it('finds an emoji', () => {
    const id = f.add({ text: 'Party tonight 🎉' });
    expect(ids('🎉')).toEqual([id]);
  });

  it('never finds a deleted text, by word, substring, filter or party', () => {
    const id = f.add({ text: 'secret appointment', remotePhoneNumber: '+15557654321' });
    tombstoneMessage(f.db, id, Visibility.Deleted);
    expect(ids('secret')).toEqual([]);
    expect(ids('ointment')).toEqual([]);
    expect(ids('is:unread')).toEqual([]);
    expect(ids('555 765 4321')).toEqual([]);
  });

  it('finds an edited text by its new content only', () => {
    const original = remoteText({ text: 'Dinner at eight', updatedAt: '2026-01-01T00:00:00Z' });
    const id = applyRemoteMessage(f.db, f.scope, original, noOverrides).id!;
    applyRemoteMessage(f.db, f.scope, { ...original, text: 'Lunch at noon', updatedAt: '2026-01-02T00:00:00Z' }, noOverrides);
    expect(ids('dinner')).toEqual([]);
    expect(ids('inner')).toEqual([]);
    expect(ids('lunch')).toEqual([id]);
  });
});

describe('the query language', () => {
  it('ANDs words, matches phrases, ORs alternatives and excludes words', () => {
    const a = f.add({ text: 'see you soon at the office' });
    const b = f.add({ text: 'soon you will see the receipt' });
    const c = f.add({ text: 'the invoice is attached, spam free' });
    expect(ids('office soon')).toEqual([a]);
    expect(ids('"see you soon"')).toEqual([a]);
    expect(ids('receipt OR invoice')).toEqual([b, c]);
    expect(ids('the -spam')).toEqual([a, b]);
    expect(ids('-spam')).toEqual([a, b]);
  });

  it('filters from:me and from a party written in any format', () => {
    const mine = f.add({ text: 'hello there', direction: 'outbound' });
    const theirs = f.add({ text: 'hello back', remotePhoneNumber: '+15551234567' });
    f.add({ text: 'hello other', remotePhoneNumber: '+15559999999' });
    expect(ids('hello from:me')).toEqual([mine]);
    expect(ids('hello from:"(555) 123-4567"')).toEqual([theirs]);
    expect(ids('from:5551234567')).toEqual([theirs]);
  });

  it('finds what a party wrote in groups too, and none of the others\' texts there', () => {
    const dana = '+15551234567';
    const group = (chat: string, sender: string | null, text: string, direction: 'inbound' | 'outbound' = 'inbound') =>
      f.add({
        text,
        direction,
        sender,
        remotePhoneNumber: null,
        conversationId: chat,
        conversation: { isGroup: true, title: `Crew ${chat}`, participants: [dana, '+15559999999'], providerRef: chat },
      });
    const direct = f.add({ text: 'lunch at noon?', remotePhoneNumber: dana });
    const inGroup = group('chat-1', dana, 'lunch works for me');
    const inAnother = group('chat-2', dana, 'lunch tomorrow instead');
    const late = group('chat-1', '+15559999999', 'lunch is late');
    group('chat-2', null, 'lunch from me', 'outbound');
    const elsewhere = f.add({ text: 'lunch elsewhere', remotePhoneNumber: '+15559999999' });
    expect(ids('lunch from:5551234567')).toEqual([direct, inGroup, inAnother]);
    expect(ids('from:"(555) 123-4567"')).toEqual([direct, inGroup, inAnother]);
    // A number typed as text: the texts from that party, in groups too (none of these contain it).
    expect(ids('555 123 4567')).toEqual([direct, inGroup, inAnother]);
    expect(ids('lunch from:5559999999')).toEqual([late, elsewhere]);
    expect(ids('lunch from:me')).toHaveLength(1);
    // By the name the address book gives the number.
    upsertProviderContact(f.db, f.scope.accountId, { phone: dana, name: 'Dana Whitfield' });
    expect(ids('lunch from:"Dana Whitfield"')).toEqual([direct, inGroup, inAnother]);
    expect(ids('from:dana')).toEqual([direct, inGroup, inAnother]);
  });

  it('filters in: a conversation, number: and the conversationId input', () => {
    const here = f.add({ text: 'lunch?', remotePhoneNumber: '+15551234567' });
    const there = f.add({ text: 'lunch!', remotePhoneNumber: '+15559999999' });
    const otherNumber = upsertNumber(f.db, f.scope.accountId, { providerId: 'num-2', phoneNumber: '+15550002000' });
    const elsewhere = applyRemoteMessage(f.db, { ...f.scope, numberId: otherNumber }, remoteText({ text: 'lunch.', remotePhoneNumber: '+15558888888' }), noOverrides).id!;
    expect(ids('lunch in:555-123-4567')).toEqual([here]);
    expect(ids(`lunch number:${otherNumber}`)).toEqual([elsewhere]);
    expect(ids('lunch number:num-2')).toEqual([elsewhere]);
    const conversationId = searchMessages(f.db, { query: 'lunch in:+15559999999' }).hits[0]!.conversation.id;
    expect(ids('lunch', { conversationId })).toEqual([there]);
    expect(ids('lunch', { numberId: f.scope.numberId })).toEqual([here, there]);
  });

  it('answers VALIDATION for a number: that matches no number', () => {
    expect(() => searchMessages(f.db, { query: 'number:nope' })).toThrowError(expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('nope') }));
  });

  it('filters is:unread and is:read', () => {
    const unread = f.add({ text: 'ping', isRead: false });
    const read = f.add({ text: 'ping', isRead: true });
    expect(ids('ping is:unread')).toEqual([unread]);
    expect(ids('ping is:read')).toEqual([read]);
  });

  it('filters has:media and each kind of attachment', () => {
    const media = (contentType: string) => [{ contentType, size: 10, url: 'http://127.0.0.1/x' }];
    const image = f.add({ text: 'look', type: 'mms', media: media('image/jpeg') });
    const video = f.add({ text: 'look', type: 'mms', media: media('video/mp4') });
    const audio = f.add({ text: 'look', type: 'mms', media: media('audio/wav') });
    const file = f.add({ text: 'look', type: 'mms', media: media('application/pdf') });
    f.add({ text: 'look' });
    expect(ids('look has:media')).toEqual([image, video, audio, file]);
    expect(ids('look has:image')).toEqual([image]);
    expect(ids('has:video')).toEqual([video]);
    expect(ids('look has:audio')).toEqual([audio]);
    expect(ids('look has:file')).toEqual([file]);
  });

  it('filters before: (exclusive) and after: (inclusive) by local day', () => {
    const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).toISOString();
    const jan = f.add({ text: 'rent', createdAt: at(2026, 1, 15) });
    const feb = f.add({ text: 'rent', createdAt: at(2026, 2, 1) });
    const mar = f.add({ text: 'rent', createdAt: at(2026, 3, 10) });
    expect(ids('rent before:2026-02-01')).toEqual([jan]);
    expect(ids('rent after:2026-02-01')).toEqual([feb, mar]);
    expect(ids('rent after:2026-01-20 before:2026-03-01')).toEqual([feb]);
  });

  it('finds a phone number typed in any format: texts from that party and texts containing it', () => {
    const from = f.add({ text: 'hi, it is Dana', remotePhoneNumber: '+15551234567' });
    const mentions = [
      f.add({ text: 'call me at (555) 123-4567', remotePhoneNumber: '+15550000001' }),
      f.add({ text: 'my cell: 555.123.4567', remotePhoneNumber: '+15550000002' }),
      f.add({ text: 'reach +1 555 123 4567 today', remotePhoneNumber: '+15550000003' }),
      f.add({ text: 'number 5551234567', remotePhoneNumber: '+15550000004' }),
    ];
    f.add({ text: 'call me at (555) 123-9999', remotePhoneNumber: '+15550000005' });
    for (const query of ['555 123 4567', '(555) 123-4567', '+15551234567', '555-123-4567']) {
      expect(ids(query)).toEqual([from, ...mentions]);
    }
    const hit = searchMessages(f.db, { query: '555 123 4567' }).hits.find((h) => h.message.id === mentions[0]);
    expect(hit!.highlights.map(([a, b]) => hit!.message.text!.slice(a, b))).toEqual(['(555) 123-4567']);
  });

  it('applies exclusions to both the texts containing a number and the texts from its party', () => {
    const from = f.add({ text: 'hello from Dana', remotePhoneNumber: '+15551234567' });
    f.add({ text: 'spam from Dana', remotePhoneNumber: '+15551234567' });
    const mention = f.add({ text: 'Dana is at 555-123-4567', remotePhoneNumber: '+15550000001' });
    f.add({ text: 'spam: call 555-123-4567', remotePhoneNumber: '+15550000002' });
    expect(ids('555 123 4567 -spam')).toEqual([from, mention]);
  });

  it('refuses a bad date with a VALIDATION error naming it', () => {
    expect(() => searchMessages(f.db, { query: 'rent after:2026-02-30' })).toThrowError(
      expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('2026-02-30') }),
    );
  });

  it('searches an unclosed quote as a phrase and reports the problem', () => {
    const id = f.add({ text: 'see you at the café' });
    const result = searchMessages(f.db, { query: '"at the cafe' });
    expect(result.hits.map((h) => h.message.id)).toEqual([id]);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'unbalanced-quote' })]);
  });

  it('searches an unknown operator as text', () => {
    const id = f.add({ text: 're: subject:invoice attached' });
    const result = searchMessages(f.db, { query: 'subject:invoice' });
    expect(result.hits.map((h) => h.message.id)).toEqual([id]);
    expect(result.problems![0]).toMatchObject({ code: 'unknown-operator' });
  });

  it('searches FTS syntax characters as text, never as syntax', () => {
    const id = f.add({ text: 'NEAR the (AND) "quote" * star' });
    for (const query of ['NEAR(', '"quote"', 'AND)', '*', 'star*', 'col:umn', '^x', '+']) {
      expect(() => searchMessages(f.db, { query })).not.toThrow();
    }
    expect(ids('(AND)')).toEqual([id]);
  });
});

describe('results', () => {
  it('ranks by relevance with a lean to recent texts, or newest first', () => {
    const strongOld = f.add({ text: 'refund refund refund', createdAt: '2025-01-01T00:00:00Z' });
    const weakOld = f.add({ text: 'a long text that mentions a refund once among many other words here', createdAt: '2025-01-02T00:00:00Z' });
    const weakNew = f.add({ text: 'a long text that mentions a refund once among many other words here', createdAt: '2026-06-01T00:00:00Z' });
    const relevance = searchMessages(f.db, { query: 'refund', sort: 'relevance' }).hits.map((h) => h.message.id);
    expect(relevance[0]).toBe(strongOld);
    expect(relevance.indexOf(weakNew)).toBeLessThan(relevance.indexOf(weakOld));
    expect(searchMessages(f.db, { query: 'refund', sort: 'newest' }).hits.map((h) => h.message.id)).toEqual([weakNew, weakOld, strongOld]);
  });

  it('pages with a cursor through every hit, across phases, without repeats', () => {
    const all = new Set<number>();
    for (let i = 0; i < 60; i++) all.add(f.add({ text: `report number ${i}` }));
    for (let i = 0; i < 45; i++) all.add(f.add({ text: `misreported item ${i}` }));
    for (const sort of ['relevance', 'newest'] as const) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: SearchResult = searchMessages(f.db, { query: 'report ', sort, limit: 25, cursor });
        seen.push(...page.hits.map((h) => h.message.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(all);
    }
  });

  it('pages by relevance across windows of recent matches, reaching every hit once', () => {
    const all = new Set<number>();
    f.db.transaction(() => {
      for (let i = 0; i < relevanceWindow * 2 + 37; i++) all.add(f.add({ text: i % 3 ? `order ${i} shipped` : `order order ${i}` }));
    })();
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: SearchResult = searchMessages(f.db, { query: 'order ', sort: 'relevance', limit: 200, cursor });
      seen.push(...page.hits.map((h) => h.message.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(all.size);
    expect(new Set(seen)).toEqual(all);
  });

  it('leaves the substring phase for the next page when whole words fill this one', () => {
    for (let i = 0; i < 3; i++) f.add({ text: `plan ${i}` });
    const inside = f.add({ text: 'airplane' });
    const first = searchMessages(f.db, { query: 'plan ', limit: 3 });
    expect(first.hits.map((h) => h.match)).toEqual(['words', 'words', 'words']);
    const second = searchMessages(f.db, { query: 'plan ', limit: 3, cursor: first.nextCursor });
    expect(second.hits.map((h) => [h.message.id, h.match])).toEqual([[inside, 'substring']]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor from another search', () => {
    for (let i = 0; i < 3; i++) f.add({ text: `ping ${i}` });
    const { nextCursor } = searchMessages(f.db, { query: 'ping', limit: 1 });
    expect(() => searchMessages(f.db, { query: 'pong', cursor: nextCursor })).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => searchMessages(f.db, { query: 'ping', cursor: 'garbage' })).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('gives highlights as UTF-16 offsets, after emoji and accents too', () => {
    const text = '🎉🎉 Café crème at the café, CAFE!';
    f.add({ text });
    const [hit] = searchMessages(f.db, { query: 'cafe ' }).hits;
    expect(hit!.highlights.map(([a, b]) => text.slice(a, b))).toEqual(['Café', 'café', 'CAFE']);
    expect(SearchResult.parse({ hits: [hit], nextCursor: null })).toBeTruthy();
  });

  it('cuts a long text into a snippet around the first match, with its highlights moved', () => {
    const text = `${'lorem ipsum dolor '.repeat(20)}the needle is here ${'sit amet '.repeat(30)}`;
    f.add({ text });
    const [hit] = searchMessages(f.db, { query: 'needle' }).hits;
    const { snippet } = hit!;
    expect(snippet.text.length).toBeLessThanOrEqual(122);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.highlights.map(([a, b]) => snippet.text.slice(a, b))).toEqual(['needle']);
  });

  it('returns nothing for an empty query', () => {
    f.add({ text: 'anything' });
    expect(searchMessages(f.db, { query: '   ' }).hits).toEqual([]);
  });

  it('gives the texts around a hit in its thread', () => {
    const thread = Array.from({ length: 10 }, (_, i) => f.add({ text: `line ${i}` }));
    f.add({ text: 'elsewhere', remotePhoneNumber: '+15550000009' });
    const context = searchContext(f.db, { messageId: thread[5]!, before: 2, after: 3 });
    expect(context.messages.map((m) => m.id)).toEqual(thread.slice(3, 9));
    expect(context.hitIndex).toBe(2);
    expect(context).toMatchObject({ hasOlder: true, hasNewer: true });
    const edge = searchContext(f.db, { messageId: thread[0]!, before: 0, after: 0 });
    expect(edge).toMatchObject({ hitIndex: 0, hasOlder: false, hasNewer: true });
  });

  it('answers NOT_FOUND for the context of a deleted text', () => {
    const id = f.add({ text: 'gone' });
    tombstoneMessage(f.db, id, Visibility.Deleted);
    expect(() => searchContext(f.db, { messageId: id })).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
