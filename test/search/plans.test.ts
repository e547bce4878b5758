import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { setConversationRead, tombstoneMessage, Visibility } from '../../electron/core/cache/messages';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { searchMessages, type SearchPlan } from '../../electron/core/search/search';
import type { Message } from '../../shared/model';
import { generateText, numbers, remoteOf } from '../../bench/data';

/**
 * A filtered search has three plans (walk the words' index and check the filters; walk the
 * filter's index and check the words; or walk the words' index and probe the set of the
 * filter's texts), chosen by estimates. Whichever runs, the hits must be
 * the same, in the same order, page after page: here each query is paged through to the end
 * under the planner's choice and under each plan forced, over the benchmark's data set (Zipf
 * conversations, 10% media, 5% unread, three years of texts), with some conversations marked
 * read through the watermark and some texts deleted. In newest order the hits are also exactly
 * the unfiltered search's, filtered.
 */

const size = 4000;
let db: Database;
let largestParty: string;
let smallConversation: number;
let smallParty: string;

beforeAll(() => {
  db = openDatabase(':memory:');
  const account = insertAccount(db, { provider: 'inkbox', label: 'Plans', baseUrl: 'http://127.0.0.1:1' });
  const scopes = numbers.map((phone, i) => ({ accountId: account.id, numberId: upsertNumber(db, account.id, { providerId: `plans-${i}`, phoneNumber: phone }) }));
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const generated = generateText(i, size);
      ids.push(applyRemoteMessage(db, scopes[generated.numberIndex]!, generated.text, noOverrides).id!);
    }
  })();
  largestParty = remoteOf(0);
  // Group chats: the largest party writes some of their texts (from: finds those), others the rest.
  db.transaction(() => {
    for (let i = 0; i < 300; i++) {
      const generated = generateText(size + i, size + 300);
      const chat = `plans-group-${i % 4}`;
      const inbound = generated.text.direction === 'inbound';
      ids.push(
        applyRemoteMessage(
          db,
          scopes[0]!,
          {
            ...generated.text,
            id: `group-text-${i}`,
            localPhoneNumber: numbers[0]!,
            remotePhoneNumber: null,
            conversationId: chat,
            sender: inbound ? (i % 3 === 0 ? largestParty : remoteOf(20 + (i % 5))) : null,
            conversation: { isGroup: true, title: `Group ${i % 4}`, participants: [largestParty, remoteOf(20), remoteOf(21)], providerRef: chat },
          },
          noOverrides,
        ).id!,
      );
    }
  })();
  const byRemote = (remote: string) => db.prepare(`SELECT id FROM conversations WHERE remote = ?`).pluck().get(remote) as number;
  smallParty = remoteOf(12);
  smallConversation = byRemote(smallParty);
  // The watermark covers whole conversations; a later text there is unread again.
  for (const conversation of [1, 3, 12]) setConversationRead(db, byRemote(remoteOf(conversation)), true);
  for (let i = 0; i < size; i += 97) tombstoneMessage(db, ids[i]!, Visibility.Deleted);
});
afterAll(() => db.close());

interface Case {
  query: string;
  /** The same words without the filters, and the filters as a predicate on a hit. */
  words: string;
  keep: (message: Message) => boolean;
  conversationId?: number;
}

const day = (text: string) => {
  const [year, month, date] = text.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date).getTime();
};
const createdMs = (message: Message) => new Date(message.createdAt).getTime();
const hasKind = (message: Message, prefix: string) => message.media.some((media) => media.contentType.startsWith(prefix));

const cases = (): Case[] => [
  { query: 'you is:unread has:media', words: 'you ', keep: (m) => !m.isRead && m.media.length > 0 },
  { query: 'thanks ', words: 'thanks ', conversationId: smallConversation, keep: (m) => m.conversationId === smallConversation },
  { query: 'thanks is:unread', words: 'thanks ', keep: (m) => !m.isRead },
  { query: 'invoice has:media', words: 'invoice', keep: (m) => m.media.length > 0 },
  { query: 'gracias has:image', words: 'gracias', keep: (m) => hasKind(m, 'image/') },
  { query: `thanks in:${smallParty}`, words: 'thanks ', keep: (m) => m.remote === smallParty },
  { query: `you in:${largestParty}`, words: 'you ', keep: (m) => m.remote === largestParty },
  { query: `thanks from:${largestParty}`, words: 'thanks ', keep: (m) => (m.remote === largestParty || m.sender === largestParty) && m.direction === 'inbound' },
  { query: 'thanks after:2025-03-01 before:2025-04-01', words: 'thanks ', keep: (m) => createdMs(m) >= day('2025-03-01') && createdMs(m) < day('2025-04-01') },
  { query: 'you after:2023-06-01', words: 'you ', keep: (m) => createdMs(m) >= day('2023-06-01') },
  { query: 'you is:unread after:2024-06-01 has:media', words: 'you ', keep: (m) => !m.isRead && m.media.length > 0 && createdMs(m) >= day('2024-06-01') },
  { query: 'you -thanks is:unread', words: 'you -thanks ', keep: (m) => !m.isRead },
  { query: '東京 is:unread', words: '東京', keep: (m) => !m.isRead },
  { query: `ointment in:${largestParty}`, words: 'ointment', keep: (m) => m.remote === largestParty },
];

type Sort = 'relevance' | 'newest';

/** Every hit of a search, page by page: id and how it matched. */
function everyHit(query: string, sort: Sort, plan: SearchPlan, conversationId?: number): string[] {
  const hits: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = searchMessages(db, { query, sort, limit: 40, conversationId, ...(cursor ? { cursor } : {}) }, plan);
    hits.push(...page.hits.map((hit) => `${hit.message.id}:${hit.match}`));
    if (!page.nextCursor) return hits;
    cursor = page.nextCursor;
  }
  throw new Error(`${query}: more than 1000 pages`);
}

function everyMessage(query: string, conversationId?: number): { key: string; message: Message }[] {
  const out: { key: string; message: Message }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = searchMessages(db, { query, sort: 'newest', limit: 100, conversationId, ...(cursor ? { cursor } : {}) }, 'words first');
    out.push(...page.hits.map((hit) => ({ key: `${hit.message.id}:${hit.match}`, message: hit.message })));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

describe('filtered search plans', () => {
  it('finds hits for every case (the data set exercises them)', () => {
    for (const c of cases()) expect(everyHit(c.query, 'newest', 'auto', c.conversationId).length, c.query).toBeGreaterThan(0);
    // from: a party reaches into the groups they wrote in.
    const fromParty = everyMessage(`thanks from:${largestParty}`).map((hit) => hit.message);
    expect(fromParty.some((m) => m.sender === largestParty && m.remote !== largestParty)).toBe(true);
    // One case spans more than one relevance window of filtered matches.
    expect(everyHit('you after:2023-06-01', 'newest', 'auto').length).toBeGreaterThan(500);
  });

  for (const sort of ['newest', 'relevance'] as const) {
    it(`returns the same hits in the same order under every plan (${sort})`, () => {
      for (const c of cases()) {
        const auto = everyHit(c.query, sort, 'auto', c.conversationId);
        expect(everyHit(c.query, sort, 'words first', c.conversationId), `${c.query} words first`).toEqual(auto);
        expect(everyHit(c.query, sort, 'filters first', c.conversationId), `${c.query} filters first`).toEqual(auto);
        expect(everyHit(c.query, sort, 'filter set', c.conversationId), `${c.query} filter set`).toEqual(auto);
        expect(new Set(auto).size, `${c.query}: no repeats`).toBe(auto.length);
      }
    });
  }

  it('returns, newest first, exactly the unfiltered search filtered', () => {
    for (const c of cases()) {
      const unfilteredThenFiltered = everyMessage(c.words).filter((hit) => c.keep(hit.message)).map((hit) => hit.key);
      expect(everyHit(c.query, 'newest', 'auto', c.conversationId), c.query).toEqual(unfilteredThenFiltered);
    }
  });

  it('ranks by relevance the same hits it lists newest first', () => {
    for (const c of cases()) {
      const newest = everyHit(c.query, 'newest', 'auto', c.conversationId);
      const relevance = everyHit(c.query, 'relevance', 'auto', c.conversationId);
      expect([...relevance].sort(), c.query).toEqual([...newest].sort());
    }
  });
});
