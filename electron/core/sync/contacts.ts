import type { Database } from 'better-sqlite3';
import type { Account } from '../../../shared/model';
import { replaceProviderContacts, type ContactInput } from '../cache/contacts';
import { listNumbers } from '../cache/numbers';
import type { ProviderAdapter } from '../providers/adapter';
import { countryOf, toE164 } from '../contacts/phone';

/**
 * Refreshes one account's address book from its provider: every entry is read (they are
 * short lists next to texts), phones are read as E.164 in the country of the account's first
 * number, and the stored book is replaced in one transaction. Returns how many phones changed,
 * or null when the provider has no address book.
 */
export async function refreshAccountContacts(
  db: Database,
  account: Account,
  adapter: ProviderAdapter,
): Promise<{ changed: number; skipped: number } | null> {
  if (!adapter.listContacts) return null;
  const numbers = listNumbers(db, account.id);
  const remote = await adapter.listContacts(numbers.map((n) => ({ providerId: n.providerId, phoneNumber: n.phoneNumber })));
  const country = countryOf(numbers[0]?.phoneNumber) ?? 'US';
  const contacts: ContactInput[] = [];
  let skipped = 0;
  for (const entry of remote) {
    const phone = toE164(entry.phone, country);
    if (phone === null) {
      skipped += 1;
      continue;
    }
    contacts.push({ phone, name: entry.name, optedOut: entry.optedOut, providerRef: entry.providerRef });
  }
  const { changed } = replaceProviderContacts(db, account.id, contacts);
  return { changed, skipped };
}
