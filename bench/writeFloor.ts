import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { openDatabase } from '../electron/core/cache';
import { ID_SLOTS } from '../electron/core/cache/messages';
import { conversationCount, generateText, numbers, remoteOf, type GeneratedText } from './data';

/**
 * The floor of the write figures: the same rows the engine's import and incremental passes
 * write, through plain prepared INSERTs (and, for the incremental pass, a plain UPDATE or
 * SELECT by the same unique key) into a database with the same schema, the same indexes and
 * triggers (word and trigram index, conversation summaries), the same connection settings and
 * the same transaction sizes. What it leaves out is exactly the engine's own work: finding
 * the text already stored, allocating its id, finding its conversation, the outbox overrides.
 *
 * It runs in a process of its own (bench/run.ts forks it) so its page cache and heap do not
 * count in the engine's peak RSS, on a file of its own beside the engine's, and page by page
 * in turn with the engine's, so that both see the same load on a shared machine.
 *
 * Ids: the engine gives a text the first free id of its millisecond; no two texts of the
 * data set share a millisecond (consecutive indices are seconds apart at any size the bench
 * runs), so that id is createdMs × ID_SLOTS, and a collision would fail the INSERT loudly.
 */

export interface WriteFloorInput {
  path: string;
  messages: number;
}

/** A page to write on the floor's side: texts [from, to) of the import or of the incremental pass. */
export interface FloorPage {
  pass: 'import' | 'incremental';
  from: number;
  to: number;
}

/** The incremental pass's text `i`, exactly as bench/run.ts generates it. */
export function incrementalText(i: number, n: number): { generated: GeneratedText; slot: number } {
  const slot = i % 4;
  const generated = slot < 2 ? generateText(-1 - i, n) : generateText((i * 7) % n, n, slot === 2);
  return { generated, slot };
}

/** The floor's database, ready to take pages; each page returns the milliseconds it took. */
export function openWriteFloor(input: WriteFloorInput): { write: (page: FloorPage) => number; close: () => void } {
  const db = openDatabase(input.path);
  const n = input.messages;
  const accountId = Number(
    db.prepare(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'Floor', 'http://127.0.0.1:1', '') RETURNING id`).pluck().get(),
  );
  const insertNumber = db.prepare(`INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (?, ?, ?) RETURNING id`).pluck();
  const numberIds = numbers.map((phone, i) => Number(insertNumber.get(accountId, `floor-number-${i}`, phone)));
  // Conversations exist before the clock starts: finding or creating one is the engine's work.
  const insertConversation = db.prepare(`INSERT INTO conversations (number_id, remote) VALUES (?, ?) RETURNING id`).pluck();
  const conversationIds = db.transaction(() =>
    Array.from({ length: conversationCount }, (_, c) => Number(insertConversation.get(numberIds[c % numbers.length], remoteOf(c)))),
  )();

  const insertMessage = db.prepare(
    `INSERT INTO messages (id, account_id, number_id, conversation_id, provider_id, direction, body, type, is_read,
                           has_media, created_at, updated_at, created_ms, delivery_status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMedia = db.prepare(
    `INSERT INTO media (message_id, position, content_type, size, filename, url, url_received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insert = ({ numberIndex, conversation, text }: GeneratedText) => {
    const createdMs = Date.parse(text.createdAt);
    const id = createdMs * ID_SLOTS;
    insertMessage.run(
      id, accountId, numberIds[numberIndex], conversationIds[conversation], text.id, text.direction, text.text, text.type,
      text.isRead ? 1 : 0, text.media.length > 0 ? 1 : 0, text.createdAt, text.updatedAt, createdMs, text.deliveryStatus,
    );
    text.media.forEach((item, position) => insertMedia.run(id, position, item.contentType, item.size, item.filename ?? null, item.url, 0));
  };
  const setRead = db.prepare(`UPDATE messages SET is_read = ? WHERE account_id = ? AND provider_id = ?`);
  const byKey = db.prepare(`SELECT id FROM messages WHERE account_id = ? AND provider_id = ?`);

  const importPage = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert(generateText(i, n));
  });
  const incrementalPage = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const { generated, slot } = incrementalText(i, n);
      if (slot < 2) insert(generated);
      else if (slot === 2) setRead.run(generated.text.isRead ? 1 : 0, accountId, generated.text.id);
      else byKey.get(accountId, generated.text.id);
    }
  });
  return {
    write: ({ pass, from, to }) => {
      const start = performance.now();
      (pass === 'import' ? importPage : incrementalPage)(from, to);
      return performance.now() - start;
    },
    close: () => db.close(),
  };
}

// Forked by bench/run.ts: opens the floor from argv, then writes each page it is sent and
// answers with the time it took, so both sides write page by page under the same load.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const floor = openWriteFloor(JSON.parse(process.argv[2]!) as WriteFloorInput);
  process.on('message', (page: FloorPage | 'close') => {
    if (page === 'close') {
      floor.close();
      process.send!('closed', () => process.exit(0));
      return;
    }
    process.send!(floor.write(page));
  });
  process.send!('ready');
}
