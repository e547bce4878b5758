import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer, type DemoText } from '../../electron/demo/inkbox';
import type { Conversation, Message } from '../../shared/model';
import type { SearchResult } from '../../shared/search';
import { expectExit, lines, runCli } from '../support/cli';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';

let server: DemoServer;
const scratch = scratchDir('textdesk-cli-browse-');
const db = join(scratch.dir, 'cache.db');
let number: { id: string; number: string };
let texts: DemoText[];

const cli = (...args: string[]) => runCli([...args, '--db', db], { server });

/** The server's texts with one party, newest first. */
const textsWith = (remote: string) => texts.filter((t) => t.remote_phone_number === remote);

beforeAll(async () => {
  server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
  const synced = await cli('sync');
  if (synced.code !== 0) throw new Error(`sync failed: ${synced.stderr}`);
  number = server.numbers()[0]!;
  texts = server.texts(number.id);
}, 30_000);
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

describe.concurrent('textdesk conversations', () => {
  it("lists a number's conversations newest first with the server's counts, as JSON", async () => {
    const result = await cli('conversations', '--number', number.id, '--json');
    expectExit(result, 0);
    const conversations = JSON.parse(result.stdout) as Conversation[];
    const remotes = [...new Set(texts.map((t) => t.remote_phone_number!))];
    expect(conversations.map((c) => c.remote).sort()).toEqual(remotes.sort());
    for (const conversation of conversations) {
      const mine = textsWith(conversation.remote);
      expect(conversation.totalCount).toBe(mine.length);
      expect(conversation.unreadCount).toBe(mine.filter((t) => !t.is_read).length);
      expect(conversation.latestText).toBe(mine[0]!.text);
    }
    const latest = conversations.map((c) => Date.parse(c.latestAt!));
    expect(latest).toEqual([...latest].sort((a, b) => b - a));
  });

  it('finds the number by its cache id, its provider id or the phone number itself', async () => {
    const [byProvider, byPhone, byCacheId] = await Promise.all([
      cli('conversations', '--number', number.id, '--json'),
      cli('conversations', '--number', number.number, '--json'),
      cli('conversations', '--number', '1', '--json'),
    ]);
    expectExit(byProvider, 0);
    expect(byPhone.stdout).toBe(byProvider.stdout);
    expect(byCacheId.stdout).toBe(byProvider.stdout);
  });

  it('stops at --limit and prints a table for a person', async () => {
    const result = await cli('conversations', '--number', number.id, '--limit', '2');
    expectExit(result, 0);
    const [header, ...rows] = lines(result.stdout);
    expect(header).toMatch(/^WHO\s+UNREAD\s+TEXTS\s+LATEST\s+PREVIEW$/);
    expect(rows).toHaveLength(2);
  });
});

describe.concurrent('textdesk thread', () => {
  it('shows a conversation with an E.164 party oldest first, equal to the server', async () => {
    const remote = texts.find((t) => t.remote_phone_number!.startsWith('+'))!.remote_phone_number!;
    const result = await cli('thread', '--number', number.id, '--remote', remote, '--json');
    expectExit(result, 0);
    const messages = JSON.parse(result.stdout) as Message[];
    const expected = textsWith(remote).slice(0, 50).reverse();
    expect(messages.map((m) => ({ id: m.providerId, text: m.text, isRead: m.isRead, createdAt: m.createdAt }))).toEqual(
      expected.map((t) => ({ id: t.id, text: t.text, isRead: t.is_read, createdAt: t.created_at })),
    );
  });

  it('accepts the party as a person writes it, without the country code', async () => {
    const remote = texts.find((t) => t.remote_phone_number!.startsWith('+1'))!.remote_phone_number!;
    const national = `(${remote.slice(2, 5)}) ${remote.slice(5, 8)}-${remote.slice(8)}`;
    const result = await cli('thread', '--number', number.id, '--remote', national, '--json');
    expectExit(result, 0);
    expect((JSON.parse(result.stdout) as Message[]).every((m) => m.remote === remote)).toBe(true);
  });

  it('shows a short code conversation', async () => {
    const shortCode = texts.find((t) => /^\d{5,6}$/.test(t.remote_phone_number!))?.remote_phone_number;
    expect(shortCode, 'the tiny demo data has a short code conversation').toBeDefined();
    const result = await cli('thread', '--number', number.id, '--remote', shortCode!);
    expectExit(result, 0);
    const [title, ...rows] = lines(result.stdout);
    expect(title).toBe(`${shortCode} — ${textsWith(shortCode!).length} texts, ${textsWith(shortCode!).filter((t) => !t.is_read).length} unread`);
    expect(rows).toHaveLength(textsWith(shortCode!).length);
    expect(rows.at(-1)).toContain(textsWith(shortCode!)[0]!.text!.split('\n')[0]);
  });

  it('stops at --limit with the newest texts', async () => {
    const remote = [...new Set(texts.map((t) => t.remote_phone_number!))].find((r) => textsWith(r).length >= 3)!;
    const result = await cli('thread', '--number', number.id, '--remote', remote, '--limit', '2', '--json');
    const messages = JSON.parse(result.stdout) as Message[];
    expect(messages.map((m) => m.providerId)).toEqual(textsWith(remote).slice(0, 2).reverse().map((t) => t.id));
  });
});

describe.concurrent('textdesk search', () => {
  /** A word of a plain inbound text, to search for. */
  const pickWord = () => {
    const words = texts.flatMap((t) => (t.text ?? '').match(/\b[a-z]{6,}\b/g) ?? []);
    const counts = Map.groupBy(words, (w) => w);
    return [...counts].sort((a, b) => b[1].length - a[1].length)[0]![0];
  };

  it('prints each hit with the match in [brackets] when stdout is not a terminal', async () => {
    const word = pickWord();
    const result = await cli('search', word);
    expectExit(result, 0);
    const out = lines(result.stdout);
    expect(out.length).toBeGreaterThanOrEqual(2);
    const snippets = out.filter((line) => line.startsWith('    '));
    expect(snippets.length).toBeGreaterThan(0);
    for (const snippet of snippets) expect(snippet.toLowerCase()).toContain(`[${word}]`);
  });

  it('answers the hits with their highlights as JSON', async () => {
    const word = pickWord();
    const result = await cli('search', word, '--number', number.id, '--json');
    expectExit(result, 0);
    const { hits } = JSON.parse(result.stdout) as SearchResult;
    expect(hits.length).toBeGreaterThan(0);
    const serverIds = new Set(texts.map((t) => t.id));
    for (const hit of hits) {
      expect(serverIds.has(hit.message.providerId)).toBe(true);
      const [start, end] = hit.highlights[0]!;
      expect(hit.message.text!.slice(start, end).toLowerCase()).toBe(word);
    }
  });

  it('says so when nothing matches', async () => {
    const result = await cli('search', 'zzyzxqwv');
    expectExit(result, 0);
    expect(result.stdout.trim()).toBe('No texts found.');
  });
});
