import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/cache';
import { migrations } from '../../electron/core/cache/migrations';
import { listNumbers, listUnhealthyNumbers, setNumberHealth } from '../../electron/core/cache/numbers';

describe('migration 0120-line-health', () => {
  it('gives existing numbers no health, and keeps what a provider reports', () => {
    const db = new Sqlite(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version < 120));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('sendblue', 'S', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, '+14155550100', '+14155550100');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, '+14155550101', '+14155550101');`);
    migrate(db);
    expect(listNumbers(db).map((n) => n.health)).toEqual([null, null]);
    expect(setNumberHealth(db, 1, 'degraded', '2026-05-01T10:00:00.000Z')).toBe(true);
    expect(setNumberHealth(db, 1, 'degraded', '2026-05-01T10:00:00.000Z')).toBe(false);
    expect(setNumberHealth(db, 2, 'online', null)).toBe(true);
    expect(listNumbers(db).map((n) => [n.health, n.healthChangedAt])).toEqual([
      ['degraded', '2026-05-01T10:00:00.000Z'],
      ['online', null],
    ]);
    expect(listUnhealthyNumbers(db).map((n) => n.id)).toEqual([1]);
    expect(() => db.prepare(`UPDATE numbers SET health = 'DEGRADED' WHERE id = 1`).run()).toThrow(/CHECK/);
    db.close();
  });
});
