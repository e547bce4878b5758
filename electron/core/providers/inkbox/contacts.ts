import { z } from 'zod';
import { NameField, PhoneField, RefField, displayName, listItems, parseItems, MAX_CONTACTS, type RemoteContact } from '../contacts';
import { encodeSegment, type ClientOptions } from '../http';
import { inkboxHttp, PROVIDER } from './http';

/**
 * Inkbox's organisation-wide Contacts API, beside the phone API with the same X-API-Key
 * (providers.md): GET /contacts (substring search with q, paged by limit/offset like the
 * phone API), GET /contacts/lookup?phone=, GET /contacts/{id}, GET /contacts/{id}.vcf. A
 * contact has preferred_name, given_name, family_name, company_name and phones[] of E.164
 * values (strings, or objects carrying the value).
 */

const PAGE = 100;

const WireContactPhone = z.unknown().transform((value) => {
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return PhoneField.parse(record['e164'] ?? record['number'] ?? record['value'] ?? record['phone']);
  }
  return PhoneField.parse(value);
});

export const WireInkboxContact = z
  .object({
    id: RefField,
    preferred_name: NameField.optional(),
    given_name: NameField.optional(),
    family_name: NameField.optional(),
    company_name: NameField.optional(),
    phones: z.array(WireContactPhone).max(100).optional(),
  })
  .transform((wire) => ({
    id: wire.id,
    name: displayName({ preferred: wire.preferred_name, given: wire.given_name, family: wire.family_name, company: wire.company_name }),
    phones: (wire.phones ?? []).filter((p): p is string => p !== null && p !== ''),
  }));
export type InkboxContact = z.output<typeof WireInkboxContact>;

/** The Contacts API's base: the phone API's base with /phone replaced by /contacts. */
export function contactsBaseUrl(phoneBaseUrl: string): string {
  const trimmed = phoneBaseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/phone') ? `${trimmed.slice(0, -'/phone'.length)}/contacts` : `${trimmed}/contacts`;
}

export interface InkboxContactsClient {
  list(query?: { q?: string }): Promise<InkboxContact[]>;
  lookup(phone: string): Promise<InkboxContact[]>;
  get(id: string): Promise<InkboxContact>;
  vcard(id: string): Promise<string>;
}

export function createInkboxContactsClient(
  options: ClientOptions & { apiKey: string; baseUrl: string; pageSize?: number },
): InkboxContactsClient {
  const pageSize = options.pageSize ?? PAGE;
  const http = inkboxHttp(options, contactsBaseUrl(options.baseUrl));
  const endpoint = 'GET /contacts';

  return {
    async list(query = {}) {
      const out: InkboxContact[] = [];
      for (let offset = 0; offset < MAX_CONTACTS; offset += pageSize) {
        const { body } = await http.request({ method: 'GET', path: '', query: { q: query.q, limit: pageSize, offset } });
        const items = listItems(body, { provider: PROVIDER, endpoint });
        out.push(...parseItems(WireInkboxContact, items, endpoint, options.onIssue));
        if (items.length < pageSize) break;
      }
      return out;
    },
    async lookup(phone) {
      const { body } = await http.request({ method: 'GET', path: '/lookup', query: { phone } });
      const items = Array.isArray(body) ? body : body === null ? [] : [body];
      return parseItems(WireInkboxContact, items, 'GET /contacts/lookup', options.onIssue);
    },
    async get(id) {
      const { body } = await http.request({
        method: 'GET',
        path: `/${encodeSegment(id)}`,
        resource: { kind: 'other', description: `the contact ${id}` },
      });
      return WireInkboxContact.parse(body);
    },
    async vcard(id) {
      const { body } = await http.request({
        method: 'GET',
        path: `/${encodeSegment(id)}.vcf`,
        responseType: 'text',
        resource: { kind: 'other', description: `the contact ${id}` },
      });
      if (typeof body !== 'string') throw new Error('Inkbox answered the vCard request with something that is not a vCard');
      return body;
    },
  };
}

/** One entry per phone of each contact. */
export function inkboxRemoteContacts(contacts: readonly InkboxContact[]): RemoteContact[] {
  return contacts.flatMap((contact) =>
    contact.phones.map((phone) => ({ phone, name: contact.name, optedOut: null, providerRef: contact.id })),
  );
}
