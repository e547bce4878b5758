import type { Database } from 'better-sqlite3';

/**
 * The providers' own sync cursors, named one way and STRICT like the newer tables: what was
 * sendblue_sync (0040), linq_chats and linq_numbers (0050) and heymarket_sync_state (0060,
 * already STRICT) become sync_cursor_<provider>[_<what>]. STRICT needs a rebuild: each table is
 * created anew, its rows copied with casts, the old one dropped. Nothing references these
 * tables, so dropping them touches no other row.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sync_cursor_sendblue (
      number_id      INTEGER PRIMARY KEY REFERENCES numbers(id) ON DELETE CASCADE,
      updated_cursor TEXT NOT NULL
    ) STRICT;
    INSERT INTO sync_cursor_sendblue (number_id, updated_cursor)
      SELECT CAST(number_id AS INTEGER), CAST(updated_cursor AS TEXT) FROM sendblue_sync;
    DROP TABLE sendblue_sync;

    CREATE TABLE sync_cursor_linq_chats (
      number_id  INTEGER NOT NULL REFERENCES numbers(id) ON DELETE CASCADE,
      chat_id    TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (number_id, chat_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO sync_cursor_linq_chats (number_id, chat_id, updated_at)
      SELECT CAST(number_id AS INTEGER), CAST(chat_id AS TEXT), CAST(updated_at AS TEXT) FROM linq_chats;
    DROP TABLE linq_chats;

    CREATE TABLE sync_cursor_linq_numbers (
      number_id       INTEGER PRIMARY KEY REFERENCES numbers(id) ON DELETE CASCADE,
      chats_watermark TEXT
    ) STRICT;
    INSERT INTO sync_cursor_linq_numbers (number_id, chats_watermark)
      SELECT CAST(number_id AS INTEGER), CAST(chats_watermark AS TEXT) FROM linq_numbers;
    DROP TABLE linq_numbers;

    CREATE TABLE sync_cursor_heymarket (
      number_id      INTEGER PRIMARY KEY REFERENCES numbers(id) ON DELETE CASCADE,
      updated_cursor TEXT NOT NULL
    ) STRICT;
    INSERT INTO sync_cursor_heymarket (number_id, updated_cursor)
      SELECT number_id, updated_cursor FROM heymarket_sync_state;
    DROP TABLE heymarket_sync_state;
  `);
}
