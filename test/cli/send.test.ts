import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { expectExit, runCli, syncWithCli } from '../support/cli';
import { scratchDir } from '../support/fixtures';

let server: DemoServer;
const scratch = scratchDir('textdesk-cli-send-');
const db = join(scratch.dir, 'cache.db');
let number: { id: string; number: string };
let remote: string;

beforeAll(async () => {
  server = await startDemoServer({ size: 'tiny', seed: 5 });
  number = server.numbers()[0]!;
  // A 1:1 party of the number, chosen from all of them: the smallest E.164 remote.
  remote = [...new Set(server.texts(number.id).map((t) => t.remote_phone_number).filter((r): r is string => r !== null && /^\+\d{10,}$/.test(r)))].sort()[0]!;
  await syncWithCli(db, server);
}, 30_000);
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

const sentWith = (body: string) => server.sentTexts(number.id).filter((t) => t.text === body);

// One cache: the tests run in order, as a user would type them.
describe('textdesk send', () => {
  it('sends a reply into a conversation and answers its id and state as JSON', async () => {
    const body = 'On my way, ten minutes';
    const result = await runCli(['send', '--db', db, '--number', number.number, '--remote', remote, '--text', body, '--json'], { server });
    expectExit(result, 0);
    const answer = JSON.parse(result.stdout) as { id: number; state: string; reason: string | null };
    expect(answer).toEqual({ id: expect.any(Number), state: 'sent', reason: null });
    expect(sentWith(body)).toHaveLength(1);
    expect(sentWith(body)[0]!.remote_phone_number).toBe(remote);
  });

  it('starts a new conversation with a recipient typed in the national format', async () => {
    const body = 'Hello from the new line';
    const result = await runCli(['send', '--db', db, '--number', number.id, '--to', '(415) 555-0134', '--text', body], { server });
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Sent to /);
    expect(sentWith(body).map((t) => t.remote_phone_number)).toEqual(['+14155550134']);
  });

  it('refuses an invalid recipient with a clear message, sending nothing', async () => {
    const before = server.sendRequestCount();
    const result = await runCli(['send', '--db', db, '--number', number.id, '--to', '12', '--text', 'x'], { server });
    expectExit(result, 2);
    expect(result.stderr).toMatch(/not a phone number/);
    expect(server.sendRequestCount()).toBe(before);
  });

  it('exits 2 with the reason when the server refuses the text for good', async () => {
    server.setFaults({ send: { optedOut: [remote] } });
    try {
      const result = await runCli(['send', '--db', db, '--number', number.id, '--remote', remote, '--text', 'Are you there?', '--json'], { server });
      expectExit(result, 2);
      expect(JSON.parse(result.stdout)).toMatchObject({ state: 'failed', reason: expect.stringMatching(/opted out/) });
      expect(result.stderr).toMatch(/opted out/);
    } finally {
      server.setFaults({});
    }
  });

  it('queues a text the server cannot take now (exit 0, why on stderr); export shows it; sync sends it once', async () => {
    const body = 'Queued while the server was failing';
    server.setFaults({ errorRate: 1 });
    try {
      const result = await runCli(['send', '--db', db, '--number', number.id, '--remote', remote, '--text', body, '--json'], { server });
      expectExit(result, 0);
      expect(JSON.parse(result.stdout)).toMatchObject({ state: 'queued', reason: expect.stringMatching(/server error/) });
      expect(result.stderr).toMatch(/^queued: /m);
    } finally {
      server.setFaults({});
    }
    const exported = await runCli(['export', '--db', db, '--number', number.id], { server });
    const unsent = (JSON.parse(exported.stdout) as { text: string; send_state: string | null; delivery_status: string | null }[]).filter((t) => t.text === body);
    expect(unsent).toEqual([expect.objectContaining({ send_state: 'queued', delivery_status: null })]);

    expectExit(await runCli(['sync', '--db', db], { server }), 0);
    expect(sentWith(body)).toHaveLength(1);
    const after = await runCli(['export', '--db', db, '--number', number.id], { server });
    const rows = (JSON.parse(after.stdout) as { id: string; text: string; send_state: string | null; delivery_status: string | null }[]).filter((t) => t.text === body);
    expect(rows).toEqual([expect.objectContaining({ id: sentWith(body)[0]!.id, send_state: null, delivery_status: expect.any(String) })]);
  });

  it('exits 3 when the server refuses the API key, keeping the text queued', async () => {
    const result = await runCli(['send', '--db', db, '--number', number.id, '--remote', remote, '--text', 'Key test'], {
      server,
      env: { INKBOX_API_KEY: 'not-the-key' },
    });
    expectExit(result, 3);
    expect(result.stderr).toMatch(/refused the API key/);
    const exported = await runCli(['export', '--db', db, '--number', number.id], { server });
    const rows = (JSON.parse(exported.stdout) as { text: string; send_state: string | null }[]).filter((t) => t.text === 'Key test');
    expect(rows).toEqual([expect.objectContaining({ send_state: 'queued' })]);
    expect(sentWith('Key test')).toHaveLength(0);
  });
});
