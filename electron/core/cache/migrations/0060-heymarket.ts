import type { Database } from 'better-sqlite3';

/**
 * Heymarket's change feed is messages/all ordered by updated_at: each number keeps the
 * highest `updated` it has applied. It is captured before the history walk starts, so edits
 * and reads made while history is being read are picked up by the first increment.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE heymarket_sync_state (
      number_id       INTEGER PRIMARY KEY REFERENCES numbers(id) ON DELETE CASCADE,
      updated_cursor  TEXT NOT NULL
    ) STRICT;
  `);
}
