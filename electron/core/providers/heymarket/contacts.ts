import { z } from 'zod';
import { FlagField, NameField, PhoneField, RefField, displayName, listItems, parseItems, MAX_CONTACTS, type RemoteContact } from '../contacts';
import { ProviderNotFoundError, ProviderParseError } from '../errors';
import type { HttpClient } from '../http';
import { summarizeIssues } from '../parse';
import type { ParseIssue } from '../types';

/**
 * Heymarket's address book (providers.md): POST /v1/contacts answers a page of contacts
 * {id, display_name, first, last, phone (E.164 digits, no plus), is_opted_out, updated}; the
 * next page is asked for with `date` set to the last contact's `updated`. Whether `date` is
 * inclusive is not documented, so pages are merged by id and the walk stops at a page that
 * brings nothing new (which also ends a server that repeats itself). POST /v1/contact/get
 * {phone} answers one contact.
 */

const ENDPOINT = 'POST /v1/contacts';

export const WireHeymarketContact = z
  .object({
    id: RefField,
    display_name: NameField.optional(),
    first: NameField.optional(),
    last: NameField.optional(),
    phone: PhoneField,
    is_opted_out: FlagField.optional(),
    updated: z.unknown().transform((value) => (typeof value === 'string' && value.length <= 64 ? value : null)).optional(),
  })
  .refine((wire) => wire.phone !== null && wire.phone !== '', { message: 'A contact needs a phone' })
  .transform((wire) => ({
    id: wire.id,
    updated: wire.updated ?? null,
    contact: {
      // Digits without the plus: the service reads them as E.164.
      phone: wire.phone!.startsWith('+') ? wire.phone! : `+${wire.phone!.replace(/\D/g, '')}`,
      name: displayName({ preferred: wire.display_name, given: wire.first, family: wire.last }),
      optedOut: wire.is_opted_out ?? null,
      providerRef: wire.id,
    } satisfies RemoteContact,
  }));

export async function listHeymarketContacts(http: HttpClient, onIssue?: (issue: ParseIssue) => void): Promise<RemoteContact[]> {
  const byKey = new Map<string, RemoteContact>();
  let date: string | null = null;
  while (byKey.size < MAX_CONTACTS) {
    // A read, though it is a POST: retrying it is harmless.
    const { body } = await http.request({ method: 'POST', path: '/contacts', idempotent: true, body: date === null ? {} : { date } });
    const page = parseItems(WireHeymarketContact, listItems(body, { provider: 'Heymarket', endpoint: ENDPOINT }), ENDPOINT, onIssue);
    let fresh = 0;
    for (const item of page) {
      const key = item.id ?? item.contact.phone;
      if (!byKey.has(key)) fresh += 1;
      byKey.set(key, item.contact);
    }
    const last = page.at(-1)?.updated ?? null;
    if (fresh === 0 || last === null || last === date) break;
    date = last;
  }
  return [...byKey.values()];
}

/** POST /v1/contact/get {phone}: one contact, null when Heymarket has none for the phone (404). */
export async function getHeymarketContact(http: HttpClient, phone: string): Promise<RemoteContact | null> {
  const endpoint = 'POST /v1/contact/get';
  try {
    const { body } = await http.request({
      method: 'POST',
      path: '/contact/get',
      idempotent: true,
      body: { phone: phone.replace(/\D/g, '') },
      resource: { kind: 'other', description: `the contact ${phone}` },
    });
    if (body === null) return null;
    const parsed = WireHeymarketContact.safeParse(body);
    if (!parsed.success) throw new ProviderParseError({ provider: 'Heymarket', endpoint, problem: summarizeIssues(parsed.error) });
    return parsed.data.contact;
  } catch (error) {
    if (error instanceof ProviderNotFoundError) return null;
    throw error;
  }
}
