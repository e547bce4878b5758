import type { Database } from 'better-sqlite3';
import { cached } from './statements';
import type { Media, MediaState } from '../../../shared/model';
import type { MediaInput } from './inputs';
import { safeAttachmentName } from '../media/filename';

interface MediaRow {
  id: number;
  message_id: number;
  position: number;
  content_type: string;
  size: number;
  filename: string | null;
  url: string | null;
  url_received_at: number | null;
  hash: string | null;
  state: MediaState;
  attempts: number;
  last_error: string | null;
}

function rowToMedia(row: MediaRow): Media {
  return {
    id: row.id,
    messageId: row.message_id,
    position: row.position,
    contentType: row.content_type,
    size: row.size,
    hash: row.hash,
    state: row.state,
    filename: row.filename,
  };
}

/**
 * Records a text's attachments, or refreshes their presigned URLs when the text is seen again
 * (the renewed URL is how an expired one is replaced). Cached bytes are kept.
 */
export function upsertRemoteMedia(db: Database, messageId: number, media: readonly MediaInput[], now: number): void {
  const upsert = cached(db, 
    `INSERT INTO media (message_id, position, content_type, size, filename, url, url_received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (message_id, position) DO UPDATE
       SET url = excluded.url, url_received_at = excluded.url_received_at,
           content_type = excluded.content_type, size = excluded.size,
           filename = coalesce(excluded.filename, media.filename)
     WHERE media.url IS NOT excluded.url`,
  );
  media.forEach((item, position) => {
    upsert.run(messageId, position, item.contentType, item.size, safeAttachmentName(item.filename), item.url, now);
  });
  cached(db, `DELETE FROM media WHERE message_id = ? AND position >= ?`).run(messageId, media.length);
}

/** An attachment's current presigned URL and when it was received (renewed by a sync). */
export function mediaUrl(db: Database, id: number): { url: string | null; urlReceivedAt: number | null } | undefined {
  return cached(db, `SELECT url, url_received_at AS urlReceivedAt FROM media WHERE id = ?`).get(id) as
    | { url: string | null; urlReceivedAt: number | null }
    | undefined;
}

export function listMediaFor(db: Database, messageIds: readonly number[]): Map<number, Media[]> {
  const result = new Map<number, Media[]>();
  if (messageIds.length === 0) return result;
  const rows = cached(db, 
      `SELECT * FROM media WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, position`,
    )
    .all(JSON.stringify(messageIds)) as MediaRow[];
  for (const row of rows) {
    const list = result.get(row.message_id) ?? [];
    list.push(rowToMedia(row));
    result.set(row.message_id, list);
  }
  return result;
}

export function getMedia(db: Database, id: number): Media | undefined {
  const row = cached(db, `SELECT * FROM media WHERE id = ?`).get(id) as MediaRow | undefined;
  return row && rowToMedia(row);
}

export interface PendingMedia {
  id: number;
  messageId: number;
  accountId: number;
  numberProviderId: string;
  numberId: number;
  providerMessageId: string;
  remote: string;
  conversationRef: string | null;
  position: number;
  contentType: string;
  /** What the provider declared, 0 when it declares nothing. */
  size: number;
  url: string | null;
  urlReceivedAt: number | null;
  attempts: number;
}

/** Attachments still to download, newest texts first (what the user is likeliest to open). */
export function listPendingMedia(db: Database, limit: number, maxAttempts: number): PendingMedia[] {
  return cached(db, 
      `SELECT md.id, md.message_id AS messageId, m.account_id AS accountId, n.provider_id AS numberProviderId,
              m.number_id AS numberId, m.provider_id AS providerMessageId, c.remote,
              c.provider_ref AS conversationRef, md.position,
              md.content_type AS contentType, md.size, md.url, md.url_received_at AS urlReceivedAt, md.attempts
         FROM media md
         JOIN messages m ON m.id = md.message_id
         JOIN numbers n ON n.id = m.number_id
         JOIN conversations c ON c.id = m.conversation_id
        WHERE md.state = 'pending' AND md.attempts < ? AND m.deleted = 0
        ORDER BY md.message_id DESC LIMIT ?`,
    )
    .all(maxAttempts, limit) as PendingMedia[];
}

export function markMediaCached(
  db: Database,
  id: number,
  file: { hash: string; size: number; contentType: string },
  now: number,
): void {
  db.transaction(() => {
    cached(db, `UPDATE media SET state = 'cached', hash = ?, size = ?, last_error = NULL WHERE id = ?`).run(
      file.hash,
      file.size,
      id,
    );
    cached(db, 
      `INSERT INTO media_files (hash, size, content_type, stored_at, last_used_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (hash) DO UPDATE SET last_used_at = excluded.last_used_at`,
    ).run(file.hash, file.size, file.contentType, now, now);
  })();
}

/** Counts a failed download; after the last attempt the attachment is marked failed. */
export function recordMediaFailure(db: Database, id: number, error: string, maxAttempts: number): void {
  cached(db, 
    `UPDATE media SET attempts = attempts + 1, last_error = ?,
            state = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE state END
      WHERE id = ?`,
  ).run(error, maxAttempts, id);
}

/** Puts failed or evicted attachments back in the download queue (the user asked for them). */
export function requeueMedia(db: Database, id: number): void {
  cached(db, `UPDATE media SET state = 'pending', attempts = 0, hash = NULL WHERE id = ?`).run(id);
}

export function touchMediaFile(db: Database, hash: string, now: number): void {
  cached(db, `UPDATE media_files SET last_used_at = ? WHERE hash = ?`).run(now, hash);
}

export function getMediaFile(db: Database, hash: string): { hash: string; size: number; contentType: string } | undefined {
  return cached(db, `SELECT hash, size, content_type AS contentType FROM media_files WHERE hash = ?`)
    .get(hash) as { hash: string; size: number; contentType: string } | undefined;
}

export function mediaStoreSize(db: Database): number {
  return (cached(db, `SELECT coalesce(sum(size), 0) AS total FROM media_files`).get() as { total: number }).total;
}

/**
 * Chooses files to evict, least recently used first, until the store fits in `capBytes`.
 * The caller deletes the files, then calls forgetMediaFiles.
 */
export function mediaFilesOverCap(db: Database, capBytes: number): string[] {
  let excess = mediaStoreSize(db) - capBytes;
  if (excess <= 0) return [];
  const victims: string[] = [];
  const rows = db.prepare(`SELECT hash, size FROM media_files ORDER BY last_used_at ASC`).iterate() as IterableIterator<{
    hash: string;
    size: number;
  }>;
  for (const row of rows) {
    if (excess <= 0) break;
    victims.push(row.hash);
    excess -= row.size;
  }
  return victims;
}

/** Forgets evicted files; their attachments download again only when someone opens them. */
export function forgetMediaFiles(db: Database, hashes: readonly string[]): void {
  db.transaction(() => {
    for (const hash of hashes) {
      cached(db, `DELETE FROM media_files WHERE hash = ?`).run(hash);
      cached(db, `UPDATE media SET state = 'evicted', hash = NULL WHERE hash = ?`).run(hash);
    }
  })();
}

/** Cached files no attachment refers to any more (their texts or account were deleted). */
export function unreferencedMediaFiles(db: Database): string[] {
  return cached(db, `SELECT f.hash FROM media_files f WHERE NOT EXISTS (SELECT 1 FROM media m WHERE m.hash = f.hash)`)
    .pluck()
    .all() as string[];
}
