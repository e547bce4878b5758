import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEntry, expectExit, repoRoot, runCli, tsxBin } from '../support/cli';
import { pinDemoHistory, scratchDir } from '../support/fixtures';

const scratch = scratchDir('textdesk-cli-demo-');
afterAll(() => scratch.cleanup());

describe.concurrent('the demo as a new user runs it', () => {
  it('npm run demo syncs every provider\'s demo server into one cache and reports their numbers with texts', async () => {
    const db = join(scratch.dir, 'demo', 'cache.db');
    pinDemoHistory(join(scratch.dir, 'demo'));
    const result = await runCli(['demo', '--json', '--db', db], { timeoutMs: 55_000 });
    expectExit(result, 0);
    const report = JSON.parse(result.stdout) as {
      database: string;
      numbers: { provider: string; number: string; conversations: number; texts: number }[];
      searchHits: number;
    };
    expect(report.database).toBe(db);
    expect(new Set(report.numbers.map((n) => n.provider))).toEqual(new Set(['Inkbox', 'Sendblue', 'Linq', 'Heymarket']));
    expect(report.numbers.filter((n) => n.provider === 'Inkbox')).toHaveLength(3);
    for (const number of report.numbers) {
      expect(number.number).toMatch(/^\+1\d{10}$/);
      expect(number.conversations).toBeGreaterThan(10);
      expect(number.texts).toBeGreaterThan(number.provider === 'Inkbox' ? 1000 : 50);
    }
    expect(report.searchHits).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/^Demo servers on 127\.0\.0\.1 for Inkbox, Sendblue, Linq, Heymarket/);
  }, 60_000);

  it('demo-server --port 0 --json prints a URL and a key that a sync can use, and stops on SIGTERM', async () => {
    const child = spawn(tsxBin, [cliEntry, 'demo-server', '--port', '0', '--json', '--size', 'tiny'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const info = await new Promise<{ baseUrl: string; apiKey: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0]!));
      });
      child.once('exit', (code) => reject(new Error(`demo-server exited ${code} before printing`)));
    });
    try {
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/phone$/);
      const response = await fetch(`${info.baseUrl}/numbers`, { headers: { 'X-API-Key': info.apiKey } });
      expect(response.status).toBe(200);
      expect(await response.json()).toHaveLength(3);
      const synced = await runCli(['sync', '--json', '--db', join(scratch.dir, 'served', 'cache.db')], { server: info });
      expectExit(synced, 0);
      expect(JSON.parse(synced.stdout)).toMatchObject({ ok: true, numbers: 3 });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 30_000);
});
