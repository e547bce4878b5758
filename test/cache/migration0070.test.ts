import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/cache';
import { deleteAccount, insertAccount, listAccounts } from '../../electron/core/cache/accounts';
import { cacheIdentity } from '../../electron/core/cache/cacheMeta';
import { migrations } from '../../electron/core/cache/migrations';
import { listNumbers, upsertNumber } from '../../electron/core/cache/numbers';

function cacheAt(version: number): Sqlite.Database {
  const db = new Sqlite(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((m) => m.version <= version));
  return db;
}

describe('migration 0070-installation', () => {
  it('gives an existing cache an installation id and marks its accounts as older than namespacing, keeping them', () => {
    const db = cacheAt(60);
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'A', 'x', 'now'), ('linq', 'B', 'y', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (2, 'n', '+15550001000');`);
    migrate(db, migrations.filter((m) => m.version <= 70));
    expect(db.pragma('user_version', { simple: true })).toBe(70);
    // The repositories read today's schema: the later migrations run before they are asked.
    migrate(db);
    const identity = cacheIdentity(db);
    expect(identity.installationId).toMatch(/^[0-9a-f]{32}$/);
    expect(identity.legacyAccountIdMax).toBe(2);
    expect(listAccounts(db).map((a) => a.id)).toEqual([1, 2]);
    expect(listNumbers(db, 2)).toHaveLength(1);
    expect(db.prepare(`SELECT claimed_by, claimed_until FROM outbox`).all()).toEqual([]);
    db.close();
  });

  it('never gives a removed account\'s id to a new one', () => {
    const db = cacheAt(70);
    const first = insertAccount(db, { provider: 'inkbox', label: 'A', baseUrl: 'x' });
    const second = insertAccount(db, { provider: 'inkbox', label: 'B', baseUrl: 'y' });
    upsertNumber(db, second.id, { providerId: 'n', phoneNumber: '+15550001000' });
    deleteAccount(db, second.id);
    const third = insertAccount(db, { provider: 'inkbox', label: 'C', baseUrl: 'z' });
    expect([first.id, second.id, third.id]).toEqual([1, 2, 3]);
    deleteAccount(db, third.id);
    // Nothing else may bring an old id back either, not even SQLite's own max(rowid) + 1.
    expect(() => db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'D', 'w', 'now')`)).toThrow(/already used/);
    expect(() => db.exec(`INSERT INTO accounts (id, provider, label, base_url, created_at) VALUES (2, 'inkbox', 'E', 'w', 'now')`)).toThrow(/already used/);
    expect(insertAccount(db, { provider: 'inkbox', label: 'F', baseUrl: 'v' }).id).toBe(4);
    expect(cacheIdentity(db).legacyAccountIdMax).toBe(0);
    db.close();
  });

  it('makes a different installation id for every cache', () => {
    const ids = new Set([cacheAt(70), cacheAt(70), cacheAt(70)].map((db) => cacheIdentity(db).installationId));
    expect(ids.size).toBe(3);
  });
});
