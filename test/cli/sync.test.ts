import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { expectExit, expectOneLineError, lines, runCli } from '../support/cli';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';
import { expectCacheEqualsServer, openCacheReadOnly } from '../support/syncHarness';

let server: DemoServer;
const scratch = scratchDir('textdesk-cli-sync-');
let n = 0;
const freshDb = () => join(scratch.dir, `cache-${++n}`, 'cache.db');

beforeAll(async () => {
  server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'small' });
});
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

describe.concurrent('textdesk numbers', () => {
  it("lists the server's numbers as JSON with their cache and provider ids", async () => {
    const result = await runCli(['numbers', '--json', '--db', freshDb()], { server });
    expectExit(result, 0);
    const numbers = JSON.parse(result.stdout) as { id: number; providerId: string; phoneNumber: string; status: string }[];
    expect(numbers.map((n) => ({ providerId: n.providerId, phoneNumber: n.phoneNumber, status: n.status }))).toEqual(
      server.numbers().map((n) => ({ providerId: n.id, phoneNumber: n.number, status: 'active' })),
    );
    expect(numbers.every((n) => Number.isInteger(n.id))).toBe(true);
  });

  it('prints a table of the numbers for a person', async () => {
    const result = await runCli(['numbers', '--db', freshDb()], { server });
    expectExit(result, 0);
    const [header, ...rows] = lines(result.stdout);
    expect(header).toMatch(/^ID\s+NUMBER\s+STATUS/);
    expect(rows).toHaveLength(3);
    for (const number of server.numbers()) expect(result.stdout).toContain(number.id);
  });
});

describe.concurrent('textdesk sync', () => {
  it('exits 0 once the cache equals the server, with progress on stderr and nothing on stdout', async () => {
    const db = freshDb();
    const result = await runCli(['sync', '--db', db], { server });
    expectExit(result, 0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/syncing number \d+: history \d+\/\d+/);
    expect(lines(result.stderr).at(-1)).toMatch(/^in sync: 3 number\(s\), 0 action\(s\) waiting/);
    const cache = openCacheReadOnly(db);
    try {
      expectCacheEqualsServer(cache, server);
    } finally {
      cache.close();
    }
  });

  it('answers a one-line JSON summary on stdout with --json', async () => {
    const result = await runCli(['sync', '--json', '--db', freshDb()], { server });
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, numbers: 3, pendingActions: 0 });
  });

  it('brings changes made on the server since the last run', async () => {
    // Its own server: the others compare their caches with the shared one.
    const server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny', seed: 2 });
    onTestFinished(() => server.close());
    const db = freshDb();
    expectExit(await runCli(['sync', '--db', db], { server }), 0);
    const number = server.numbers()[1]!;
    const texts = server.texts(number.id);
    server.setRead(number.id, texts.find((t) => !t.is_read)!.id, true);
    server.deleteText(number.id, texts[3]!.id);
    server.insertInbound(number.id, '+15557650001', 'Are you open late on Thursday?');
    const result = await runCli(['sync', '--db', db], { server });
    expectExit(result, 0);
    expect(result.stderr).toMatch(/^new text from \+1 555 765 0001: Are you open late on Thursday\?$/m);
    const cache = openCacheReadOnly(db);
    try {
      expectCacheEqualsServer(cache, server);
    } finally {
      cache.close();
    }
  });

  it('exits 3 with one line and no stack trace when the key is refused', async () => {
    const result = await runCli(['sync', '--db', freshDb()], { server: { baseUrl: server.baseUrl, apiKey: 'not-the-key' } });
    expectExit(result, 3);
    expect(expectOneLineError(result)).toMatch(/refused the API key/);
  });

  it('exits 3 with one line when no key is set at all', async () => {
    const result = await runCli(['sync', '--db', freshDb()], { server: null });
    expectExit(result, 3);
    expect(expectOneLineError(result)).toMatch(/INKBOX_API_KEY/);
  });
});

describe.concurrent('textdesk sync against a server that is gone', () => {
  it('exits 4 with one line when the first connection is refused', async () => {
    const closed = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
    const gone = { baseUrl: closed.baseUrl, apiKey: closed.apiKey };
    await closed.close();
    const result = await runCli(['sync', '--db', freshDb()], { server: gone });
    expectExit(result, 4);
    expect(expectOneLineError(result)).toMatch(/Could not reach Inkbox at 127\.0\.0\.1:\d+/);
  });

  it('exits 4 with one line after its retries when a known account cannot be reached', async () => {
    const closed = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
    const gone = { baseUrl: closed.baseUrl, apiKey: closed.apiKey };
    const db = freshDb();
    expectExit(await runCli(['sync', '--db', db], { server: closed }), 0);
    await closed.close();
    const result = await runCli(['sync', '--db', db], { server: gone });
    expectExit(result, 4);
    expect(expectOneLineError(result)).toMatch(/Could not reach Inkbox at 127\.0\.0\.1:\d+/);
    // Four retries with jittered backoff capped at 250·2^n ms: a few seconds, not minutes.
    expect(result.ms).toBeLessThan(20_000);
    console.info(`sync against a closed port gave up after ${result.ms} ms`);
  });
});
