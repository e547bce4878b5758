import type { Database } from 'better-sqlite3';

/**
 * Who sent each inbound text of a group (Linq, Sendblue) is `messages.sender`; nothing found
 * a person's texts by it, so `from:` a party (or a name) matched their one-to-one
 * conversation only, and missed what they wrote in groups. This index answers "the groups a
 * party wrote in" in a seek (search.ts). It holds group texts only (one-to-one texts have no
 * sender), so writing the history is not slowed by it.
 */
export function up(db: Database): void {
  db.exec(`CREATE INDEX messages_by_sender ON messages (sender, conversation_id) WHERE sender IS NOT NULL;`);
}
