import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SendState } from '../../../shared/model';
import { allocateMessageId } from './messages';
import { cached, cachedPluck } from './statements';

/**
 * Texts written here, from the moment the user sends them until the server has them (see
 * migrations/0080-sends.ts). Every change of state is one statement or one transaction, and a
 * send is only ever pushed by whoever holds its claim, taken in the transaction that reads it.
 */

/** Server clocks and ours disagree a little; a text found on the server may predate our "now" by this much. */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** How long a claim holds without its owner: longer than any send request with its look-up. */
export const CLAIM_LEASE_MS = 2 * 60_000;

export interface SendRow {
  id: number;
  numberId: number;
  messageId: number;
  conversationId: number;
  /** Our id for the text: Heymarket's local_id, Linq's idempotency_key, `local:<ref>` in the cache. */
  clientRef: string;
  /** E.164, or the conversation's key for a group. */
  recipient: string;
  body: string;
  state: SendState;
  reason: string | null;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  firstSentAt: number | null;
  checkFirst: boolean;
}

interface Row {
  id: number;
  number_id: number;
  message_id: number;
  conversation_id: number;
  client_ref: string;
  recipient: string;
  body: string;
  state: SendState;
  reason: string | null;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  first_sent_at: number | null;
  check_first: number;
  claim_owner: string | null;
  claim_until: number | null;
  not_before: number;
}

/**
 * The outbox drives (CROSS JOIN keeps SQLite from reordering): it holds a handful of rows, and
 * with the statistics of a large cache the planner would otherwise walk a conversation's texts
 * (or all of them) to find the few that have a send, 200 ms a call at 1M.
 */
const selectSends = `
  SELECT s.*, m.conversation_id FROM outbox_sends s CROSS JOIN messages m ON m.id = s.message_id`;

function rowToSend(row: Row): SendRow {
  return {
    id: row.id,
    numberId: row.number_id,
    messageId: row.message_id,
    conversationId: row.conversation_id,
    clientRef: row.client_ref,
    recipient: row.recipient,
    body: row.body,
    state: row.state,
    reason: row.reason,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    firstSentAt: row.first_sent_at,
    checkFirst: row.check_first === 1,
  };
}

export const localProviderId = (clientRef: string): string => `local:${clientRef}`;

/**
 * Writes the text into the cache as the user sees it (outbound, read, newest in its
 * conversation) and queues its send, in one transaction.
 */
export function insertSend(
  db: Database,
  input: { accountId: number; numberId: number; conversationId: number; recipient: string; body: string },
  now: number = Date.now(),
): SendRow {
  return db.transaction(() => {
    const clientRef = randomUUID();
    const iso = new Date(now).toISOString();
    const messageId = allocateMessageId(db, now);
    cached(
      db,
      `INSERT INTO messages (id, account_id, number_id, conversation_id, provider_id, direction, body, type,
                             is_read, created_at, updated_at, created_ms)
       VALUES (?, ?, ?, ?, ?, 'outbound', ?, 'sms', 1, ?, ?, ?)`,
    ).run(messageId, input.accountId, input.numberId, input.conversationId, localProviderId(clientRef), input.body, iso, iso, now);
    cached(
      db,
      `INSERT INTO outbox_sends (number_id, message_id, client_ref, recipient, body, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(input.numberId, messageId, clientRef, input.recipient, input.body, now);
    return getSendForMessage(db, messageId)!;
  })();
}

export function getSendForMessage(db: Database, messageId: number): SendRow | undefined {
  const row = cached(db, `${selectSends} WHERE s.message_id = ?`).get(messageId) as Row | undefined;
  return row && rowToSend(row);
}

export function getSend(db: Database, id: number): SendRow | undefined {
  const row = cached(db, `${selectSends} WHERE s.id = ?`).get(id) as Row | undefined;
  return row && rowToSend(row);
}

/** Sends still on their way (queued, sending, unknown): what "pending actions" counts. */
export function countPendingSends(db: Database, numberId?: number): number {
  const sql =
    numberId === undefined
      ? `SELECT count(*) FROM outbox_sends WHERE state IN ('queued', 'sending', 'unknown')`
      : `SELECT count(*) FROM outbox_sends WHERE state IN ('queued', 'sending', 'unknown') AND number_id = ?`;
  const statement = cached(db, sql).pluck();
  return (numberId === undefined ? statement.get() : statement.get(numberId)) as number;
}

/** Sends of a number, oldest first (tests and the CLI's report). */
export function listSends(db: Database, numberId?: number): SendRow[] {
  const rows = (
    numberId === undefined
      ? cached(db, `${selectSends} ORDER BY s.id`).all()
      : cached(db, `${selectSends} WHERE s.number_id = ? ORDER BY s.id`).all(numberId)
  ) as Row[];
  return rows.map(rowToSend);
}

export interface Claim {
  send: SendRow;
  /** An earlier request may have reached the server: look for the text before sending it. */
  checkFirst: boolean;
}

/**
 * Takes the oldest due send of a number for `owner`, in the transaction that reads it, so no
 * other pusher (another service on the same cache, the CLI beside the app) can take it too.
 * A send held by a claim whose owner is gone (killed mid-request) or whose lease ran out is
 * taken as unknown: its request may have reached the server.
 */
export function claimNextSend(
  db: Database,
  numberId: number,
  options: {
    owner: string;
    now: number;
    /** Only this send. */
    only?: number;
    /** Waiting out a backoff too: the user asked. */
    ignoreBackoff?: boolean;
    /** Already tried in this push. */
    exclude?: ReadonlySet<number>;
    isOwnerAlive: (owner: string) => boolean;
  },
): Claim | null {
  return db
    .transaction((): Claim | null => {
      const dueAt = options.ignoreBackoff ? Number.MAX_SAFE_INTEGER : options.now;
      const candidates = cached(
        db,
        `${selectSends} WHERE s.number_id = ? AND s.state IN ('queued', 'unknown', 'sending') ORDER BY s.id`,
      ).all(numberId) as Row[];
      for (const row of candidates) {
        if (options.only !== undefined && row.id !== options.only) continue;
        if (options.exclude?.has(row.id)) continue;
        let checkFirst = row.check_first === 1 || row.state === 'unknown';
        if (row.state === 'sending') {
          const abandoned =
            row.claim_owner === null ||
            (row.claim_until ?? 0) < options.now ||
            (row.claim_owner !== options.owner && !options.isOwnerAlive(row.claim_owner));
          if (!abandoned) continue;
          checkFirst = true;
        } else if (row.next_attempt_at > dueAt || row.not_before > options.now) {
          continue;
        }
        cached(
          db,
          `UPDATE outbox_sends
              SET state = 'sending', claim_owner = ?, claim_until = ?, check_first = ?,
                  attempts = attempts + 1, first_sent_at = coalesce(first_sent_at, ?)
            WHERE id = ?`,
        ).run(options.owner, options.now + CLAIM_LEASE_MS, checkFirst ? 1 : 0, options.now, row.id);
        return { send: getSend(db, row.id)!, checkFirst };
      }
      return null;
    })
    .immediate();
}

/**
 * The server has the text, with this id: the local text becomes it and the send is done. If a
 * sync brought the server's text in the meantime as a separate row, that row goes, so the
 * cache, search and the counts show the text once.
 */
export function completeSend(
  db: Database,
  id: number,
  server: { providerId: string; deliveryStatus: string | null; providerRef?: string | null },
  now: number = Date.now(),
): void {
  db.transaction(() => {
    const send = getSend(db, id);
    if (!send) return;
    const message = cached(db, `SELECT account_id FROM messages WHERE id = ?`).get(send.messageId) as
      | { account_id: number }
      | undefined;
    if (!message) return;
    const twin = cached(db, `SELECT id, delivery_status FROM messages WHERE account_id = ? AND provider_id = ? AND id <> ?`)
      .get(message.account_id, server.providerId, send.messageId) as { id: number; delivery_status: string | null } | undefined;
    if (twin) cached(db, `DELETE FROM messages WHERE id = ?`).run(twin.id);
    cached(db, `UPDATE messages SET provider_id = ?, delivery_status = ?, updated_at = ? WHERE id = ?`).run(
      server.providerId,
      twin?.delivery_status ?? server.deliveryStatus,
      new Date(now).toISOString(),
      send.messageId,
    );
    if (server.providerRef) {
      cached(db, `UPDATE conversations SET provider_ref = coalesce(provider_ref, ?) WHERE id = ?`).run(
        server.providerRef,
        send.conversationId,
      );
    }
    cached(db, `DELETE FROM outbox_sends WHERE id = ?`).run(id);
  })();
}

/** A send that goes back to waiting (offline, 5xx, 409, 429, auth), or gives up, or is refused. */
export function settleSend(
  db: Database,
  id: number,
  outcome: {
    state: Exclude<SendState, 'sending'>;
    reason: string | null;
    nextAttemptAt?: number;
    notBefore?: number;
    checkFirst?: boolean;
  },
): void {
  cached(
    db,
    `UPDATE outbox_sends
        SET state = ?, reason = ?, next_attempt_at = ?, not_before = ?, check_first = max(check_first, ?),
            claim_owner = NULL, claim_until = NULL
      WHERE id = ?`,
  ).run(outcome.state, outcome.reason, outcome.nextAttemptAt ?? 0, outcome.notBefore ?? 0, outcome.checkFirst ? 1 : 0, id);
}

/** The number is gone from the server: its waiting texts can never go, and say so. */
export function refuseWaitingSends(db: Database, numberId: number, reason: string): number {
  return cached(
    db,
    `UPDATE outbox_sends SET state = 'refused', reason = ?, claim_owner = NULL, claim_until = NULL
      WHERE number_id = ? AND state IN ('queued', 'unknown')`,
  ).run(reason, numberId).changes;
}

/** The user tries a failed, refused or waiting text again: now, with a fresh count. */
export function requeueSend(db: Database, id: number): void {
  cached(
    db,
    `UPDATE outbox_sends SET state = 'queued', reason = NULL, next_attempt_at = 0, attempts = 0,
                             check_first = check_first OR state = 'failed'
      WHERE id = ? AND state IN ('queued', 'failed', 'refused')`,
  ).run(id);
}

/** Cancels an unsent text: it leaves the cache with its send (the counts follow by trigger). */
export function cancelSend(db: Database, messageId: number): void {
  cached(db, `DELETE FROM messages WHERE id = ?`).run(messageId);
}

/**
 * A text just read from the server that may be one of ours whose answer we never had: the
 * same client id (Heymarket's local_id), or a body `sameBody` accepts in the same conversation,
 * sent no earlier than the request could have left. Only sends whose request may have reached
 * the server qualify; a text still waiting its first try cannot be on the server yet. How
 * bodies compare is the sync layer's rule (sync/merge.ts).
 */
export function findPendingSendFor(
  db: Database,
  text: { conversationId: number; createdMs: number; clientRef?: string | null },
  sameBody: (body: string) => boolean,
): SendRow | undefined {
  // Asked for every outbound text a sync writes, while the outbox is nearly always empty: the
  // join below costs 20–40 µs even then, the emptiness check well under one.
  if (cached(db, `SELECT 1 FROM outbox_sends LIMIT 1`).get() === undefined) return undefined;
  if (text.clientRef) {
    const byRef = cached(db, `${selectSends} WHERE s.client_ref = ?`).get(text.clientRef) as Row | undefined;
    if (byRef) return rowToSend(byRef);
  }
  const rows = cached(
    db,
    `${selectSends}
      WHERE m.conversation_id = ? AND s.first_sent_at IS NOT NULL
        AND s.first_sent_at - ? <= ? AND (s.state IN ('sending', 'unknown') OR s.check_first = 1)
        AND s.state NOT IN ('refused')
      ORDER BY s.id`,
  ).all(text.conversationId, CLOCK_SKEW_MS, text.createdMs) as Row[];
  const row = rows.find((candidate) => sameBody(candidate.body));
  return row && rowToSend(row);
}

/** The server has a pending text after all: it takes the server's id and leaves the outbox. */
export function adoptPendingSend(db: Database, send: SendRow, providerId: string): void {
  cached(db, `UPDATE messages SET provider_id = ? WHERE id = ?`).run(providerId, send.messageId);
  cached(db, `DELETE FROM outbox_sends WHERE id = ?`).run(send.id);
}

/** The local ids of texts whose send is not done: reconciliation must not take them for deleted. */
export function unsentMessageIds(db: Database, conversationId: number): Set<number> {
  const ids = cachedPluck(
    db,
    `SELECT s.message_id FROM outbox_sends s CROSS JOIN messages m ON m.id = s.message_id WHERE m.conversation_id = ?`,
  ).all(conversationId) as number[];
  return new Set(ids);
}

export function setDraft(db: Database, conversationId: number, text: string): boolean {
  return cached(db, `UPDATE conversations SET draft = ? WHERE id = ?`).run(text === '' ? null : text, conversationId).changes > 0;
}

/**
 * When the number's next send is due (for the retry timer), or null when none waits. A send
 * another service holds is due when its claim's lease runs out, in case that service died.
 */
export function nextSendDueAt(db: Database, numberId: number): number | null {
  return cached(
    db,
    `SELECT min(CASE WHEN state = 'sending' THEN coalesce(claim_until, 0) ELSE max(next_attempt_at, not_before) END)
       FROM outbox_sends WHERE number_id = ? AND state IN ('queued', 'unknown', 'sending')`,
  )
    .pluck()
    .get(numberId) as number | null;
}
