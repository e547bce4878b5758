import type { Database } from 'better-sqlite3';

/**
 * Search beyond whole words. The word index (messages_fts, unicode61) cannot find a substring
 * inside a word ("ointment" in "appointment") nor a word inside Chinese or Japanese text, which
 * unicode61 keeps as one token per run of ideographs. A trigram index beside it can.
 *
 * Its content is each live text followed by two newlines: a term of one or two characters is
 * too short to be a trigram, so the engine expands it into the indexed trigrams that begin with
 * it (through messages_trigram_terms), and the padding makes every occurrence, even at the very
 * end of a text, begin some trigram.
 *
 * conversations_by_remote serves from:, in: and phone-number searches across numbers.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE VIEW messages_live_trigram AS
      SELECT id, body || char(10, 10) AS body FROM messages WHERE deleted = 0;
    CREATE VIRTUAL TABLE messages_trigram USING fts5(
      body,
      content = 'messages_live_trigram',
      content_rowid = 'id',
      tokenize = 'trigram remove_diacritics 1'
    );
    CREATE VIRTUAL TABLE messages_trigram_terms USING fts5vocab(messages_trigram, 'row');

    CREATE TRIGGER messages_trigram_insert AFTER INSERT ON messages
    WHEN new.deleted = 0 AND new.body IS NOT NULL BEGIN
      INSERT INTO messages_trigram (rowid, body) VALUES (new.id, new.body || char(10, 10));
    END;
    CREATE TRIGGER messages_trigram_delete AFTER DELETE ON messages
    WHEN old.deleted = 0 AND old.body IS NOT NULL BEGIN
      INSERT INTO messages_trigram (messages_trigram, rowid, body) VALUES ('delete', old.id, old.body || char(10, 10));
    END;
    CREATE TRIGGER messages_trigram_update AFTER UPDATE OF body, deleted ON messages
    WHEN old.body IS NOT new.body OR old.deleted IS NOT new.deleted BEGIN
      INSERT INTO messages_trigram (messages_trigram, rowid, body)
        SELECT 'delete', old.id, old.body || char(10, 10) WHERE old.deleted = 0 AND old.body IS NOT NULL;
      INSERT INTO messages_trigram (rowid, body)
        SELECT new.id, new.body || char(10, 10) WHERE new.deleted = 0 AND new.body IS NOT NULL;
    END;

    INSERT INTO messages_trigram (messages_trigram) VALUES ('rebuild');

    CREATE INDEX conversations_by_remote ON conversations (remote);
  `);
}
