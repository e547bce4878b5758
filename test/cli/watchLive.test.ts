import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSendblueFake, type SendblueFake } from '../../electron/demo/fakes/sendblue';
import { cliEntry, repoRoot, tsxBin } from '../support/cli';
import { scratchDir } from '../support/fixtures';

let fake: SendblueFake | undefined;
const scratch = scratchDir('textdesk-cli-watch-');
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('sync --watch with a Sendblue account', () => {
  it('prints a new text from the live stream long before its next poll', async () => {
    fake = await startSendblueFake({ size: 'tiny', eventHeartbeatMs: 200 });
    const env: Record<string, string | undefined> = { ...process.env };
    for (const name of Object.keys(env)) if (/^(INKBOX|SENDBLUE|LINQ|HEYMARKET)_/.test(name)) delete env[name];
    Object.assign(env, { SENDBLUE_API_KEY_ID: fake.credentials.apiKey, SENDBLUE_API_SECRET_KEY: fake.credentials.apiSecret, SENDBLUE_BASE_URL: fake.baseUrl });
    // An hour between polls: only the event stream can bring the text within the test.
    const child = spawn(tsxBin, [cliEntry, 'sync', '--watch', '--interval', '3600', '--db', join(scratch.dir, 'cache.db')], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const seen = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern} in:\n${stderr}`)), 45_000);
        const check = () => {
          if (!pattern.test(stderr)) return;
          clearTimeout(timer);
          resolve();
        };
        child.stderr.on('data', check);
        check();
      });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      await seen(/in sync: 1 number/);
      const deadline = Date.now() + 30_000;
      while (fake.eventStreams() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fake.eventStreams()).toBe(1);
      fake.insertInbound({ sendblueNumber: fake.numbers()[0]!, from: '+15557650199', content: 'Live from the stream' });
      await seen(/new text from .*Live from the stream/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      scratch.cleanup();
    }
  }, 120_000);
});
