import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { startHeymarketFake } from '../../electron/demo/fakes/heymarket';
import { startLinqFake } from '../../electron/demo/fakes/linq';
import { personFor } from '../../electron/demo/fakes/people';
import { startSendblueFake } from '../../electron/demo/fakes/sendblue';
import type { ParseIssue } from '../../electron/core/providers/types';
import { createHeymarketClient } from '../../electron/core/providers/heymarket/client';
import { contactsBaseUrl, createInkboxContactsClient, inkboxRemoteContacts } from '../../electron/core/providers/inkbox/contacts';
import { createLinqClient } from '../../electron/core/providers/linq/client';
import { listLinqContacts } from '../../electron/core/providers/linq/contacts';
import { createSendblueClient } from '../../electron/core/providers/sendblue/client';
import { parseVcards } from '../../electron/core/contacts/vcard';

const noRetry = { retry: { retries: 0 } };

/** A loopback server answering with whatever the test hands it. */
async function hostile(answer: (req: IncomingMessage, url: URL) => unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify(answer(req, new URL(req.url ?? '/', 'http://x')));
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Inkbox Contacts API against the demo server', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ size: 'small' });
  });
  afterAll(() => server.close());
  const client = () => createInkboxContactsClient({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...noRetry });

  it('sits beside the phone API: /api/v1/contacts', () => {
    expect(contactsBaseUrl('https://inkbox.ai/api/v1/phone')).toBe('https://inkbox.ai/api/v1/contacts');
    expect(contactsBaseUrl(server.baseUrl)).toMatch(/\/api\/v1\/contacts$/);
  });

  it('lists every page of the address book: a name for part of the parties, each phone one of theirs', async () => {
    const contacts = await createInkboxContactsClient({ apiKey: server.apiKey, baseUrl: server.baseUrl, pageSize: 20, ...noRetry }).list();
    expect(contacts).toEqual(await client().list());
    const parties = new Set(server.numbers().flatMap((n) => server.texts(n.id).map((t) => t.remote_phone_number)));
    const people = [...parties].filter((p): p is string => p !== null && p.startsWith('+'));
    expect(contacts.length).toBeGreaterThan(40); // several pages of 20
    expect(contacts.length).toBeLessThan(people.length);
    expect(new Set(contacts.map((c) => c.id)).size).toBe(contacts.length);
    for (const contact of contacts) {
      expect(contact.name).toMatch(/\p{L}/u);
      for (const phone of contact.phones) expect(parties.has(phone)).toBe(true);
    }
  });

  it('finds by substring, looks up by phone, gets one and exports its vCard', async () => {
    const all = await client().list();
    const someone = all.find((c) => c.name!.includes(' '))!;
    const word = someone.name!.split(' ')[1]!;
    const found = await client().list({ q: word.toLowerCase() });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((c) => c.name!.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    expect((await client().lookup(someone.phones[0]!)).map((c) => c.id)).toEqual([someone.id]);
    expect(await client().get(someone.id!)).toEqual(someone);
    const card = parseVcards(await client().vcard(someone.id!));
    expect(card.cards).toEqual([{ name: someone.name, phones: someone.phones }]);
  });

  it('skips malformed contacts, keeps the rest, and cleans hostile names', async () => {
    const issues: ParseIssue[] = [];
    const fake = await hostile(() => [
      { id: 'a', preferred_name: 'Jane\u202e Doe\u0007', phones: ['+14155550100', { number: '+14155550101' }, 42, null] },
      { id: 'b', given_name: 'x'.repeat(5000), family_name: 'Long', phones: ['+14155550102'] },
      { id: 'c', given_name: { evil: true }, company_name: 'Acme', phones: [{ value: '+14155550103' }] },
      'not a contact',
      { id: 'd', preferred_name: 'No phones' },
      { id: 'e', phones: 'not-an-array' },
    ]);
    try {
      const contacts = await createInkboxContactsClient({ apiKey: 'k', baseUrl: `${fake.url}/api/v1/phone`, onIssue: (i) => issues.push(i), ...noRetry }).list();
      expect(inkboxRemoteContacts(contacts)).toEqual([
        { phone: '+14155550100', name: 'Jane Doe', optedOut: null, providerRef: 'a' },
        { phone: '+14155550101', name: 'Jane Doe', optedOut: null, providerRef: 'a' },
        { phone: '42', name: 'Jane Doe', optedOut: null, providerRef: 'a' },
        { phone: '+14155550102', name: 'Long', optedOut: null, providerRef: 'b' },
        { phone: '+14155550103', name: 'Acme', optedOut: null, providerRef: 'c' },
      ]);
      expect(issues.map((i) => i.index)).toEqual([3, 5]);
    } finally {
      await fake.close();
    }
  });
});

describe('Sendblue GET /api/v2/contacts', () => {
  it('reads the fake address book with names and opt-out state', async () => {
    const fake = await startSendblueFake({ size: 'small' });
    try {
      const client = createSendblueClient({ ...fake.credentials, baseUrl: fake.baseUrl, ...noRetry });
      const contacts = await client.listContacts();
      expect(contacts).toHaveLength(fake.contacts().length);
      expect(contacts.length).toBeGreaterThan(0);
      for (const contact of contacts) {
        const person = personFor(contact.phone)!;
        expect(contact).toMatchObject({ name: `${person.first} ${person.last}`, optedOut: person.optedOut });
      }
    } finally {
      await fake.close();
    }
  });

  it('looks one contact up by phone, and answers null for a phone it does not know', async () => {
    const fake = await startSendblueFake({ size: 'tiny' });
    try {
      const client = createSendblueClient({ ...fake.credentials, baseUrl: fake.baseUrl, ...noRetry });
      const known = fake.contacts()[0]!;
      expect(await client.getContact(known.phone)).toEqual({
        phone: known.phone,
        name: `${known.first_name} ${known.last_name}`,
        optedOut: known.opt_out,
        providerRef: known.contact_id,
      });
      expect(await client.getContact('+14155550000')).toBeNull();
    } finally {
      await fake.close();
    }
  });

  it('pages by 1000 with offsets, takes camelCase keys, and skips contacts without a phone', async () => {
    const issues: ParseIssue[] = [];
    const requests: string[] = [];
    const fake = await hostile((_req, url) => {
      requests.push(url.search);
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      return Array.from({ length: 1500 }, (_, i) =>
        i === 7 ? { firstName: 'No', lastName: 'Phone' } : i % 2 ? { firstName: `P${i}`, phone: `+1415555${String(i).padStart(4, '0')}`, optOut: i === 9 } : { first_name: `P${i}`, last_name: '\u0000', phone: `+1415555${String(i).padStart(4, '0')}` },
      ).slice(offset, offset + limit);
    });
    try {
      const contacts = await createSendblueClient({ apiKey: 'a', apiSecret: 'b', baseUrl: fake.url, onIssue: (i) => issues.push(i), ...noRetry }).listContacts();
      expect(requests).toEqual(['?limit=1000&offset=0', '?limit=1000&offset=1000']);
      expect(contacts).toHaveLength(1499);
      expect(contacts[0]).toEqual({ phone: '+14155550000', name: 'P0', optedOut: null, providerRef: null });
      expect(contacts.find((c) => c.phone === '+14155550009')).toMatchObject({ name: 'P9', optedOut: true });
      expect(issues).toEqual([expect.objectContaining({ endpoint: 'GET /api/v2/contacts', index: 7 })]);
    } finally {
      await fake.close();
    }
  });
});

describe('Heymarket POST /v1/contacts', () => {
  it('pages by the last contact\'s updated, merging the overlap, with names and is_opted_out', async () => {
    let clock = Date.UTC(2026, 5, 1, 12);
    const fake = await startHeymarketFake({ size: 'small', now: () => clock });
    try {
      // Ten contacts edited in the same second: a page boundary falls among them.
      for (let i = 0; i < 10; i++) fake.putContact({ phone: `1628555${String(i).padStart(4, '0')}`, display_name: `Team ${i}`, first: '', last: '', is_opted_out: i === 3 });
      clock += 5000;
      const wire = fake.contacts();
      expect(wire.length).toBeGreaterThan(30);
      const contacts = await createHeymarketClient({ ...fake.credentials, baseUrl: fake.baseUrl, ...noRetry }).listContacts();
      expect(contacts.map((c) => c.phone).sort()).toEqual(wire.map((c) => `+${c.phone}`).sort());
      expect(contacts.find((c) => c.phone === '+16285550003')).toMatchObject({ name: 'Team 3', optedOut: true });
      const seeded = wire.find((c) => !String(c.display_name).startsWith('Team'))!;
      expect(contacts.find((c) => c.phone === `+${seeded.phone}`)).toMatchObject({ name: seeded.display_name, optedOut: seeded.is_opted_out });
    } finally {
      await fake.close();
    }
  });

  it('looks one contact up with POST /v1/contact/get, null when unknown', async () => {
    const fake = await startHeymarketFake({ size: 'tiny' });
    try {
      const client = createHeymarketClient({ ...fake.credentials, baseUrl: fake.baseUrl, ...noRetry });
      const known = fake.contacts()[0]!;
      expect(await client.getContact(`+${known.phone}`)).toMatchObject({ phone: `+${known.phone}`, name: known.display_name, optedOut: known.is_opted_out });
      expect(await client.getContact('+14155550000')).toBeNull();
    } finally {
      await fake.close();
    }
  });

  it('stops when a server repeats the same page', async () => {
    let calls = 0;
    const fake = await hostile(() => {
      calls += 1;
      return [{ id: 1, display_name: 'Same', phone: '14155550100', updated: '2026-01-01T00:00:00Z' }, { id: 2, first: 'Al', last: 'B', phone: 14155550101, updated: '2026-01-02T00:00:00Z' }];
    });
    try {
      const contacts = await createHeymarketClient({ apiKey: 'k', baseUrl: fake.url, ...noRetry }).listContacts();
      expect(contacts).toEqual([
        { phone: '+14155550100', name: 'Same', optedOut: null, providerRef: '1' },
        { phone: '+14155550101', name: 'Al B', optedOut: null, providerRef: '2' },
      ]);
      expect(calls).toBe(2);
    } finally {
      await fake.close();
    }
  });
});

describe('Linq chats name their one other handle', () => {
  it('takes display_name of one-to-one chats that is a name, never a group title or the handle again', async () => {
    const fake = await startLinqFake();
    try {
      const client = createLinqClient({ ...fake.credentials, baseUrl: fake.baseUrl, ...noRetry });
      const numbers = fake.numbers().map((n) => ({ providerId: n.phone_number, phoneNumber: n.phone_number }));
      const contacts = await listLinqContacts(client, numbers);
      const named = fake.chats().filter((c) => !c.is_group && personFor(c.handles.find((h) => !h.is_me)!.handle) !== null);
      expect(contacts.length).toBe(named.length);
      expect(contacts.length).toBeGreaterThan(0);
      for (const contact of contacts) {
        const person = personFor(contact.phone)!;
        expect(contact.name).toBe(`${person.first} ${person.last}`);
      }
    } finally {
      await fake.close();
    }
  });
});
