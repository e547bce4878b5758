import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { expectExit, expectOneLineError, runCli, syncWithCli } from '../support/cli';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';

let server: DemoServer;
const scratch = scratchDir('textdesk-cli-bad-');
const db = join(scratch.dir, 'cache.db');

beforeAll(async () => {
  server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
  await syncWithCli(db, server);
}, 30_000);
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

describe.concurrent('textdesk given bad input', () => {
  it('refuses an unknown command with exit 2 and one line', async () => {
    const result = await runCli(['synch', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toBe('textdesk: unknown command "synch". Run with --help to see the commands.');
  });

  it('refuses a missing --number with exit 2 and one line', async () => {
    const result = await runCli(['conversations', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toMatch(/--number is required/);
  });

  it('refuses an unknown flag with exit 2 and one line', async () => {
    const result = await runCli(['conversations', '--number', '1', '--colour', 'red', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toMatch(/--colour/);
  });

  it('refuses a bad --limit with exit 2 and one line', async () => {
    const result = await runCli(['conversations', '--number', '1', '--limit', 'lots', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toMatch(/--limit must be a whole number/);
  });

  it('refuses a --limit that is not written in decimal digits', async () => {
    const results = await Promise.all(['0x10', '1e2', '', ' 7x'].map((limit) => runCli(['conversations', '--number', '1', '--limit', limit, '--db', db])));
    for (const result of results) {
      expectExit(result, 2);
      expect(expectOneLineError(result)).toMatch(/--limit must be a whole number from 1 to 500, in decimal digits/);
    }
  });

  it('takes global options before the command, as git and npm do', async () => {
    const [before, after, inline] = await Promise.all([
      runCli(['--db', db, '--json', 'numbers']),
      runCli(['numbers', '--db', db, '--json']),
      runCli([`--db=${db}`, 'numbers', '--json']),
    ]);
    expectExit(after, 0);
    expect(JSON.parse(after.stdout)).not.toHaveLength(0);
    expect(before).toMatchObject({ code: 0, stdout: after.stdout });
    expect(inline).toMatchObject({ code: 0, stdout: after.stdout });
  });

  it('refuses an unknown command after global options with exit 2 and one line', async () => {
    const result = await runCli(['--db', db, 'synch']);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toBe('textdesk: unknown command "synch". Run with --help to see the commands.');
  });

  it('refuses an unknown number with exit 2 and one line', async () => {
    const result = await runCli(['conversations', '--number', '+19999999999', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toMatch(/No number "\+19999999999"/);
  });

  it('refuses an unknown conversation with exit 2 and one line', async () => {
    const result = await runCli(['thread', '--number', '1', '--remote', '+19999999999', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toMatch(/No conversation with \+19999999999/);
  });

  it('refuses an unknown text id with exit 2 and one line, for read, unread and delete', async () => {
    const results = await Promise.all(['read', 'unread', 'delete'].map((command) => runCli([command, '999999999', '--db', db])));
    for (const result of results) {
      expectExit(result, 2);
      expect(expectOneLineError(result)).toBe('textdesk: No text with id 999999999 in the cache.');
    }
  }, 60_000);

  it('refuses a text id that is missing', async () => {
    const result = await runCli(['read', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toMatch(/read needs the ID of a text/);
  });

  it('refuses a bad --format for export', async () => {
    const result = await runCli(['export', '--format', 'xml', '--db', db]);
    expectExit(result, 2);
    expect(expectOneLineError(result)).toMatch(/--format must be json or csv/);
  });

  it('says in one line that a --db file full of garbage is not a Textdesk cache', async () => {
    const dir = join(scratch.dir, 'garbage');
    mkdirSync(dir);
    const garbage = join(dir, 'cache.db');
    writeFileSync(garbage, Buffer.from('this is not SQLite at all, just some bytes '.repeat(200)));
    const result = await runCli(['conversations', '--number', '1', '--db', garbage]);
    expect(result.code).not.toBe(0);
    expect(expectOneLineError(result)).toMatch(/damaged or is not a Textdesk database/);
  });

  it('says in one line that a --db path cannot be opened', async () => {
    const dir = join(scratch.dir, 'a-folder.db');
    mkdirSync(dir);
    const result = await runCli(['numbers', '--db', dir]);
    expect(result.code).not.toBe(0);
    expect(expectOneLineError(result)).toMatch(/Cannot open the cache/);
  });

  it('prints the usage on stdout and exits 0 for --help', async () => {
    const result = await runCli(['--help']);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Usage: textdesk <command>/);
    expect(result.stderr).toBe('');
  });
});
