import type { Database } from 'better-sqlite3';
import { writeFileAtomically } from './atomicFile';
import { listMediaFor } from './cache/media';
import { iterateExport } from './cache/messageExport';
import type { MediaStore } from './media/store';

export type ExportFormat = 'json' | 'csv';

export interface ExportedMedia {
  content_type: string;
  size: number;
  /** The cached file, or null when it has not been downloaded. */
  path: string | null;
}

const CSV_COLUMNS = [
  'id',
  'number_id',
  'local_phone_number',
  'remote_phone_number',
  'direction',
  'text',
  'type',
  'media',
  'is_read',
  'created_at',
  'updated_at',
  'send_state',
  'delivery_status',
  // Last, so that the columns before it keep their places for existing spreadsheets.
  'remote_name',
] as const;

/**
 * Writes every live text (deleted ones never) to `write`, streaming, oldest first: a JSON array
 * of objects, or CSV with a header and media as a JSON cell. Returns how many were written.
 */
export function exportMessages(
  db: Database,
  store: MediaStore,
  options: { numberId?: number; format: ExportFormat },
  write: (chunk: string) => void,
): number {
  let count = 0;
  if (options.format === 'json') write('[');
  else write(`${CSV_COLUMNS.join(',')}\r\n`);
  for (const row of iterateExport(db, options.numberId)) {
    const media: ExportedMedia[] = (listMediaFor(db, [row.localId]).get(row.localId) ?? []).map((item) => ({
      content_type: item.contentType,
      size: item.size,
      path: item.hash ? store.path(item.hash) : null,
    }));
    const { localId: _localId, ...fields } = row;
    const record = { ...fields, media };
    if (options.format === 'json') {
      write(`${count === 0 ? '\n' : ',\n'}  ${JSON.stringify(record)}`);
    } else {
      const cells = CSV_COLUMNS.map((column) =>
        column === 'media' ? csvCell(JSON.stringify(media)) : csvCell(record[column], column === 'text' || column === 'remote_name'),
      );
      write(`${cells.join(',')}\r\n`);
    }
    count += 1;
  }
  if (options.format === 'json') write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

export function exportToFile(
  db: Database,
  store: MediaStore,
  options: { numberId?: number; format: ExportFormat },
  path: string,
): number {
  // A failed export leaves the file that was there, never a half-written one.
  return writeFileAtomically(path, (write) => exportMessages(db, store, options, write));
}

function csvCell(value: unknown, freeText = false): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A text body starting with = + - @ would run as a formula in a spreadsheet; a leading
  // apostrophe keeps it text. Phone numbers and ids are left exactly as they are.
  const safe = freeText && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}
