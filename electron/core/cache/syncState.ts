import type { Database } from 'better-sqlite3';
import { cached } from '../cache/statements';

export interface SyncState {
  numberId: number;
  historyComplete: boolean;
  /** Where the history walk resumes after a restart, and the oldest text it had reached. */
  historyOffset: number;
  historyCursor: { createdAt: string; id: string } | null;
  historyFetched: number;
  lastHeadAt: number | null;
  lastReconcileAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

interface SyncStateRow {
  number_id: number;
  history_complete: number;
  history_offset: number;
  history_cursor_at: string | null;
  history_cursor_id: string | null;
  history_fetched: number;
  last_head_at: number | null;
  last_reconcile_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
}

export function getSyncState(db: Database, numberId: number): SyncState {
  const row = cached(db, `SELECT * FROM sync_state WHERE number_id = ?`).get(numberId) as SyncStateRow | undefined;
  if (!row) {
    return {
      numberId,
      historyComplete: false,
      historyOffset: 0,
      historyCursor: null,
      historyFetched: 0,
      lastHeadAt: null,
      lastReconcileAt: null,
      lastError: null,
      lastErrorAt: null,
    };
  }
  return {
    numberId: row.number_id,
    historyComplete: row.history_complete === 1,
    historyOffset: row.history_offset,
    historyCursor:
      row.history_cursor_at && row.history_cursor_id
        ? { createdAt: row.history_cursor_at, id: row.history_cursor_id }
        : null,
    historyFetched: row.history_fetched,
    lastHeadAt: row.last_head_at,
    lastReconcileAt: row.last_reconcile_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
  };
}

/** Saves the whole state; call in the same transaction as the page it describes. */
export function saveSyncState(db: Database, state: SyncState): void {
  cached(db,
    `INSERT INTO sync_state (number_id, history_complete, history_offset, history_cursor_at, history_cursor_id,
                             history_fetched, last_head_at, last_reconcile_at, last_error, last_error_at)
     VALUES (@numberId, @historyComplete, @historyOffset, @cursorAt, @cursorId, @historyFetched, @lastHeadAt,
             @lastReconcileAt, @lastError, @lastErrorAt)
     ON CONFLICT (number_id) DO UPDATE SET
       history_complete = excluded.history_complete, history_offset = excluded.history_offset,
       history_cursor_at = excluded.history_cursor_at, history_cursor_id = excluded.history_cursor_id,
       history_fetched = excluded.history_fetched, last_head_at = excluded.last_head_at,
       last_reconcile_at = excluded.last_reconcile_at, last_error = excluded.last_error,
       last_error_at = excluded.last_error_at`,
  ).run({
    numberId: state.numberId,
    historyComplete: state.historyComplete ? 1 : 0,
    historyOffset: state.historyOffset,
    cursorAt: state.historyCursor?.createdAt ?? null,
    cursorId: state.historyCursor?.id ?? null,
    historyFetched: state.historyFetched,
    lastHeadAt: state.lastHeadAt,
    lastReconcileAt: state.lastReconcileAt,
    lastError: state.lastError,
    lastErrorAt: state.lastErrorAt,
  });
}
