import type { Database } from 'better-sqlite3';

/**
 * Sendblue's increment cursor: the newest date_updated applied for a line, exactly as the
 * server sent it. sync_state's history fields already hold the history walk; this second cursor
 * must exist while that walk runs (it is set before the walk begins, so texts updated during
 * the walk are read again afterwards), hence a table of its own.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sendblue_sync (
      number_id      INTEGER PRIMARY KEY REFERENCES numbers(id) ON DELETE CASCADE,
      updated_cursor TEXT NOT NULL
    );
  `);
}
