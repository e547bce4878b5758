import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message, PhoneNumber } from '../../shared/model';
import { startHeymarketFake } from '../../electron/demo/fakes/heymarket';
import { startLinqFake } from '../../electron/demo/fakes/linq';
import { startSendblueFake } from '../../electron/demo/fakes/sendblue';
import { expectExit, runCli } from '../support/cli';
import { scratchDir } from '../support/fixtures';

type Fakes = {
  sendblue: Awaited<ReturnType<typeof startSendblueFake>>;
  linq: Awaited<ReturnType<typeof startLinqFake>>;
  heymarket: Awaited<ReturnType<typeof startHeymarketFake>>;
};

let fakes: Fakes;
const scratch = scratchDir('textdesk-cli-providers-');
const db = join(scratch.dir, 'cache.db');
let env: Record<string, string>;

beforeAll(async () => {
  fakes = {
    sendblue: await startSendblueFake({ size: 'tiny' }),
    linq: await startLinqFake({ size: 'tiny' }),
    heymarket: await startHeymarketFake({ size: 'tiny' }),
  };
  env = {
    SENDBLUE_API_KEY_ID: fakes.sendblue.credentials.apiKey,
    SENDBLUE_API_SECRET_KEY: fakes.sendblue.credentials.apiSecret!,
    SENDBLUE_BASE_URL: fakes.sendblue.baseUrl,
    LINQ_API_TOKEN: fakes.linq.credentials.apiKey,
    LINQ_BASE_URL: fakes.linq.baseUrl,
    // The recommended API Secret: the CLI mints JWTs from it, and the fake checks them.
    HEYMARKET_API_SECRET_ID: fakes.heymarket.apiSecret.secretId,
    HEYMARKET_API_SECRET_KEY: fakes.heymarket.apiSecret.secretKey,
    HEYMARKET_BASE_URL: fakes.heymarket.baseUrl,
  };
}, 30_000);

afterAll(async () => {
  await Promise.all(Object.values(fakes ?? {}).map((fake) => fake.close()));
  scratch.cleanup();
});

const cli = (...args: string[]) => runCli([...args, '--db', db], { env, timeoutMs: 55_000 });

async function json<T>(...args: string[]): Promise<T> {
  const result = await cli(...args, '--json');
  expectExit(result, 0);
  return JSON.parse(result.stdout) as T;
}

describe('the CLI with Sendblue, Linq and Heymarket accounts', () => {
  it('adds an account for every provider whose credentials are set and syncs them all', async () => {
    expectExit(await cli('sync'), 0);
    const accounts = await json<{ provider: string }[]>('accounts');
    expect(accounts.map((a) => a.provider).sort()).toEqual(['heymarket', 'linq', 'sendblue']);
    const numbers = await json<PhoneNumber[]>('numbers');
    for (const provider of ['sendblue', 'linq', 'heymarket']) {
      expect(numbers.filter((n) => n.provider === provider).length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('lists each Sendblue line with the health lines/state reports, and none for the others', async () => {
    const line = fakes.sendblue.numbers()[0]!;
    fakes.sendblue.setLineStatus(line, 'DEGRADED');
    expectExit(await cli('sync'), 0);
    const numbers = await json<PhoneNumber[]>('numbers');
    expect(numbers.filter((n) => n.provider === 'sendblue').map((n) => [n.providerId, n.health])).toEqual([[line, 'degraded']]);
    expect(numbers.filter((n) => n.provider !== 'sendblue').every((n) => n.health === null)).toBe(true);
    const table = await cli('numbers');
    expectExit(table, 0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NUMBER\s+STATUS\s+HEALTH\s+UNREAD/);
    expect(table.stdout).toMatch(/degraded/);
    fakes.sendblue.setLineStatus(line, 'ONLINE');
  }, 120_000);

  it('names a group by its title or members, never the cache\'s key, and opens it by that name', async () => {
    let found: { number: PhoneNumber; text: Message } | undefined;
    for (const number of await json<PhoneNumber[]>('numbers')) {
      for (const conversation of await json<Conversation[]>('conversations', '--number', String(number.id), '--limit', '500')) {
        if (!conversation.isGroup || found) continue;
        const thread = await json<Message[]>('thread', '--number', String(number.id), '--remote', conversation.remote, '--limit', '500');
        const text = thread.find((m) => m.direction === 'inbound' && m.sender);
        if (text) found = { number, text };
      }
    }
    if (!found) throw new Error('No group text with a sender in the fakes');
    const listed = await cli('conversations', '--number', String(found.number.id), '--limit', '500');
    expectExit(listed, 0);
    expect(listed.stdout).not.toMatch(/group:/);

    // Search names the sender and the group: "(415) 555-0111 in Launch team".
    const search = await cli('search', `from:${found.text.sender}`, '--number', String(found.number.id), '--limit', '500');
    expectExit(search, 0);
    expect(search.stdout).not.toMatch(/group:/);
    const heading = search.stdout.split('\n').find((line) => line.includes(`  ${found!.text.id}  `))!;
    const place = heading.split(' in ').slice(1).join(' in ');
    expect(place.length).toBeGreaterThan(0);

    // What the listing and the search show opens the thread.
    const thread = await cli('thread', '--number', String(found.number.id), '--remote', place);
    expectExit(thread, 0);
    expect(thread.stdout.split('\n')[0]).toMatch(new RegExp(`^${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — `));
    expect(thread.stdout).toContain(String(found.text.id));
  }, 120_000);

  it('finds a Heymarket text by a word in it', async () => {
    const number = (await json<PhoneNumber[]>('numbers')).find((n) => n.provider === 'heymarket')!;
    // The text comes from any conversation of the number, not from whichever is newest.
    let text: Message | undefined;
    for (const conversation of await json<Conversation[]>('conversations', '--number', String(number.id))) {
      const thread = await json<Message[]>('thread', '--number', String(number.id), '--remote', conversation.remote);
      text = thread.find((m) => (m.text ?? '').split(/\s+/).some((w) => /^[a-z]{6,}$/i.test(w)));
      if (text) break;
    }
    if (!text) throw new Error('No Heymarket text holds a word of six letters');
    const word = text.text!.split(/\s+/).find((w) => /^[a-z]{6,}$/i.test(w))!;
    const result = await json<{ hits: { message: { id: number } }[] }>('search', word, '--limit', '200');
    expect(result.hits.map((hit) => hit.message.id)).toContain(text.id);
  }, 120_000);

  it('marks a Linq conversation read on the server', async () => {
    const number = (await json<PhoneNumber[]>('numbers')).find((n) => n.provider === 'linq')!;
    const conversations = await json<Conversation[]>('conversations', '--number', String(number.id), '--unread');
    const unread = conversations.find((c) => c.remote.startsWith('+'))!;
    expect(unread).toBeDefined();
    const chat = fakes.linq.chats().find((c) => c.handles.some((h) => !h.is_me && h.handle === unread.remote))!;
    expect(fakes.linq.messages(chat.id).some((m) => !m.is_from_me && !m.is_read)).toBe(true);
    const result = await json<{ ok: boolean; queued: boolean }>('read-conversation', '--number', String(number.id), '--remote', unread.remote);
    expect(result).toMatchObject({ ok: true, queued: false });
    expect(fakes.linq.messages(chat.id).filter((m) => !m.is_from_me).every((m) => m.is_read)).toBe(true);
  }, 120_000);

  it('hides a Heymarket text on this device only, since Heymarket cannot delete, and a sync does not bring it back', async () => {
    const number = (await json<PhoneNumber[]>('numbers')).find((n) => n.provider === 'heymarket')!;
    const [conversation] = await json<Conversation[]>('conversations', '--number', String(number.id));
    const thread = await json<Message[]>('thread', '--number', String(number.id), '--remote', conversation!.remote);
    const target = thread.at(-1)!;
    const outcome = await json<{ scope: string; message: string }>('delete', target.providerId);
    expect(outcome).toMatchObject({ scope: 'local' });
    expect(outcome.message).toMatch(/Heymarket cannot delete/);
    expectExit(await cli('sync'), 0);
    const after = await json<Message[]>('thread', '--number', String(number.id), '--remote', conversation!.remote);
    expect(after.map((m) => m.id)).not.toContain(target.id);
  }, 120_000);

  it('refuses to mark a Linq conversation unread, saying why', async () => {
    const number = (await json<PhoneNumber[]>('numbers')).find((n) => n.provider === 'linq')!;
    const [conversation] = await json<Conversation[]>('conversations', '--number', String(number.id));
    const result = await cli('unread-conversation', '--number', String(number.id), '--remote', conversation!.remote);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Linq cannot mark a conversation unread/);
  }, 120_000);
});
