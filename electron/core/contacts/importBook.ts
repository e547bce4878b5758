import type { Database } from 'better-sqlite3';
import type { CountryCode } from 'libphonenumber-js';
import { AppError } from '../../../shared/errors';
import type { ImportFormat, ImportReport } from '../../../shared/contacts';
import { importLocalContacts } from '../cache/contacts';
import { parseContactsCsv } from './csv';
import { toE164 } from './phone';
import { parseVcards, type ParsedBook } from './vcard';

const MAX_PROBLEMS = 20;

/**
 * Imports an address book file into the local address book: every phone of every card gets
 * the card's name (a later card for the same phone wins). Cards without a name or a readable
 * number are counted and reported, never guessed. Nothing is written when nothing is usable.
 */
export function importAddressBook(
  db: Database,
  input: { format: ImportFormat; content: string; defaultCountry: CountryCode },
): ImportReport {
  const book: ParsedBook = input.format === 'vcf' ? parseVcards(input.content) : parseContactsCsv(input.content);
  if (input.format === 'vcf' && book.total === 0) {
    throw new AppError('VALIDATION', 'The file has no vCard in it (no BEGIN:VCARD line).');
  }
  const problems = [...book.problems];
  const entries: { phone: string; name: string }[] = [];
  let skipped = book.total - book.cards.length;
  book.cards.forEach((card, index) => {
    const label = card.name ?? `card ${index + 1}`;
    if (card.name === null) {
      skipped += 1;
      problems.push(`${capitalise(label)} has no name.`);
      return;
    }
    const phones = card.phones.map((p) => toE164(p, input.defaultCountry)).filter((p): p is string => p !== null);
    if (phones.length === 0) {
      skipped += 1;
      problems.push(`${label} has no phone number that can be read${card.phones.length ? ` (${card.phones[0]!.slice(0, 40)})` : ''}.`);
      return;
    }
    for (const phone of new Set(phones)) entries.push({ phone, name: card.name });
  });
  if (entries.length === 0 && problems.length > 0 && book.cards.length === 0 && input.format === 'csv') {
    throw new AppError('VALIDATION', problems[0]!);
  }
  const imported = entries.length > 0 ? importLocalContacts(db, entries) : 0;
  const extra = problems.length > MAX_PROBLEMS ? [`…and ${problems.length - MAX_PROBLEMS} more.`] : [];
  return { cards: book.total, imported, skipped, problems: [...problems.slice(0, MAX_PROBLEMS), ...extra] };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
