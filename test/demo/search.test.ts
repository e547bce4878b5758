import { describe, expect, it } from 'vitest';
import type { DemoText } from '../../electron/demo/inkbox/index';
import { api, firstNumberId, getJson, useDemoServers, type ValidationBody } from './helpers';

describe('GET /numbers/{id}/texts/search', () => {
  const start = useDemoServers();
  const search = (server: Awaited<ReturnType<typeof start>>, id: string, query: string) =>
    getJson<DemoText[]>(server, `/numbers/${id}/texts/search?${query}`);

  it('ranks texts by how often the terms occur, not by recency', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const once = server.insertInbound(id, '+14155550101', 'The zucchini bread was great');
    const thrice = server.insertInbound(id, '+14155550102', 'Zucchini muffins, zucchini loaf and more zucchini');
    const twice = server.insertInbound(id, '+14155550103', 'zucchini? ZUCCHINI!');
    const results = await search(server, id, 'q=zucchini');
    expect(results.map((text) => text.id)).toEqual([thrice.id, twice.id, once.id]);
  });

  it('matches case- and accent-insensitively', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const spanish = server.insertInbound(id, '+14155550104', '¿Me guarda un CAFÉ con leche para mañana?');
    for (const query of ['cafe', 'Café', 'MANANA', 'café con leche']) {
      const results = await search(server, id, `q=${encodeURIComponent(query)}`);
      expect(results.map((text) => text.id), query).toContain(spanish.id);
    }
  });

  it('finds Chinese and Japanese words inside a sentence', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const chinese = server.insertInbound(id, '+14155550105', '你好，请问明天还有位置吗？');
    const japanese = server.insertInbound(id, '+14155550106', 'ありがとうございます！');
    expect((await search(server, id, `q=${encodeURIComponent('位置')}`)).map((text) => text.id)).toContain(chinese.id);
    expect((await search(server, id, `q=${encodeURIComponent('ありがとう')}`)).map((text) => text.id)).toContain(japanese.id);
  });

  it('requires every term of the query', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const both = server.insertInbound(id, '+14155550107', 'quince tart for saturday');
    server.insertInbound(id, '+14155550108', 'quince jam only');
    const results = await search(server, id, 'q=quince%20tart');
    expect(results.map((text) => text.id)).toEqual([both.id]);
  });

  it('excludes deleted texts and honours limit', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const texts = Array.from({ length: 5 }, (_, index) => server.insertInbound(id, '+14155550109', `kumquat order ${index}`));
    server.deleteText(id, texts[0]?.id ?? '');
    const all = await search(server, id, 'q=kumquat&limit=200');
    expect(all).toHaveLength(4);
    expect(all.some((text) => text.id === texts[0]?.id)).toBe(false);
    expect(await search(server, id, 'q=kumquat&limit=2')).toHaveLength(2);
  });

  it('searches the seeded conversations', async () => {
    const server = await start({ size: 'small' });
    const id = firstNumberId(server);
    const results = await search(server, id, 'q=order&limit=200');
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((text) => text.text?.toLowerCase().includes('order'))).toBe(true);
  });

  it.each([
    ['a missing q', '', 'missing'],
    ['an empty q', 'q=', 'string_too_short'],
    ['a q of 501 characters', `q=${'a'.repeat(501)}`, 'string_too_long'],
    ['limit 0', 'q=cake&limit=0', 'greater_than_equal'],
    ['limit 201', 'q=cake&limit=201', 'less_than_equal'],
  ])('answers 422 for %s', async (_label, query, type) => {
    const server = await start();
    const response = await api(server, `/numbers/${firstNumberId(server)}/texts/search?${query}`);
    expect(response.status).toBe(422);
    expect(((await response.json()) as ValidationBody).detail[0]?.type).toBe(type);
  });

  it('accepts a q of exactly 500 characters', async () => {
    const server = await start();
    const response = await api(server, `/numbers/${firstNumberId(server)}/texts/search?q=${'a'.repeat(500)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });
});
