import type { Database } from 'better-sqlite3';
import type { Contact } from '../../../shared/contacts';
import type { ProviderKind } from '../../../shared/model';
import { countryOf, toE164 } from '../contacts/phone';
import { foldName } from '../contacts/names';
import { cached } from './statements';

/**
 * The contacts repository. Precedence, for the name of a conversation's party: the local
 * address book, then the conversation's own account's address book, then any other account's
 * (lowest account id first). Opt-out state is the conversation's own account's only: it is
 * that provider that will refuse the text.
 */

/** A contact as an address book gives it: a clean name (or null) and an E.164 phone. */
export interface ContactInput {
  phone: string;
  name: string | null;
  optedOut?: boolean | null;
  providerRef?: string | null;
}

interface ContactRow {
  phone: string;
  account_id: number | null;
  name: string | null;
  opted_out: number | null;
  updated_at: number;
  provider: ProviderKind | null;
}

function rowToContact(row: ContactRow): Contact {
  return {
    phone: row.phone,
    name: row.name,
    source: row.account_id === null ? 'local' : 'provider',
    accountId: row.account_id,
    provider: row.provider,
    optedOut: row.opted_out === null ? null : row.opted_out === 1,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const winnerOrder = `ORDER BY k.account_id IS NOT NULL, k.account_id IS NOT n.account_id, k.account_id`;

/**
 * Recomputes the winning name and the opt-out state of the conversations with these phones
 * (every conversation when omitted). Rows that do not change are not written.
 */
export function refreshConversationNames(db: Database, phones?: readonly string[]): number {
  const scope = phones === undefined ? '' : `AND c.phone_key IN (SELECT value FROM json_each(@phones))`;
  const sql = `
    WITH resolved AS (
      SELECT c.id,
             (SELECT k.name FROM contacts k WHERE k.phone = c.phone_key AND k.name IS NOT NULL ${winnerOrder} LIMIT 1) AS name,
             (SELECT k.opted_out FROM contacts k WHERE k.phone = c.phone_key AND k.account_id = n.account_id) AS opted_out
        FROM conversations c JOIN numbers n ON n.id = c.number_id
       WHERE c.phone_key IS NOT NULL ${scope}
    )
    UPDATE conversations SET remote_name = resolved.name, opted_out = resolved.opted_out
      FROM resolved
     WHERE conversations.id = resolved.id
       AND (conversations.remote_name IS NOT resolved.name OR conversations.opted_out IS NOT resolved.opted_out)`;
  return cached(db, sql).run(phones === undefined ? {} : { phones: JSON.stringify(phones) }).changes;
}

/** A new conversation's phone key and name, from its remote and the receiving number's country. */
export function initConversationContact(db: Database, conversationId: number, numberId: number, remote: string): void {
  if (remote.startsWith('group:')) return;
  const number = cached(db, `SELECT phone_number FROM numbers WHERE id = ?`).get(numberId) as { phone_number: string } | undefined;
  const key = toE164(remote, countryOf(number?.phone_number) ?? 'US');
  if (key === null) return;
  cached(db, `UPDATE conversations SET phone_key = ? WHERE id = ?`).run(key, conversationId);
  refreshConversationNames(db, [key]);
}

/** Sets (or, with a null name, removes) the local name for a phone; returns the phones touched. */
export function setLocalContact(db: Database, phone: string, name: string | null, now = Date.now()): void {
  db.transaction(() => {
    if (name === null) cached(db, `DELETE FROM contacts WHERE account_id IS NULL AND phone = ?`).run(phone);
    else {
      cached(
        db,
        `INSERT INTO contacts (phone, account_id, name, updated_at) VALUES (?, NULL, ?, ?)
         ON CONFLICT (phone) WHERE account_id IS NULL DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
         WHERE contacts.name IS NOT excluded.name`,
      ).run(phone, name, now);
    }
    refreshConversationNames(db, [phone]);
  })();
}

/** Adds many local names at once (a file import); a later card for the same phone wins. */
export function importLocalContacts(db: Database, contacts: readonly { phone: string; name: string }[], now = Date.now()): number {
  return db.transaction(() => {
    const upsert = cached(
      db,
      `INSERT INTO contacts (phone, account_id, name, updated_at) VALUES (?, NULL, ?, ?)
       ON CONFLICT (phone) WHERE account_id IS NULL DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
       WHERE contacts.name IS NOT excluded.name`,
    );
    for (const contact of contacts) upsert.run(contact.phone, contact.name, now);
    const phones = [...new Set(contacts.map((c) => c.phone))];
    refreshConversationNames(db, phones);
    return phones.length;
  })();
}

/**
 * Replaces one account's address book with what the provider listed now: rows it no longer
 * lists go, changed rows are rewritten, and the names of the conversations concerned follow.
 * The local address book is never touched.
 */
export function replaceProviderContacts(db: Database, accountId: number, contacts: readonly ContactInput[], now = Date.now()): { changed: number } {
  return db.transaction(() => {
    const before = new Map(
      (cached(db, `SELECT phone, name, opted_out, provider_ref FROM contacts WHERE account_id = ?`).all(accountId) as {
        phone: string;
        name: string | null;
        opted_out: number | null;
        provider_ref: string | null;
      }[]).map((row) => [row.phone, row]),
    );
    const byPhone = new Map<string, ContactInput>();
    // Two provider contacts for one phone: the first named one stands (providers list oldest first or by id).
    for (const contact of contacts) {
      const existing = byPhone.get(contact.phone);
      if (!existing || (existing.name === null && contact.name !== null)) byPhone.set(contact.phone, contact);
    }
    const touched: string[] = [];
    const upsert = cached(
      db,
      `INSERT INTO contacts (phone, account_id, name, opted_out, provider_ref, updated_at) VALUES (@phone, @accountId, @name, @optedOut, @ref, @now)
       ON CONFLICT (account_id, phone) WHERE account_id IS NOT NULL
       DO UPDATE SET name = excluded.name, opted_out = excluded.opted_out, provider_ref = excluded.provider_ref, updated_at = excluded.updated_at`,
    );
    for (const [phone, contact] of byPhone) {
      const optedOut = contact.optedOut === undefined || contact.optedOut === null ? null : contact.optedOut ? 1 : 0;
      const ref = contact.providerRef ?? null;
      const old = before.get(phone);
      before.delete(phone);
      if (old && old.name === contact.name && old.opted_out === optedOut && old.provider_ref === ref) continue;
      upsert.run({ phone, accountId, name: contact.name, optedOut, ref, now });
      touched.push(phone);
    }
    const remove = cached(db, `DELETE FROM contacts WHERE account_id = ? AND phone = ?`);
    for (const phone of before.keys()) {
      remove.run(accountId, phone);
      touched.push(phone);
    }
    if (touched.length > 0) refreshConversationNames(db, touched);
    return { changed: touched.length };
  })();
}

export interface ListContactsOptions {
  /** Words each of which begins a word of the name, or digits the phone contains. */
  query?: string;
  limit: number;
  offset: number;
}

/** One row per phone: the name that wins for it (local, else the lowest account's), A to Z. */
export function listContacts(db: Database, options: ListContactsOptions): { contacts: Contact[]; total: number } {
  const rows = cached(
    db,
    `SELECT phone, account_id, name, opted_out, updated_at, provider FROM (
       SELECT k.phone, k.account_id, k.name, k.opted_out, k.updated_at, a.provider,
              row_number() OVER (PARTITION BY k.phone ORDER BY k.account_id IS NOT NULL, k.account_id) AS rank
         FROM contacts k LEFT JOIN accounts a ON a.id = k.account_id
        WHERE k.name IS NOT NULL)
      WHERE rank = 1 ORDER BY name COLLATE NOCASE, phone`,
  ).all() as ContactRow[];
  const matching = options.query ? rows.filter(matcher(options.query)) : rows;
  return { contacts: matching.slice(options.offset, options.offset + options.limit).map(rowToContact), total: matching.length };
}

function matcher(query: string): (row: ContactRow) => boolean {
  const words = foldName(query).split(/\s+/).filter(Boolean);
  const digits = query.replace(/\D/g, '');
  return (row) => {
    if (digits.length >= 3 && /^[\d\s+().-]+$/.test(query) && row.phone.includes(digits)) return true;
    return nameMatches(row.name ?? '', words);
  };
}

/** Each word begins some word of the name (accents and case ignored). */
export function nameMatches(name: string, foldedWords: readonly string[]): boolean {
  if (foldedWords.length === 0) return false;
  const parts = foldName(name).split(/[\s,.'’()-]+/).filter(Boolean);
  return foldedWords.every((word) => parts.some((part) => part.startsWith(word)));
}

/** Every source's entry for one phone, the winner first. */
export function contactsForPhone(db: Database, phone: string): Contact[] {
  const rows = cached(
    db,
    `SELECT k.phone, k.account_id, k.name, k.opted_out, k.updated_at, a.provider
       FROM contacts k LEFT JOIN accounts a ON a.id = k.account_id
      WHERE k.phone = ? ORDER BY k.account_id IS NOT NULL, k.account_id`,
  ).all(phone) as ContactRow[];
  return rows.map(rowToContact);
}

/** Names for phones as seen from one account (group members, senders), by the same precedence. */
export function namesForPhones(db: Database, accountId: number, phones: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (phones.length === 0) return out;
  const select = cached(
    db,
    `SELECT k.name FROM contacts k WHERE k.phone = ? AND k.name IS NOT NULL
      ORDER BY k.account_id IS NOT NULL, k.account_id IS NOT ?, k.account_id LIMIT 1`,
  ).pluck();
  for (const phone of new Set(phones)) {
    const key = toE164(phone);
    const name = key === null ? undefined : (select.get(key, accountId) as string | undefined);
    if (name) out.set(phone, name);
  }
  return out;
}

/** An FTS5 query in which every word begins a word of the name. */
function namePrefixQuery(foldedWords: readonly string[]): string | null {
  const words = foldedWords.map((w) => w.replace(/[^\p{L}\p{N}'’-]+/gu, ' ').trim()).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.length === 0 ? null : words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' AND ');
}

/**
 * Conversations whose party's name matches every word (search's "contacts first"), most
 * recent first, through the names' word index.
 */
export function conversationsNamed(
  db: Database,
  foldedWords: readonly string[],
  limit: number,
  scope: { numberId?: number; accountId?: number } = {},
): number[] {
  const match = namePrefixQuery(foldedWords);
  if (match === null) return [];
  const rows = cached(
    db,
    `SELECT c.id, c.remote_name FROM conversation_names f JOIN conversations c ON c.id = f.rowid JOIN numbers n ON n.id = c.number_id
      WHERE conversation_names MATCH @match AND c.total_count > 0
        AND (@numberId IS NULL OR c.number_id = @numberId) AND (@accountId IS NULL OR n.account_id = @accountId)
      ORDER BY c.latest_at DESC LIMIT @limit`,
  ).all({ match, numberId: scope.numberId ?? null, accountId: scope.accountId ?? null, limit: limit * 4 }) as { id: number; remote_name: string }[];
  // The index splits words as FTS5 does; the check is the one the UI describes.
  return rows.filter((row) => nameMatches(row.remote_name, foldedWords)).slice(0, limit).map((row) => row.id);
}

/**
 * Conversations whose party is called exactly `name` (case and accents aside), else whose name
 * holds its words; a group by its title the same way.
 */
export function conversationIdsForName(db: Database, name: string): number[] {
  const wanted = foldName(name).trim().replace(/\s+/g, ' ');
  const words = wanted.split(' ').filter(Boolean);
  const match = namePrefixQuery(words);
  const named =
    match === null
      ? []
      : (cached(db, `SELECT c.id, c.remote_name AS name FROM conversation_names f JOIN conversations c ON c.id = f.rowid WHERE conversation_names MATCH ?`).all(
          match,
        ) as { id: number; name: string }[]);
  const groups = cached(db, `SELECT id, title AS name FROM conversations WHERE is_group = 1 AND title IS NOT NULL`).all() as { id: number; name: string }[];
  const candidates = [...named, ...groups];
  const exact = candidates.filter((row) => foldName(row.name).replace(/\s+/g, ' ') === wanted).map((row) => row.id);
  if (exact.length > 0) return exact;
  return candidates.filter((row) => foldName(row.name).includes(wanted) || nameMatches(row.name, words)).map((row) => row.id);
}

export function countContacts(db: Database): number {
  return cached(db, `SELECT count(DISTINCT phone) FROM contacts WHERE name IS NOT NULL`).pluck().get() as number;
}

/** The conversations with a phone (for data:changed after a local edit). */
export function conversationIdsForPhone(db: Database, phone: string): number[] {
  return cached(db, `SELECT id FROM conversations WHERE phone_key = ?`).pluck().all(phone) as number[];
}

/** Adds or updates one entry of an account's address book (a lookup for a new party), leaving the rest. */
export function upsertProviderContact(db: Database, accountId: number, contact: ContactInput, now = Date.now()): void {
  db.transaction(() => {
    const optedOut = contact.optedOut === undefined || contact.optedOut === null ? null : contact.optedOut ? 1 : 0;
    cached(
      db,
      `INSERT INTO contacts (phone, account_id, name, opted_out, provider_ref, updated_at) VALUES (@phone, @accountId, @name, @optedOut, @ref, @now)
       ON CONFLICT (account_id, phone) WHERE account_id IS NOT NULL
       DO UPDATE SET name = excluded.name, opted_out = excluded.opted_out, provider_ref = excluded.provider_ref, updated_at = excluded.updated_at`,
    ).run({ phone: contact.phone, accountId, name: contact.name, optedOut, ref: contact.providerRef ?? null, now });
    refreshConversationNames(db, [contact.phone]);
  })();
}
