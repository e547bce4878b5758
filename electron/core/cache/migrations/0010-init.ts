import type { Database } from 'better-sqlite3';

/**
 * The first schema. Message ids follow message time (see messages.ts: allocateMessageId), so
 * recency order is rowid order for threads, search and the FTS index alike.
 *
 * Conversation summaries are kept by triggers so that every write path (sync, outbox, tests)
 * maintains them; the list is never computed by GROUP BY at read time.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE accounts (
      id          INTEGER PRIMARY KEY,
      provider    TEXT NOT NULL CHECK (provider IN ('inkbox', 'sendblue', 'linq', 'heymarket')),
      label       TEXT NOT NULL,
      base_url    TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );

    CREATE TABLE numbers (
      id            INTEGER PRIMARY KEY,
      account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      provider_id   TEXT NOT NULL,
      phone_number  TEXT NOT NULL,
      label         TEXT,
      status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'unavailable')),
      sync_enabled  INTEGER NOT NULL DEFAULT 1,
      UNIQUE (account_id, provider_id)
    );

    CREATE TABLE conversations (
      id                 INTEGER PRIMARY KEY,
      number_id          INTEGER NOT NULL REFERENCES numbers(id) ON DELETE CASCADE,
      remote             TEXT NOT NULL,
      latest_message_id  INTEGER,
      latest_at          INTEGER,
      latest_text        TEXT,
      latest_direction   TEXT,
      latest_type        TEXT,
      latest_has_media   INTEGER,
      unread_count       INTEGER NOT NULL DEFAULT 0,
      total_count        INTEGER NOT NULL DEFAULT 0,
      muted              INTEGER NOT NULL DEFAULT 0,
      UNIQUE (number_id, remote)
    );
    CREATE INDEX conversations_by_number_recent ON conversations (number_id, latest_at DESC);
    CREATE INDEX conversations_recent ON conversations (latest_at DESC);

    -- deleted: 0 live, 1 deleted (on the server or by the user), 2 hidden on this device only
    -- (the server refused the delete). Rows stay as tombstones so a sync cannot resurrect them.
    CREATE TABLE messages (
      id               INTEGER PRIMARY KEY,
      account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      number_id        INTEGER NOT NULL REFERENCES numbers(id) ON DELETE CASCADE,
      conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      provider_id      TEXT NOT NULL,
      direction        TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      body             TEXT,
      type             TEXT NOT NULL CHECK (type IN ('sms', 'mms')),
      is_read          INTEGER NOT NULL,
      deleted          INTEGER NOT NULL DEFAULT 0,
      has_media        INTEGER NOT NULL DEFAULT 0,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      created_ms       INTEGER NOT NULL,
      delivery_status  TEXT,
      extra            TEXT,
      UNIQUE (account_id, provider_id)
    );
    CREATE INDEX messages_thread ON messages (conversation_id, id) WHERE deleted = 0;
    CREATE INDEX messages_unread ON messages (number_id) WHERE is_read = 0 AND deleted = 0;

    -- The index covers live texts only, so its content table is a view of them: FTS5's
    -- 'rebuild' and 'integrity-check' then agree with what the triggers maintain.
    CREATE VIEW messages_live AS SELECT id, body FROM messages WHERE deleted = 0;
    CREATE VIRTUAL TABLE messages_fts USING fts5(
      body,
      content = 'messages_live',
      content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
    WHEN new.deleted = 0 BEGIN
      INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
    WHEN old.deleted = 0 BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF body, deleted ON messages
    WHEN old.body IS NOT new.body OR old.deleted IS NOT new.deleted BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body)
        SELECT 'delete', old.id, old.body WHERE old.deleted = 0;
      INSERT INTO messages_fts (rowid, body) SELECT new.id, new.body WHERE new.deleted = 0;
    END;

    CREATE TRIGGER messages_summary_insert AFTER INSERT ON messages
    WHEN new.deleted = 0 BEGIN
      UPDATE conversations
         SET total_count = total_count + 1,
             unread_count = unread_count + (new.is_read = 0)
       WHERE id = new.conversation_id;
      UPDATE conversations
         SET latest_message_id = new.id, latest_at = new.created_ms, latest_text = new.body,
             latest_direction = new.direction, latest_type = new.type,
             latest_has_media = new.has_media
       WHERE id = new.conversation_id
         AND (latest_message_id IS NULL OR latest_message_id <= new.id);
    END;

    CREATE TRIGGER messages_summary_update
    AFTER UPDATE OF is_read, deleted, body, type, has_media, direction ON messages
    WHEN old.is_read IS NOT new.is_read OR old.deleted IS NOT new.deleted
      OR old.body IS NOT new.body OR old.type IS NOT new.type
      OR old.has_media IS NOT new.has_media OR old.direction IS NOT new.direction BEGIN
      UPDATE conversations
         SET total_count = total_count - (old.deleted = 0) + (new.deleted = 0),
             unread_count = unread_count - (old.deleted = 0 AND old.is_read = 0)
                                         + (new.deleted = 0 AND new.is_read = 0)
       WHERE id = new.conversation_id;
      UPDATE conversations
         SET (latest_message_id, latest_at, latest_text, latest_direction, latest_type,
              latest_has_media) =
             (SELECT id, created_ms, body, direction, type, has_media FROM messages
               WHERE conversation_id = new.conversation_id AND deleted = 0
               ORDER BY id DESC LIMIT 1)
       WHERE id = new.conversation_id
         AND (latest_message_id IS NULL OR latest_message_id <= new.id);
    END;

    CREATE TRIGGER messages_summary_delete AFTER DELETE ON messages
    WHEN old.deleted = 0 BEGIN
      UPDATE conversations
         SET total_count = total_count - 1, unread_count = unread_count - (old.is_read = 0)
       WHERE id = old.conversation_id;
      UPDATE conversations
         SET (latest_message_id, latest_at, latest_text, latest_direction, latest_type,
              latest_has_media) =
             (SELECT id, created_ms, body, direction, type, has_media FROM messages
               WHERE conversation_id = old.conversation_id AND deleted = 0
               ORDER BY id DESC LIMIT 1)
       WHERE id = old.conversation_id AND latest_message_id = old.id;
    END;

    CREATE TABLE media (
      id              INTEGER PRIMARY KEY,
      message_id      INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      position        INTEGER NOT NULL,
      content_type    TEXT NOT NULL,
      size            INTEGER NOT NULL,
      filename        TEXT,
      url             TEXT,
      url_received_at INTEGER,
      hash            TEXT,
      state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'cached', 'failed', 'evicted')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      last_error      TEXT,
      UNIQUE (message_id, position)
    );
    CREATE INDEX media_pending ON media (id) WHERE state = 'pending';
    CREATE INDEX media_by_hash ON media (hash) WHERE hash IS NOT NULL;

    -- The content-addressed store on disk, for the size cap and eviction by last use.
    CREATE TABLE media_files (
      hash          TEXT PRIMARY KEY,
      size          INTEGER NOT NULL,
      content_type  TEXT NOT NULL,
      stored_at     INTEGER NOT NULL,
      last_used_at  INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE outbox (
      id               INTEGER PRIMARY KEY,
      number_id        INTEGER NOT NULL REFERENCES numbers(id) ON DELETE CASCADE,
      kind             TEXT NOT NULL CHECK (kind IN ('message.read', 'message.unread', 'message.delete',
                                                     'conversation.read', 'conversation.unread')),
      message_id       INTEGER REFERENCES messages(id) ON DELETE CASCADE,
      conversation_id  INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
      created_at       INTEGER NOT NULL,
      attempts         INTEGER NOT NULL DEFAULT 0,
      next_attempt_at  INTEGER NOT NULL DEFAULT 0,
      last_error       TEXT,
      -- Pushed entries stay a while: a sync page fetched before the push landed must not
      -- undo the change when it is applied after.
      done_at          INTEGER
    );
    CREATE INDEX outbox_by_message ON outbox (message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX outbox_by_conversation ON outbox (conversation_id) WHERE conversation_id IS NOT NULL;

    CREATE TABLE sync_state (
      number_id          INTEGER PRIMARY KEY REFERENCES numbers(id) ON DELETE CASCADE,
      history_complete   INTEGER NOT NULL DEFAULT 0,
      history_offset     INTEGER NOT NULL DEFAULT 0,
      history_cursor_at  TEXT,
      history_cursor_id  TEXT,
      history_fetched    INTEGER NOT NULL DEFAULT 0,
      last_head_at       INTEGER,
      last_reconcile_at  INTEGER,
      last_error         TEXT,
      last_error_at      INTEGER
    );
  `);
}
