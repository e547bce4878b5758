import { z } from 'zod';
import { FlagField, NameField, PhoneField, RefField, displayName, listItems, parseItems, type RemoteContact } from '../contacts';
import { ProviderNotFoundError, ProviderParseError } from '../errors';
import { encodeSegment, type HttpClient } from '../http';
import { summarizeIssues } from '../parse';
import type { ParseIssue } from '../types';
import { snakeKeys } from './schemas';

/**
 * Sendblue's address book, as the official SDK's `contacts` resource has it
 * (node_modules/sendblue/resources/contacts/contacts.d.ts): GET /api/v2/contacts answers a bare
 * array of Contact {contact_id, first_name, last_name, company_name, phone (E.164), opt_out,
 * sendblue_number, …}; `limit` defaults to 100 and is capped at 1000, `offset` is capped at
 * 10000. GET /api/v2/contacts/{phone} answers {contact, status}. Casing drifts on this API, so
 * keys are folded to snake_case first.
 */

const PAGE = 1000;
/** The SDK documents offset as capped at 10000. */
const MAX_OFFSET = 10_000;
const ENDPOINT = 'GET /api/v2/contacts';

export const WireSendblueContact = z.preprocess(
  snakeKeys,
  z
    .object({
      contact_id: RefField.optional(),
      first_name: NameField.optional(),
      last_name: NameField.optional(),
      company_name: NameField.optional(),
      phone: PhoneField,
      opt_out: FlagField.optional(),
    })
    .refine((wire) => wire.phone !== null && wire.phone !== '', { message: 'A contact needs a phone' })
    .transform(
      (wire): RemoteContact => ({
        phone: wire.phone!,
        name: displayName({ given: wire.first_name, family: wire.last_name, company: wire.company_name }),
        optedOut: wire.opt_out ?? null,
        providerRef: wire.contact_id ?? null,
      }),
    ),
);

export async function listSendblueContacts(http: HttpClient, onIssue?: (issue: ParseIssue) => void): Promise<RemoteContact[]> {
  const out: RemoteContact[] = [];
  for (let offset = 0; offset <= MAX_OFFSET; offset += PAGE) {
    const { body } = await http.request({ method: 'GET', path: '/api/v2/contacts', query: { limit: PAGE, offset } });
    const items = listItems(body, { provider: 'Sendblue', endpoint: ENDPOINT });
    out.push(...parseItems(WireSendblueContact, items, ENDPOINT, onIssue));
    if (items.length < PAGE) break;
  }
  return out;
}

/** GET /api/v2/contacts/{phone}: {contact, status}; null when Sendblue has no such contact (404). */
export async function getSendblueContact(http: HttpClient, phone: string): Promise<RemoteContact | null> {
  const endpoint = 'GET /api/v2/contacts/{phone}';
  try {
    const { body } = await http.request({
      method: 'GET',
      path: `/api/v2/contacts/${encodeSegment(phone)}`,
      resource: { kind: 'other', description: `the contact ${phone}` },
    });
    const contact = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['contact'] : undefined;
    if (contact === undefined || contact === null) return null;
    const parsed = WireSendblueContact.safeParse(contact);
    if (!parsed.success) throw new ProviderParseError({ provider: 'Sendblue', endpoint, problem: summarizeIssues(parsed.error) });
    return parsed.data;
  } catch (error) {
    if (error instanceof ProviderNotFoundError) return null;
    throw error;
  }
}
