import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/cache';
import { migrations } from '../../../electron/core/cache/migrations';

describe('migration 0050-linq', () => {
  it('adds per-chat and per-number Linq sync state to an existing cache, dropped with its number', () => {
    const db = new Sqlite(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version < 50));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('linq', 'A', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, '+15550101000', '+15550101000');`);
    migrate(db, migrations.filter((m) => m.version <= 50));
    expect(db.pragma('user_version', { simple: true })).toBe(50);
    db.exec(`INSERT INTO linq_chats (number_id, chat_id, updated_at) VALUES (1, 'c1', '2026-01-01T00:00:00Z');
             INSERT INTO linq_numbers (number_id, chats_watermark) VALUES (1, '2026-01-01T00:00:00Z');`);
    db.exec(`DELETE FROM numbers`);
    expect(db.prepare(`SELECT count(*) FROM linq_chats`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM linq_numbers`).pluck().get()).toBe(0);
    db.close();
  });
});
