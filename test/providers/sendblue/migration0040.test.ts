import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/cache';
import { migrations } from '../../../electron/core/cache/migrations';

describe('migration 0040-sendblue', () => {
  it('adds a cursor table per number that goes with its number', () => {
    const db = new Sqlite(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 30));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('sendblue', 'S', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, '+14155550100', '+14155550100');`);
    migrate(db, migrations.filter((m) => m.version <= 40));
    db.prepare(`INSERT INTO sendblue_sync (number_id, updated_cursor) VALUES (1, '2026-05-01T10:00:00.000Z')`).run();
    expect(db.prepare(`SELECT updated_cursor FROM sendblue_sync`).pluck().get()).toBe('2026-05-01T10:00:00.000Z');
    db.exec(`DELETE FROM numbers WHERE id = 1`);
    expect(db.prepare(`SELECT count(*) FROM sendblue_sync`).pluck().get()).toBe(0);
    db.close();
  });
});
