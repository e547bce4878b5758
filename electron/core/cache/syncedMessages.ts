import type { Database } from 'better-sqlite3';
import { cached, cachedPluck } from './statements';
import type { MessageFields, NewMessage } from './inputs';
import { isReadSql, type Visibility } from './messages';

/**
 * The repository the sync layer writes texts through (sync/merge.ts and the providers' sync
 * strategies): look a text up by provider id, insert it, rewrite its fields, and the few reads
 * a provider's read rule needs. Which of these to call is the sync layer's decision.
 */

/** A text as the merge sees it when the server lists it again (sync/merge.ts). */
export interface StoredMessage extends MessageFields {
  id: number;
  conversationId: number;
  createdMs: number;
  deleted: Visibility;
}

/**
 * isReadSql() without the join: the conversation's watermark is read only for a text unread
 * on its own (one in twenty), so a text the server lists again costs one page less to look up
 * (a sync asks this for every text it is sent).
 */
const storedIsRead = `CASE WHEN m.is_read = 1 THEN 1
  ELSE coalesce(m.id <= (SELECT read_through FROM conversations WHERE id = m.conversation_id), 0) END`;

/** The text the account holds under the provider's id, tombstones included. */
export function findStoredMessage(db: Database, accountId: number, providerId: string): StoredMessage | undefined {
  const row = cached(
    db,
    `SELECT m.id, m.conversation_id, m.body, m.type, ${storedIsRead} AS is_read, m.deleted, m.has_media, m.updated_at,
            m.delivery_status, m.created_ms, m.service, m.author, m.sender, m.reactions
       FROM messages m
      WHERE m.account_id = ? AND m.provider_id = ?`,
  ).get(accountId, providerId) as StoredRow | undefined;
  return (
    row && {
      id: row.id,
      conversationId: row.conversation_id,
      createdMs: row.created_ms,
      deleted: row.deleted as Visibility,
      body: row.body,
      type: row.type as MessageFields['type'],
      isRead: row.is_read === 1,
      hasMedia: row.has_media === 1,
      updatedAt: row.updated_at,
      deliveryStatus: row.delivery_status,
      service: row.service,
      author: row.author,
      sender: row.sender,
      reactions: row.reactions,
    }
  );
}

interface StoredRow {
  id: number;
  conversation_id: number;
  body: string | null;
  type: string;
  is_read: number;
  deleted: number;
  has_media: number;
  updated_at: string;
  delivery_status: string | null;
  created_ms: number;
  service: string | null;
  author: string | null;
  sender: string | null;
  reactions: string | null;
}

/** Writes a text new to the cache; its id comes from allocateMessageId(). */
export function insertMessage(db: Database, message: NewMessage): void {
  cached(
    db,
    `INSERT INTO messages (id, account_id, number_id, conversation_id, provider_id, direction, body,
                           type, is_read, has_media, created_at, updated_at, created_ms, delivery_status,
                           service, author, sender, reactions)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    message.id,
    message.accountId,
    message.numberId,
    message.conversationId,
    message.providerId,
    message.direction,
    message.body,
    message.type,
    message.isRead ? 1 : 0,
    message.hasMedia ? 1 : 0,
    message.createdAt,
    message.updatedAt,
    message.createdMs,
    message.deliveryStatus,
    message.service,
    message.author,
    message.sender,
    message.reactions,
  );
}

/** The column of each field, in the order a SET list names them. */
const fieldColumns: readonly (readonly [keyof MessageFields, string])[] = [
  ['body', 'body'],
  ['type', 'type'],
  ['isRead', 'is_read'],
  ['hasMedia', 'has_media'],
  ['updatedAt', 'updated_at'],
  ['deliveryStatus', 'delivery_status'],
  ['service', 'service'],
  ['author', 'author'],
  ['sender', 'sender'],
  ['reactions', 'reactions'],
];

/**
 * Rewrites the fields of a text that a later page changed, and only those: a column in the SET
 * list costs its indexes and its triggers' checks even when its value is the same, and most
 * changes are one read state or one delivery status. One statement per set of columns.
 */
export function updateMessageFields(db: Database, id: number, changes: Partial<MessageFields>): void {
  const set = fieldColumns.filter(([field]) => changes[field] !== undefined);
  if (set.length === 0) return;
  const values = set.map(([field]) => {
    const value = changes[field]!;
    return typeof value === 'boolean' ? (value ? 1 : 0) : value;
  });
  cached(db, `UPDATE messages SET ${set.map(([, column]) => `${column} = ?`).join(', ')} WHERE id = ?`).run(...values, id);
}

/**
 * Sets a text's own is_read, whatever its visibility, and returns its conversation: for a
 * text the server says was read elsewhere (Inkbox), which the watermark does not cover.
 */
export function markMessageRead(db: Database, id: number): number | undefined {
  return cachedPluck(db, `UPDATE messages SET is_read = 1 WHERE id = ? RETURNING conversation_id`).get(id) as number | undefined;
}

/** The live inbound texts of a conversation with their read state: what a read rule looks at (Heymarket). */
export function inboundReadStates(db: Database, conversationId: number): { id: number; createdMs: number; isRead: boolean }[] {
  const rows = cached(
    db,
    `SELECT m.id, m.created_ms, ${isReadSql()} AS is_read FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.conversation_id = ? AND m.direction = 'inbound' AND m.deleted = 0`,
  ).all(conversationId) as { id: number; created_ms: number; is_read: number }[];
  return rows.map((row) => ({ id: row.id, createdMs: row.created_ms, isRead: row.is_read === 1 }));
}

/** When the newest live outbound text with `remote` on the number was created, null if none. */
export function lastOutboundMs(db: Database, numberId: number, remote: string): number | null {
  const row = cached(
    db,
    `SELECT max(m.created_ms) AS at FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE c.number_id = ? AND c.remote = ? AND m.direction = 'outbound' AND m.deleted = 0`,
  ).get(numberId, remote) as { at: number | null };
  return row.at;
}

/** Whether the account holds a text under the provider's id, tombstones included. */
export function hasProviderMessage(db: Database, accountId: number, providerId: string): boolean {
  return cached(db, `SELECT 1 FROM messages WHERE account_id = ? AND provider_id = ?`).get(accountId, providerId) !== undefined;
}
