import type { Database } from 'better-sqlite3';

/**
 * What the other providers carry beyond Inkbox's texts: the service a text went over
 * (iMessage, SMS, RCS), the team member who wrote it (Heymarket's author label), who sent an
 * inbound text in a group, reactions (Linq tapbacks), and group conversations with a title,
 * participants and the provider's own conversation id (needed to act on it).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE messages ADD COLUMN service TEXT;
    ALTER TABLE messages ADD COLUMN author TEXT;
    ALTER TABLE messages ADD COLUMN sender TEXT;
    ALTER TABLE messages ADD COLUMN reactions TEXT;

    ALTER TABLE conversations ADD COLUMN title TEXT;
    ALTER TABLE conversations ADD COLUMN participants TEXT;
    ALTER TABLE conversations ADD COLUMN is_group INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversations ADD COLUMN provider_ref TEXT;
  `);
}
