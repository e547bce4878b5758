import { describe, expect, it } from 'vitest';
import type { DemoConversationReadResult, DemoConversationSummary, DemoText } from '../../electron/demo/inkbox/index';
import { api, firstNumberId, getJson, patch, useDemoServers, type ValidationBody } from './helpers';

function summarize(texts: DemoText[]): Map<string, Omit<DemoConversationSummary, 'remote_phone_number'>> {
  const summaries = new Map<string, Omit<DemoConversationSummary, 'remote_phone_number'>>();
  for (const text of texts) {
    const remote = text.remote_phone_number ?? '';
    const summary = summaries.get(remote) ?? {
      latest_text: text.text,
      latest_direction: text.direction,
      latest_type: text.type,
      latest_has_media: (text.media?.length ?? 0) > 0,
      latest_message_at: text.created_at,
      unread_count: 0,
      total_count: 0,
    };
    summary.total_count += 1;
    if (!text.is_read) summary.unread_count += 1;
    summaries.set(remote, summary);
  }
  return summaries;
}

describe('GET /numbers/{id}/texts/conversations', () => {
  const start = useDemoServers();

  it('summarises every conversation consistently with its texts, most recent first', async () => {
    const server = await start({ size: 'small' });
    for (const number of server.numbers()) {
      const summaries: DemoConversationSummary[] = [];
      for (let offset = 0; ; offset += 200) {
        const page = await getJson<DemoConversationSummary[]>(server, `/numbers/${number.id}/texts/conversations?limit=200&offset=${offset}`);
        summaries.push(...page);
        if (page.length < 200) break;
      }
      const expected = summarize(server.texts(number.id));
      expect(summaries).toHaveLength(expected.size);
      for (const summary of summaries) {
        const { remote_phone_number: remote, ...rest } = summary;
        expect(rest, remote).toEqual(expected.get(remote));
      }
      const times = summaries.map((summary) => summary.latest_message_at);
      expect([...times].sort().reverse()).toEqual(times);
    }
  });

  it('pages summaries with limit and offset', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const all = await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations`);
    const first = await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations?limit=3`);
    const rest = await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations?limit=50&offset=3`);
    expect([...first, ...rest]).toEqual(all);
    expect((await api(server, `/numbers/${id}/texts/conversations?limit=0`)).status).toBe(422);
  });

  it('shows media-only texts with latest_text null and latest_has_media true', async () => {
    const server = await start();
    const id = firstNumberId(server);
    server.insertInbound(id, '+14155550123', null, [{ kind: 'png' }]);
    const [latest] = await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations?limit=1`);
    expect(latest).toMatchObject({
      remote_phone_number: '+14155550123',
      latest_text: null,
      latest_type: 'mms',
      latest_has_media: true,
      latest_direction: 'inbound',
      unread_count: 1,
      total_count: 1,
    });
  });
});

describe('GET /numbers/{id}/texts/conversations/{remote}', () => {
  const start = useDemoServers();

  it('answers the texts of one E.164 conversation newest first, with + encoded or not', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const remote = server.texts(id).find((text) => text.remote_phone_number?.startsWith('+'))?.remote_phone_number ?? '';
    const expected = server.texts(id).filter((text) => text.remote_phone_number === remote);
    expect(await getJson(server, `/numbers/${id}/texts/conversations/${encodeURIComponent(remote)}?limit=200`)).toEqual(expected);
    expect(await getJson(server, `/numbers/${id}/texts/conversations/${remote}?limit=200`)).toEqual(expected);
    const page = await getJson<DemoText[]>(server, `/numbers/${id}/texts/conversations/${encodeURIComponent(remote)}?limit=1&offset=1`);
    expect(page).toEqual(expected.slice(1, 2));
  });

  it('answers a short-code conversation, inbound only', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const shortCode = server.texts(id).find((text) => /^\d{5,6}$/.test(text.remote_phone_number ?? ''))?.remote_phone_number;
    expect(shortCode).toBeDefined();
    const texts = await getJson<DemoText[]>(server, `/numbers/${id}/texts/conversations/${shortCode}`);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((text) => text.direction === 'inbound')).toBe(true);
  });

  it('answers an empty list for a party the number never texted with', async () => {
    const server = await start();
    expect(await getJson(server, `/numbers/${firstNumberId(server)}/texts/conversations/%2B15005550006`)).toEqual([]);
  });
});

describe('PATCH /numbers/{id}/texts/conversations/{remote}', () => {
  const start = useDemoServers();

  it('marks a whole conversation read and reports how many texts changed', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const remote = server.texts(id).find((text) => !text.is_read)?.remote_phone_number ?? '';
    const unread = server.texts(id).filter((text) => text.remote_phone_number === remote && !text.is_read).length;
    const path = `/numbers/${id}/texts/conversations/${encodeURIComponent(remote)}`;

    const response = await patch(server, path, { is_read: true });
    expect(response.status).toBe(200);
    expect((await response.json()) as DemoConversationReadResult).toEqual({ remote_phone_number: remote, is_read: true, updated_count: unread });
    expect(server.texts(id).filter((text) => text.remote_phone_number === remote).every((text) => text.is_read)).toBe(true);
    const again = (await (await patch(server, path, { is_read: true })).json()) as DemoConversationReadResult;
    expect(again.updated_count).toBe(0);
  });

  it('marks a conversation unread by flagging the texts it received', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const thread = (remote: string) => server.texts(id).filter((text) => text.remote_phone_number === remote);
    const remote = server.texts(id).find((text) => text.direction === 'outbound')?.remote_phone_number ?? '';
    await patch(server, `/numbers/${id}/texts/conversations/${encodeURIComponent(remote)}`, { is_read: true });
    const inbound = thread(remote).filter((text) => text.direction === 'inbound').length;
    const response = await patch(server, `/numbers/${id}/texts/conversations/${encodeURIComponent(remote)}`, { is_read: false });
    expect(((await response.json()) as DemoConversationReadResult).updated_count).toBe(inbound);
    expect(thread(remote).every((text) => text.is_read === (text.direction === 'outbound'))).toBe(true);
  });

  it('answers updated_count 0 for an unknown party rather than an error', async () => {
    const server = await start();
    const response = await patch(server, `/numbers/${firstNumberId(server)}/texts/conversations/%2B15005550006`, { is_read: true });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ remote_phone_number: '+15005550006', is_read: true, updated_count: 0 });
  });

  it.each([
    ['an empty object', {}, 'missing'],
    ['is_read null', { is_read: null }, 'bool_type'],
    ['is_read as a string', { is_read: 'true' }, 'bool_type'],
  ])('answers 422 for %s', async (_label, body, type) => {
    const server = await start();
    const id = firstNumberId(server);
    const remote = server.texts(id)[0]?.remote_phone_number ?? '';
    const response = await patch(server, `/numbers/${id}/texts/conversations/${encodeURIComponent(remote)}`, body);
    expect(response.status).toBe(422);
    expect(((await response.json()) as ValidationBody).detail[0]).toMatchObject({ type, loc: ['body', 'is_read'] });
  });
});
