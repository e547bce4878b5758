import type { Database } from 'better-sqlite3';
import { cached } from './statements';

export type OutboxKind =
  | 'message.read'
  | 'message.unread'
  | 'message.delete'
  | 'conversation.read'
  | 'conversation.unread';

export interface OutboxEntry {
  id: number;
  numberId: number;
  kind: OutboxKind;
  messageId: number | null;
  conversationId: number | null;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  doneAt: number | null;
}

interface OutboxRow {
  id: number;
  number_id: number;
  kind: OutboxKind;
  message_id: number | null;
  conversation_id: number | null;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  done_at: number | null;
}

function rowToEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    numberId: row.number_id,
    kind: row.kind,
    messageId: row.message_id,
    conversationId: row.conversation_id,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    doneAt: row.done_at,
  };
}

/**
 * Queues a local action. A newer action on the same target replaces an older one still queued
 * (read then unread pushes only unread; delete replaces both), so a replay never flips state
 * back and forth and the queue stays as small as the set of things the user changed.
 */
export function enqueue(
  db: Database,
  action: { numberId: number; kind: OutboxKind; messageId?: number; conversationId?: number },
  now: number = Date.now(),
): number {
  if (action.messageId !== undefined) {
    cached(db,
      `DELETE FROM outbox WHERE message_id = ? AND kind IN ('message.read', 'message.unread', 'message.delete')`,
    ).run(action.messageId);
  }
  if (action.conversationId !== undefined && action.kind.startsWith('conversation.')) {
    cached(db,
      `DELETE FROM outbox WHERE conversation_id = ? AND kind IN ('conversation.read', 'conversation.unread')`,
    ).run(action.conversationId);
  }
  const row = cached(db,
      `INSERT INTO outbox (number_id, kind, message_id, conversation_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(action.numberId, action.kind, action.messageId ?? null, action.conversationId ?? null, now) as { id: number };
  return row.id;
}

/** Entries ready to push, oldest first (the order the user acted in). */
export function listDue(db: Database, now: number = Date.now(), numberId?: number): OutboxEntry[] {
  const rows = (
    numberId === undefined
      ? cached(db, `SELECT * FROM outbox WHERE done_at IS NULL AND next_attempt_at <= ? ORDER BY id`).all(now)
      : cached(db, `SELECT * FROM outbox WHERE done_at IS NULL AND next_attempt_at <= ? AND number_id = ? ORDER BY id`)
          .all(now, numberId)
  ) as OutboxRow[];
  return rows.map(rowToEntry);
}

/** How long a claim holds: past it, the process that claimed the entry is taken to have died. */
export const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * Takes the oldest entry ready to push for a number and claims it, in one immediate transaction,
 * so another process (the app and a CLI on the same cache) reading at the same moment cannot
 * take it too: each action is pushed once. A claim ends when the entry is completed or deferred,
 * or lapses after CLAIM_LEASE_MS. Null when nothing is left to claim.
 */
export function claimNextDue(
  db: Database,
  options: { numberId: number; claimant: string; now: number; dueBefore?: number; only?: number; leaseMs?: number },
): OutboxEntry | null {
  return db
    .transaction(() => {
      const row = db
        .prepare(
          `SELECT * FROM outbox
            WHERE done_at IS NULL AND next_attempt_at <= ? AND number_id = ?
              AND (claimed_until IS NULL OR claimed_until < ?) AND (? IS NULL OR id = ?)
            ORDER BY id LIMIT 1`,
        )
        .get(options.dueBefore ?? options.now, options.numberId, options.now, options.only ?? null, options.only ?? null) as
        | OutboxRow
        | undefined;
      if (!row) return null;
      db.prepare(`UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?`).run(
        options.claimant,
        options.now + (options.leaseMs ?? CLAIM_LEASE_MS),
        row.id,
      );
      return rowToEntry(row);
    })
    .immediate();
}

/** Entries not yet pushed. */
export function listOutbox(db: Database): OutboxEntry[] {
  return (cached(db, `SELECT * FROM outbox WHERE done_at IS NULL ORDER BY id`).all() as OutboxRow[]).map(rowToEntry);
}

export function countOutbox(db: Database): number {
  return (cached(db, `SELECT count(*) AS n FROM outbox WHERE done_at IS NULL`).get() as { n: number }).n;
}

/** Marks an entry pushed; it keeps protecting its change from older sync pages until purged. */
export function completeEntry(db: Database, id: number, now: number = Date.now()): void {
  cached(db, `UPDATE outbox SET done_at = ? WHERE id = ?`).run(now, id);
}

/** Forgets pushed entries older than any page still in flight could be. */
export function purgeDone(db: Database, before: number): number {
  return cached(db, `DELETE FROM outbox WHERE done_at IS NOT NULL AND done_at < ?`).run(before).changes;
}

export function deferEntry(db: Database, id: number, error: string, nextAttemptAt: number): void {
  cached(db, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?`).run(
    error,
    nextAttemptAt,
    id,
  );
}

/** What sync must not overwrite: local changes not yet confirmed by the server. */
export interface PendingOverrides {
  messages: Map<number, { isRead?: boolean; deleted?: boolean }>;
  /** Conversation-wide read state, for texts created up to `at`. */
  conversations: Map<number, { isRead: boolean; at: number }>;
}

/**
 * Local changes a page from the server must not undo: those still queued, and those pushed
 * after the page was fetched (`fetchedAt`), which the page cannot yet reflect.
 */
export function pendingOverrides(db: Database, numberId: number, fetchedAt: number = 0): PendingOverrides {
  const rows = cached(db, `SELECT * FROM outbox WHERE number_id = ? AND (done_at IS NULL OR done_at >= ?) ORDER BY id`)
    .all(numberId, fetchedAt) as OutboxRow[];
  const overrides: PendingOverrides = { messages: new Map(), conversations: new Map() };
  for (const row of rows) {
    if (row.message_id !== null) {
      const current = overrides.messages.get(row.message_id) ?? {};
      if (row.kind === 'message.delete') current.deleted = true;
      else current.isRead = row.kind === 'message.read';
      overrides.messages.set(row.message_id, current);
    } else if (row.conversation_id !== null) {
      // Unread marks one text (the latest inbound) locally; it is carried by the message override
      // the service queues beside it, so only "read" needs a conversation-wide rule.
      if (row.kind === 'conversation.read') {
        overrides.conversations.set(row.conversation_id, { isRead: true, at: row.created_at });
      }
    }
  }
  return overrides;
}

export const noOverrides: PendingOverrides = { messages: new Map(), conversations: new Map() };
