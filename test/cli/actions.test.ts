import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startDemoServer, type DemoServer, type DemoText } from '../../electron/demo/inkbox';
import { isReadSql } from '../../electron/core/cache/messages';
import { type CliServer, expectExit, runCli, syncWithCli } from '../support/cli';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';
import { openCacheReadOnly } from '../support/syncHarness';

let server: DemoServer;
const scratch = scratchDir('textdesk-cli-actions-');
const baseDb = join(scratch.dir, 'base', 'cache.db');
let numberId: string;
let copies = 0;

/** A private copy of the synced cache, so concurrent tests do not share one file. */
function copyOfSyncedCache(): string {
  const dir = join(scratch.dir, `copy-${++copies}`);
  mkdirSync(dir);
  for (const suffix of ['', '-wal']) {
    if (existsSync(baseDb + suffix)) copyFileSync(baseDb + suffix, join(dir, `cache.db${suffix}`));
  }
  return join(dir, 'cache.db');
}

function cachedRow(db: string, providerId: string): { id: number; isRead: number; deleted: number } {
  const cache = openCacheReadOnly(db);
  try {
    return cache
      .prepare(`SELECT m.id, ${isReadSql()} AS isRead, m.deleted FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.provider_id = ?`)
      .get(providerId) as { id: number; isRead: number; deleted: number };
  } finally {
    cache.close();
  }
}

const serverText = (id: string, on: DemoServer = server) => on.texts(numberId).find((t) => t.id === id);
/** Distinct inbound texts for each test, so concurrent tests never act on the same one. */
const handedOut = new Set<string>();
function takeText(predicate: (t: DemoText) => boolean, on: DemoServer = server): DemoText {
  const text = on.texts(numberId).find((t) => t.direction === 'inbound' && predicate(t) && !handedOut.has(t.id))!;
  handedOut.add(text.id);
  return text;
}

beforeAll(async () => {
  server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
  numberId = server.numbers()[0]!.id;
  await syncWithCli(baseDb, server);
}, 30_000);
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

describe.concurrent('textdesk read, unread and delete', () => {
  it('marks a text read by its cache id, here and on the server', async () => {
    const db = copyOfSyncedCache();
    const text = takeText((t) => !t.is_read);
    const { id } = cachedRow(db, text.id);
    const result = await runCli(['read', String(id), '--json', '--db', db], { server });
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, messageId: id, isRead: true, queued: false });
    expect(serverText(text.id)?.is_read).toBe(true);
    expect(cachedRow(db, text.id).isRead).toBe(1);
  });

  it("marks a text unread by the provider's id", async () => {
    const db = copyOfSyncedCache();
    const text = takeText((t) => t.is_read);
    const result = await runCli(['unread', text.id, '--db', db], { server });
    expectExit(result, 0);
    expect(result.stdout.trim()).toBe('Marked unread.');
    expect(serverText(text.id)?.is_read).toBe(false);
    expect(cachedRow(db, text.id).isRead).toBe(0);
  });

  it("deletes a text by the provider's id: the server stops listing it and the cache keeps a tombstone", async () => {
    const db = copyOfSyncedCache();
    const text = takeText(() => true);
    const result = await runCli(['delete', text.id, '--db', db], { server });
    expectExit(result, 0);
    expect(result.stdout.trim()).toBe('Deleted.');
    expect(serverText(text.id)).toBeUndefined();
    expect(cachedRow(db, text.id).deleted).toBe(1);
  });

  it('deletes a text by its cache id and says so as JSON', async () => {
    const db = copyOfSyncedCache();
    const text = takeText(() => true);
    const { id } = cachedRow(db, text.id);
    const result = await runCli(['delete', String(id), '--json', '--db', db], { server });
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ scope: 'server', queued: false });
    expect(serverText(text.id)).toBeUndefined();
  });

  it('marks a whole conversation read on the server, then its latest received text unread', async () => {
    const db = copyOfSyncedCache();
    const remote = takeText((t) => !t.is_read).remote_phone_number!;
    const ofRemote = () => server.texts(numberId).filter((t) => t.remote_phone_number === remote);
    for (const t of ofRemote()) handedOut.add(t.id);
    const read = await runCli(['read-conversation', '--number', numberId, '--remote', remote, '--json', '--db', db], { server });
    expectExit(read, 0);
    expect(JSON.parse(read.stdout)).toMatchObject({ ok: true, unreadCount: 0, queued: false });
    expect(ofRemote().every((t) => t.is_read)).toBe(true);

    const unread = await runCli(['unread-conversation', '--number', numberId, '--remote', remote, '--db', db], { server });
    expectExit(unread, 0);
    const latestInbound = ofRemote().find((t) => t.direction === 'inbound')!;
    expect(ofRemote().filter((t) => !t.is_read).map((t) => t.id)).toEqual([latestInbound.id]);
  });
});

describe('textdesk actions while the server cannot be reached', () => {
  it('queues a read and a delete, says so, and a later sync pushes them without undoing them', async () => {
    const own = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny', seed: 3 });
    onTestFinished(() => own.close());
    const creds: CliServer = { baseUrl: own.baseUrl, apiKey: own.apiKey };
    const db = join(scratch.dir, 'offline', 'cache.db');
    expectExit(await runCli(['sync', '--db', db], { server: creds }), 0);
    const ownNumber = own.numbers()[0]!.id;
    const toRead = own.texts(ownNumber).find((t) => t.direction === 'inbound' && !t.is_read)!;
    const toDelete = own.texts(ownNumber).find((t) => t.id !== toRead.id)!;

    own.setFaults({ resetRate: 1 });
    const read = await runCli(['read', toRead.id, '--db', db], { server: creds });
    expectExit(read, 0);
    expect(read.stdout.trim()).toBe('Marked read here; queued until the server can be reached.');
    const deleted = await runCli(['delete', toDelete.id, '--json', '--db', db], { server: creds });
    expectExit(deleted, 0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ scope: 'server', queued: true });
    expect(own.texts(ownNumber).find((t) => t.id === toRead.id)?.is_read).toBe(false);
    expect(own.texts(ownNumber).some((t) => t.id === toDelete.id)).toBe(true);

    own.setFaults({});
    const sync = await runCli(['sync', '--json', '--db', db], { server: creds });
    expectExit(sync, 0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ ok: true, pendingActions: 0 });
    expect(own.texts(ownNumber).find((t) => t.id === toRead.id)?.is_read).toBe(true);
    expect(own.texts(ownNumber).some((t) => t.id === toDelete.id)).toBe(false);
    expect(cachedRow(db, toRead.id).isRead).toBe(1);
    expect(cachedRow(db, toDelete.id).deleted).toBe(1);
  }, 40_000);
});
