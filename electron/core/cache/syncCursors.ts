import type { Database } from 'better-sqlite3';
import { cached, cachedPluck } from './statements';

/**
 * The providers' own cursors beside sync_state (migration 0130: sync_cursor_<provider>[_<what>]).
 * Each is saved in the transaction of the page it describes.
 */

/** A cursor of one text per number: `column` of `table`, keyed by number_id. */
function perNumberCursor(table: string, column: string) {
  return {
    get(db: Database, numberId: number): string | null {
      const value = cachedPluck(db, `SELECT ${column} FROM ${table} WHERE number_id = ?`).get(numberId);
      return typeof value === 'string' ? value : null;
    },
    set(db: Database, numberId: number, value: string): void {
      cached(
        db,
        `INSERT INTO ${table} (number_id, ${column}) VALUES (?, ?)
         ON CONFLICT (number_id) DO UPDATE SET ${column} = excluded.${column}`,
      ).run(numberId, value);
    },
  };
}

const sendblueCursor = perNumberCursor('sync_cursor_sendblue', 'updated_cursor');
/** Sendblue: the newest date_updated applied for a line, as the server sent it. */
export const getSendblueCursor = sendblueCursor.get;
export const setSendblueCursor = sendblueCursor.set;

const heymarketCursor = perNumberCursor('sync_cursor_heymarket', 'updated_cursor');
/** Heymarket: the highest `updated` applied from messages/all. */
export const getHeymarketCursor = heymarketCursor.get;
export const setHeymarketCursor = heymarketCursor.set;

/** Linq: per chat, the updated_at sync last caught up with. */
export function getLinqChatCursors(db: Database, numberId: number): Map<string, string> {
  const rows = cached(db, `SELECT chat_id, updated_at FROM sync_cursor_linq_chats WHERE number_id = ?`).all(numberId) as {
    chat_id: string;
    updated_at: string;
  }[];
  return new Map(rows.map((row) => [row.chat_id, row.updated_at]));
}

export function setLinqChatCursor(db: Database, numberId: number, chatId: string, updatedAt: string): void {
  cached(
    db,
    `INSERT INTO sync_cursor_linq_chats (number_id, chat_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (number_id, chat_id) DO UPDATE SET updated_at = excluded.updated_at`,
  ).run(numberId, chatId, updatedAt);
}

const linqWatermark = perNumberCursor('sync_cursor_linq_numbers', 'chats_watermark');
/** Linq: per number, the highest chat updated_at a complete listing saw. */
export const getLinqWatermark = linqWatermark.get;
export const setLinqWatermark = linqWatermark.set;
