import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fromSqliteError } from '../../electron/core/cache/errors';
import { dispatch } from '../../electron/core/dispatch';
import type { Handlers } from '../../shared/contract';
import { scratchDir } from '../support/fixtures';
import { join } from 'node:path';

describe('SQLite errors', () => {
  it('become a DB error that says another process is writing when the cache is locked', () => {
    const scratch = scratchDir();
    const path = join(scratch.dir, 'cache.db');
    const writer = new Sqlite(path);
    writer.exec('CREATE TABLE t (x)');
    writer.exec('BEGIN IMMEDIATE');
    const other = new Sqlite(path, { timeout: 10 });
    let thrown: unknown;
    try {
      other.exec('INSERT INTO t VALUES (1)');
    } catch (error) {
      thrown = error;
    }
    writer.exec('ROLLBACK');
    writer.close();
    other.close();
    scratch.cleanup();
    expect(fromSqliteError(thrown)).toMatchObject({ code: 'DB', message: expect.stringMatching(/another Textdesk/) });
  });

  it('leave other errors alone', () => {
    expect(fromSqliteError(new Error('nope'))).toBeNull();
  });

  it('reach the renderer as a DB envelope, not INTERNAL', async () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const handlers = { 'sync:status': async () => Promise.reject(busy) } as unknown as Handlers;
    expect(await dispatch(handlers, 'sync:status', undefined)).toEqual({
      ok: false,
      error: { code: 'DB', message: expect.stringMatching(/busy/) },
    });
  });
});
