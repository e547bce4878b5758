import Sqlite from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../shared/model';
import { openDatabase } from '../../electron/core/cache';
import { Visibility, tombstoneMessage } from '../../electron/core/cache/messages';
import { checkCache } from '../../electron/core/cache/recover';
import { createService, type TextdeskService } from '../../electron/core/service';
import { createDemoFleet } from '../../electron/demo';
import { expectExit, runCli } from '../support/cli';
import { memorySecrets } from '../support/demoService';
import { scratchDir } from '../support/fixtures';
import { call, consoleErrors, memorySettings } from '../support/serviceHost';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** The service on `dataDir` with the tiny Inkbox demo; its demo fleet closes with the test's cleanups. */
async function demoService(dataDir: string): Promise<TextdeskService> {
  const fleet = createDemoFleet(dataDir, { offerWhenEmpty: true, size: 'tiny', providers: [] });
  cleanups.push(() => fleet.close());
  const service = await createService({
    dataDir,
    host: 'cli',
    version: 'test',
    platform: process.platform,
    secrets: memorySecrets(),
    settings: memorySettings(),
    logger: { ...consoleErrors, error() {} },
    mediaUrl: (hash) => hash,
    localServers: fleet,
    schedule: false,
  });
  await service.start();
  return service;
}

/**
 * Writes garbage over the pages of some tables or indexes (by default the search index and two
 * indexes, in the middle of the file): the file still opens, and then reading them fails.
 */
function damage(path: string, names: readonly string[] = ['messages_fts_data', 'conversations_recent', 'messages_unread']): void {
  const db = new Sqlite(path, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db
    .prepare(`SELECT pageno FROM dbstat WHERE name IN (SELECT value FROM json_each(?)) AND pageno > 1`)
    .pluck()
    .all(JSON.stringify(names)) as number[];
  db.close();
  expect(pages.length).toBeGreaterThan(0);
  const fd = openSync(path, 'r+');
  for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

async function everything(service: TextdeskService): Promise<{ conversations: Conversation[]; messages: Message[] }> {
  const { conversations } = await call(service, 'conversations:list', { limit: 500 });
  const messages: Message[] = [];
  for (const conversation of conversations) messages.push(...(await call(service, 'thread:page', { conversationId: conversation.id, limit: 500 })).messages);
  return { conversations, messages };
}

const summary = (conversations: Conversation[]) =>
  conversations.map((c) => `${c.remote}: ${c.totalCount} texts, ${c.unreadCount} unread`).sort();

describe('a damaged cache', () => {
  it('is moved aside at start, kept, and rebuilt from the servers with its queued actions and local hides', async () => {
    const scratch = scratchDir('textdesk-recovery-');
    cleanups.push(scratch.cleanup);
    const path = join(scratch.dir, 'cache.db');

    const first = await demoService(scratch.dir);
    await first.syncNow('user');
    const before = await everything(first);
    // A local hide and a queued action, chosen from everything synced.
    const hidden = before.messages.reduce((a, b) => (a.id > b.id ? a : b));
    const unread = before.messages.filter((m) => !m.isRead && m.id !== hidden.id).reduce((a, b) => (a.id < b.id ? a : b));
    const side = openDatabase(path);
    tombstoneMessage(side, hidden.id, Visibility.HiddenLocally);
    side.close();
    first.setOnline(false);
    await call(first, 'message:setRead', { messageId: unread.id, isRead: true });
    const expected = summary((await everything(first)).conversations);
    await first.stop();

    damage(path);
    const damagedBytes = readFileSync(path);
    const probe = openDatabase(path);
    expect(checkCache(probe)).not.toBeNull();
    probe.close();

    const second = await demoService(scratch.dir);
    cleanups.push(() => second.stop());
    // The damage is in big tables: the whole-file check, in the background, finds it.
    let status = await call(second, 'sync:status', undefined);
    for (let i = 0; !status.recovery && i < 2000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await call(second, 'sync:status', undefined);
    }
    expect(status.recovery?.message).toMatch(/damaged.*moved aside.*kept.*1 account, 1 queued action, 1 text hidden/);
    expect(readFileSync(status.recovery!.movedTo).equals(damagedBytes)).toBe(true);
    expect(status.pendingActions).toBeLessThanOrEqual(1);

    await second.syncNow('user');
    const after = await everything(second);
    expect(summary(after.conversations)).toEqual(expected);
    expect(after.messages.some((m) => m.id === hidden.id)).toBe(false);
    expect(after.messages.find((m) => m.id === unread.id)?.isRead).toBe(true);
    const rebuilt = openDatabase(path);
    expect(checkCache(rebuilt)).toBeNull();
    rebuilt.close();
  }, 60_000);

  it('found by a command while running is moved aside then, and the command says so', async () => {
    const scratch = scratchDir('textdesk-recovery-live-');
    cleanups.push(scratch.cleanup);
    const path = join(scratch.dir, 'cache.db');
    const service = await demoService(scratch.dir);
    cleanups.push(() => service.stop());
    await service.syncNow('user');
    const word = (await everything(service)).messages.find((m) => m.text && /\w{5,}/.test(m.text))!.text!.match(/\w{5,}/)![0];
    expect((await call(service, 'search:query', { query: word, limit: 5, sort: 'relevance' })).hits.length).toBeGreaterThan(0);

    // Damaged under the running app: every page in the main file, then garbage over the index,
    // then a write from elsewhere so the app reads the file again.
    const side = openDatabase(path);
    side.pragma('wal_checkpoint(TRUNCATE)');
    damage(path);
    side.prepare(`UPDATE cache_meta SET value = value WHERE key = 'account_id_high'`).run();
    side.close();

    await expect(call(service, 'search:query', { query: word, limit: 5, sort: 'relevance' })).rejects.toThrow(/damaged, so it was moved aside to .*damaged-/);
    const status = await call(service, 'sync:status', undefined);
    expect(status.recovery?.movedTo).toMatch(/cache\.db\.damaged-/);
    expect(existsSync(status.recovery!.movedTo)).toBe(true);
    await service.syncNow('user');
    expect((await call(service, 'search:query', { query: word, limit: 5, sort: 'relevance' })).hits.length).toBeGreaterThan(0);
  }, 60_000);

  it('is recovered by the CLI, which says so and where the old file went', async () => {
    const scratch = scratchDir('textdesk-recovery-cli-');
    cleanups.push(scratch.cleanup);
    const path = join(scratch.dir, 'cache.db');
    expectExit(await runCli(['demo', '--db', path, '--json'], { timeoutMs: 60_000 }), 0);
    const numbers = JSON.parse((await runCli(['numbers', '--db', path, '--json'])).stdout) as { id: number }[];
    // In a table checked as the cache opens: found before the command runs.
    damage(path, ['sync_state']);

    const listed = await runCli(['conversations', '--db', path, '--number', String(numbers[0]!.id)]);
    expect(listed.stderr).toMatch(/textdesk: note: The cache was damaged, so it was moved aside to .*cache\.db\.damaged-.* \(kept, not deleted\).*Run "sync"/);
    const moved = readdirSync(scratch.dir).filter((name) => /^cache\.db\.damaged-[^.]+$/.test(name.replace(/-(wal|shm)$/, '')));
    expect(moved.length).toBeGreaterThan(0);
    expect(existsSync(path)).toBe(true);

    expectExit(await runCli(['sync', '--db', path]), 0);
    const again = JSON.parse((await runCli(['conversations', '--db', path, '--number', String(numbers[0]!.id), '--json'])).stdout) as unknown[];
    expect(again.length).toBeGreaterThan(0);
    expect(statSync(path).size).toBeGreaterThan(0);
  }, 120_000);
});
