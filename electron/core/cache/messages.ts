import type { Database } from 'better-sqlite3';
import { cached, cachedPluck } from './statements';
import type { Media, Message, Reaction, SendState } from '../../../shared/model';
import { namesForPhones } from './contacts';
import { listMediaFor } from './media';

/** Ids per millisecond: ids are created_ms * ID_SLOTS + n, so rowid order is time order. */
export const ID_SLOTS = 1024;

/** messages.deleted: live, deleted (on the server or by the user), or hidden on this device only. */
export const Visibility = { Live: 0, Deleted: 1, HiddenLocally: 2 } as const;
export type Visibility = (typeof Visibility)[keyof typeof Visibility];

interface MessageRow {
  id: number;
  account_id: number;
  number_id: number;
  conversation_id: number;
  provider_id: string;
  remote: string;
  direction: 'inbound' | 'outbound';
  body: string | null;
  type: 'sms' | 'mms';
  is_read: number;
  deleted: number;
  has_media: number;
  created_at: string;
  updated_at: string;
  delivery_status: string | null;
  service: string | null;
  author: string | null;
  sender: string | null;
  reactions: string | null;
  remote_name: string | null;
  send_state: SendState | null;
  send_reason: string | null;
  send_next_attempt_at: number | null;
  send_attempts: number | null;
}

/**
 * A text's read state as SQL, for a text `m` of conversation `c`: its own is_read, or covered by
 * the conversation's read-through watermark (migration 0100). Every query that reads a text's
 * read state uses this, never m.is_read alone.
 */
export function isReadSql(m = 'm', c = 'c'): string {
  return `(${m}.is_read = 1 OR coalesce(${m}.id <= ${c}.read_through, 0))`;
}

const selectMessages = `
  SELECT m.id, m.account_id, m.number_id, m.conversation_id, m.provider_id, c.remote, m.direction,
         m.body, m.type, ${isReadSql()} AS is_read, m.deleted, m.has_media, m.created_at, m.updated_at,
         m.delivery_status, m.service, m.author, m.sender, m.reactions, c.remote_name,
         s.state AS send_state, s.reason AS send_reason, s.next_attempt_at AS send_next_attempt_at,
         s.attempts AS send_attempts
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    LEFT JOIN outbox_sends s ON s.message_id = m.id`;

function rowToMessage(row: MessageRow, media: Media[]): Message {
  return {
    id: row.id,
    accountId: row.account_id,
    numberId: row.number_id,
    conversationId: row.conversation_id,
    providerId: row.provider_id,
    remote: row.remote,
    direction: row.direction,
    text: row.body,
    type: row.type,
    isRead: row.is_read === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveryStatus: row.delivery_status,
    media,
    service: row.service,
    author: row.author,
    sender: row.sender,
    reactions: row.reactions ? (JSON.parse(row.reactions) as Reaction[]) : [],
    remoteName: row.remote_name,
    send:
      row.send_state === null
        ? null
        : {
            state: row.send_state,
            reason: row.send_reason,
            nextAttemptAt:
              row.send_state === 'queued' && row.send_next_attempt_at
                ? new Date(row.send_next_attempt_at).toISOString()
                : null,
            attempts: row.send_attempts ?? 0,
          },
  };
}

/** Maps rows to messages, loading their media in one query. */
export function rowsToMessages(db: Database, rows: MessageRow[]): Message[] {
  const media = listMediaFor(
    db,
    rows.filter((row) => row.has_media === 1).map((row) => row.id),
  );
  const messages = rows.map((row) => rowToMessage(row, media.get(row.id) ?? []));
  // Group senders' names: only texts with a sender (groups) cost a lookup, one per sender.
  const senders = new Map<number, Set<string>>();
  for (const message of messages) {
    if (message.sender) (senders.get(message.accountId) ?? senders.set(message.accountId, new Set()).get(message.accountId)!).add(message.sender);
  }
  for (const [accountId, phones] of senders) {
    const names = namesForPhones(db, accountId, [...phones]);
    for (const message of messages) {
      if (message.accountId === accountId && message.sender) message.senderName = names.get(message.sender) ?? null;
    }
  }
  return messages;
}

/**
 * The first free id in the message's millisecond. Keeping rowid in time order makes the
 * FTS index, threads and "newest first" lists walk rowids instead of sorting.
 */
export function allocateMessageId(db: Database, createdMs: number): number {
  const base = createdMs * ID_SLOTS;
  const row = cached(db, `SELECT max(id) AS top FROM messages WHERE id BETWEEN ? AND ?`)
    .get(base, base + ID_SLOTS - 1) as { top: number | null };
  if (row.top === null) return base;
  if (row.top < base + ID_SLOTS - 1) return row.top + 1;
  for (let id = base; id < base + ID_SLOTS; id++) {
    if (!cached(db, `SELECT 1 FROM messages WHERE id = ?`).get(id)) return id;
  }
  throw new Error(`More than ${ID_SLOTS} texts in one millisecond at ${createdMs}`);
}

/** The conversation a text belongs to, tombstones included. */
export function conversationOfMessage(db: Database, id: number): number | undefined {
  return cachedPluck(db, `SELECT conversation_id FROM messages WHERE id = ?`).get(id) as number | undefined;
}

/** The live text a user names by provider id or by local id (the CLI's and the web host's key). */
export function resolveLiveMessageId(db: Database, key: string): number | undefined {
  return cachedPluck(db, `SELECT id FROM messages WHERE deleted = 0 AND (provider_id = ? OR CAST(id AS TEXT) = ?) LIMIT 1`).get(
    key,
    key,
  ) as number | undefined;
}

/**
 * Turns a text into a tombstone: out of threads, counts and search, its text and media dropped,
 * its provider id kept so that no later sync brings it back.
 */
export function tombstoneMessage(db: Database, id: number, kind: typeof Visibility.Deleted | typeof Visibility.HiddenLocally): void {
  cached(db, `UPDATE messages SET deleted = ? WHERE id = ? AND deleted = 0`).run(kind, id);
  cached(db, `UPDATE messages SET body = NULL, has_media = 0 WHERE id = ?`).run(id);
  cached(db, `DELETE FROM media WHERE message_id = ?`).run(id);
}

/**
 * Records that a delete the user made never reached the server (it refused, or the number is
 * gone): the tombstone stays, marked as hidden on this device only.
 */
export function markHiddenLocally(db: Database, id: number): void {
  cached(db, `UPDATE messages SET deleted = ? WHERE id = ? AND deleted <> 0`).run(Visibility.HiddenLocally, id);
}

export function getMessage(db: Database, id: number): Message | undefined {
  const row = cached(db, `${selectMessages} WHERE m.id = ? AND m.deleted = 0`).get(id) as MessageRow | undefined;
  return row && rowsToMessages(db, [row])[0];
}

export function getMessages(db: Database, ids: readonly number[]): Message[] {
  if (ids.length === 0) return [];
  const rows = cached(db, `${selectMessages} WHERE m.id IN (SELECT value FROM json_each(?)) AND m.deleted = 0 ORDER BY m.id`)
    .all(JSON.stringify(ids)) as MessageRow[];
  return rowsToMessages(db, rows);
}

/** Where a text lives, including tombstones: what actions and the outbox need. */
export interface MessageRef {
  id: number;
  accountId: number;
  numberId: number;
  conversationId: number;
  providerId: string;
  remote: string;
  isRead: boolean;
  deleted: Visibility;
}

export function getMessageRef(db: Database, id: number): MessageRef | undefined {
  const row = cached(db, 
      `SELECT m.id, m.account_id, m.number_id, m.conversation_id, m.provider_id, c.remote, ${isReadSql()} AS is_read, m.deleted
         FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`,
    )
    .get(id) as
    | { id: number; account_id: number; number_id: number; conversation_id: number; provider_id: string; remote: string; is_read: number; deleted: number }
    | undefined;
  return (
    row && {
      id: row.id,
      accountId: row.account_id,
      numberId: row.number_id,
      conversationId: row.conversation_id,
      providerId: row.provider_id,
      remote: row.remote,
      isRead: row.is_read === 1,
      deleted: row.deleted as Visibility,
    }
  );
}

export function findMessageByProviderId(db: Database, accountId: number, providerId: string): MessageRef | undefined {
  const row = cached(db, `SELECT id FROM messages WHERE account_id = ? AND provider_id = ?`)
    .get(accountId, providerId) as { id: number } | undefined;
  return row && getMessageRef(db, row.id);
}

export interface ThreadPage {
  /** Oldest first, as a thread is read. */
  messages: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * A page of a thread: the newest texts, those older than `before`, those newer than `after`,
 * or a window centred on `around` (jumping to a search hit).
 */
export function listThread(
  db: Database,
  conversationId: number,
  options: { limit: number; before?: number; after?: number; around?: number },
): ThreadPage {
  const { limit } = options;
  const older = cached(db, 
    `${selectMessages} WHERE m.conversation_id = ? AND m.deleted = 0 AND m.id < ? ORDER BY m.id DESC LIMIT ?`,
  );
  const newer = cached(db, 
    `${selectMessages} WHERE m.conversation_id = ? AND m.deleted = 0 AND m.id > ? ORDER BY m.id ASC LIMIT ?`,
  );
  let rows: MessageRow[];
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (options.around !== undefined) {
    const half = Math.floor(limit / 2);
    const before = (older.all(conversationId, options.around + 1, half + 2) as MessageRow[]).reverse();
    const after = newer.all(conversationId, options.around, limit - half) as MessageRow[];
    hasOlder = before.length > half + 1;
    if (hasOlder) before.shift();
    hasNewer = after.length > limit - half - 1;
    if (hasNewer) after.pop();
    rows = [...before, ...after];
  } else if (options.after !== undefined) {
    rows = newer.all(conversationId, options.after, limit + 1) as MessageRow[];
    hasNewer = rows.length > limit;
    if (hasNewer) rows.pop();
    hasOlder = true;
  } else {
    rows = older.all(conversationId, options.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
    hasOlder = rows.length > limit;
    if (hasOlder) rows.pop();
    rows.reverse();
    hasNewer = options.before !== undefined;
  }
  return { messages: rowsToMessages(db, rows), hasOlder, hasNewer };
}

export function setMessageRead(db: Database, id: number, isRead: boolean): boolean {
  if (!isRead) {
    const conversationId = cachedPluck(db, `SELECT conversation_id FROM messages WHERE id = ? AND deleted = 0`).get(id) as number | undefined;
    if (conversationId === undefined) return false;
    uncoverMessage(db, conversationId, id);
  }
  return cached(db, `UPDATE messages SET is_read = ? WHERE id = ? AND deleted = 0`).run(isRead ? 1 : 0, id).changes > 0;
}

/**
 * Marks every live text of the conversation read or unread; returns how many changed.
 * Read is the watermark moved to the newest live text: one row written however long the
 * conversation (migration 0100).
 */
export function setConversationRead(db: Database, conversationId: number, isRead: boolean): number {
  if (isRead) {
    const newest = cachedPluck(db, `SELECT max(id) FROM messages WHERE conversation_id = ? AND deleted = 0`).get(conversationId) as number | null;
    if (newest === null) return 0;
    const unread = cachedPluck(db, `SELECT unread_count FROM conversations WHERE id = ?`).get(conversationId) as number;
    cached(db, `UPDATE conversations SET read_through = max(coalesce(read_through, @newest), @newest), unread_count = 0 WHERE id = @id`).run({
      newest,
      id: conversationId,
    });
    return unread;
  }
  // Unread means "come back to this": the latest inbound text is enough, as in every messenger.
  const latestInbound = latestInboundId(db, conversationId);
  if (latestInbound === null) return 0;
  const wasRead = cachedPluck(db, `SELECT ${isReadSql()} FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`)
    .get(latestInbound) as number;
  if (wasRead !== 1) return 0;
  uncoverMessage(db, conversationId, latestInbound);
  return cached(db, `UPDATE messages SET is_read = 0 WHERE id = ? AND is_read = 1`).run(latestInbound).changes;
}

/**
 * Lowers the conversation's watermark just under text `id`, so that the text can be made unread:
 * the texts it uncovers, `id` included, are read, and get is_read = 1 first while still covered
 * (so the count does not move, and the caller's is_read = 0 then counts the text as it turns
 * unread). Costs one row per uncovered text still marked unread in is_read; "mark unread"
 * uncovers the newest inbound text, so little.
 */
export function uncoverMessage(db: Database, conversationId: number, id: number): void {
  const readThrough = cachedPluck(db, `SELECT read_through FROM conversations WHERE id = ?`).get(conversationId) as number | null | undefined;
  if (readThrough === null || readThrough === undefined || id > readThrough) return;
  cached(db, `UPDATE messages SET is_read = 1 WHERE conversation_id = ? AND deleted = 0 AND id >= ? AND id <= ? AND is_read = 0`).run(
    conversationId,
    id,
    readThrough,
  );
  cached(db, `UPDATE conversations SET read_through = ? WHERE id = ?`).run(id - 1, conversationId);
}

/** The conversation's newest live inbound text: what "mark unread" marks. */
export function latestInboundId(db: Database, conversationId: number): number | null {
  const row = cached(
    db,
    `SELECT id FROM messages WHERE conversation_id = ? AND deleted = 0 AND direction = 'inbound' ORDER BY id DESC LIMIT 1`,
  ).get(conversationId) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Live texts of a conversation keyed by provider id, with their local ids. Texts written here
 * that the server does not have yet are not among them: no server list can contain them.
 */
export function liveProviderIds(db: Database, conversationId: number): Map<string, number> {
  const rows = cached(
    db,
    `SELECT provider_id, id FROM messages
      WHERE conversation_id = ? AND deleted = 0 AND id NOT IN (SELECT message_id FROM outbox_sends)`,
  ).all(conversationId) as { provider_id: string; id: number }[];
  return new Map(rows.map((row) => [row.provider_id, row.id]));
}

/** Unread live texts of a number keyed by provider id. */
export function unreadProviderIds(db: Database, numberId: number): Map<string, number> {
  const rows = cached(
    db,
    `SELECT m.provider_id, m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.number_id = ? AND m.is_read = 0 AND m.deleted = 0 AND NOT ${isReadSql()}`,
  ).all(numberId) as { provider_id: string; id: number }[];
  return new Map(rows.map((row) => [row.provider_id, row.id]));
}
