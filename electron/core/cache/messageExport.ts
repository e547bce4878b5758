import type { Database } from 'better-sqlite3';
import type { SendState } from '../../../shared/model';
import { isReadSql } from './messages';

/** Every live text as the export writes it (core/export.ts), streamed from one statement. */

export interface ExportRow {
  id: string;
  number_id: string;
  local_phone_number: string;
  remote_phone_number: string;
  /** The party's name from the address books, null when unknown. */
  remote_name: string | null;
  direction: string;
  text: string | null;
  type: string;
  is_read: boolean;
  created_at: string;
  updated_at: string;
  /** Texts written here the server does not have yet: queued, sending or failed; null otherwise. */
  send_state: 'queued' | 'sending' | 'failed' | null;
  /** The provider's queued/sent/delivered/failed, for texts the server has. */
  delivery_status: string | null;
  localId: number;
}

/** How an unsent text reads in an export: an unknown answer is still being sent, a refusal failed. */
const exportedSendState = { queued: 'queued', sending: 'sending', unknown: 'sending', failed: 'failed', refused: 'failed' } as const;

/** Every live text, oldest first, for export; iterated so a large cache streams. */
export function* iterateExport(db: Database, numberId?: number): Generator<ExportRow> {
  const sql = `
    SELECT m.id AS local_id, m.provider_id, n.provider_id AS number_provider_id, n.phone_number, c.remote, c.remote_name,
           m.direction, m.body, m.type, ${isReadSql()} AS is_read, m.created_at, m.updated_at, m.delivery_status,
           s.state AS send_state
      FROM messages m
      JOIN conversations c ON c.id = m.conversation_id
      JOIN numbers n ON n.id = m.number_id
      LEFT JOIN outbox_sends s ON s.message_id = m.id
     WHERE m.deleted = 0 ${numberId === undefined ? '' : 'AND m.number_id = ?'}
     ORDER BY m.id`;
  const statement = db.prepare(sql); // iterated lazily: a shared statement could be busy
  const rows = (numberId === undefined ? statement.iterate() : statement.iterate(numberId)) as IterableIterator<{
    local_id: number;
    provider_id: string;
    number_provider_id: string;
    phone_number: string;
    remote: string;
    remote_name: string | null;
    direction: string;
    body: string | null;
    type: string;
    is_read: number;
    created_at: string;
    updated_at: string;
    delivery_status: string | null;
    send_state: SendState | null;
  }>;
  for (const row of rows) {
    yield {
      id: row.provider_id,
      number_id: row.number_provider_id,
      local_phone_number: row.phone_number,
      remote_phone_number: row.remote,
      remote_name: row.remote_name,
      direction: row.direction,
      text: row.body,
      type: row.type,
      is_read: row.is_read === 1,
      created_at: row.created_at,
      updated_at: row.updated_at,
      send_state: row.send_state === null ? null : exportedSendState[row.send_state],
      delivery_status: row.send_state === null ? row.delivery_status : null,
      localId: row.local_id,
    };
  }
}
