import type { Database } from 'better-sqlite3';

/**
 * Linq sync state. Linq lists chats by cursor with each chat's updated_at, so sync keeps, per
 * chat, the updated_at it last caught up with (a chat whose value moved is read again from its
 * newest message), and per number the highest updated_at a complete chat listing saw, below
 * which an incremental listing may stop.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE linq_chats (
      number_id INTEGER NOT NULL REFERENCES numbers(id) ON DELETE CASCADE,
      chat_id TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (number_id, chat_id)
    ) WITHOUT ROWID;

    CREATE TABLE linq_numbers (
      number_id INTEGER PRIMARY KEY REFERENCES numbers(id) ON DELETE CASCADE,
      chats_watermark TEXT
    );
  `);
}
