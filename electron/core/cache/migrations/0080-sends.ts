import type { Database } from 'better-sqlite3';

/**
 * Texts written here join the outbox. The text itself is a message row (outbound, read, with a
 * provider id of our own, `local:<client_ref>`) so that threads, search and the conversation
 * summaries show it at once; its send lives beside it in outbox_sends until the server has it,
 * when the row takes the server's id and the send is forgotten. A separate table rather than
 * a new outbox kind: outbox.kind has a CHECK that SQLite cannot alter without rebuilding the
 * table, and a send carries far more than a read or a delete.
 *
 * state: queued (waiting, next_attempt_at says when), sending (a request is in flight, held by
 * claim_owner until claim_until), unknown (a request left and its answer was lost), failed,
 * refused (the server said no for good). check_first: an earlier request may have reached the
 * server, so it is looked for there before any new request. not_before: a wait even the user's
 * "try now" keeps (a rate limit's reset).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE outbox_sends (
      id               INTEGER PRIMARY KEY,
      number_id        INTEGER NOT NULL REFERENCES numbers(id) ON DELETE CASCADE,
      message_id       INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
      client_ref       TEXT NOT NULL UNIQUE,
      recipient        TEXT NOT NULL,
      body             TEXT NOT NULL,
      state            TEXT NOT NULL DEFAULT 'queued'
                       CHECK (state IN ('queued', 'sending', 'unknown', 'failed', 'refused')),
      reason           TEXT,
      attempts         INTEGER NOT NULL DEFAULT 0,
      next_attempt_at  INTEGER NOT NULL DEFAULT 0,
      created_at       INTEGER NOT NULL,
      first_sent_at    INTEGER,
      claim_owner      TEXT,
      claim_until      INTEGER,
      check_first      INTEGER NOT NULL DEFAULT 0,
      not_before       INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX outbox_sends_due ON outbox_sends (number_id, next_attempt_at);

    ALTER TABLE conversations ADD COLUMN draft TEXT;
    ALTER TABLE numbers ADD COLUMN send_blocked_reason TEXT;
  `);
}
