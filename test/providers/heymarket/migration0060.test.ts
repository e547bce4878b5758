import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/cache';
import { migrations } from '../../../electron/core/cache/migrations';

describe('migration 0060-heymarket', () => {
  it('adds a change cursor per number that goes with its number', () => {
    const db = new Sqlite(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version < 60));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('heymarket', 'H', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, '4101', '+14155550100');`);
    migrate(db, migrations.filter((m) => m.version <= 60));
    expect(db.pragma('user_version', { simple: true })).toBe(60);
    db.prepare(`INSERT INTO heymarket_sync_state (number_id, updated_cursor) VALUES (1, '2026-03-01T12:00:00Z')`).run();
    db.exec(`DELETE FROM numbers`);
    expect(db.prepare(`SELECT count(*) FROM heymarket_sync_state`).pluck().get()).toBe(0);
    db.close();
  });
});
