import type { Database } from 'better-sqlite3';
import { cached, cachedPluck } from './statements';
import type { Conversation } from '../../../shared/model';
import type { ConversationInfoInput } from './inputs';
import { initConversationContact, namesForPhones } from './contacts';

interface ConversationRow {
  id: number;
  account_id: number;
  number_id: number;
  remote: string;
  latest_message_id: number | null;
  latest_at: number | null;
  latest_text: string | null;
  latest_direction: 'inbound' | 'outbound' | null;
  latest_type: 'sms' | 'mms' | null;
  latest_has_media: number | null;
  unread_count: number;
  total_count: number;
  muted: number;
  title: string | null;
  participants: string | null;
  is_group: number;
  remote_name: string | null;
  opted_out: number | null;
  draft?: string | null;
  pinned_at: number | null;
  archived_at: number | null;
}

const selectConversations = `
  SELECT c.*, n.account_id FROM conversations c JOIN numbers n ON n.id = c.number_id`;

export function rowToConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    accountId: row.account_id,
    numberId: row.number_id,
    remote: row.remote,
    latestMessageId: row.latest_message_id,
    latestText: row.latest_text,
    latestDirection: row.latest_direction,
    latestType: row.latest_type,
    latestHasMedia: row.latest_has_media === 1,
    latestAt: row.latest_at === null ? null : new Date(row.latest_at).toISOString(),
    unreadCount: row.unread_count,
    totalCount: row.total_count,
    muted: row.muted === 1,
    title: row.title,
    participants: row.participants ? (JSON.parse(row.participants) as string[]) : [],
    isGroup: row.is_group === 1,
    remoteName: row.remote_name,
    optedOut: row.opted_out === null ? null : row.opted_out === 1,
    draft: row.draft ?? null,
    pinned: row.pinned_at !== null,
    archived: row.archived_at !== null,
  };
}

/** Group members' names, where the address books know them; one query per group shown. */
function withParticipantNames(db: Database, conversations: Conversation[]): Conversation[] {
  for (const conversation of conversations) {
    const participants = conversation.participants ?? [];
    if (!conversation.isGroup || participants.length === 0) continue;
    const names = namesForPhones(db, conversation.accountId, participants);
    if (names.size > 0) conversation.participantNames = participants.map((p) => names.get(p) ?? null);
  }
  return conversations;
}

/** Records what the provider says about a conversation (groups, its own id); unchanged rows are not rewritten. */
export function updateConversationInfo(db: Database, id: number, info: ConversationInfoInput): void {
  cached(
    db,
    `UPDATE conversations
        SET title = coalesce(@title, title), participants = coalesce(@participants, participants),
            is_group = coalesce(@isGroup, is_group), provider_ref = coalesce(@providerRef, provider_ref)
      WHERE id = @id
        AND (title IS NOT coalesce(@title, title) OR participants IS NOT coalesce(@participants, participants)
             OR is_group IS NOT coalesce(@isGroup, is_group) OR provider_ref IS NOT coalesce(@providerRef, provider_ref))`,
  ).run({
    id,
    title: info.title ?? null,
    participants: info.participants ? JSON.stringify(info.participants) : null,
    isGroup: info.isGroup === undefined ? null : info.isGroup ? 1 : 0,
    providerRef: info.providerRef ?? null,
  });
}

/** The provider's own id for a conversation, where it has one (Linq chat, Heymarket conversation). */
export function conversationProviderRef(db: Database, id: number): string | null {
  const row = cached(db, `SELECT provider_ref FROM conversations WHERE id = ?`).get(id) as { provider_ref: string | null } | undefined;
  return row?.provider_ref ?? null;
}

/** The id of the conversation with `remote` on the number, if the cache has it. */
export function findConversationId(db: Database, numberId: number, remote: string): number | undefined {
  return cachedPluck(db, `SELECT id FROM conversations WHERE number_id = ? AND remote = ?`).get(numberId, remote) as number | undefined;
}

/** The conversation with `remote` on the number, created empty if it is new. */
export function ensureConversation(db: Database, numberId: number, remote: string): number {
  const found = cached(db, `SELECT id FROM conversations WHERE number_id = ? AND remote = ?`)
    .get(numberId, remote) as { id: number } | undefined;
  if (found) return found.id;
  const row = cached(db, `INSERT INTO conversations (number_id, remote) VALUES (?, ?) RETURNING id`)
    .get(numberId, remote) as { id: number };
  initConversationContact(db, row.id, numberId, remote);
  return row.id;
}

export function getConversation(db: Database, id: number): Conversation | undefined {
  const row = cached(db, `${selectConversations} WHERE c.id = ?`).get(id) as ConversationRow | undefined;
  return row && withParticipantNames(db, [rowToConversation(row)])[0];
}

/** Several conversations in one query (search results span many), keyed by id. */
export function getConversations(db: Database, ids: readonly number[]): Map<number, Conversation> {
  if (ids.length === 0) return new Map();
  const rows = cached(db, `${selectConversations} WHERE c.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify([...new Set(ids)]),
  ) as ConversationRow[];
  return new Map(withParticipantNames(db, rows.map(rowToConversation)).map((c) => [c.id, c]));
}

export function findConversation(db: Database, numberId: number, remote: string): Conversation | undefined {
  const row = cached(db, `${selectConversations} WHERE c.number_id = ? AND c.remote = ?`)
    .get(numberId, remote) as ConversationRow | undefined;
  return row && withParticipantNames(db, [rowToConversation(row)])[0];
}

export interface ConversationCursor {
  latestAt: number;
  id: number;
}

export interface ListConversationsOptions {
  /** One number, or every number (the unified inbox) when omitted. */
  numberId?: number;
  accountId?: number;
  unreadOnly?: boolean;
  /** true: only the archived (the Archived view); otherwise the archived are left out. */
  archived?: boolean;
  /** Leave pinned conversations out: the inbox lists them on top, apart from the paged rest. */
  excludePinned?: boolean;
  limit: number;
  /** Keyset: the last row of the previous page. */
  after?: ConversationCursor;
}

/** The list's scope (a number, an account, unread only), as SQL conditions and their parameters. */
function scopeFilters(
  options: Pick<ListConversationsOptions, 'numberId' | 'accountId' | 'unreadOnly'>,
  where: string[],
  params: Record<string, number>,
): void {
  if (options.numberId !== undefined) {
    where.push('c.number_id = @numberId');
    params.numberId = options.numberId;
  }
  if (options.accountId !== undefined) {
    where.push('n.account_id = @accountId');
    params.accountId = options.accountId;
  }
  if (options.unreadOnly) where.push('c.unread_count > 0');
}

/** Conversations with at least one live text, most recent first, keyset-paged. */
export function listConversations(db: Database, options: ListConversationsOptions): Conversation[] {
  const where = ['c.total_count > 0'];
  const params: Record<string, number> = { limit: options.limit };
  scopeFilters(options, where, params);
  where.push(options.archived ? 'c.archived_at IS NOT NULL' : 'c.archived_at IS NULL');
  if (options.excludePinned) where.push('c.pinned_at IS NULL');
  if (options.after) {
    where.push('(c.latest_at < @afterAt OR (c.latest_at = @afterAt AND c.id < @afterId))');
    params.afterAt = options.after.latestAt;
    params.afterId = options.after.id;
  }
  const sql = `${selectConversations} WHERE ${where.join(' AND ')}
               ORDER BY c.latest_at DESC, c.id DESC LIMIT @limit`;
  return withParticipantNames(db, (cached(db, sql).all(params) as ConversationRow[]).map(rowToConversation));
}

/** Every conversation of a number as the cache sees it, keyed by remote: reconciliation's input. */
export function conversationSummaries(
  db: Database,
  numberId: number,
): Map<string, { id: number; latestAt: number | null; unreadCount: number; totalCount: number }> {
  const rows = cached(db, `SELECT id, remote, latest_at, unread_count, total_count FROM conversations WHERE number_id = ?`)
    .all(numberId) as { id: number; remote: string; latest_at: number | null; unread_count: number; total_count: number }[];
  return new Map(
    rows.map((row) => [
      row.remote,
      { id: row.id, latestAt: row.latest_at, unreadCount: row.unread_count, totalCount: row.total_count },
    ]),
  );
}

export function setMuted(db: Database, id: number, muted: boolean): boolean {
  return cached(db, `UPDATE conversations SET muted = ? WHERE id = ?`).run(muted ? 1 : 0, id).changes > 0;
}

/** The pinned conversations of the inbox (never the archived), in the order they were pinned. */
export function listPinnedConversations(db: Database, options: Pick<ListConversationsOptions, 'numberId' | 'accountId' | 'unreadOnly'>): Conversation[] {
  const where = ['c.total_count > 0', 'c.pinned_at IS NOT NULL', 'c.archived_at IS NULL'];
  const params: Record<string, number> = {};
  scopeFilters(options, where, params);
  const sql = `${selectConversations} WHERE ${where.join(' AND ')} ORDER BY c.pinned_at, c.id LIMIT ${MAX_PINNED}`;
  return withParticipantNames(db, (cached(db, sql).all(params) as ConversationRow[]).map(rowToConversation));
}

/** Pinning is for the few conversations a team keeps at hand; past this, older pins are not listed on top. */
export const MAX_PINNED = 50;

/** Pins (on top, after those pinned before) or unpins; pinning takes a conversation out of the archive. */
export function setPinned(db: Database, id: number, pinned: boolean, now = Date.now()): boolean {
  const sql = pinned
    ? `UPDATE conversations SET pinned_at = coalesce(pinned_at, @now), archived_at = NULL WHERE id = @id`
    : `UPDATE conversations SET pinned_at = NULL WHERE id = @id`;
  return cached(db, sql).run({ id, now }).changes > 0;
}

/**
 * Archives (out of the inbox until a newer inbound text arrives, see migration 0090) or brings
 * back; archiving unpins.
 */
export function setArchived(db: Database, id: number, archived: boolean): boolean {
  const sql = archived
    ? `UPDATE conversations SET archived_at = coalesce(latest_at, 0), pinned_at = NULL WHERE id = @id`
    : `UPDATE conversations SET archived_at = NULL WHERE id = @id`;
  return cached(db, sql).run({ id }).changes > 0;
}
