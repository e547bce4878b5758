import type { Database } from 'better-sqlite3';
import { countryOf, toE164 } from '../../contacts/phone';

/**
 * Contacts: names for the numbers people text with, keyed by E.164. A row is either the local
 * address book's (account_id NULL: imported vCard/CSV files, names set in the app) or one
 * provider account's address book (refreshed with the sync, replaced wholesale each time). A
 * local row wins over every provider row, and no sync ever writes one.
 *
 * Conversations keep the E.164 form of their remote (phone_key, in the receiving number's
 * country) and the name and opt-out state that win for it, maintained whenever contacts
 * change, so that lists, threads and search read a column instead of resolving names per row.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE contacts (
      id            INTEGER PRIMARY KEY,
      phone         TEXT NOT NULL,
      account_id    INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
      -- NULL on a provider row that only tells the opt-out state.
      name          TEXT,
      -- Provider rows: 1 opted out, 0 not, NULL the provider does not say. Local rows: NULL.
      opted_out     INTEGER,
      provider_ref  TEXT,
      updated_at    INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX contacts_local ON contacts (phone) WHERE account_id IS NULL;
    CREATE UNIQUE INDEX contacts_by_account ON contacts (account_id, phone) WHERE account_id IS NOT NULL;
    CREATE INDEX contacts_by_phone ON contacts (phone, account_id);

    ALTER TABLE conversations ADD COLUMN phone_key TEXT;
    ALTER TABLE conversations ADD COLUMN remote_name TEXT;
    ALTER TABLE conversations ADD COLUMN opted_out INTEGER;
    CREATE INDEX conversations_by_phone_key ON conversations (phone_key) WHERE phone_key IS NOT NULL;

    -- The names, word-indexed (accents folded) for search's "contacts first" and from:/in: a
    -- name: a prefix query per word instead of folding every conversation's name per search.
    CREATE VIRTUAL TABLE conversation_names USING fts5(
      remote_name,
      content = 'conversations',
      content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER conversation_names_update AFTER UPDATE OF remote_name ON conversations
    WHEN old.remote_name IS NOT new.remote_name BEGIN
      INSERT INTO conversation_names (conversation_names, rowid, remote_name)
        SELECT 'delete', old.id, old.remote_name WHERE old.remote_name IS NOT NULL;
      INSERT INTO conversation_names (rowid, remote_name) SELECT new.id, new.remote_name WHERE new.remote_name IS NOT NULL;
    END;
    CREATE TRIGGER conversation_names_delete AFTER DELETE ON conversations
    WHEN old.remote_name IS NOT NULL BEGIN
      INSERT INTO conversation_names (conversation_names, rowid, remote_name) VALUES ('delete', old.id, old.remote_name);
    END;
  `);
  const rows = db
    .prepare(`SELECT c.id, c.remote, n.phone_number FROM conversations c JOIN numbers n ON n.id = c.number_id`)
    .all() as { id: number; remote: string; phone_number: string }[];
  const update = db.prepare(`UPDATE conversations SET phone_key = ? WHERE id = ?`);
  for (const row of rows) {
    const key = row.remote.startsWith('group:') ? null : toE164(row.remote, countryOf(row.phone_number) ?? 'US');
    if (key !== null) update.run(key, row.id);
  }
}
