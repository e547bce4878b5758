import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

/**
 * What makes a cache one installation among several on the same machine (the desktop app, the
 * browser host, every TEXTDESK_USER_DATA profile), and lets two processes share one outbox:
 *
 * - `cache_meta.installation_id`: a random id, made once, that namespaces this cache's keychain
 *   entries, so another installation's account 1 is not this one's.
 * - `cache_meta.account_id_high`: the highest account id ever used, kept by a trigger, so a
 *   removed account's id (and with it its keychain entry name) is never given out again.
 *   SQLite cannot ALTER a table to AUTOINCREMENT; a rebuild of `accounts` would, with foreign
 *   keys on, cascade-delete every number and text. A guard trigger refuses reuse instead.
 * - `cache_meta.legacy_account_id_max`: accounts up to this id existed before namespacing and
 *   may still find their key under the old, un-namespaced entry name.
 * - `outbox.claimed_by` / `claimed_until`: a process claims an entry in the transaction that
 *   reads it, so two processes never push one action twice; a claim lapses if its process died.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE cache_meta (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) WITHOUT ROWID;

    -- One trigger, in this order: refuse an id at or below the mark, then move the mark.
    CREATE TRIGGER accounts_id_never_reused AFTER INSERT ON accounts BEGIN
      SELECT RAISE(ABORT, 'account id already used')
       WHERE new.id <= (SELECT CAST(value AS INTEGER) FROM cache_meta WHERE key = 'account_id_high');
      UPDATE cache_meta SET value = CAST(new.id AS TEXT) WHERE key = 'account_id_high';
    END;

    ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
  `);
  const high = (db.prepare(`SELECT coalesce(max(id), 0) FROM accounts`).pluck().get() as number) ?? 0;
  const insert = db.prepare(`INSERT INTO cache_meta (key, value) VALUES (?, ?)`);
  insert.run('installation_id', randomBytes(16).toString('hex'));
  insert.run('account_id_high', String(high));
  insert.run('legacy_account_id_max', String(high));
}
