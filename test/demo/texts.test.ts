import { describe, expect, it } from 'vitest';
import type { DemoNumber, DemoText } from '../../electron/demo/inkbox/index';
import { api, firstNumberId, getJson, isoZ, useDemoServers, uuidV4, type ValidationBody } from './helpers';

function isNewestFirst(texts: DemoText[]): boolean {
  return texts.every((text, index) => {
    const previous = texts[index - 1];
    if (!previous) return true;
    return previous.created_at > text.created_at || (previous.created_at === text.created_at && previous.id < text.id);
  });
}

describe('GET /numbers', () => {
  const start = useDemoServers();

  it('lists three ready US numbers as a plain array', async () => {
    const server = await start();
    const numbers = await getJson<DemoNumber[]>(server, '/numbers');
    expect(Array.isArray(numbers)).toBe(true);
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers.map((number) => number.number)).size).toBe(3);
    for (const number of numbers) {
      expect(number.id).toMatch(uuidV4);
      expect(number.number).toMatch(/^\+1[2-9]\d{2}[2-9]\d{6}$/);
      expect(number.sms_status).toBe('ready');
      expect(number.type).toBeTypeOf('string');
      expect(number.status).toBeTypeOf('string');
      expect(number.created_at).toMatch(isoZ);
      expect(number.updated_at).toMatch(isoZ);
    }
    expect(numbers).toEqual(server.numbers());
  });

  it('answers one number by id and 404 for an unknown one', async () => {
    const server = await start();
    const id = firstNumberId(server);
    expect(await getJson(server, `/numbers/${id}`)).toEqual(server.numbers()[0]);
    const missing = await api(server, '/numbers/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: unknown }).detail).toBeTypeOf('string');
  });
});

describe('GET /numbers/{id}/texts', () => {
  const start = useDemoServers();

  it('sends texts in the Inkbox wire shape', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const local = server.numbers()[0]?.number;
    const texts = await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=200`);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text.id).toMatch(uuidV4);
      expect(['inbound', 'outbound']).toContain(text.direction);
      expect(text.local_phone_number).toBe(local);
      expect(text.remote_phone_number).toMatch(/^(\+\d{8,15}|\d{5,6})$/);
      expect(text.status).toBe('active');
      expect(text.is_read).toBeTypeOf('boolean');
      expect(text.created_at).toMatch(isoZ);
      expect(text.updated_at).toMatch(isoZ);
      expect(text.updated_at >= text.created_at).toBe(true);
      if (text.type === 'sms') {
        expect(text.media).toBeNull();
        expect(text.text).toBeTypeOf('string');
      } else {
        expect(text.type).toBe('mms');
        expect(text.media?.length).toBeGreaterThan(0);
      }
      if (text.direction === 'outbound') {
        expect(text.conversation_id).toMatch(uuidV4);
        expect(text.delivery_status).toBeTypeOf('string');
        expect(text.is_read).toBe(true);
      } else {
        expect(text).not.toHaveProperty('conversation_id');
        expect(text).not.toHaveProperty('delivery_status');
      }
    }
  });

  it('lists newest first and defaults to 50 texts', async () => {
    const server = await start({ size: 'small' });
    const id = firstNumberId(server);
    const texts = await getJson<DemoText[]>(server, `/numbers/${id}/texts`);
    expect(texts).toHaveLength(50);
    expect(isNewestFirst(texts)).toBe(true);
    expect(texts).toEqual(server.texts(id).slice(0, 50));
  });

  it('pages with limit and offset so that consecutive pages make up the whole list', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const all = server.texts(id);
    const paged: DemoText[] = [];
    for (let offset = 0; offset < all.length + 7; offset += 7) {
      paged.push(...(await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=7&offset=${offset}`)));
    }
    expect(paged.map((text) => text.id)).toEqual(all.map((text) => text.id));
    expect(await getJson(server, `/numbers/${id}/texts?offset=${all.length}`)).toEqual([]);
  });

  it('filters by is_read', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const unread = await getJson<DemoText[]>(server, `/numbers/${id}/texts?is_read=false&limit=200`);
    const read = await getJson<DemoText[]>(server, `/numbers/${id}/texts?is_read=true&limit=200`);
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.every((text) => !text.is_read)).toBe(true);
    expect(read.every((text) => text.is_read)).toBe(true);
    expect(unread.length + read.length).toBe(server.texts(id).length);
  });

  it.each([
    ['limit=0', 'limit', 'greater_than_equal'],
    ['limit=201', 'limit', 'less_than_equal'],
    ['limit=ten', 'limit', 'int_parsing'],
    ['offset=-1', 'offset', 'greater_than_equal'],
    ['is_read=maybe', 'is_read', 'bool_parsing'],
  ])('answers 422 in FastAPI style for %s', async (query, field, type) => {
    const server = await start();
    const response = await api(server, `/numbers/${firstNumberId(server)}/texts?${query}`);
    expect(response.status).toBe(422);
    const body = (await response.json()) as ValidationBody;
    expect(body.detail).toEqual([expect.objectContaining({ type, loc: ['query', field], msg: expect.any(String) })]);
  });

  it('accepts the limits 1 and 200', async () => {
    const server = await start();
    const id = firstNumberId(server);
    expect(await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=1`)).toHaveLength(1);
    expect((await api(server, `/numbers/${id}/texts?limit=200`)).status).toBe(200);
  });

  it('answers 404 for an unknown number and 422 for an id that is not a UUID', async () => {
    const server = await start();
    const unknown = await api(server, '/numbers/6f1c1e0e-52b4-4c0b-9d1a-4d0f2d6f9a11/texts');
    expect(unknown.status).toBe(404);
    const malformed = await api(server, '/numbers/not-a-uuid/texts');
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as ValidationBody).detail[0]?.loc).toEqual(['path', 'phone_number_id']);
  });
});

describe('GET /numbers/{id}/texts/{text_id}', () => {
  const start = useDemoServers();

  it('answers one text exactly as the list does', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const [first] = await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=1`);
    expect(await getJson(server, `/numbers/${id}/texts/${first?.id}`)).toEqual(first);
  });

  it('answers 404 for an unknown text and for a text of another number', async () => {
    const server = await start();
    const [one, two] = server.numbers();
    const otherText = server.texts(two?.id ?? '')[0];
    expect((await api(server, `/numbers/${one?.id}/texts/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await api(server, `/numbers/${one?.id}/texts/${otherText?.id}`)).status).toBe(404);
  });

  it('routes /texts/search and /texts/conversations to their own handlers, not to a text id', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const search = await api(server, `/numbers/${id}/texts/search?q=hi`);
    expect(search.status).toBe(200);
    const conversations = await api(server, `/numbers/${id}/texts/conversations`);
    expect(conversations.status).toBe(200);
    expect(((await conversations.json()) as unknown[])[0]).toHaveProperty('remote_phone_number');
  });
});
