import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, expectExit, repoRoot, runCli, tsxBin } from '../support/cli';
import { scratchDir } from '../support/fixtures';

const scratch = scratchDir('textdesk-cli-export-atomic-');
const db = join(scratch.dir, 'cache.db');
const previous = '[{"the":"export from yesterday"}]\n';

beforeAll(async () => {
  expectExit(await runCli(['demo', '--db', db, '--json'], { timeoutMs: 60_000 }), 0);
}, 90_000);
afterAll(() => scratch.cleanup());

/** The CLI with a file-size limit, as a full disk would stop it partway through a write. */
function exportWithFileSizeLimit(out: string, kilobytes: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `ulimit -f ${kilobytes * 2}; exec "$0" "$@"`, tsxBin, cliEntry, 'export', '--db', db, '--out', out], {
      cwd: repoRoot,
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(signal ? -1 : code));
  });
}

describe('export --out', () => {
  it('leaves the previous file untouched when the export fails partway', async () => {
    const out = join(scratch.dir, 'failed.json');
    writeFileSync(out, previous);
    const code = await exportWithFileSizeLimit(out, 64);
    expect(code).not.toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(previous);
  }, 60_000);

  it('replaces the file only with a whole export, readable by its owner only', async () => {
    const out = join(scratch.dir, 'done.json');
    writeFileSync(out, previous);
    expectExit(await runCli(['export', '--db', db, '--out', out]), 0);
    const texts = JSON.parse(readFileSync(out, 'utf8')) as unknown[];
    expect(texts.length).toBeGreaterThan(0);
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(scratch.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
