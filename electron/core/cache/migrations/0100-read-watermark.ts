import type { Database } from 'better-sqlite3';

/**
 * A per-conversation "read through" watermark: every live text of the conversation whose id is
 * at most conversations.read_through is read, whatever its own is_read says. Marking a
 * conversation read is then one row written (the watermark and unread_count = 0) instead of an
 * UPDATE of each of its texts, each on a page of its own (ids follow time, so a conversation's
 * texts are spread over the whole table): at a million texts that was 35 ms for 1,000 texts.
 *
 * messages.is_read keeps its meaning above the watermark. Anything that would make a text at or
 * below it unread first lowers the watermark just under that text, writing is_read = 1 into the
 * texts it uncovers (cache/messages.ts: uncoverMessage), so what a text's read state is never depends
 * on which of the two records it. NULL: nothing covered.
 *
 * The summary triggers count a text unread only when it is unread above the watermark.
 * Between is_read and the watermark, the state of the texts is exactly what it was before this
 * migration, so existing rows need no rewrite.
 *
 * Two partial indexes in id order let a filtered search start from the filter (is:unread,
 * has:media) when it leaves fewer texts than the words match; see search.ts: filterFirst.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE conversations ADD COLUMN read_through INTEGER;

    DROP TRIGGER messages_summary_insert;
    CREATE TRIGGER messages_summary_insert AFTER INSERT ON messages
    WHEN new.deleted = 0 BEGIN
      UPDATE conversations
         SET total_count = total_count + 1,
             unread_count = unread_count + (new.is_read = 0 AND NOT coalesce(new.id <= read_through, 0))
       WHERE id = new.conversation_id;
      UPDATE conversations
         SET latest_message_id = new.id, latest_at = new.created_ms, latest_text = new.body,
             latest_direction = new.direction, latest_type = new.type,
             latest_has_media = new.has_media
       WHERE id = new.conversation_id
         AND (latest_message_id IS NULL OR latest_message_id <= new.id);
    END;

    DROP TRIGGER messages_summary_update;
    CREATE TRIGGER messages_summary_update
    AFTER UPDATE OF is_read, deleted, body, type, has_media, direction ON messages
    WHEN old.is_read IS NOT new.is_read OR old.deleted IS NOT new.deleted
      OR old.body IS NOT new.body OR old.type IS NOT new.type
      OR old.has_media IS NOT new.has_media OR old.direction IS NOT new.direction BEGIN
      UPDATE conversations
         SET total_count = total_count - (old.deleted = 0) + (new.deleted = 0),
             unread_count = unread_count
               - (old.deleted = 0 AND old.is_read = 0 AND NOT coalesce(old.id <= read_through, 0))
               + (new.deleted = 0 AND new.is_read = 0 AND NOT coalesce(new.id <= read_through, 0))
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

    -- What a filtered search walks, newest first, when the filter is more selective than its
    -- words (search.ts: filterFirst): unread texts, texts with media.
    CREATE INDEX messages_unread_recent ON messages (id) WHERE is_read = 0 AND deleted = 0;
    CREATE INDEX messages_media_recent ON messages (id) WHERE has_media = 1 AND deleted = 0;

    DROP TRIGGER messages_summary_delete;
    CREATE TRIGGER messages_summary_delete AFTER DELETE ON messages
    WHEN old.deleted = 0 BEGIN
      UPDATE conversations
         SET total_count = total_count - 1,
             unread_count = unread_count - (old.is_read = 0 AND NOT coalesce(old.id <= read_through, 0))
       WHERE id = old.conversation_id;
      UPDATE conversations
         SET (latest_message_id, latest_at, latest_text, latest_direction, latest_type,
              latest_has_media) =
             (SELECT id, created_ms, body, direction, type, has_media FROM messages
               WHERE conversation_id = old.conversation_id AND deleted = 0
               ORDER BY id DESC LIMIT 1)
       WHERE id = old.conversation_id AND latest_message_id = old.id;
    END;
  `);
}
