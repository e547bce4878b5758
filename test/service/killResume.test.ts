import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/cache';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { repoRoot } from '../support/cli';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';
import { startService } from '../support/serviceHost';
import { expectCacheEqualsServer, openCacheReadOnly } from '../support/syncHarness';

let server: DemoServer | undefined;
let scratch: ReturnType<typeof scratchDir> | undefined;
afterEach(async () => {
  await server?.close();
  scratch?.cleanup();
  server = undefined;
  scratch = undefined;
});

interface Progress {
  texts: number;
  midWalk: { numberId: number; historyOffset: number } | undefined;
}

/** What the child has committed so far, read without disturbing it. */
function progressOf(dbPath: string): Progress | null {
  if (!existsSync(dbPath)) return null;
  try {
    const db = openCacheReadOnly(dbPath);
    try {
      const texts = (db.prepare(`SELECT count(*) AS n FROM messages`).get() as { n: number }).n;
      const midWalk = db
        .prepare(
          `SELECT number_id AS numberId, history_offset AS historyOffset FROM sync_state WHERE history_complete = 0 AND history_offset > 0`,
        )
        .get() as Progress['midWalk'];
      return { texts, midWalk };
    } finally {
      db.close();
    }
  } catch {
    return null; // not created or migrated yet
  }
}

/** Syncs a data folder with the real service; returns how many requests it took. */
async function syncRequests(of: DemoServer, dataDir: string): Promise<number> {
  const service = await startService(dataDir, of.apiKey);
  await service.start();
  const before = of.requestCount();
  await service.syncNow('user');
  const requests = of.requestCount() - before;
  expect((await service.handlers['sync:status']()).error).toBeNull();
  await service.stop();
  return requests;
}

/** A copy of the killed child's cache (its WAL holds the last committed pages). */
function copyCache(from: string, toDir: string): string {
  mkdirSync(toDir, { recursive: true });
  for (const suffix of ['', '-wal']) {
    if (existsSync(from + suffix)) copyFileSync(from + suffix, join(toDir, `cache.db${suffix}`));
  }
  return join(toDir, 'cache.db');
}

describe('a sync killed mid-history', () => {
  it('resumes where it stopped: the cache ends equal to the server, nothing duplicated or missing, the walk not restarted', async () => {
    server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'small', faults: { latencyMs: 60 } });
    scratch = scratchDir('textdesk-kill-');
    const dbPath = join(scratch.dir, 'cache.db');
    // node --import tsx, not the tsx binary: that one runs the script in a grandchild SIGKILL would miss.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/syncChild.ts'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEXTDESK_TEST_DATA_DIR: scratch.dir,
        TEXTDESK_TEST_BASE_URL: server.baseUrl,
        TEXTDESK_TEST_API_KEY: server.apiKey,
      },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // Kill it once some texts are in and a number's history walk is under way but not done.
    let atKill: Progress | null = null;
    const deadline = Date.now() + 25_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const progress = progressOf(dbPath);
      if (progress && progress.texts > 0 && progress.midWalk) {
        child.kill('SIGKILL');
        atKill = progress;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await exited;
    expect(atKill, `the child finished or failed before it could be killed mid-walk: ${stderr}`).not.toBeNull();
    server.setFaults({});

    // The counterfactual: the same cache with the interrupted walk's position forgotten.
    const restartDir = join(scratch.dir, 'restart');
    const forget = openDatabase(copyCache(dbPath, restartDir));
    forget
      .prepare(`UPDATE sync_state SET history_offset = 0, history_cursor_at = NULL, history_cursor_id = NULL WHERE number_id = ?`)
      .run(atKill!.midWalk!.numberId);
    forget.close();

    const resumed = await syncRequests(server, scratch.dir);
    const restarted = await syncRequests(server, restartDir);
    expect(resumed).toBeLessThan(restarted);

    const db = openCacheReadOnly(dbPath);
    try {
      expectCacheEqualsServer(db, server);
      const duplicates = db.prepare(`SELECT provider_id FROM messages GROUP BY account_id, provider_id HAVING count(*) > 1`).all();
      expect(duplicates).toEqual([]);
      const interrupted = db.prepare(`SELECT history_complete AS done FROM sync_state WHERE number_id = ?`).get(atKill!.midWalk!.numberId);
      expect(interrupted).toEqual({ done: 1 });
    } finally {
      db.close();
    }
  }, 60_000);
});
