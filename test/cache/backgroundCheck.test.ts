import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCacheInBackground } from '../../electron/core/cache/backgroundCheck';
import { scratchDir } from '../support/fixtures';

const scratch = scratchDir('textdesk-background-check-');
afterAll(() => scratch.cleanup());

describe('the background whole-file check', () => {
  it('finds a sound cache sound', async () => {
    const path = join(scratch.dir, 'sound.db');
    new Sqlite(path).exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);').close();
    await expect(checkCacheInBackground(path).result).resolves.toEqual({ problem: null });
  });

  it('can be cancelled at any moment, even while its worker is still loading SQLite, without taking the process down', async () => {
    const path = join(scratch.dir, 'cancelled.db');
    new Sqlite(path).exec('CREATE TABLE t (x);').close();
    // Terminating a worker inside native module registration aborts the process: a service
    // stopped right after it started (a test, a quick quit) did exactly this.
    for (let i = 0; i < 40; i++) {
      const check = checkCacheInBackground(path);
      // Cancelled before the worker runs, while it loads the binding, and while it checks.
      await new Promise((resolve) => setTimeout(resolve, i % 10));
      await check.cancel();
      expect((await check.result).problem).toBeNull();
    }
  }, 60_000);
});
