import { cleanName, displayName } from './names';
import type { ParsedBook, ParsedCard } from './vcard';

/**
 * Contacts as CSV, with the columns Google Contacts exports: the current export ("First Name",
 * "Middle Name", "Last Name", "Organization Name", "Phone 1 - Label", "Phone 1 - Value", …) and
 * the older one ("Name", "Given Name", "Family Name", "Organization 1 - Name", "Phone 1 - Type",
 * "Phone 1 - Value", …). A cell holding several numbers separates them with " ::: ". A plain
 * "Name"/"Phone" sheet reads too.
 */
export function parseContactsCsv(text: string): ParsedBook {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.shift()?.map((cell) => cell.trim().toLowerCase()) ?? [];
  const problems: string[] = [];
  const column = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const phoneColumns = header
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => /^phone \d+ - value$/.test(h) || ['phone', 'phone number', 'mobile', 'mobile phone', 'primary phone', 'home phone', 'business phone'].includes(h))
    .map(({ i }) => i);
  if (phoneColumns.length === 0) {
    return { cards: [], problems: ['The file has no phone column ("Phone 1 - Value" in a Google export).'], total: rows.length };
  }
  const name = column('name', 'display name', 'full name');
  const first = column('first name', 'given name');
  const middle = column('middle name', 'additional name');
  const last = column('last name', 'family name');
  const nickname = column('nickname');
  const company = column('organization name', 'organization 1 - name', 'company');
  const cell = (row: string[], index: number) => (index >= 0 ? (row[index] ?? '') : '');

  const cards: ParsedCard[] = [];
  let total = 0;
  for (const row of rows) {
    if (row.every((value) => value.trim() === '')) continue;
    total += 1;
    const given = [cell(row, first), cell(row, middle)].filter((v) => v.trim() !== '').join(' ');
    const cardName =
      cleanName(cell(row, name)) ?? displayName({ given, family: cell(row, last), company: cell(row, company) }) ?? cleanName(cell(row, nickname));
    const phones = phoneColumns.flatMap((i) => cell(row, i).split(':::')).map((p) => p.trim()).filter((p) => p !== '');
    cards.push({ name: cardName, phones });
  }
  return { cards, problems, total };
}

/** RFC 4180: quoted fields with "" for a quote and line breaks inside quotes; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
