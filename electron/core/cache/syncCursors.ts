import type { Database } from 'better-sqlite3';
import { cached, cachedPluck } from './statements';

/**
 * The providers' own cursors beside sync_state (migration 0130: sync_cursor_<provider>[_<what>]).
 * Each is saved in the transaction of the page it describes.
 */

/** Sendblue: the newest date_updated applied for a line, as the server sent it. */
export function getSendblueCursor(db: Database, numberId: number): string | null {
  const row = cachedPluck(db, `SELECT updated_cursor FROM sync_cursor_sendblue WHERE number_id = ?`).get(numberId);
  return typeof row === 'string' ? row : null;
}

export function setSendblueCursor(db: Database, numberId: number, cursor: string): void {
  cached(
    db,
    `INSERT INTO sync_cursor_sendblue (number_id, updated_cursor) VALUES (?, ?)
     ON CONFLICT (number_id) DO UPDATE SET updated_cursor = excluded.updated_cursor`,
  ).run(numberId, cursor);
}

/** Heymarket: the highest `updated` applied from messages/all. */
export function getHeymarketCursor(db: Database, numberId: number): string | null {
  const row = cached(db, `SELECT updated_cursor FROM sync_cursor_heymarket WHERE number_id = ?`).get(numberId) as
    | { updated_cursor: string }
    | undefined;
  return row?.updated_cursor ?? null;
}

export function setHeymarketCursor(db: Database, numberId: number, cursor: string): void {
  cached(
    db,
    `INSERT INTO sync_cursor_heymarket (number_id, updated_cursor) VALUES (?, ?)
     ON CONFLICT (number_id) DO UPDATE SET updated_cursor = excluded.updated_cursor`,
  ).run(numberId, cursor);
}

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

/** Linq: per number, the highest chat updated_at a complete listing saw. */
export function getLinqWatermark(db: Database, numberId: number): string | null {
  const row = cached(db, `SELECT chats_watermark FROM sync_cursor_linq_numbers WHERE number_id = ?`).get(numberId) as
    | { chats_watermark: string | null }
    | undefined;
  return row?.chats_watermark ?? null;
}

export function setLinqWatermark(db: Database, numberId: number, watermark: string): void {
  cached(
    db,
    `INSERT INTO sync_cursor_linq_numbers (number_id, chats_watermark) VALUES (?, ?)
     ON CONFLICT (number_id) DO UPDATE SET chats_watermark = excluded.chats_watermark`,
  ).run(numberId, watermark);
}
