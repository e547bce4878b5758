import type { Database } from 'better-sqlite3';

/**
 * What the user files a conversation as, kept on this device: pinned (on top of the list, in
 * the order they were pinned) and archived (out of the inbox, in the Archived view).
 *
 * `archived_at` holds the conversation's `latest_at` at the moment it was archived, not the wall
 * clock: a text newer than that is a reply the user has not seen, and it brings the conversation
 * back to the inbox, as in every mail and chat client. Comparing message times with message
 * times keeps this right whatever the provider's or this computer's clock says.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE conversations ADD COLUMN pinned_at INTEGER;
    ALTER TABLE conversations ADD COLUMN archived_at INTEGER;

    CREATE INDEX conversations_pinned ON conversations (pinned_at) WHERE pinned_at IS NOT NULL;

    CREATE TRIGGER conversations_unarchive_on_reply AFTER INSERT ON messages
    WHEN new.direction = 'inbound' AND new.deleted = 0 BEGIN
      UPDATE conversations SET archived_at = NULL
       WHERE id = new.conversation_id AND archived_at IS NOT NULL AND new.created_ms > archived_at;
    END;
  `);
}
