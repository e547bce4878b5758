import { createHash } from 'node:crypto';
import type { CannedResponse } from './faults';
import type { DemoState } from './state';
import { Validator } from './validation';

/**
 * The Inkbox Contacts API of the demo server, under /api/v1/contacts with the same X-API-Key:
 * GET /contacts (q: substring of a name or phone; limit 1–200, offset), GET /contacts/lookup
 * ?phone=, GET /contacts/{id}, GET /contacts/{id}.vcf. About two parties in three have a
 * contact, chosen from a hash of their number so that the texts' seeded stream is untouched
 * and every run names the same people.
 */

export interface DemoContact {
  id: string;
  preferred_name: string | null;
  given_name: string | null;
  family_name: string | null;
  company_name: string | null;
  phones: string[];
  created_at: string;
  updated_at: string;
}

const cache = new WeakMap<DemoState, DemoContact[]>();

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The demo's address book: a contact for part of the parties, A to Z. */
export function demoContacts(state: DemoState): DemoContact[] {
  const known = cache.get(state);
  if (known) return known;
  const byRemote = new Map<string, DemoContact>();
  for (const number of state.numbers) {
    for (const party of number.parties.values()) {
      if (party.shortCode || byRemote.has(party.remote)) continue;
      const hash = digest(`contact:${party.remote}`);
      if (hash[0]! % 3 === 0) continue;
      const hex = hash.toString('hex');
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      // Names that carry their own form of address (王先生, 小陈) are preferred names.
      const cjk = party.locale === 'zh' || party.locale === 'ja';
      const at = new Date(Date.UTC(2025, 0, 1) + (hash.readUInt32BE(4) % (300 * 86_400)) * 1000).toISOString();
      byRemote.set(party.remote, {
        id,
        preferred_name: cjk ? party.name : null,
        given_name: cjk ? null : party.name,
        family_name: cjk ? null : party.surname,
        company_name: null,
        phones: [party.remote],
        created_at: at,
        updated_at: at,
      });
    }
  }
  const list = [...byRemote.values()].sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || a.id.localeCompare(b.id));
  cache.set(state, list);
  return list;
}

function nameOf(contact: DemoContact): string {
  return contact.preferred_name ?? [contact.given_name, contact.family_name].filter(Boolean).join(' ');
}

export type ContactsAnswer = { status: number; body: unknown } | { canned: CannedResponse };

/** Routes a request under /api/v1/contacts (segments after it, decoded). */
export function routeContacts(state: DemoState, method: string, segments: string[], query: URLSearchParams): ContactsAnswer {
  if (method !== 'GET') return { status: 405, body: { detail: 'Method Not Allowed' } };
  const contacts = demoContacts(state);
  if (segments.length === 0) {
    const validator = new Validator();
    const limit = validator.queryInt(query, 'limit', { default: 50, ge: 1, le: 200 });
    const offset = validator.queryInt(query, 'offset', { default: 0, ge: 0 });
    if (validator.errors.length > 0) return { status: 422, body: { detail: validator.errors } };
    const q = (query.get('q') ?? '').trim().toLowerCase();
    const matching = q === '' ? contacts : contacts.filter((c) => nameOf(c).toLowerCase().includes(q) || c.phones.some((p) => p.includes(q)));
    return { status: 200, body: matching.slice(offset, offset + limit) };
  }
  if (segments.length === 1 && segments[0] === 'lookup') {
    const phone = query.get('phone');
    if (!phone) return { status: 422, body: { detail: [{ loc: ['query', 'phone'], msg: 'Field required', type: 'missing' }] } };
    return { status: 200, body: contacts.filter((c) => c.phones.includes(phone.trim())) };
  }
  if (segments.length === 1) {
    const vcf = segments[0]!.endsWith('.vcf');
    const id = vcf ? segments[0]!.slice(0, -4) : segments[0]!;
    const contact = contacts.find((c) => c.id === id);
    if (!contact) return { status: 404, body: { detail: 'Contact not found' } };
    if (!vcf) return { status: 200, body: contact };
    return { canned: { status: 200, contentType: 'text/vcard; charset=utf-8', body: toVcard(contact) } };
  }
  return { status: 404, body: { detail: 'Not Found' } };
}

function toVcard(contact: DemoContact): string {
  const escape = (text: string) => text.replace(/[\\,;]/g, (c) => `\\${c}`);
  return [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `FN:${escape(nameOf(contact))}`,
    `N:${escape(contact.family_name ?? '')};${escape(contact.given_name ?? '')};;;`,
    ...contact.phones.map((p) => `TEL;TYPE=cell;VALUE=uri:tel:${p}`),
    `UID:urn:uuid:${contact.id}`,
    'END:VCARD',
    '',
  ].join('\r\n');
}
